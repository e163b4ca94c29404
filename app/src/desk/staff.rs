//! `/desk/staff`: the staff and how routing sees them (admins only): each
//! agent's languages, skills, capacity and regional teams, whether they are
//! available and connected, and a form to add a staff account.
//!
//! Plain HTML forms post to `/api/admin/staff…` (they work before the WASM
//! loads); the server validates and redirects back with `saved` or `error`.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{StaffList, load_staff};
use crate::canned::{CannedReply, GREETING_KEY, SiteCanned};
use crate::compliance::{CompliancePolicy, format_rules};
use crate::error::ErrorCode;
use crate::i18n::error_text;
use crate::i18n::language_name;
use crate::locale::{SHIPPED, is_rtl};
use crate::protocol::{AgentProfile, TeamView};

/// The admin page for staff and routing profiles.
#[component]
pub fn StaffPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let saved = move || query.read().get("saved").is_some();
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    let data = Resource::new(|| (), |_| load_staff());
    // The title is rendered by the meta context, outside the I18n provider
    // after a client-side navigation: hold the handle here.
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "staff-title")/>
        <main class="texts staff">
            <p><a href="/desk">{move || tr!("desk-back")}</a></p>
            <h1>{move || tr!("staff-title")}</h1>
            <p class="hint">{move || tr!("staff-intro")}</p>
            <Show when=saved>
                <p class="notice" role="status" data-testid="staff-saved">{move || tr!("texts-saved")}</p>
            </Show>
            {move || error().map(|code| view! {
                <p class="error" role="alert" data-testid="staff-error" data-code=code.as_str()>
                    {move || error_text(code)}
                </p>
            })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "staff", |list| view! { <StaffForms list/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn StaffForms(list: StaffList) -> impl IntoView {
    let teams = StoredValue::new(list.teams);
    let compliance = list.compliance;
    let canned = list.canned;
    view! {
        {canned.into_iter().map(|c| view! { <CannedForms canned=c/> }).collect_view()}
        {compliance.into_iter().map(|(site, policy)| view! { <ComplianceForm site policy/> }).collect_view()}
        <ul class="staff-list">
            {list.agents.into_iter().map(|agent| view! { <AgentForm agent teams/> }).collect_view()}
        </ul>
        <form method="post" action="/api/admin/staff" class="new-agent" data-testid="new-agent-form">
            <super::security::CsrfField/>
            <fieldset>
                <legend>{move || tr!("staff-new")}</legend>
                <label for="new-name">{move || tr!("staff-name")}</label>
                <input id="new-name" name="name" required maxlength="80" autocomplete="off"/>
                <label for="new-email">{move || tr!("login-email")}</label>
                <input id="new-email" name="email" type="email" required autocomplete="off"/>
                <label for="new-password">{move || tr!("login-password")}</label>
                <input id="new-password" name="password" type="password" required minlength="12"
                    autocomplete="new-password"/>
                <label for="new-role">{move || tr!("staff-role")}</label>
                <select id="new-role" name="role">
                    {crate::protocol::StaffRole::ALL.into_iter().map(|r| view! {
                        <option value=r.as_str() selected=r == crate::protocol::StaffRole::Mid>
                            {move || tr!("staff-role-name", { "role" => r.as_str() })}
                        </option>
                    }).collect_view()}
                </select>
            </fieldset>
            <button type="submit" data-testid="new-agent-save">{move || tr!("staff-create")}</button>
        </form>
    }
}

#[component]
fn AgentForm(agent: AgentProfile, teams: StoredValue<Vec<TeamView>>) -> impl IntoView {
    let id = agent.id;
    let prefix = format!("agent-{id}");
    let langs = SHIPPED
        .iter()
        .map(|locale| {
            let locale: &'static str = locale;
            let checked = agent.languages.iter().any(|l| l == locale);
            view! {
                <label class="offer">
                    <input type="checkbox" name=format!("lang.{locale}") checked=checked
                        data-testid=format!("{prefix}-lang-{locale}")/>
                    {language_name(locale)}
                </label>
            }
        })
        .collect_view();
    let team_boxes = teams
        .get_value()
        .into_iter()
        .map(|t| {
            let checked = agent.teams.contains(&t.id);
            view! {
                <label class="offer">
                    <input type="checkbox" name=format!("team.{}", t.id) checked=checked
                        data-testid=format!("{prefix}-team-{}", t.name)/>
                    {format!("{} · {}", t.name, t.site)}
                </label>
            }
        })
        .collect_view();
    let status = match (agent.connected, agent.availability) {
        (false, _) => "offline",
        (true, a) => a.as_str(),
    };
    view! {
        <li class="agent-card" data-testid="staff-agent" data-agent-id=id>
            <form method="post" action=format!("/api/admin/staff/{id}/routing")>
                <super::security::CsrfField/>
                <fieldset>
                    <legend>
                        {agent.name.clone()} " "
                        <span class="status" data-testid=format!("{prefix}-status") data-status=status>
                            {move || tr!("availability", { "availability" => status })}
                        </span>
                    </legend>
                    <p class="hint">
                        {agent.email.clone()} " · "
                        <span data-testid=format!("{prefix}-role")>
                            {move || tr!("staff-role-name", { "role" => agent.role.as_str() })}
                        </span>
                    </p>
                    <p class="label">{move || tr!("staff-languages")}</p>
                    <div class="offers">{langs}</div>
                    <p class="label">{move || tr!("staff-teams")}</p>
                    <div class="offers">{team_boxes}</div>
                    <label for=format!("{prefix}-skills")>{move || tr!("staff-skills")}</label>
                    <input id=format!("{prefix}-skills") name="skills" value=agent.skills.join(", ")
                        data-testid=format!("{prefix}-skills")/>
                    <label for=format!("{prefix}-sites")>{move || tr!("staff-sites")}</label>
                    <input id=format!("{prefix}-sites") name="sites" value=agent.sites.join(", ")
                        data-testid=format!("{prefix}-sites")/>
                    <label for=format!("{prefix}-capacity")>{move || tr!("staff-capacity")}</label>
                    <input id=format!("{prefix}-capacity") name="capacity" type="number" min="0" max="50"
                        inputmode="numeric" value=agent.capacity.to_string()
                        data-testid=format!("{prefix}-capacity")/>
                </fieldset>
                <button type="submit" data-testid=format!("{prefix}-save")>{move || tr!("staff-save")}</button>
            </form>
            <div class="account-actions">
                {["unlock", "reset-second-factor", "require-new-password", "end-sessions"]
                    .into_iter()
                    .map(|action| view! {
                        <form method="post" action=format!("/api/admin/staff/{id}/{action}")>
                            <super::security::CsrfField/>
                            <button type="submit" class="link" data-testid=format!("{prefix}-{action}")>
                                {move || match action {
                                    "unlock" => tr!("staff-unlock"),
                                    "reset-second-factor" => tr!("staff-reset-totp"),
                                    "require-new-password" => tr!("staff-require-password"),
                                    _ => tr!("staff-end-sessions"),
                                }}
                            </button>
                        </form>
                    })
                    .collect_view()}
            </div>
        </li>
    }
}

/// The phrases a site's staff must not send, per locale (`!` blocks, other
/// lines warn).
#[component]
fn ComplianceForm(site: String, policy: CompliancePolicy) -> impl IntoView {
    let version = policy.version;
    let rows = SHIPPED
        .iter()
        .map(|locale| {
            let locale: &'static str = locale;
            let id = format!("compliance-{site}-{locale}");
            view! {
                <div class="text-row">
                    <label for=id.clone()>{language_name(locale)}</label>
                    <textarea id=id.clone() name=format!("rules.{locale}") lang=locale
                        dir=if is_rtl(locale) { "rtl" } else { "ltr" } rows="3" data-testid=id>
                        {format_rules(&policy.rules, locale)}
                    </textarea>
                </div>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/api/admin/sites/{site}/compliance") class="compliance-form"
            data-testid=format!("compliance-form-{site}")>
            <super::security::CsrfField/>
            <fieldset>
                <legend>{move || tr!("staff-compliance")}</legend>
                <p class="hint">{move || tr!("staff-compliance-hint")}</p>
                <p class="hint" data-testid="compliance-version" data-version=version>
                    {move || tr!("staff-compliance-version", { "version" => version.to_string() })}
                </p>
                {rows}
            </fieldset>
            <button type="submit" data-testid=format!("compliance-save-{site}")>
                {move || tr!("staff-compliance-save")}
            </button>
        </form>
    }
}

/// A site's canned replies per locale, with the locales still missing a
/// text marked and the fallback named; and a form for a new one.
#[component]
fn CannedForms(canned: SiteCanned) -> impl IntoView {
    let site = canned.site.clone();
    let fallback = language_name(&canned.default_locale);
    let replies: Vec<CannedReply> = canned
        .replies
        .into_iter()
        .filter(|r| r.key != GREETING_KEY)
        .collect();
    let blank = CannedReply {
        key: String::new(),
        texts: Vec::new(),
    };
    view! {
        <section class="canned-admin" aria-labelledby=format!("canned-{site}")>
            // Named with its site: with several sites, each section is told apart.
            <h2 id=format!("canned-{site}")>{move || tr!("staff-canned")} " · " <span dir="ltr">{site.clone()}</span></h2>
            <p class="hint">{move || tr!("staff-canned-hint")}</p>
            {replies.into_iter().map(|r| view! {
                <CannedForm site=site.clone() reply=r fallback=fallback.clone()/>
            }).collect_view()}
            <CannedForm site=site.clone() reply=blank fallback=fallback.clone()/>
        </section>
    }
}

#[component]
fn CannedForm(site: String, reply: CannedReply, fallback: String) -> impl IntoView {
    let is_new = reply.key.is_empty();
    let prefix = if is_new {
        "canned-new".to_owned()
    } else {
        format!("canned-{}", reply.key)
    };
    let rows = SHIPPED
        .iter()
        .map(|locale| {
            let locale: &'static str = locale;
            let text = reply
                .texts
                .iter()
                .find(|(l, _)| l == locale)
                .map(|(_, t)| t.clone());
            let missing = text.is_none() && !is_new;
            let id = format!("{prefix}-{locale}");
            let fallback = fallback.clone();
            view! {
                <div class="text-row" data-missing=missing.to_string()>
                    <label for=id.clone()>{language_name(locale)}</label>
                    <textarea id=id.clone() name=format!("text.{locale}") lang=locale
                        dir=if is_rtl(locale) { "rtl" } else { "ltr" } rows="2" data-testid=id>
                        {text.unwrap_or_default()}
                    </textarea>
                    {missing.then(|| view! {
                        <p class="missing" data-testid=format!("{prefix}-missing-{locale}")>
                            {move || tr!("texts-missing", { "fallback" => fallback.clone() })}
                        </p>
                    })}
                </div>
            }
        })
        .collect_view();
    let key = reply.key.clone();
    view! {
        <form method="post" action=format!("/api/admin/sites/{site}/canned") class="canned-form"
            data-testid=format!("{prefix}-form")>
            <super::security::CsrfField/>
            <fieldset>
                <legend>
                    {if is_new { view! { <span>{move || tr!("staff-canned-new")}</span> }.into_any() }
                     else { view! { <code>{key.clone()}</code> }.into_any() }}
                </legend>
                {if is_new {
                    view! {
                        <label for="canned-new-key">{move || tr!("staff-canned-key")}</label>
                        <input id="canned-new-key" name="key" required pattern="[a-z0-9-]{1,40}"
                            maxlength="40" autocomplete="off" data-testid="canned-new-key"/>
                    }.into_any()
                } else {
                    view! { <input type="hidden" name="key" value=key.clone()/> }.into_any()
                }}
                {rows}
            </fieldset>
            <button type="submit" data-testid=format!("{prefix}-save")>{move || tr!("staff-canned-save")}</button>
        </form>
    }
}
