//! `ChatPanel`: the conversation — header, messages, composer and the prompts around them.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::api::WidgetConfig;
use crate::components::composer::{Composer, ComposerTexts};
use crate::components::message::MessageRow;
use crate::i18n::{activate_language, error_text, language_name};
use crate::intake::Facts;
use crate::protocol::{Author, ConversationStatus};
use crate::timeline::Timeline;
use crate::widget::commands::close_widget;
use crate::widget::commands::confirm;
use crate::widget::commands::send_message;
use crate::widget::commands::switch_language;
use crate::widget::commands::typing;
use crate::widget::components::away_notice::AwayNotice;
use crate::widget::components::contact_form::ContactForm;
use crate::widget::components::fee_calculator::FeeCalculator;
use crate::widget::components::intake_form::IntakeForm;
use crate::widget::components::queue_place::QueuePlace;
use crate::widget::components::rating_prompt::RatingPrompt;
use crate::widget::components::reply_by::ReplyBy;
use crate::widget::state::WidgetState;

#[component]
pub(crate) fn ChatPanel(config: WidgetConfig, host: String, locale: &'static str) -> impl IntoView {
    // Server and browser negotiate the same locale from the same inputs, so
    // hydration never flips the language.
    activate_language(locale);
    let i18n = expect_context::<leptos_fluent::I18n>();
    let locale = Signal::derive(move || i18n.language.get().id.to_string());
    let offered = config.offered();
    let hydrated = crate::components::hydrated();
    let state = WidgetState {
        site: StoredValue::new(config.site.clone()),
        host: StoredValue::new(host),
        timeline: RwSignal::new(Timeline::new()),
        online: RwSignal::new(None),
        agent_typing: RwSignal::new(false),
        receipts: RwSignal::new((0, 0)),
        status: RwSignal::new(None),
        reply_by: RwSignal::new(None),
        queue: RwSignal::new(None),
        staff_online: RwSignal::new(None),
        has_conversation: RwSignal::new(false),
        category: RwSignal::new(None),
        facts: RwSignal::new(Facts::new()),
        field_error: RwSignal::new(None),
        intake: StoredValue::new(None),
        config: StoredValue::new(config.clone()),
        notice: RwSignal::new(None),
        contact_on_file: RwSignal::new(false),
        contact_open: RwSignal::new(false),
        rated: RwSignal::new(false),
        thanked: RwSignal::new(false),
        locale,
        identity: StoredValue::new(None),
        live: StoredValue::new(false),
        #[cfg(feature = "hydrate")]
        session: StoredValue::new_local(None),
    };
    #[cfg(feature = "hydrate")]
    Effect::new(move |prev: Option<()>| {
        if prev.is_none() {
            crate::widget::session::start(state);
        }
    });

    let greeting_config = config.clone();
    let greeting = move || {
        greeting_config
            .greeting(&locale.get())
            .map(str::to_owned)
            .unwrap_or_else(|| tr!("widget-greeting-default"))
    };
    let draft = RwSignal::new(typed_before_hydration());
    let items = move || state.timeline.with(|t| t.items(Author::Customer));
    let receipts = Signal::derive(move || state.receipts.get());

    view! {
        <main class="widget" data-testid="widget-panel" aria-labelledby="widget-title"
            lang=move || locale.get()
            dir=move || if crate::locale::is_rtl(&locale.get()) { "rtl" } else { "ltr" }
            on:keydown=move |ev| if ev.key() == "Escape" { close_widget(state) }>
            <header class="widget-header">
                <h1 id="widget-title">{config.name.clone()}</h1>
                <Show when={let n = offered.len(); move || n > 1}>
                    <label class="language">
                        <span class="sr-only">{move || tr!("language-label")}</span>
                        <select data-testid="language-select" disabled=move || !hydrated.get()
                            on:change=move |ev| switch_language(state, event_target_value(&ev))>
                            {offered.iter().map(|tag| {
                                let tag: &'static str = tag;
                                view! {
                                    <option value=tag selected=move || locale.get() == tag>
                                        {language_name(tag)}
                                    </option>
                                }
                            }).collect_view()}
                        </select>
                    </label>
                </Show>
                <p class="connection" role="status"
                    data-online=move || state.online.get().map(|o| o.to_string())>
                    {move || match state.online.get() {
                        None => String::new(),
                        Some(true) => tr!("connection-online"),
                        Some(false) => tr!("connection-reconnecting"),
                    }}
                </p>
                <button type="button" class="close" aria-label=move || tr!("widget-close")
                    on:click=move |_| close_widget(state)>
                    <span aria-hidden="true">"×"</span>
                </button>
            </header>
            // Focusable, so keyboard users can scroll a long history.
            <ol class="messages" data-testid="message-list" aria-live="polite" tabindex="0"
                aria-label=move || tr!("widget-message-list")>
                <li class="greeting" data-testid="greeting" dir="auto">{greeting}</li>
                <For each=items key=|i| (i.key.clone(), i.seq, i.failed) let:item>
                    <MessageRow item mine=Author::Customer receipts/>
                </For>
            </ol>
            <p class="typing" data-testid="typing-indicator" aria-live="polite"
                hidden=move || !state.agent_typing.get()>
                {move || tr!("typing-agent")}
            </p>
            <AwayNotice state/>
            <QueuePlace state/>
            <ReplyBy state/>
            <Show when=move || state.status.get() == Some(ConversationStatus::Resolved)>
                <div class="confirm" role="group" aria-labelledby="confirm-question" data-testid="confirm">
                    <p id="confirm-question" dir="auto">{move || {
                        let locale = state.locale.get();
                        state.config.with_value(|c| c.confirm(&locale).map(str::to_owned))
                            .unwrap_or_else(|| tr!("widget-confirm-question"))
                    }}</p>
                    <button type="button" data-testid="confirm-yes" on:click=move |_| confirm(state, true)>
                        {move || tr!("widget-confirm-yes")}
                    </button>
                    <button type="button" class="secondary" data-testid="confirm-no"
                        on:click=move |_| confirm(state, false)>
                        {move || tr!("widget-confirm-no")}
                    </button>
                </div>
            </Show>
            <Show when=move || state.status.get() == Some(ConversationStatus::Confirmed)>
                <p class="notice" data-testid="confirmed">{move || tr!("widget-confirmed")}</p>
            </Show>
            <RatingPrompt state/>
            <FeeCalculator state/>
            <IntakeForm state/>
            <ContactForm state/>
            {move || state.notice.get().map(|code| view! {
                <p class="notice error" role="alert" data-code=code.as_str()>{error_text(code)}</p>
            })}
            <Composer input_id="composer-input" send_id="composer-send" rows=1 draft
                texts=ComposerTexts {
                    label: Signal::derive(move || tr!("composer-label")),
                    placeholder: Signal::derive(move || tr!("composer-placeholder")),
                    send: Signal::derive(move || tr!("composer-send")),
                }
                on_send=Callback::new(move |body| send_message(state, body))
                on_typing=Callback::new(move |()| typing(state))/>
        </main>
    }
}

/// What the customer typed into the server-rendered box before the WASM
/// took over, so hydration does not wipe it.
pub(crate) fn typed_before_hydration() -> String {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("composer-input"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            return el.value();
        }
    }
    String::new()
}
