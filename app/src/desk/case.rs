//! The case beside an open conversation: the moves the loop allows now, the
//! SLA clocks counting down to the deadlines the server computed, the facts
//! the category form collected (editable), and who changed what. Also the
//! live escalation banner.
//!
//! Nothing here decides a deadline or a permission: buttons come from the
//! shared transition table, instants from the server; the desk only counts.

use leptos::prelude::*;
use leptos_fluent::tr;

use super::state::DeskState;
use crate::components::facts::{FactForm, FactInput};
use crate::intake::Facts;
use crate::lifecycle::{Actor, StatusAction, next_status};
use crate::protocol::{
    BotView, ClockKind, ClockPhase, ClockView, ConversationDetail, ConversationStatus,
    ConversationSummary, NoteView, Tier,
};

/// Staff moves offered in the header, in loop order.
const STAFF_ACTIONS: [StatusAction; 7] = [
    StatusAction::Assign,
    StatusAction::Start,
    StatusAction::WaitForCustomer,
    StatusAction::Resolve,
    StatusAction::Reopen,
    StatusAction::Archive,
    StatusAction::Unassign,
];

/// The staff moves the shared table allows from `status`.
pub(crate) fn allowed_actions(status: ConversationStatus) -> Vec<StatusAction> {
    STAFF_ACTIONS
        .into_iter()
        .filter(|a| next_status(status, *a, Actor::Staff).is_ok())
        .collect()
}

fn action_name(action: StatusAction) -> &'static str {
    match action {
        StatusAction::Assign => "assign",
        StatusAction::Unassign => "unassign",
        StatusAction::Start => "start",
        StatusAction::WaitForCustomer => "wait_for_customer",
        StatusAction::Resolve => "resolve",
        StatusAction::Confirm => "confirm",
        StatusAction::NotSolved => "not_solved",
        StatusAction::Reopen => "reopen",
        StatusAction::Archive => "archive",
    }
}

pub(crate) use super::countdown::countdown;

pub(crate) fn clock_name(kind: ClockKind) -> String {
    tr!("clock-kind", { "kind" => kind.as_str() })
}

/// Header buttons for the moves allowed now.
#[component]
pub(crate) fn Actions(state: DeskState, status: ConversationStatus) -> impl IntoView {
    view! {
        <div class="actions" role="group" aria-label=move || tr!("actions-label")>
            {allowed_actions(status).into_iter().map(|action| {
                let name = action_name(action);
                view! {
                    <button type="button" data-testid=format!("action-{name}")
                        class=if action == StatusAction::Resolve { "" } else { "secondary" }
                        on:click=move |_| act(state, action)>
                        {move || tr!("conversation-action", { "action" => name })}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}

fn act(state: DeskState, action: StatusAction) {
    state.act(action);
}

fn save_facts(state: DeskState, facts: Facts) {
    state.set_facts(facts);
}

fn transfer(
    state: DeskState,
    team: Option<String>,
    agent_id: Option<i64>,
    note: String,
    escalate: bool,
) {
    state.transfer(team, agent_id, note, escalate);
}

/// Hand-off to another team (its calendar takes over the clocks) and/or agent.
#[component]
fn TransferForm(state: DeskState, teams: Vec<String>, current: Option<String>) -> impl IntoView {
    let team = RwSignal::new(current.clone().unwrap_or_default());
    let agent = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let escalate = RwSignal::new(false);
    let submit = move || {
        let t = team.get_untracked();
        let a = agent.get_untracked().parse::<i64>().ok();
        let e = escalate.get_untracked();
        transfer(
            state,
            (!t.is_empty()).then_some(t),
            a,
            note.get_untracked(),
            e,
        );
        note.set(String::new());
        escalate.set(false);
    };
    view! {
        <form class="transfer" data-testid="transfer-form" aria-labelledby="transfer-heading"
            on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <h3 id="transfer-heading">{move || tr!("case-transfer")}</h3>
            <div class="fact">
                <label for="transfer-team">{move || tr!("case-transfer-team")}</label>
                <select id="transfer-team" data-testid="transfer-team"
                    on:change=move |ev| team.set(event_target_value(&ev))>
                    {teams.into_iter().map(|t| {
                        let selected = current.as_deref() == Some(t.as_str());
                        view! { <option value=t.clone() selected=selected>{t.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="fact">
                <label for="transfer-agent">{move || tr!("case-transfer-agent")}</label>
                <select id="transfer-agent" data-testid="transfer-agent"
                    on:change=move |ev| agent.set(event_target_value(&ev))>
                    <option value="">{move || tr!("case-transfer-queue")}</option>
                    {move || state.agents.get().into_iter().map(|a| view! {
                        <option value=a.id.to_string()>{a.name.clone()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="fact">
                <label for="transfer-note">{move || tr!("case-transfer-note")}</label>
                <textarea id="transfer-note" data-testid="transfer-note" rows="2" maxlength="1000"
                    prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
            </div>
            <label class="check">
                <input type="checkbox" data-testid="transfer-escalate"
                    prop:checked=move || escalate.get() on:change=move |ev| escalate.set(event_target_checked(&ev))/>
                {move || tr!("case-escalate")}
            </label>
            <button type="submit" class="secondary" data-testid="transfer-submit">
                {move || tr!("case-transfer-submit")}
            </button>
        </form>
    }
}

fn set_customer(state: DeskState, tier: Tier, owner_id: Option<i64>) {
    state.set_customer(tier, owner_id);
}

/// The customer's tier (queue order) and, for core customers, their
/// dedicated owner, whom routing gives their conversations first.
#[component]
fn CustomerForm(state: DeskState, tier: Tier, owner: Option<i64>) -> impl IntoView {
    let tier_sel = RwSignal::new(tier);
    let owner_sel = RwSignal::new(owner.map(|o| o.to_string()).unwrap_or_default());
    let submit = move || {
        let t = tier_sel.get_untracked();
        let o = (t == Tier::Core)
            .then(|| owner_sel.get_untracked().parse::<i64>().ok())
            .flatten();
        set_customer(state, t, o);
    };
    view! {
        <form class="customer" data-testid="customer-form" aria-labelledby="customer-heading"
            on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <h3 id="customer-heading">{move || tr!("case-customer")}</h3>
            <div class="fact">
                <label for="customer-tier">{move || tr!("case-customer-tier")}</label>
                <select id="customer-tier" data-testid="customer-tier"
                    on:change=move |ev| {
                        if let Some(t) = Tier::parse(&event_target_value(&ev)) {
                            tier_sel.set(t);
                        }
                    }>
                    {Tier::ALL.into_iter().map(|t| view! {
                        <option value=t.as_str() selected=t == tier>
                            {move || tr!("tier", { "tier" => t.as_str() })}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="fact">
                <label for="customer-owner">{move || tr!("case-customer-owner")}</label>
                <select id="customer-owner" data-testid="customer-owner"
                    disabled=move || tier_sel.get() != Tier::Core
                    on:change=move |ev| owner_sel.set(event_target_value(&ev))>
                    <option value="">{move || tr!("case-customer-no-owner")}</option>
                    {move || state.agents.get().into_iter().map(|a| {
                        let selected = owner == Some(a.id);
                        view! { <option value=a.id.to_string() selected=selected>{a.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="secondary" data-testid="customer-save">
                {move || tr!("case-customer-save")}
            </button>
        </form>
    }
}

fn add_note(state: DeskState, body: String) {
    state.note(body);
}

/// Internal notes: staff only, never shown to the customer; `@Name`
/// mentions a colleague, who is alerted live.
#[component]
fn Notes(state: DeskState, notes: Vec<NoteView>, locale: Signal<String>) -> impl IntoView {
    let draft = RwSignal::new(String::new());
    let submit = move || {
        let body = draft.get_untracked();
        if !body.trim().is_empty() {
            add_note(state, body);
            draft.set(String::new());
        }
    };
    view! {
        <section class="notes" aria-labelledby="notes-heading">
            <h3 id="notes-heading">{move || tr!("case-notes")}</h3>
            <ol data-testid="notes">
                {notes.into_iter().map(|n| {
                    let at = n.created_at;
                    let mentions_me = n.mentions.contains(&state.agent_id);
                    view! {
                        <li data-testid="note" data-mentions-me=mentions_me.to_string()>
                            <p class="note-meta">
                                {n.author_name.clone()} " · "
                                <time>{move || time_text(at, &locale.get())}</time>
                            </p>
                            <p class="note-body" dir="auto">{n.body.clone()}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <form class="note-form" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                <label for="note-input">{move || tr!("case-note-label")}</label>
                <textarea id="note-input" data-testid="note-input" rows="2"
                    maxlength=crate::protocol::MAX_BODY_CHARS
                    prop:value=move || draft.get() on:input=move |ev| draft.set(event_target_value(&ev))></textarea>
                <button type="submit" class="secondary" data-testid="note-save">{move || tr!("case-note-save")}</button>
            </form>
        </section>
    }
}

/// What the customer said of each resolution: stars and comment.
#[component]
fn Ratings(ratings: Vec<crate::rating::RatingView>, locale: Signal<String>) -> impl IntoView {
    (!ratings.is_empty()).then(|| {
        view! {
            <section class="ratings" aria-labelledby="ratings-heading">
                <h3 id="ratings-heading">{move || tr!("case-ratings")}</h3>
                <ol data-testid="ratings">
                    {ratings.into_iter().map(|r| {
                        let (score, at) = (r.score, r.rated_at);
                        let stars: String = crate::rating::SCORES
                            .map(|n| if n <= score { '★' } else { '☆' })
                            .collect();
                        view! {
                            <li data-testid="rating" data-score=score.to_string()>
                                <p>
                                    <span class="stars" aria-hidden="true">{stars}</span> " "
                                    <span>{move || tr!("case-rating-score", { "score" => score })}</span>
                                    " · " <time>{move || time_text(at, &locale.get())}</time>
                                </p>
                                {(!r.comment.is_empty()).then(|| view! {
                                    <p class="rating-comment" dir="auto" data-testid="rating-comment">{r.comment.clone()}</p>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }
    })
}

/// The site's bot (issue 20): whether it still holds the conversation,
/// when it handed over, the articles it offered with the customer's verdict.
#[component]
fn BotPart(bot: Option<BotView>, locale: Signal<String>) -> impl IntoView {
    bot.map(|b| {
        let handed = b.handed_over_at;
        view! {
            <section class="bot-part" aria-labelledby="bot-heading" data-testid="bot-part"
                data-holding=b.holding.to_string()>
                <h3 id="bot-heading">{move || tr!("case-bot")}</h3>
                <p>
                    {move || match handed {
                        _ if b.holding => tr!("case-bot-holding"),
                        Some(at) => tr!("case-bot-handed", {
                            "time" => time_text(at, &locale.get())
                        }),
                        None => tr!("case-bot-answered"),
                    }}
                </p>
                {(!b.offered.is_empty()).then(|| view! {
                    <ul data-testid="bot-offered">
                        {b.offered.into_iter().map(|o| {
                            let verdict = match o.helpful {
                                Some(true) => "yes",
                                Some(false) => "no",
                                None => "none",
                            };
                            let title = if o.title.is_empty() { format!("#{}", o.article_id) } else { o.title };
                            view! {
                                <li data-testid="bot-offered-article" data-helpful=verdict>
                                    <span lang=o.locale dir="auto">{title}</span>
                                    " · "
                                    {move || tr!("case-bot-verdict", { "verdict" => verdict })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })}
            </section>
        }
    })
}

/// Notes that mention the signed-in agent, newest first.
#[component]
pub(crate) fn MentionBanner(state: DeskState) -> impl IntoView {
    view! {
        <div class="alerts" role="status" data-testid="mentions">
            <For each=move || state.mentions.get() key=|n| n.id let:n>
                {
                    let id = n.conversation_id;
                    let who = n.author_name.clone();
                    view! {
                        <p class="alert mention" data-testid="mention">
                            <button type="button" class="link" on:click=move |_| {
                                state.mentions.update(|m| m.retain(|x| x.conversation_id != id));
                                state.open(id);
                            }>
                                {move || tr!("mention-alert", { "name" => who.clone() })}
                            </button>
                        </p>
                    }
                }
            </For>
        </div>
    }
}

/// The same customer's other conversations (one customer, one history).
#[component]
fn CustomerHistory(state: DeskState, history: Vec<ConversationSummary>) -> impl IntoView {
    let empty = history.is_empty();
    view! {
        <section aria-labelledby="past-heading">
            <h3 id="past-heading">{move || tr!("case-past")}</h3>
            <Show when=move || empty>
                <p class="empty">{move || tr!("case-past-none")}</p>
            </Show>
            <ul class="past" data-testid="customer-history">
                {history.into_iter().map(|c| {
                    let id = c.id;
                    let preview = c.last_message.clone().unwrap_or_default();
                    let status = c.status;
                    view! {
                        <li data-conversation-id=id>
                            <button type="button" class="link" on:click=move |_| state.open(id)>
                                {move || tr!("conversation-status", { "status" => status.as_str() })}
                                " · "
                                <span dir="auto">{preview.clone()}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

fn clock_state_text(c: &ClockView, now: i64) -> String {
    match (c.phase, c.due_at) {
        (ClockPhase::Running, Some(due)) => countdown(due, now),
        (phase, _) => tr!("clock-phase", { "phase" => phase.as_str() }),
    }
}

/// The case panel of the open conversation.
#[component]
pub(crate) fn CasePanel(state: DeskState) -> impl IntoView {
    let detail = move || state.detail.get();
    view! {
        <aside class="case" aria-labelledby="case-heading" data-testid="case-panel">
            <h2 id="case-heading">{move || tr!("case-heading")}</h2>
            {move || detail().map(|d| view! { <CaseBody state detail=d/> })}
        </aside>
    }
}

/// The customer's contact details (given with consent, stored encrypted)
/// and, for admins, the export and erasure of everything stored of them.
#[component]
fn CustomerData(
    state: DeskState,
    contact: Option<crate::protocol::ContactView>,
    conversation_id: i64,
) -> impl IntoView {
    let rows = contact.as_ref().map(|c| {
        crate::protocol::ContactDetails::FIELDS
            .iter()
            .filter(|f| !c.details.get(f).is_empty())
            .map(|f| {
                let field: &'static str = f;
                let value = c.details.get(f).to_owned();
                view! {
                    <dt>{move || tr!("contact-field", { "field" => field })}</dt>
                    <dd dir="auto" data-testid=format!("contact-{field}")>{value}</dd>
                }
            })
            .collect_view()
    });
    let verified = contact.as_ref().and_then(|c| c.verified_user.clone());
    let consent_at = contact.as_ref().and_then(|c| c.consent_at);
    view! {
        <section class="customer-data" aria-labelledby="customer-data-heading" data-testid="customer-data">
            <h3 id="customer-data-heading">{move || tr!("contact-heading")}</h3>
            {match rows {
                Some(rows) => view! { <dl class="contact">{rows}</dl> }.into_any(),
                None => view! { <p class="hint">{move || tr!("contact-none")}</p> }.into_any(),
            }}
            {verified.map(|user| view! {
                <p data-testid="contact-verified">{move || tr!("contact-verified", { "user" => user.clone() })}</p>
            })}
            {consent_at.map(|at| view! {
                <p class="hint" data-testid="contact-consent">
                    {move || tr!("contact-consent")} " " <super::security::DateTime ms=at/>
                </p>
            })}
            {state.admin.then(|| view! {
                <p>
                    <a href=format!("/api/admin/conversations/{conversation_id}/customer.json")
                        download="customer.json" data-testid="customer-export">
                        {move || tr!("customer-export")}
                    </a>
                </p>
                <form method="post" action=format!("/api/admin/conversations/{conversation_id}/erase")
                    class="erase" data-testid="customer-erase-form">
                    <input type="hidden" name="_csrf" value=state.csrf.get_value()/>
                    <label for="erase-confirm">
                        <input type="checkbox" id="erase-confirm" name="confirm" required
                            data-testid="customer-erase-confirm"/>
                        {move || tr!("customer-erase-confirm")}
                    </label>
                    <button type="submit" class="danger" data-testid="customer-erase">
                        {move || tr!("customer-erase")}
                    </button>
                </form>
            })}
        </section>
    }
}

#[component]
fn CaseBody(state: DeskState, detail: ConversationDetail) -> impl IntoView {
    let i18n = expect_context::<leptos_fluent::I18n>();
    let locale = Signal::derive(move || i18n.language.get().id.to_string());
    let category_name = detail
        .category
        .as_ref()
        .map(|c| c.name(&locale.get_untracked(), "en"));
    let values = RwSignal::new(detail.facts.clone());
    let form = FactForm {
        values,
        error: state.field_error,
        locale,
        default_locale: StoredValue::new("en".to_owned()),
        countries: state.countries,
        id_prefix: "fact",
    };
    let missing = detail.missing.clone();
    let clocks = detail.clocks.clone();
    let shown: Vec<ClockView> = clocks
        .into_iter()
        .filter(|c| c.phase != ClockPhase::Cancelled)
        .collect();
    let fields = detail
        .category
        .as_ref()
        .map(|c| c.fields.clone())
        .unwrap_or_default();
    let has_fields = !fields.is_empty();
    let team = detail.team.clone();
    let teams = detail.teams.clone();
    let detail_tier = state
        .open_summary
        .with_untracked(|s| s.as_ref().map(|s| s.tier))
        .unwrap_or(Tier::Ordinary);
    let contact = detail.contact.clone();
    let conversation_id = detail.conversation_id;
    let complex = detail.complex;
    let began_by_mail = detail
        .mail
        .as_ref()
        .is_some_and(|m| m.channel == crate::protocol::Channel::Email);
    view! {
        <CustomerData state contact conversation_id/>
        <p class="category" data-testid="case-category">
            {category_name.map(|name| tr!("case-category", { "name" => name }))}
        </p>
        <p class="team" data-testid="case-team">
            {team.clone().map(|name| tr!("case-team", { "name" => name }))}
        </p>
        <section aria-labelledby="clocks-heading">
            <h3 id="clocks-heading">{move || tr!("case-clocks")}</h3>
            <ul class="clocks" data-testid="clock-list">
                {shown.into_iter().map(|c| {
                    let kind = c.kind;
                    // A conversation that began with a mail answers to the
                    // e-mail first-reply target (R-CH2).
                    let email_target = began_by_mail && kind == ClockKind::FirstResponse;
                    let view_c = c.clone();
                    let warn = c.warn_at;
                    let due = c.due_at;
                    let running = c.phase == ClockPhase::Running;
                    let phase = c.phase.as_str();
                    view! {
                        <li data-testid="clock" data-kind=kind.as_str() data-phase=phase
                            data-due-at=due
                            class:due-soon=move || running && warn.is_some_and(|w| state.now.get() >= w)
                            class:overdue=move || (running && due.is_some_and(|d| state.now.get() >= d))
                                || view_c.phase == ClockPhase::Breached>
                            <span class="clock-name">{move || clock_name(kind)}</span>
                            {email_target.then(|| view! {
                                <span class="clock-target" data-testid="clock-email-target">
                                    {move || tr!("clock-email-target")}
                                </span>
                            })}
                            <span class="clock-state" data-testid="clock-state">
                                {move || clock_state_text(&c, state.now.get())}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <Show when=move || has_fields>
            <form class="facts" data-testid="facts-form" aria-labelledby="facts-heading"
                on:submit=move |ev| { ev.prevent_default(); save_facts(state, values.get_untracked()); }>
                <h3 id="facts-heading">{move || tr!("case-facts")}</h3>
                {fields.clone().into_iter().map(|field| {
                    let is_missing = missing.contains(&field.key);
                    view! {
                        <div class:missing=is_missing data-missing=is_missing.to_string()>
                            <FactInput field form/>
                        </div>
                    }
                }).collect_view()}
                <button type="submit" data-testid="facts-save">{move || tr!("case-save-facts")}</button>
            </form>
        </Show>
        <BotPart bot=detail.bot.clone() locale/>
        <crate::desk::mail::MailSection state conversation_id=detail.conversation_id mail=detail.mail.clone()/>
        <crate::desk::complaint::ComplaintSection state complaint=detail.complaint.clone()/>
        <crate::desk::compensation::CompensationSection state
            lines=detail.compensations.clone() authority=detail.authority.clone()/>
        <crate::desk::tracking::TrackingSection state conversation_id=detail.conversation_id/>
        <crate::desk::library::LibrarySection state conversation_id=detail.conversation_id/>
        <label class="check complex">
            <input type="checkbox" data-testid="case-complex" prop:checked=complex
                on:change=move |ev| state.set_complex(event_target_checked(&ev))/>
            {move || tr!("case-complex")}
        </label>
        <TransferForm state teams current=team/>
        <Ratings ratings=detail.ratings.clone() locale/>
        <Notes state notes=detail.notes.clone() locale/>
        <CustomerForm state tier=detail_tier owner=detail.owner_id/>
        <CustomerHistory state history=detail.history.clone()/>
        <section aria-labelledby="history-heading">
            <h3 id="history-heading">{move || tr!("case-history")}</h3>
            <ol class="history" data-testid="history">
                {detail.transitions.into_iter().map(|t| {
                    let who = t.agent_name.clone()
                        .unwrap_or_else(|| tr!("case-actor", { "actor" => t.actor.clone() }));
                    let at = t.at;
                    let note = t.note.clone();
                    view! {
                        <li data-to=t.to.as_str()>
                            {move || tr!("case-transition", {
                                "to" => tr!("conversation-status", { "status" => t.to.as_str() }),
                                "who" => who.clone(),
                            })}
                            " "
                            <time>{move || time_text(at, &locale.get())}</time>
                            {note.map(|n| view! { <q class="handoff-note" dir="auto">{n}</q> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

fn time_text(ms: i64, locale: &str) -> String {
    #[cfg(feature = "browser")]
    return crate::client::format_time(ms, locale);
    #[cfg(not(feature = "browser"))]
    {
        let _ = locale;
        ms.to_string()
    }
}

/// Live escalations, newest first.
#[component]
pub(crate) fn AlertBanner(state: DeskState) -> impl IntoView {
    view! {
        <div class="alerts" role="alert" data-testid="alerts">
            <For each=move || state.alerts.get() key=|a| (a.conversation_id, a.clock, a.breached) let:a>
                {
                    let label = state.conversations.with_untracked(|l| {
                        l.iter().find(|c| c.id == a.conversation_id).map(|c| c.visitor_label.clone())
                    }).unwrap_or_default();
                    let id = a.conversation_id;
                    view! {
                        <p class="alert" class:breached=a.breached data-testid="alert"
                            data-breached=a.breached.to_string() data-for-me=a.for_me.to_string()>
                            <button type="button" class="link" on:click=move |_| state.open(id)>
                                {move || if a.breached {
                                    tr!("alert-breached", { "clock" => clock_name(a.clock), "visitor" => label.clone() })
                                } else {
                                    tr!("alert-due-soon", { "clock" => clock_name(a.clock), "visitor" => label.clone() })
                                }}
                            </button>
                        </p>
                    }
                }
            </For>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_desk_offers_exactly_the_legal_staff_moves() {
        use ConversationStatus as S;
        use StatusAction as A;
        assert_eq!(allowed_actions(S::Received), vec![A::Assign]);
        assert_eq!(
            allowed_actions(S::InProgress),
            vec![A::Assign, A::WaitForCustomer, A::Resolve, A::Unassign]
        );
        assert_eq!(allowed_actions(S::Resolved), vec![A::Reopen, A::Archive]);
        assert_eq!(allowed_actions(S::Archived), vec![A::Reopen]);
        for s in crate::lifecycle::ALL_STATUSES {
            for a in allowed_actions(s) {
                assert!(next_status(s, a, Actor::Staff).is_ok());
            }
        }
    }
}
