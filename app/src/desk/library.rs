//! The case library (issue 21, R-QA4) at the desk: in the case panel, the
//! cases most like the open conversation and — once it is resolved — a
//! form adding it to the library (what the customer wanted, how it was
//! solved; the server leaves the customer out); and `/desk/library`, the
//! site's library searched with the knowledge base's search.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::security::{CsrfField, DateTime};
use super::state::DeskState;
use crate::api::{load_library, query_value};
use crate::protocol::{ConversationStatus, DeskFrame, LibraryCase};

/// One case: topic, rating, demand, solution.
#[component]
fn CaseCard(case: LibraryCase) -> impl IntoView {
    view! {
        <p class="case-meta">
            {case.category.clone().map(|c| view! { <span>{c}</span>" · " })}
            {case.rating.map(|r| view! { <span>{tr!("library-rating", { "score" => r })}</span>" · " })}
            {tr!("library-added-by", { "name" => case.added_by.clone() })}" "<DateTime ms=case.added_at/>
        </p>
        <dl class="case-text">
            <dt>{move || tr!("library-demand")}</dt>
            <dd dir="auto">{case.demand.clone()}</dd>
            <dt>{move || tr!("library-solution")}</dt>
            <dd dir="auto">{case.solution.clone()}</dd>
        </dl>
    }
}

/// The case panel's part: similar cases, and adding this one.
#[component]
pub(crate) fn LibrarySection(state: DeskState, conversation_id: i64) -> impl IntoView {
    let demand = RwSignal::new(String::new());
    let solution = RwSignal::new(String::new());
    let query = RwSignal::new(String::new());
    // The panel is drawn again on every change to the case: ask once per
    // conversation opened.
    if state
        .library
        .get_untracked()
        .is_none_or(|(id, _, _)| id != conversation_id)
    {
        state.send(&DeskFrame::SimilarCases {
            conversation_id,
            query: None,
        });
    }
    let answer = move || {
        state
            .library
            .get()
            .filter(|(id, _, _)| *id == conversation_id)
    };
    let resolved = move || {
        state
            .open_summary
            .get()
            .filter(|s| s.id == conversation_id)
            .is_some_and(|s| {
                matches!(
                    s.status,
                    ConversationStatus::Resolved
                        | ConversationStatus::Confirmed
                        | ConversationStatus::Archived
                )
            })
    };
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = query.get_untracked();
        state.send(&DeskFrame::SimilarCases {
            conversation_id,
            query: (!q.trim().is_empty()).then_some(q),
        });
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.send(&DeskFrame::AddToLibrary {
            conversation_id,
            demand: demand.get_untracked(),
            solution: solution.get_untracked(),
        });
    };
    view! {
        <section class="case-library" aria-labelledby="case-library-heading" data-testid="case-library">
            <h3 id="case-library-heading">{move || tr!("library-similar")}</h3>
            <form on:submit=search class="inline">
                <label for="case-library-query">{move || tr!("library-search")}</label>
                <input id="case-library-query" type="search" maxlength="200" data-testid="library-query"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <button type="submit" data-testid="library-search">{move || tr!("library-search-button")}</button>
            </form>
            <div aria-live="polite">
                {move || answer().map(|(_, own, cases)| view! {
                    {cases.is_empty().then(|| view! { <p data-testid="similar-none">{tr!("library-none")}</p> })}
                    <ul class="similar-cases" data-testid="similar-cases">
                        {cases.into_iter().map(|c| {
                            let (id, conversation) = (c.id, c.conversation_id);
                            view! {
                                <li data-testid="similar-case" data-case=id data-conversation=conversation>
                                    <CaseCard case=c/>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    {own.map(|c| view! {
                        <p role="status" data-testid="library-added" data-case=c.id>{tr!("library-in")}</p>
                    })}
                })}
            </div>
            <Show when=move || resolved() && answer().is_some_and(|(_, own, _)| own.is_none())>
                <form on:submit=add class="library-add" data-testid="library-form">
                    <h4>{move || tr!("library-add-title")}</h4>
                    <p>{move || tr!("library-add-help")}</p>
                    <label for="library-demand">{move || tr!("library-demand")}</label>
                    <textarea id="library-demand" required maxlength="2000" rows="2" data-testid="library-demand"
                        prop:value=move || demand.get() on:input=move |ev| demand.set(event_target_value(&ev))></textarea>
                    <label for="library-solution">{move || tr!("library-solution")}</label>
                    <textarea id="library-solution" required maxlength="2000" rows="3" data-testid="library-solution"
                        prop:value=move || solution.get() on:input=move |ev| solution.set(event_target_value(&ev))></textarea>
                    <button type="submit" data-testid="library-add">{move || tr!("library-add")}</button>
                </form>
            </Show>
        </section>
    }
}

/// `/desk/library`.
#[component]
pub fn LibraryPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let i18n = expect_context::<leptos_fluent::I18n>();
    let locale = Signal::derive(move || i18n.language.get().id.to_string());
    let asked = Memo::new(move |_| {
        let q = query.read();
        (
            q.get("site").unwrap_or_default(),
            q.get("q").unwrap_or_default(),
        )
    });
    let outcome = super::form_outcome("removed");
    let data = Resource::new(
        move || (asked.get(), locale.get()),
        |((site, q), l)| load_library(site, q, l),
    );
    view! {
        <Title text=move || tr!(i18n, "library-title")/>
        <main class="texts library">
            <h1>{move || tr!("library-title")}</h1>
            {move || match outcome.get() {
                (Some(_), _) => Some(view! { <p role="status" data-testid="library-removed">{tr!("library-removed")}</p> }.into_any()),
                (None, Some(code)) => Some(view! { <super::FormError form="library" code/> }.into_any()),
                _ => None,
            }}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "library", |v| {
                        let site = v.site.clone();
                        let remove = move |id: i64| format!("/api/admin/sites/{}/library/{id}/remove", query_value(&site));
                        view! {
                            <form method="get" action="/desk/library" class="report-filter" data-testid="library-filter">
                                <label for="library-site">{move || tr!("report-site")}</label>
                                <select id="library-site" name="site" data-testid="library-site">
                                    {v.sites.iter().map(|s| view! { <option value=s.clone() selected=*s == v.site>{s.clone()}</option> }).collect_view()}
                                </select>
                                <label for="library-q">{move || tr!("library-search")}</label>
                                <input id="library-q" type="search" name="q" value=v.query.clone() maxlength="200" data-testid="library-page-query"/>
                                <button type="submit" data-testid="library-page-search">{move || tr!("library-search-button")}</button>
                            </form>
                            {v.cases.is_empty().then(|| view! { <p data-testid="library-empty">{tr!("library-none")}</p> })}
                            <ul class="library-cases" data-testid="library-cases">
                                {v.cases.into_iter().map(|c| {
                                    let action = remove(c.id);
                                    let (id, conversation) = (c.id, c.conversation_id);
                                    view! {
                                        <li data-testid="library-case" data-case=id data-conversation=conversation>
                                            <CaseCard case=c/>
                                            {v.may_curate.then(|| view! {
                                                <form method="post" action=action>
                                                    <CsrfField/>
                                                    <button type="submit" class="link" data-testid="library-remove"
                                                        aria-label=tr!("library-remove-label", { "case" => id })>{tr!("library-remove")}</button>
                                                </form>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                })}
            </Suspense>
        </main>
    }
}
