//! `/desk/setup`: a site's regional teams (business hours, split and
//! overnight shifts, closures, supervisor and on-call person), its topics
//! (names, intake forms, team, skill), its SLA targets and its fee lines,
//! each edited in a plain form (`teams.rs`, `topics.rs`, `values.rs`) and,
//! for bulk edits, as JSON. The server checks each and, when it refuses,
//! the page names the place and marks its field.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{SetupView, load_setup};
use crate::error::ErrorCode;
use crate::i18n::error_text;

mod fields;
mod teams;
mod topics;
mod values;

use fields::text_of;
use teams::TeamsForm;
use topics::TopicsForm;
use values::{FeesForm, TargetsForm};

/// The admin page for a site's setup.
#[component]
pub fn SetupPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let site = Memo::new(move |_| query.read().get("site").unwrap_or_default());
    let saved = move || query.read().get("saved");
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    let at = move || query.read().get("at");
    let data = Resource::new(move || site.get(), load_setup);
    // The title is rendered by the meta context, outside the I18n provider
    // after a client-side navigation: hold the handle here.
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "setup-title")/>
        <main class="texts setup">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("setup-title")}</h1>
            <p class="hint">{move || tr!("setup-intro")}</p>
            {move || saved().map(|part| view! {
                <p class="notice" role="status" data-testid="setup-saved" data-part=part>{move || tr!("texts-saved")}</p>
            })}
            {move || error().map(|code| view! {
                <p class="error" role="alert" id="setup-error" data-testid="setup-error" data-code=code.as_str()>
                    {move || error_text(code)} " "
                    {at().map(|at| view! { <code data-testid="setup-error-at">{at}</code> })}
                </p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let at = at();
                    super::admin_view(data.await, "setup", |view| view! { <SetupForms view at/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn SetupForms(view: SetupView, at: Option<String>) -> impl IntoView {
    let site = view.site.clone();
    let targets =
        view! { <TargetsForm site=site.clone() json=view.targets.clone() at=at.clone()/> };
    let fees = view! { <FeesForm site=site.clone() json=view.fees.clone() at=at.clone()/> };
    let teams = view! {
        <TeamsForm site=site.clone() json=view.teams.clone() at=at.clone()
            staff=view.staff.clone() zones=view.time_zones.clone()/>
    };
    let team_names: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(&view.teams)
        .unwrap_or_default()
        .iter()
        .map(|t| text_of(t.get("name")))
        .collect();
    let topics = view! { <TopicsForm site=site.clone() json=view.topics.clone() at=at.clone() teams=team_names/> };
    let parts = [
        ("teams", view.teams),
        ("topics", view.topics),
        ("targets", view.targets),
        ("fees", view.fees),
        ("compensation", view.compensation),
        ("root_causes", view.root_causes),
    ];
    let json_forms = parts
        .into_iter()
        .map(|(part, json)| {
            let id = format!("setup-{part}");
            view! {
                <form method="post" action=format!("/api/admin/sites/{site}/setup/{part}") class="setup-form">
                    <super::security::CsrfField/>
                    <fieldset>
                        <legend>{move || tr!("setup-part", { "part" => part })} " (JSON)"</legend>
                        <p class="hint">{move || tr!("setup-hint", { "part" => part })}</p>
                        <label for=id.clone() class="sr-only">{move || tr!("setup-part", { "part" => part })}</label>
                        <textarea id=id.clone() name="json" rows="16" spellcheck="false" dir="ltr"
                            class="json" data-testid=id.clone()>{json}</textarea>
                    </fieldset>
                    <button type="submit" data-testid=format!("{id}-save")>{move || tr!("setup-save")}</button>
                </form>
            }
        })
        .collect_view();
    view! {
        {teams}
        {topics}
        {targets}
        {fees}
        <h2>{move || tr!("setup-json")}</h2>
        <p class="hint">{move || tr!("setup-json-hint")}</p>
        {json_forms}
    }
}
