//! `ConversationList`: the inbox view's conversations.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::desk::state::DeskState;

use crate::desk::components::conversation_item::ConversationItem;

#[component]
pub(crate) fn ConversationList(state: DeskState) -> impl IntoView {
    view! {
        <nav class="conversation-list" aria-labelledby="conversations-heading">
            <h2 id="conversations-heading">{move || tr!("conversations-heading")}</h2>
            <crate::desk::filters::FilterBar state/>
            <Show when=move || state.conversations.with(|c| c.is_empty())>
                <p class="empty">{move || tr!("conversations-empty")}</p>
            </Show>
            <ul data-testid="conversation-list">
                <For each=move || state.conversations.get() key=|c| c.clone() let:c>
                    <ConversationItem state summary=c/>
                </For>
            </ul>
        </nav>
    }
}
