//! The customer widget, served at `/widget?site=KEY&host=ORIGIN[&lang=..]`
//! inside the iframe that `embed.js` creates.
//!
//! It keeps the anonymous visitor's signed token and any unacknowledged
//! messages in the iframe origin's local storage, talks to `/ws/visitor`, and
//! only ever posts to the embedding page's origin (`host`).

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{WidgetConfig, load_widget_config};
use crate::components::composer::{Composer, ComposerTexts};
use crate::components::facts::{FactForm, FactInput};
use crate::components::message::MessageRow;
use crate::error::ErrorCode;
use crate::fees::{self, FeeLine, QuoteError};
use crate::i18n::error_text;
use crate::intake::{Facts, validate_facts};
use crate::protocol::{Author, ContactDetails, ConversationStatus, Intake};
use crate::timeline::Timeline;

#[cfg(feature = "hydrate")]
mod session;

/// Reactive state of one widget.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(crate) struct WidgetState {
    pub site: StoredValue<String>,
    pub host: StoredValue<String>,
    pub timeline: RwSignal<Timeline>,
    /// `None` until the first connection attempt settles.
    pub online: RwSignal<Option<bool>>,
    pub agent_typing: RwSignal<bool>,
    /// Staff side's `(delivered_seq, read_seq)`.
    pub receipts: RwSignal<(i64, i64)>,
    /// Where the conversation stands (`None` before the first message).
    pub status: RwSignal<Option<ConversationStatus>>,
    /// When staff are due to answer, computed by the server.
    pub reply_by: RwSignal<Option<i64>>,
    /// Place in the queue and how many wait, while nobody owns the
    /// conversation; and whether someone who could answer is on shift.
    pub queue: RwSignal<Option<QueueView>>,
    /// Someone who could answer is on shift (`None` until the server says).
    pub staff_online: RwSignal<Option<bool>>,
    /// The visitor has a conversation (no intake form any more).
    pub has_conversation: RwSignal<bool>,
    /// Chosen category and facts of the intake form.
    pub category: RwSignal<Option<String>>,
    pub facts: RwSignal<Facts>,
    /// A form error with the field it concerns.
    pub field_error: RwSignal<Option<(ErrorCode, String)>>,
    /// The intake sent with the first message (re-sent with it after a reconnect).
    pub intake: StoredValue<Option<Intake>>,
    pub config: StoredValue<WidgetConfig>,
    pub notice: RwSignal<Option<ErrorCode>>,
    /// Contact details are on file (given earlier, with consent).
    pub contact_on_file: RwSignal<bool>,
    /// The contact form is open.
    pub contact_open: RwSignal<bool>,
    /// The latest resolution is rated (no prompt).
    pub rated: RwSignal<bool>,
    /// The customer rated in this view (thanks shown).
    pub thanked: RwSignal<bool>,
    pub locale: Signal<String>,
    #[cfg(feature = "hydrate")]
    pub session: StoredValue<Option<session::VisitorSession>, LocalStorage>,
}

/// The `/widget` route.
#[component]
pub fn WidgetPage() -> impl IntoView {
    let query = use_query_map();
    let site = Memo::new(move |_| query.read().get("site").unwrap_or_default());
    let host = Memo::new(move |_| query.read().get("host").unwrap_or_default());
    // Preferences from embed.js, most wanted first: the customer's remembered
    // choice, the page's `data-locale`, then `navigator.languages`.
    let prefs = Memo::new(move |_| {
        query
            .read()
            .get("langs")
            .map(|l| {
                l.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .take(12)
                    .collect::<Vec<String>>()
            })
            .unwrap_or_default()
    });
    let config = Resource::new(move || site.get(), load_widget_config);
    // The title is rendered by the meta context, outside the I18n provider
    // after a client-side navigation: hold the handle here.
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "widget-title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match config.await {
                    Ok(Some(cfg)) => {
                        let locale = cfg.locale_for(&prefs.get_untracked());
                        view! { <ChatPanel config=cfg host=host.get_untracked() locale/> }.into_any()
                    }
                    Ok(None) => view! { <WidgetError code=ErrorCode::UnknownSite/> }.into_any(),
                    Err(_) => view! { <WidgetError code=ErrorCode::Internal/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn WidgetError(code: ErrorCode) -> impl IntoView {
    view! {
        <main class="widget">
            <p class="widget-error" role="alert" data-testid="widget-error" data-code=code.as_str()>
                {move || error_text(code)}
            </p>
        </main>
    }
}

/// Activates `tag` in the i18n context (it must be a shipped locale).
pub(crate) fn activate_language(tag: &str) {
    let i18n = expect_context::<leptos_fluent::I18n>();
    if let Some(lang) = i18n
        .languages
        .iter()
        .find(|l| l.id.to_string().eq_ignore_ascii_case(tag))
        && i18n.language.get_untracked() != *lang
    {
        i18n.language.set(lang);
    }
}

/// The display name (endonym) of a shipped locale.
pub(crate) fn language_name(tag: &str) -> String {
    let i18n = expect_context::<leptos_fluent::I18n>();
    i18n.languages
        .iter()
        .find(|l| l.id.to_string().eq_ignore_ascii_case(tag))
        .map(|l| l.name.to_string())
        .unwrap_or_else(|| tag.to_owned())
}

#[component]
fn ChatPanel(config: WidgetConfig, host: String, locale: &'static str) -> impl IntoView {
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
        #[cfg(feature = "hydrate")]
        session: StoredValue::new_local(None),
    };
    #[cfg(feature = "hydrate")]
    Effect::new(move |prev: Option<()>| {
        if prev.is_none() {
            session::start(state);
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
fn typed_before_hydration() -> String {
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

/// Whether the first message still needs a category and its facts.
fn needs_intake(state: WidgetState) -> bool {
    !state.has_conversation.get() && state.config.with_value(|c| !c.categories.is_empty())
}

/// The intake to send with the first message, checked with the same rules the
/// server applies; on a problem the field is marked and nothing is sent.
fn checked_intake(state: WidgetState) -> Result<Option<Intake>, ()> {
    if !needs_intake(state) {
        return Ok(None);
    }
    let fail = |code: ErrorCode, field: String| {
        state.field_error.set(Some((code, field)));
        Err(())
    };
    let Some(key) = state.category.get_untracked() else {
        return fail(ErrorCode::CategoryRequired, "category".into());
    };
    let Some(category) = state
        .config
        .with_value(|c| c.categories.iter().find(|x| x.key == key).cloned())
    else {
        return fail(ErrorCode::CategoryRequired, "category".into());
    };
    let countries = state.config.with_value(|c| c.countries.clone());
    let codes: Vec<&str> = countries.iter().map(String::as_str).collect();
    match validate_facts(&category, &state.facts.get_untracked(), true, &codes) {
        Ok(facts) => Ok(Some(Intake {
            category: key,
            facts,
        })),
        Err(e) => fail(e.code, e.field),
    }
}

fn send_message(state: WidgetState, body: String) -> bool {
    let Ok(intake) = checked_intake(state) else {
        return false;
    };
    state.field_error.set(None);
    #[cfg(feature = "hydrate")]
    session::send(state, body, intake);
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, body, intake);
    true
}

fn send_contact(state: WidgetState, details: ContactDetails, consent: bool) {
    #[cfg(feature = "hydrate")]
    session::contact(state, details, consent);
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, details, consent);
}

/// Contact details, offered once the customer has written: what is
/// collected and why is shown first, and nothing is sent without the
/// consent box ticked (the server refuses it too).
#[component]
fn ContactForm(state: WidgetState) -> impl IntoView {
    let open = state.contact_open;
    let consent = RwSignal::new(false);
    let values = RwSignal::new(ContactDetails::default());
    let days = 365;
    let field_error = move |field: &'static str| {
        state.field_error.with(|e| {
            e.as_ref()
                .filter(|(_, f)| f == field)
                .map(|(code, _)| *code)
        })
    };
    let input = move |field: &'static str, kind: &'static str, auto: &'static str| {
        let id = format!("contact-{field}");
        let err_id = format!("contact-{field}-error");
        view! {
            <div class="fact">
                <label for=id.clone()>{move || tr!("contact-field", { "field" => field })}</label>
                <input id=id.clone() type=kind autocomplete=auto dir="auto" data-testid=id.clone()
                    aria-invalid=move || field_error(field).map(|_| "true")
                    aria-describedby=err_id.clone()
                    prop:value=move || values.with(|v| v.get(field).to_owned())
                    on:input=move |ev| values.update(|v| *v.get_mut(field) = event_target_value(&ev))/>
                <p class="field-error error" id=err_id.clone() data-testid=err_id
                    hidden=move || field_error(field).is_none()>
                    {move || field_error(field).map(error_text)}
                </p>
            </div>
        }
    };
    view! {
        <Show when=move || state.has_conversation.get()>
            <div class="contact-offer">
                <Show when=move || !open.get()>
                    <button type="button" class="link" data-testid="contact-open"
                        on:click=move |_| open.set(true)>
                        {move || if state.contact_on_file.get() { tr!("contact-update") } else { tr!("contact-offer") }}
                    </button>
                    <Show when=move || state.contact_on_file.get()>
                        <p class="notice" role="status" data-testid="contact-saved">{move || tr!("contact-saved")}</p>
                    </Show>
                </Show>
                <Show when=move || open.get()>
                    <form class="contact-form" data-testid="contact-form"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            send_contact(state, values.get_untracked(), consent.get_untracked());
                        }>
                        <p class="notice" id="contact-notice" data-testid="contact-notice">
                            {move || tr!("contact-notice", { "days" => days })}
                        </p>
                        {input("name", "text", "name")}
                        {input("email", "email", "email")}
                        {input("phone", "tel", "tel")}
                        {input("address", "text", "street-address")}
                        <label class="consent" for="contact-consent">
                            <input type="checkbox" id="contact-consent" data-testid="contact-consent"
                                aria-describedby="contact-notice"
                                prop:checked=move || consent.get()
                                on:change=move |ev| consent.set(event_target_checked(&ev))/>
                            {move || tr!("contact-consent-label")}
                        </label>
                        <p class="field-error error" data-testid="contact-consent-error"
                            hidden=move || state.notice.get() != Some(ErrorCode::ConsentRequired)>
                            {move || error_text(ErrorCode::ConsentRequired)}
                        </p>
                        <button type="submit" data-testid="contact-submit">{move || tr!("contact-submit")}</button>
                        <button type="button" class="secondary" on:click=move |_| open.set(false)>
                            {move || tr!("contact-cancel")}
                        </button>
                    </form>
                </Show>
            </div>
        </Show>
    }
}

fn confirm(state: WidgetState, solved: bool) {
    #[cfg(feature = "hydrate")]
    session::confirm(state, solved);
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, solved);
}

/// After a resolution: 1–5 stars (radio buttons, so arrow keys and screen
/// readers work) and an optional comment, in the site's words per locale.
#[component]
fn RatingPrompt(state: WidgetState) -> impl IntoView {
    let score = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let asked =
        move || state.status.get().is_some_and(crate::rating::may_rate) && !state.rated.get();
    let question = move || {
        let locale = state.locale.get();
        state
            .config
            .with_value(|c| c.rating(&locale).map(str::to_owned))
            .unwrap_or_else(|| tr!("widget-rating-question"))
    };
    let stars = move || {
        crate::rating::SCORES.map(|n| {
            let label = move || tr!("widget-rating-star", { "score" => n });
            view! {
                <input type="radio" class="sr-only" name="score" id=format!("rating-{n}")
                    value=n.to_string() required prop:checked=move || score.get() == n
                    data-testid=format!("rating-{n}") on:change=move |_| score.set(n)/>
                <label for=format!("rating-{n}") title=label
                    class:lit=move || { score.get() >= n }>
                    <span aria-hidden="true">{move || if score.get() >= n { "★" } else { "☆" }}</span>
                    <span class="sr-only">{label}</span>
                </label>
            }
        })
        .collect_view()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = score.get_untracked();
        if crate::rating::SCORES.contains(&n) {
            rate(state, n, comment.get_untracked());
        }
    };
    view! {
        <Show when=asked>
            <form class="rating" data-testid="rating" on:submit=submit>
                <fieldset>
                    <legend dir="auto">{question}</legend>
                    <div class="stars">{stars()}</div>
                </fieldset>
                <label for="rating-comment">{move || tr!("widget-rating-comment")}</label>
                <textarea id="rating-comment" data-testid="rating-comment" dir="auto" rows="2"
                    maxlength=crate::rating::MAX_COMMENT_CHARS.to_string()
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <button type="submit" data-testid="rating-send"
                    disabled=move || score.get() == 0>
                    {move || tr!("widget-rating-send")}
                </button>
            </form>
        </Show>
        <Show when=move || state.thanked.get()>
            <p class="notice" role="status" data-testid="rating-thanks">
                {move || tr!("widget-rating-thanks")}
            </p>
        </Show>
    }
}

fn rate(state: WidgetState, score: u8, comment: String) {
    #[cfg(feature = "hydrate")]
    session::rate(state, score, comment);
    #[cfg(not(feature = "hydrate"))]
    let _ = (state, score, comment);
}

/// Money in the reader's locale via `Intl` (the calculator only opens in the
/// browser, so the server never renders an amount).
fn money(minor: i64, line: &FeeLine, locale: &str) -> String {
    let plain = || {
        format!(
            "{} {}",
            fees::decimal_text(minor, line.exponent),
            line.currency
        )
    };
    #[cfg(feature = "hydrate")]
    {
        crate::client::format_money(
            fees::major_units(minor, line.exponent),
            &line.currency,
            locale,
        )
        .unwrap_or_else(plain)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = locale;
        plain()
    }
}

/// A weight in the reader's locale via `Intl`.
fn weight(grams: u32, locale: &str) -> String {
    let plain = || format!("{} kg", fees::kg_text(grams));
    #[cfg(feature = "hydrate")]
    {
        crate::client::format_kg(f64::from(grams) / 1000.0, locale).unwrap_or_else(plain)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = locale;
        plain()
    }
}

/// The site's fee calculator (R-SELF4): pick a line, type a weight, see
/// the price at once in the reader's currency format.
#[component]
fn FeeCalculator(state: WidgetState) -> impl IntoView {
    let lines = state.config.with_value(|c| c.fees.clone());
    let first = lines.first().map(|l| l.key.clone())?;
    let default_locale = StoredValue::new(state.config.with_value(|c| c.default_locale.clone()));
    let lines = StoredValue::new(lines);
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(first);
    let typed = RwSignal::new(String::new());
    let line = move || lines.with_value(|ls| ls.iter().find(|l| l.key == chosen.get()).cloned());
    let rate = move || {
        let l = line()?;
        let locale = state.locale.get();
        let mut text = tr!("widget-fees-rate", {
            "first_weight" => weight(l.first_grams, &locale),
            "first_price" => money(l.first_price, &l, &locale),
            "step_weight" => weight(l.step_grams, &locale),
            "step_price" => money(l.step_price, &l, &locale),
        });
        if let Some(max) = l.max_grams {
            text.push_str(" · ");
            text.push_str(&tr!("widget-fees-max", { "max_weight" => weight(max, &locale) }));
        }
        Some(text)
    };
    // `None` until something is typed; `Ok` a price, `Err` why there is none.
    let result = move || {
        let l = line()?;
        let input = typed.get();
        if input.trim().is_empty() {
            return None;
        }
        let quote = fees::parse_kg(&input)
            .ok_or(QuoteError::WeightInvalid)
            .and_then(|g| l.quote(g));
        Some((quote, l))
    };
    let result_text = move || {
        let locale = state.locale.get();
        result().map(|(quote, l)| match quote {
            Ok(minor) => tr!("widget-fees-result", { "price" => money(minor, &l, &locale) }),
            Err(QuoteError::WeightInvalid) => tr!("widget-fees-weight-invalid"),
            Err(QuoteError::TooHeavy) => {
                tr!("widget-fees-too-heavy", { "max_weight" => weight(l.limit(), &locale) })
            }
        })
    };
    let options = move || {
        let locale = state.locale.get();
        lines.with_value(|ls| {
            ls.iter()
                .map(|l| {
                    let key = l.key.clone();
                    let selected = chosen.get_untracked() == key;
                    view! {
                        <option value=key selected=selected>
                            {default_locale.with_value(|d| l.name(&locale, d).to_owned())}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    Some(view! {
        <section class="fees">
            <button type="button" class="secondary" data-testid="fees-toggle"
                aria-expanded=move || open.get().to_string() aria-controls="fees-panel"
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || tr!("widget-fees-open")}
            </button>
            <Show when=move || open.get()>
                <div id="fees-panel" class="fees-panel" data-testid="fees-panel">
                    <label for="fees-line">{move || tr!("widget-fees-line")}</label>
                    <select id="fees-line" data-testid="fees-line"
                        on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {options}
                    </select>
                    <p class="fees-rate" data-testid="fees-rate">{rate}</p>
                    <label for="fees-weight">{move || tr!("widget-fees-weight")}</label>
                    <input id="fees-weight" data-testid="fees-weight" type="text" inputmode="decimal"
                        autocomplete="off" aria-describedby="fees-result"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <output id="fees-result" data-testid="fees-result" aria-live="polite"
                        class:error=move || result().is_some_and(|(q, _)| q.is_err())
                        data-amount=move || result().and_then(|(q, _)| q.ok()).map(|m| m.to_string())>
                        {result_text}
                    </output>
                </div>
            </Show>
        </section>
    })
}

/// Where a waiting customer stands, from the server's routing round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QueueView {
    /// 1-based place; `None` once someone owns the conversation.
    pub position: Option<u32>,
    /// Conversations waiting in that queue.
    pub waiting: u32,
    /// Someone who could answer is available and on shift.
    pub staff_online: bool,
}

/// The site's away message while nobody who could answer is on shift: the
/// customer can still write, and nothing they write is lost.
#[component]
fn AwayNotice(state: WidgetState) -> impl IntoView {
    let away = move || state.staff_online.get() == Some(false);
    let text = move || {
        let locale = state.locale.get();
        state
            .config
            .with_value(|c| c.away(&locale).map(str::to_owned))
            .unwrap_or_else(|| tr!("widget-staff-offline"))
    };
    view! {
        <p class="away" data-testid="away-notice" role="status" dir="auto" hidden=move || !away()>
            {move || away().then(text)}
        </p>
    }
}

/// "You are 2nd in line (3 waiting) · Our team is online now."
#[component]
fn QueuePlace(state: WidgetState) -> impl IntoView {
    let waiting = move || state.queue.get().filter(|q| q.position.is_some());
    view! {
        <div class="queue" data-testid="queue" role="status"
            data-position=move || waiting().and_then(|q| q.position)
            data-staff-online=move || waiting().map(|q| q.staff_online.to_string())
            hidden=move || waiting().is_none()>
            {move || waiting().map(|q| view! {
                <p>{tr!("widget-queue-position", {
                    "position" => q.position.unwrap_or(1),
                    "waiting" => q.waiting,
                })}</p>
                {q.staff_online.then(|| view! {
                    <p class="online">{tr!("widget-staff-online")}</p>
                })}
            })}
        </div>
    }
}

/// "We'll reply by …" in the customer's own time zone.
#[component]
fn ReplyBy(state: WidgetState) -> impl IntoView {
    let text = move || {
        let ms = state.reply_by.get()?;
        let locale = state.locale.get();
        #[cfg(feature = "hydrate")]
        let time = crate::client::time_zone()
            .and_then(|tz| crate::client::format_time_in_zone(ms, &locale, &tz))
            .unwrap_or_else(|| crate::client::format_time(ms, &locale));
        #[cfg(not(feature = "hydrate"))]
        let time = {
            let _ = locale;
            ms.to_string()
        };
        Some(tr!("widget-reply-by", { "time" => time }))
    };
    view! {
        <p class="reply-by" data-testid="reply-by" role="status"
            data-reply-by=move || state.reply_by.get()
            hidden=move || state.reply_by.get().is_none()>
            {text}
        </p>
    }
}

/// Category and key facts, asked before the first message (R-FLOW1).
#[component]
fn IntakeForm(state: WidgetState) -> impl IntoView {
    // Country names come from the browser: render after hydration only.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let form = FactForm {
        values: state.facts,
        error: state.field_error,
        locale: state.locale,
        default_locale: StoredValue::new(state.config.with_value(|c| c.default_locale.clone())),
        countries: StoredValue::new(state.config.with_value(|c| c.countries.clone())),
        id_prefix: "intake",
        upload_site: Some(state.site),
    };
    let category_error = move || {
        state.field_error.with(|e| {
            e.as_ref()
                .filter(|(_, f)| f == "category")
                .map(|(code, _)| *code)
        })
    };
    let fields = move || {
        let key = state.category.get()?;
        let category = state
            .config
            .with_value(|c| c.categories.iter().find(|x| x.key == key).cloned())?;
        Some(
            category
                .fields
                .into_iter()
                .map(|field| view! { <FactInput field form/> })
                .collect_view(),
        )
    };
    view! {
        <Show when=move || mounted.get() && needs_intake(state)>
            <fieldset class="intake" data-testid="intake">
                <legend>{move || tr!("intake-heading")}</legend>
                <div class="fact">
                    <label for="intake-category">{move || tr!("intake-category-label")}</label>
                    <select id="intake-category" data-testid="intake-category" required=true
                        aria-invalid=move || category_error().map(|_| "true")
                        aria-describedby="intake-category-error"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.category.set((!v.is_empty()).then_some(v));
                            state.facts.set(Facts::new());
                            state.field_error.set(None);
                        }>
                        <option value="">{move || tr!("intake-category-placeholder")}</option>
                        {move || {
                            let locale = state.locale.get();
                            state.config.with_value(|c| {
                                c.categories.iter().map(|cat| {
                                    let key = cat.key.clone();
                                    let selected = state.category.get_untracked().as_deref() == Some(key.as_str());
                                    view! {
                                        <option value=key selected=selected>
                                            {cat.name(&locale, &c.default_locale)}
                                        </option>
                                    }
                                }).collect_view()
                            })
                        }}
                    </select>
                    <p class="field-error error" id="intake-category-error"
                        data-testid="intake-category-error" hidden=move || category_error().is_none()>
                        {move || category_error().map(error_text)}
                    </p>
                </div>
                {fields}
            </fieldset>
        </Show>
    }
}

/// The customer picked a language: switch live, remember it, tell the server.
fn switch_language(state: WidgetState, tag: String) {
    let Some(tag) = crate::locale::match_one(&tag, crate::locale::SHIPPED) else {
        return;
    };
    activate_language(tag);
    #[cfg(feature = "hydrate")]
    session::language_chosen(state, tag);
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}

fn typing(state: WidgetState) {
    #[cfg(feature = "hydrate")]
    session::typing(state);
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}

fn close_widget(state: WidgetState) {
    #[cfg(feature = "hydrate")]
    crate::client::post_to_host(&state.host.get_value(), &js_sys::Object::new(), "close");
    #[cfg(not(feature = "hydrate"))]
    let _ = state;
}
