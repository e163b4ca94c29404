//! `DueBadge`: the nearest deadline of a conversation, counting down.

use leptos::prelude::*;

use crate::protocol::ConversationSummary;

use crate::desk::state::DeskState;

/// The nearest deadline of a conversation, counting down (the server
/// computed it; the desk only subtracts).
#[component]
pub(crate) fn DueBadge(state: DeskState, summary: ConversationSummary) -> impl IntoView {
    let due = summary.due_at;
    let warn = summary.warn_at;
    let breached = summary.breached;
    let kind = summary.due_kind;
    let text = move || {
        let now = state.now.get();
        match (due, kind) {
            (Some(due), Some(kind)) if now > 0 => Some(format!(
                "{} · {}",
                crate::desk::case::clock_name(kind),
                crate::desk::countdown::countdown(due, now)
            )),
            _ => None,
        }
    };
    view! {
        <span class="due" data-testid="due-badge" data-due-at=due data-breached=breached.to_string()
            class:due-soon=move || warn.is_some_and(|w| state.now.get() >= w)
            class:overdue=move || breached || due.is_some_and(|d| state.now.get() >= d)>
            {text}
        </span>
    }
}
