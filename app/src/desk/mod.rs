//! The staff desk at `/desk`: sign-in form (a plain HTML form, so it works
//! before the WASM loads), the live conversation list, one open conversation
//! with replies, typing indicators, receipts and "mark resolved".

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::DeskSession;
use crate::components::composer::{Composer, ComposerTexts};
use crate::components::message::MessageRow;
use crate::error::ErrorCode;
use crate::i18n::error_text;
use crate::protocol::{AgentProfile, Author, ConversationStatus, ConversationSummary};
use crate::timeline::Timeline;

mod access;
mod case;
mod commands;
mod filters;
pub mod security;
#[cfg(feature = "hydrate")]
mod session;
mod setup;
mod staff;
mod state;
mod texts;

use state::DeskState;

pub use setup::SetupPage;
pub use staff::StaffPage;
pub use texts::TextsPage;

/// What an admin page shows for its loaded data: the page itself, the
/// refusal (not signed in, not an admin, unknown site) with its code, or an
/// internal error. `page` names the `data-testid` of the refusal.
pub(crate) fn admin_view<T>(
    loaded: Result<Result<T, ErrorCode>, ServerFnError>,
    page: &'static str,
    show: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match loaded {
        Ok(Ok(data)) => show(data),
        Ok(Err(code)) => view! {
            <p class="error" role="alert" data-testid=format!("{page}-refused") data-code=code.as_str()>
                {move || error_text(code)}
            </p>
        }
        .into_any(),
        Err(_) => view! {
            <p class="error" role="alert">{move || error_text(ErrorCode::Internal)}</p>
        }
        .into_any(),
    }
}

/// The `/desk` route.
#[component]
pub fn DeskPage() -> impl IntoView {
    let viewer = security::provide_session().0;
    // The title is rendered by the meta context, outside the I18n provider
    // after a client-side navigation: hold the handle here.
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "desk-title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(DeskSession::SignedIn { agent, csrf }) => view! { <Desk agent csrf/> }.into_any(),
                    Ok(DeskSession::SignedOut) => view! { <LoginForm/> }.into_any(),
                    Ok(DeskSession::Code { csrf }) => view! { <security::CodeForm csrf/> }.into_any(),
                    Ok(DeskSession::Enrol { csrf }) => view! { <security::EnrolPage csrf/> }.into_any(),
                    Ok(DeskSession::NewPassword { csrf }) => view! { <security::NewPasswordPage csrf/> }.into_any(),
                    Err(_) => view! {
                        <p role="alert">{error_text(ErrorCode::Internal)}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LoginForm() -> impl IntoView {
    let query = use_query_map();
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    view! {
        <main class="login">
            <form method="post" action="/api/auth/login" class="login-form">
                <h1>{move || tr!("login-heading")}</h1>
                {move || error().map(|code| view! {
                    <p class="error" role="alert" data-testid="login-error" data-code=code.as_str()>
                        {error_text(code)}
                    </p>
                })}
                <label for="login-email">{move || tr!("login-email")}</label>
                <input id="login-email" name="email" type="email" autocomplete="username"
                    required data-testid="login-email"/>
                <label for="login-password">{move || tr!("login-password")}</label>
                <input id="login-password" name="password" type="password"
                    autocomplete="current-password" required data-testid="login-password"/>
                <button type="submit" data-testid="login-submit">{move || tr!("login-submit")}</button>
            </form>
        </main>
    }
}

#[component]
fn Desk(agent: AgentProfile, csrf: String) -> impl IntoView {
    let state = DeskState {
        conversations: RwSignal::new(Vec::new()),
        selected: RwSignal::new(None),
        timeline: RwSignal::new(Timeline::new()),
        customer_typing: RwSignal::new(Vec::new()),
        online: RwSignal::new(None),
        notice: RwSignal::new(None),
        field_error: RwSignal::new(None),
        detail: RwSignal::new(None),
        alerts: RwSignal::new(Vec::new()),
        agent_id: agent.id,
        admin: agent.role == crate::protocol::StaffRole::Admin,
        read_only: RwSignal::new(None),
        forbidden: RwSignal::new(None),
        access_requests: RwSignal::new(Vec::new()),
        csrf: StoredValue::new(csrf.clone()),
        now: RwSignal::new(0),
        countries: StoredValue::new(Vec::new()),
        query: RwSignal::new(crate::inbox::InboxQuery {
            closed: true,
            ..Default::default()
        }),
        categories: RwSignal::new(Vec::new()),
        agents: RwSignal::new(Vec::new()),
        teams: RwSignal::new(Vec::new()),
        compliance: RwSignal::new(Vec::new()),
        canned: RwSignal::new(Vec::new()),
        held: RwSignal::new(None),
        mentions: RwSignal::new(Vec::new()),
        open_summary: RwSignal::new(None),
        #[cfg(feature = "hydrate")]
        session: StoredValue::new_local(None),
    };
    #[cfg(feature = "hydrate")]
    Effect::new(move |prev: Option<()>| {
        if prev.is_none() {
            session::start(state);
            state.now.set(js_sys::Date::now() as i64);
            if let Ok(handle) = set_interval_with_handle(
                move || state.now.set(js_sys::Date::now() as i64),
                std::time::Duration::from_secs(1),
            ) {
                on_cleanup(move || handle.clear());
            }
        }
    });
    let name = agent.name.clone();
    let is_admin = agent.role == crate::protocol::StaffRole::Admin;
    view! {
        <div class="desk">
            <header class="desk-header">
                <h1>{move || tr!("desk-title")}</h1>
                <p class="connection" role="status"
                    data-online=move || state.online.get().map(|o| o.to_string())>
                    {move || match state.online.get() {
                        None => String::new(),
                        Some(true) => tr!("connection-online"),
                        Some(false) => tr!("connection-reconnecting"),
                    }}
                </p>
                <p class="whoami">{move || tr!("signed-in-as", { "name" => name.clone() })}</p>
                <AvailabilitySelect state/>
                <DeskLanguageSelect/>
                {is_admin.then(|| view! {
                    <a href="/desk/texts?site=demo" data-testid="texts-link">{move || tr!("texts-link")}</a>
                    <a href="/desk/staff" data-testid="staff-link">{move || tr!("staff-link")}</a>
                    <a href="/desk/setup?site=demo" data-testid="setup-link">{move || tr!("setup-title")}</a>
                })}
                <a href="/desk/security" data-testid="security-link">{move || tr!("security-title")}</a>
                <form method="post" action="/api/auth/logout">
                    <input type="hidden" name="_csrf" value=csrf/>
                    <button type="submit" class="link">{move || tr!("logout")}</button>
                </form>
            </header>
            {move || state.notice.get().map(|code| view! {
                <p class="notice error" role="alert" data-testid="desk-notice" data-code=code.as_str()>{error_text(code)}</p>
            })}
            <case::AlertBanner state/>
            <case::MentionBanner state/>
            <access::AccessPanel state/>
            <main class="desk-body">
                <ConversationList state/>
                <ConversationView state/>
                <Show when=move || state.selected.get().is_some()>
                    <case::CasePanel state/>
                </Show>
            </main>
        </div>
    }
}

/// The agent's own choice: take conversations (routing gives them some
/// while a desk is open) or be away.
#[component]
fn AvailabilitySelect(state: DeskState) -> impl IntoView {
    use crate::protocol::Availability;
    let mine = move || {
        state.agents.with(|a| {
            a.iter()
                .find(|a| a.id == state.agent_id)
                .map(|a| a.availability)
        })
    };
    view! {
        <label class="availability">
            <span class="sr-only">{move || tr!("availability-label")}</span>
            <select data-testid="availability-select" data-availability=move || mine().map(|a| a.as_str())
                on:change=move |ev| {
                    if let Some(a) = Availability::parse(&event_target_value(&ev)) {
                        set_availability(state, a);
                    }
                }>
                {[Availability::Available, Availability::Away].into_iter().map(|a| view! {
                    <option value=a.as_str() selected=move || mine() == Some(a)>
                        {move || tr!("availability", { "availability" => a.as_str() })}
                    </option>
                }).collect_view()}
            </select>
        </label>
    }
}

fn set_availability(state: DeskState, availability: crate::protocol::Availability) {
    state.set_availability(availability);
}

#[component]
fn DeskLanguageSelect() -> impl IntoView {
    let i18n = expect_context::<leptos_fluent::I18n>();
    let current = move || i18n.language.get().id.to_string();
    let hydrated = crate::components::hydrated();
    view! {
        <label class="language">
            <span class="sr-only">{move || tr!("language-label")}</span>
            <select data-testid="desk-language-select" disabled=move || !hydrated.get() on:change=move |ev| {
                crate::widget::activate_language(&event_target_value(&ev));
            }>
                {crate::locale::SHIPPED.iter().map(|tag| {
                    let tag: &'static str = tag;
                    view! {
                        <option value=tag selected=move || current() == tag>
                            {crate::widget::language_name(tag)}
                        </option>
                    }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The customer's local time, refreshed every 30 s, in the agent's locale.
#[component]
fn CustomerLocalTime(time_zone: String) -> impl IntoView {
    let now = RwSignal::new(0i64);
    #[cfg(feature = "hydrate")]
    {
        now.set(js_sys::Date::now() as i64);
        if let Ok(handle) = set_interval_with_handle(
            move || now.set(js_sys::Date::now() as i64),
            std::time::Duration::from_secs(30),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    let i18n = expect_context::<leptos_fluent::I18n>();
    let text = move || {
        let ms = now.get();
        let reader = i18n.language.get().id.to_string();
        local_time_text(ms, &reader, &time_zone)
            .map(|time| tr!("conversation-local-time", { "time" => time }))
    };
    view! { <p class="local-time" data-testid="customer-local-time">{text}</p> }
}

#[cfg(feature = "hydrate")]
fn local_time_text(ms: i64, reader: &str, time_zone: &str) -> Option<String> {
    (ms > 0)
        .then(|| crate::client::format_time_in_zone(ms, reader, time_zone))
        .flatten()
}

/// Rendered only in the browser, where the clock and `Intl` are.
#[cfg(not(feature = "hydrate"))]
fn local_time_text(_ms: i64, _reader: &str, _time_zone: &str) -> Option<String> {
    None
}

#[component]
fn ConversationList(state: DeskState) -> impl IntoView {
    view! {
        <nav class="conversation-list" aria-labelledby="conversations-heading">
            <h2 id="conversations-heading">{move || tr!("conversations-heading")}</h2>
            <filters::FilterBar state/>
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

#[component]
fn ConversationItem(state: DeskState, summary: ConversationSummary) -> impl IntoView {
    let id = summary.id;
    let unread = summary.unread;
    let label = summary.visitor_label.clone();
    let preview = summary.last_message.clone().unwrap_or_default();
    let status = summary.status;
    let is_selected = move || state.selected.get() == Some(id);
    view! {
        <li data-testid="conversation-item" data-conversation-id=id data-status=status.as_str()
            data-unread=unread>
            <button type="button" class="conversation-item" aria-current=move || is_selected().then_some("true")
                on:click=move |_| open_conversation(state, id)>
                <span class="visitor">{move || tr!("conversation-visitor", { "label" => label.clone() })}</span>
                <span class="preview" dir="auto">{preview.clone()}</span>
                <span class="status">{move || status_text(status)}</span>
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

fn status_text(status: ConversationStatus) -> String {
    tr!("conversation-status", { "status" => status.as_str() })
}

#[component]
fn ConversationView(state: DeskState) -> impl IntoView {
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
                    let locale = c.locale.as_deref().map(crate::widget::language_name)
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
                            <case::Actions state status=c.status/>
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
                    fallback=move || view! { <access::ReadOnlyBanner state/> }>
                    <ComplianceNotice state draft/>
                    <CannedPicker state draft/>
                    <Composer input_id="reply-input" send_id="reply-send" rows=2 draft
                        texts=ComposerTexts {
                            label: Signal::derive(move || tr!("reply-label")),
                            placeholder: Signal::derive(move || tr!("reply-placeholder")),
                            send: Signal::derive(move || tr!("reply-send")),
                        }
                        on_send=Callback::new(move |body| send_reply(state, body))
                        on_typing=Callback::new(move |()| agent_typing(state))/>
                </Show>
            </Show>
        </section>
    }
}

pub(crate) fn open_conversation(state: DeskState, id: i64) {
    state.open(id);
}

/// Sends a reply unless the site's compliance rules hold it back (the
/// server applies the same rules again).
fn send_reply(state: DeskState, body: String) -> bool {
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
    deliver(state, body, false);
    true
}

fn deliver(state: DeskState, body: String, confirmed: bool) {
    state.reply(body, confirmed);
}

/// Inserts a canned reply in the customer's language with the variables
/// the desk knows filled in (facts, the agent's name, the site); unknown
/// ones stay visible and are listed so the agent completes them.
#[component]
fn CannedPicker(state: DeskState, draft: RwSignal<String>) -> impl IntoView {
    let unfilled = RwSignal::new(Vec::<String>::new());
    let choice = RwSignal::new(String::new());
    let site = move || {
        state
            .open_summary
            .with(|s| s.as_ref().map(|s| s.site.clone()))
    };
    let replies = move || {
        let site = site();
        state
            .canned
            .with(|all| all.iter().find(|c| Some(&c.site) == site.as_ref()).cloned())
    };
    let insert = move |key: String| {
        let Some(site_canned) = replies() else { return };
        let Some(reply) = site_canned.replies.iter().find(|r| r.key == key) else {
            return;
        };
        let locale = state
            .open_summary
            .with_untracked(|s| s.as_ref().and_then(|s| s.locale.clone()))
            .unwrap_or_else(|| site_canned.default_locale.clone());
        let Some((_, text)) = reply.text_for(&locale, &site_canned.default_locale) else {
            return;
        };
        // Read when picked: the staff list arrives with the desk's welcome.
        let name = state
            .agents
            .with_untracked(|a| {
                a.iter()
                    .find(|a| a.id == state.agent_id)
                    .map(|a| a.name.clone())
            })
            .unwrap_or_default();
        let mut vars: Vec<(&str, String)> = vec![("agent_name", name)];
        // Facts, with country codes named in the customer's language.
        let facts: Vec<(String, String)> = state
            .detail
            .with_untracked(|d| {
                d.as_ref().map(|d| {
                    d.facts
                        .iter()
                        .map(|(k, v)| {
                            let country = d.category.as_ref().is_some_and(|c| {
                                c.fields.iter().any(|f| {
                                    &f.key == k && f.kind == crate::intake::FactKind::Country
                                })
                            });
                            let v = if country {
                                crate::components::facts::country_name(v, &locale)
                            } else {
                                v.clone()
                            };
                            (k.clone(), v)
                        })
                        .collect()
                })
            })
            .unwrap_or_default();
        vars.extend(facts.iter().map(|(k, v)| (k.as_str(), v.clone())));
        let filled = crate::canned::fill(text, &vars);
        unfilled.set(crate::canned::unfilled(text, &vars));
        draft.update(|d| {
            if !d.trim().is_empty() {
                d.push('\n');
            }
            d.push_str(&filled);
        });
    };
    view! {
        {move || replies().filter(|c| !c.replies.is_empty()).map(|c| view! {
            <div class="canned">
                <label>
                    <span class="sr-only">{move || tr!("canned-label")}</span>
                    <select data-testid="canned-select" prop:value=move || choice.get()
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            choice.set(key.clone());
                            if !key.is_empty() {
                                insert(key);
                            }
                            // Back to the prompt, so the same reply can be picked again.
                            choice.set(String::new());
                        }>
                        <option value="">{move || tr!("canned-label")}</option>
                        {c.replies.iter().map(|r| {
                            let key = r.key.clone();
                            view! { <option value=key.clone()>{key.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || !unfilled.with(Vec::is_empty)>
                    <p class="hint" data-testid="canned-unfilled">
                        {move || tr!("canned-unfilled", { "names" => unfilled.get().join(", ") })}
                    </p>
                </Show>
            </div>
        })}
    }
}

/// What the compliance rules found in a held reply: a blocked phrase must be
/// rephrased; a warned one can be sent after confirming.
#[component]
fn ComplianceNotice(state: DeskState, draft: RwSignal<String>) -> impl IntoView {
    use crate::compliance::RuleAction;
    let held = move || state.held.get();
    view! {
        {move || held().map(|(body, hits)| {
            let blocked = hits.iter().find(|h| h.action == RuleAction::Block).map(|h| h.phrase.clone());
            let phrase = blocked.clone().unwrap_or_else(|| hits[0].phrase.clone());
            let text = if blocked.is_some() {
                tr!("compliance-blocked", { "phrase" => phrase.clone() })
            } else {
                tr!("compliance-warning", { "phrase" => phrase.clone() })
            };
            let action = if blocked.is_some() { "block" } else { "warn" };
            view! {
                <div class="compliance" role="alert" data-testid="compliance-notice" data-action=action>
                    <p>{text}</p>
                    {blocked.is_none().then(|| {
                        let body = body.clone();
                        view! {
                            <button type="button" data-testid="compliance-send-anyway"
                                on:click=move |_| {
                                    state.held.set(None);
                                    draft.set(String::new());
                                    deliver(state, body.clone(), true);
                                }>
                                {move || tr!("compliance-send-anyway")}
                            </button>
                        }
                    })}
                    <button type="button" class="secondary" data-testid="compliance-edit"
                        on:click=move |_| state.held.set(None)>
                        {move || tr!("compliance-edit")}
                    </button>
                </div>
            }
        })}
    }
}

fn agent_typing(state: DeskState) {
    state.typing();
}

/// The nearest deadline of a conversation, counting down (the server
/// computed it; the desk only subtracts).
#[component]
fn DueBadge(state: DeskState, summary: ConversationSummary) -> impl IntoView {
    let due = summary.due_at;
    let warn = summary.warn_at;
    let breached = summary.breached;
    let kind = summary.due_kind;
    let text = move || {
        let now = state.now.get();
        match (due, kind) {
            (Some(due), Some(kind)) if now > 0 => Some(format!(
                "{} · {}",
                case::clock_name(kind),
                case::countdown(due, now)
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
