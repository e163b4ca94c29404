//! `ConversationItem`: one row of the list.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::protocol::{ConversationStatus, ConversationSummary};

use crate::desk::state::DeskState;

use crate::desk::components::due_badge::DueBadge;

#[component]
pub(crate) fn ConversationItem(state: DeskState, summary: ConversationSummary) -> impl IntoView {
    let id = summary.id;
    let unread = summary.unread;
    let label = summary.visitor_label.clone();
    let preview = summary.last_message.clone().unwrap_or_default();
    let status = summary.status;
    let channel = summary.channel;
    let is_selected = move || state.selected.get() == Some(id);
    view! {
        <li data-testid="conversation-item" data-conversation-id=id data-status=status.as_str()
            data-unread=unread data-channel=channel.as_str()>
            <button type="button" class="conversation-item" aria-current=move || is_selected().then_some("true")
                on:click=move |_| state.open(id)>
                <span class="visitor">{move || tr!("conversation-visitor", { "label" => label.clone() })}</span>
                <span class="preview" dir="auto">{preview.clone()}</span>
                <span class="status">{move || status_text(status)}</span>
                {(channel == crate::protocol::Channel::Email).then(|| view! {
                    <span class="channel">{move || tr!("channel-email")}</span>
                })}
                <DueBadge state summary=summary.clone()/>
                <Show when=move || { unread > 0 }>
                    <span class="unread" data-testid="unread-count">
                        {move || tr!("conversation-unread", { "count" => unread })}
                    </span>
                </Show>
            </button>
        </li>
    }
}

pub(crate) fn status_text(status: ConversationStatus) -> String {
    tr!("conversation-status", { "status" => status.as_str() })
}
