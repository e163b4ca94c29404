//! `ConversationView`: the open conversation — messages, composer, case panel.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::components::composer::{Composer, ComposerTexts};
use crate::components::message::MessageRow;
use crate::protocol::Author;

use crate::desk::state::DeskState;

use crate::desk::components::canned_picker::CannedPicker;
use crate::desk::components::compliance_notice::ComplianceNotice;
use crate::desk::components::conversation_item::status_text;
use crate::desk::components::local_time::CustomerLocalTime;

#[component]
pub(crate) fn ConversationView(state: DeskState) -> impl IntoView {
    // The open conversation stays open even when a change moves it out of
    // the current inbox view.
    let current = move || state.open_summary.get();
    let receipts = Signal::derive(move || {
        current()
            .map(|c| (c.visitor_delivered_seq, 0))
            .unwrap_or((0, 0))
    });
    let draft = RwSignal::new(String::new());
    let customer_typing = move || {
        state
            .selected
            .get()
            .is_some_and(|id| state.customer_typing.with(|t| t.contains(&id)))
    };
    view! {
        <section class="conversation-view" aria-live="polite">
            {move || match current() {
                None => view! { <p class="empty">{move || tr!("conversation-pick")}</p> }.into_any(),
                Some(c) => {
                    let locale = c.locale.as_deref().map(crate::i18n::language_name)
                        .unwrap_or_else(|| "-".into());
                    let tz = c.time_zone.clone();
                    view! {
                        <header class="conversation-header">
                            <h2>{tr!("conversation-visitor", { "label" => c.visitor_label.clone() })}</h2>
                            <p class="language" data-testid="customer-language"
                                data-locale=c.locale.clone()>
                                {tr!("conversation-language", { "locale" => locale })}
                            </p>
                            {tz.map(|time_zone| view! { <CustomerLocalTime time_zone/> })}
                            <p class="status" data-testid="conversation-status" data-status=c.status.as_str()>
                                {status_text(c.status)}
                            </p>
                            <p class="priority" data-testid="conversation-priority" data-priority=c.priority.as_str()>
                                {tr!("priority", { "priority" => c.priority.as_str() })}
                            </p>
                            <crate::desk::case::Actions state status=c.status/>
                        </header>
                    }.into_any()
                }
            }}
            <Show when=move || state.selected.get().is_some()>
                <Show when=move || state.timeline.with(|t| t.stored().is_empty() && t.pending().is_empty())>
                    <p class="empty">{move || tr!("conversation-no-messages")}</p>
                </Show>
                // Focusable, so keyboard users can scroll a long history.
                <ol class="messages" data-testid="message-list" tabindex="0"
                    aria-label=move || tr!("desk-message-list")>
                    <For each=move || state.timeline.with(|t| t.items(Author::Agent))
                        key=|i| (i.key.clone(), i.seq, i.failed) let:item>
                        <MessageRow item mine=Author::Agent receipts/>
                    </For>
                </ol>
                <p class="typing" data-testid="typing-indicator" hidden=move || !customer_typing()>
                    {move || tr!("typing-customer")}
                </p>
                <Show when=move || state.read_only.get().is_none()
                    fallback=move || view! { <crate::desk::access::ReadOnlyBanner state/> }>
                    <ComplianceNotice state draft/>
                    <CannedPicker state draft/>
                    <super::article_picker::ArticlePicker state draft/>
                    <Composer input_id="reply-input" send_id="reply-send" rows=2 draft
                        texts=ComposerTexts {
                            label: Signal::derive(move || tr!("reply-label")),
                            placeholder: Signal::derive(move || tr!("reply-placeholder")),
                            send: Signal::derive(move || tr!("reply-send")),
                        }
                        on_send=Callback::new(move |body| send_reply(state, body))
                        on_typing=Callback::new(move |()| state.typing())/>
                </Show>
            </Show>
        </section>
    }
}

/// Sends a reply unless the site's compliance rules hold it back (the
/// server applies the same rules again).
pub(crate) fn send_reply(state: DeskState, body: String) -> bool {
    let site = state
        .open_summary
        .with_untracked(|s| s.as_ref().map(|s| s.site.clone()));
    let hits = state.compliance.with_untracked(|all| {
        all.iter()
            .find(|(k, _)| Some(k) == site.as_ref())
            .map(|(_, p)| crate::compliance::check(p, &body))
            .unwrap_or_default()
    });
    if !hits.is_empty() {
        state.held.set(Some((body, hits)));
        return false;
    }
    state.held.set(None);
    state.reply(body, false);
    true
}
