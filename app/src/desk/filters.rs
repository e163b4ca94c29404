//! The inbox filter bar: whose conversations, deadline state, priority,
//! topic, language, tier and order. Each change asks the server for the view
//! (`query`); live updates are kept in it with the shared predicate.

use leptos::prelude::*;
use leptos_fluent::tr;

use super::state::DeskState;
use crate::inbox::{InboxQuery, InboxSort, InboxView, SlaFilter};
use crate::lifecycle::{Priority, Tier};

/// Sends the current query (the answer replaces the list).
pub(crate) fn apply(state: DeskState) {
    state.query();
}

fn update(state: DeskState, f: impl FnOnce(&mut InboxQuery)) {
    state.query.update(f);
    apply(state);
}

fn opt(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

#[component]
fn Filter(
    id: &'static str,
    label: Signal<String>,
    on_change: Callback<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <label class="filter" for=id>
            <span>{move || label.get()}</span>
            <select id=id data-testid=id on:change=move |ev| on_change.run(event_target_value(&ev))>
                {children()}
            </select>
        </label>
    }
}

/// The bar above the conversation list.
#[component]
pub(crate) fn FilterBar(state: DeskState) -> impl IntoView {
    let i18n = expect_context::<leptos_fluent::I18n>();
    let locale = move || i18n.language.get().id.to_string();
    let any = move || tr!("inbox-any");
    view! {
        <div class="filters" role="group" aria-label=move || tr!("inbox-filters")>
            <Filter id="filter-view" label=Signal::derive(move || tr!("inbox-filter-view"))
                on_change=Callback::new(move |v: String| update(state, |q| q.view = match v.as_str() {
                    "mine" => InboxView::Mine,
                    "unassigned" => InboxView::Unassigned,
                    _ => InboxView::All,
                }))>
                {["all", "mine", "unassigned"].map(|v| view! {
                    <option value=v>{move || tr!("inbox-view", { "view" => v })}</option>
                })}
            </Filter>
            <Filter id="filter-sla" label=Signal::derive(move || tr!("inbox-filter-sla"))
                on_change=Callback::new(move |v: String| update(state, |q| q.sla = match v.as_str() {
                    "due_soon" => Some(SlaFilter::DueSoon),
                    "breached" => Some(SlaFilter::Breached),
                    _ => None,
                }))>
                <option value="">{any}</option>
                {["due_soon", "breached"].map(|v| view! {
                    <option value=v>{move || tr!("inbox-sla", { "sla" => v })}</option>
                })}
            </Filter>
            <Filter id="filter-priority" label=Signal::derive(move || tr!("inbox-filter-priority"))
                on_change=Callback::new(move |v: String| update(state, |q| q.priority = Priority::parse(&v)))>
                <option value="">{any}</option>
                {Priority::ALL.map(|p| view! {
                    <option value=p.as_str()>{move || tr!("priority", { "priority" => p.as_str() })}</option>
                })}
            </Filter>
            <Filter id="filter-category" label=Signal::derive(move || tr!("inbox-filter-category"))
                on_change=Callback::new(move |v: String| update(state, |q| q.category = opt(v)))>
                <option value="">{any}</option>
                {move || state.categories.get().into_iter().map(|c| {
                    let name = c.name(&locale(), "en");
                    view! { <option value=c.key.clone()>{name}</option> }
                }).collect_view()}
            </Filter>
            <Filter id="filter-language" label=Signal::derive(move || tr!("inbox-filter-language"))
                on_change=Callback::new(move |v: String| update(state, |q| q.locale = opt(v)))>
                <option value="">{any}</option>
                {crate::locale::SHIPPED.iter().map(|tag| {
                    let tag: &'static str = tag;
                    view! { <option value=tag>{crate::i18n::language_name(tag)}</option> }
                }).collect_view()}
            </Filter>
            <Filter id="filter-tier" label=Signal::derive(move || tr!("inbox-filter-tier"))
                on_change=Callback::new(move |v: String| update(state, |q| q.tier = Tier::parse(&v)))>
                <option value="">{any}</option>
                {Tier::ALL.map(|t| view! {
                    <option value=t.as_str()>{move || tr!("tier", { "tier" => t.as_str() })}</option>
                })}
            </Filter>
            <Filter id="filter-channel" label=Signal::derive(move || tr!("inbox-filter-channel"))
                on_change=Callback::new(move |v: String| update(state, |q| q.channel = crate::protocol::Channel::parse(&v)))>
                <option value="">{any}</option>
                <option value="chat">{move || tr!("channel-chat")}</option>
                <option value="email">{move || tr!("channel-email")}</option>
            </Filter>
            <Filter id="filter-sort" label=Signal::derive(move || tr!("inbox-filter-sort"))
                on_change=Callback::new(move |v: String| update(state, |q| q.sort = if v == "due" {
                    InboxSort::Due
                } else {
                    InboxSort::Activity
                }))>
                {["activity", "due"].map(|v| view! {
                    <option value=v>{move || tr!("inbox-sort", { "sort" => v })}</option>
                })}
            </Filter>
        </div>
    }
}
