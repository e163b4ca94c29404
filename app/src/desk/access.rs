//! Break-glass in the desk (issue 5): an agent refused a conversation may
//! ask for view-only access with a reason; supervisors and admins who see
//! the conversation approve it for a limited time or deny it; while it
//! lasts the conversation opens read-only. The server decides everything.

use leptos::prelude::*;
use leptos_fluent::tr;

use super::security::DateTime;
use super::state::DeskState;
use crate::protocol::AccessRequestView;

/// Minutes an approver can grant.
const DURATIONS: [u32; 3] = [15, 60, 240];

fn request_access(state: DeskState, conversation_id: i64, reason: String) {
    state.request_access(conversation_id, reason);
}

fn decide(state: DeskState, request_id: i64, approve: bool, minutes: u32) {
    state.decide_access(request_id, approve, minutes);
}

/// Requests of this desk's agent and those they may decide.
#[component]
pub(crate) fn AccessPanel(state: DeskState) -> impl IntoView {
    let me = state.agent_id;
    let mine = move || {
        state
            .access_requests
            .get()
            .into_iter()
            .filter(|r| r.agent_id == me)
            .collect::<Vec<_>>()
    };
    let to_decide = move || {
        state
            .access_requests
            .get()
            .into_iter()
            .filter(|r| r.agent_id != me && r.status == "pending")
            .collect::<Vec<_>>()
    };
    let offer = move || {
        let id = state.forbidden.get()?;
        let asked = state.access_requests.with(|l| {
            l.iter()
                .any(|r| r.agent_id == me && r.conversation_id == id && r.status != "denied")
        });
        (!asked).then_some(id)
    };
    let reason = RwSignal::new(String::new());
    view! {
        <section class="access" aria-label=move || tr!("access-heading") data-testid="access-panel">
            {move || offer().map(|id| view! {
                <form class="access-request" data-testid="access-request-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        let r = reason.get_untracked();
                        if !r.trim().is_empty() {
                            request_access(state, id, r);
                            reason.set(String::new());
                        }
                    }>
                    <label for="access-reason">{move || tr!("access-reason-label", { "id" => id.to_string() })}</label>
                    <textarea id="access-reason" rows="2" required data-testid="access-reason"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <button type="submit" data-testid="access-request">{move || tr!("access-request")}</button>
                </form>
            })}
            <ul class="access-mine">
                <For each=mine key=|r| (r.id, r.status.clone()) let:r>
                    <MyRequest state r/>
                </For>
            </ul>
            <ul class="access-decide" data-testid="access-to-decide">
                <For each=to_decide key=|r| r.id let:r>
                    <Decision state r/>
                </For>
            </ul>
        </section>
    }
}

#[component]
fn MyRequest(state: DeskState, r: AccessRequestView) -> impl IntoView {
    let id = r.conversation_id;
    let status = r.status.clone();
    view! {
        <li data-testid="access-mine" data-status=status.clone()>
            {match (status.as_str(), r.expires_at) {
                ("approved", Some(until)) => view! {
                    {move || tr!("access-approved", { "id" => id.to_string() })} " "
                    <DateTime ms=until/> " "
                    <button type="button" data-testid="access-open"
                        on:click=move |_| state.open(id)>
                        {move || tr!("access-open")}
                    </button>
                }.into_any(),
                ("denied", _) => view! { {move || tr!("access-denied", { "id" => id.to_string() })} }.into_any(),
                _ => view! { {move || tr!("access-pending", { "id" => id.to_string() })} }.into_any(),
            }}
        </li>
    }
}

#[component]
fn Decision(state: DeskState, r: AccessRequestView) -> impl IntoView {
    let minutes = RwSignal::new(60u32);
    let (agent, id, reason, request) = (
        r.agent_name.clone(),
        r.conversation_id,
        r.reason.clone(),
        r.id,
    );
    view! {
        <li data-testid="access-decision" data-request-id=request>
            <p>{move || tr!("access-asks", { "agent" => agent.clone(), "id" => id.to_string() })}</p>
            <q dir="auto">{reason}</q>
            <label for=format!("access-minutes-{request}")>{move || tr!("access-duration")}</label>
            <select id=format!("access-minutes-{request}") data-testid="access-minutes"
                on:change=move |ev| minutes.set(event_target_value(&ev).parse().unwrap_or(60))>
                {DURATIONS.into_iter().map(|m| view! {
                    <option value=m.to_string() selected=m == 60>
                        {move || tr!("access-minutes", { "minutes" => m })}
                    </option>
                }).collect_view()}
            </select>
            <button type="button" data-testid="access-approve"
                on:click=move |_| decide(state, request, true, minutes.get_untracked())>
                {move || tr!("access-approve")}
            </button>
            <button type="button" class="secondary" data-testid="access-deny"
                on:click=move |_| decide(state, request, false, 0)>
                {move || tr!("access-deny")}
            </button>
        </li>
    }
}

/// In place of the composer while access is view-only.
#[component]
pub(crate) fn ReadOnlyBanner(state: DeskState) -> impl IntoView {
    view! {
        <p class="notice" role="status" data-testid="read-only">
            {move || tr!("read-only-banner")} " "
            {move || state.read_only.get().map(|until| view! { <DateTime ms=until/> })}
        </p>
    }
}
