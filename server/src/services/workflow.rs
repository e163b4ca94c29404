//! The closed loop as use cases: load a conversation's record, let the pure
//! rules decide (lifecycle table, fact validation, SLA clocks on the team's
//! calendar), save it atomically (with the message, when there is one), and
//! publish what changed to desks and the widget.
//!
//! Saves use optimistic concurrency: two desks acting at once never overwrite
//! each other; the loser re-reads and re-decides.

use std::sync::OnceLock;

use parley_app::error::ErrorCode;
use parley_app::intake::{Facts, validate_facts};
use parley_app::lifecycle::{Actor, after_agent_message, after_customer_message, next_status};
use parley_app::protocol::{
    Author, Channel, ChatMessage, ConversationStatus, Intake, Priority, StatusAction, Tier,
};

use crate::domain::calendar::BusinessCalendar;
use crate::domain::sla::{self, ClockContext, ClockEvent, SlaClock, SlaPolicy};
use crate::services::{case_panel, site_rules};
use crate::state::AppState;
use crate::storage::{
    CategoryRecord, ConversationRecord, NewMessage, NewTransition, StoreError, StoredClock,
};

/// How often a save is retried after losing a race.
const MAX_ATTEMPTS: usize = 5;

/// A refusal the client can be told about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What went wrong.
    pub code: ErrorCode,
    /// The form field concerned, if any.
    pub field: Option<String>,
}

impl From<ErrorCode> for Refusal {
    fn from(code: ErrorCode) -> Self {
        Refusal { code, field: None }
    }
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        crate::error::store_code(e).into()
    }
}

/// ISO 3166-1 alpha-2 codes accepted for country facts.
pub fn country_codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        let mut codes: Vec<&'static str> = isocountry::CountryCode::as_array()
            .iter()
            .map(|c| c.alpha2())
            .collect();
        codes.sort_unstable();
        codes
    })
}

/// Most files one upload fact may hold.
const MAX_UPLOADS_PER_FACT: usize = 10;

/// Every upload fact must name files uploaded to this site by this customer
/// (a customer cannot attach someone else's file by guessing its id).
async fn check_uploads(
    state: &AppState,
    category: &parley_app::intake::Category,
    facts: &Facts,
    site: &str,
    visitor_id: &str,
) -> Result<(), Refusal> {
    for field in category
        .fields
        .iter()
        .filter(|f| f.kind == parley_app::intake::FactKind::Upload)
    {
        let Some(value) = facts.get(&field.key).filter(|v| !v.is_empty()) else {
            continue;
        };
        let invalid = || Refusal {
            code: ErrorCode::FactInvalid,
            field: Some(field.key.clone()),
        };
        let ids: Vec<&str> = value.split(',').collect();
        if ids.len() > MAX_UPLOADS_PER_FACT {
            return Err(invalid());
        }
        for id in ids {
            if !crate::domain::attachment::is_id(id) {
                return Err(invalid());
            }
            match state.store.attachment(id).await {
                Ok(a) if a.site == site && a.visitor_id.as_deref() == Some(visitor_id) => {}
                Ok(_) | Err(StoreError::NotFound) => {
                    tracing::warn!(%site, visitor = %visitor_id, "upload fact names a foreign or unknown file");
                    return Err(invalid());
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}

/// The upload ids the form's file fields name.
fn upload_ids<'a>(category: &parley_app::intake::Category, facts: &'a Facts) -> Vec<&'a str> {
    category
        .fields
        .iter()
        .filter(|f| f.kind == parley_app::intake::FactKind::Upload)
        .filter_map(|f| facts.get(&f.key))
        .flat_map(|v| v.split(','))
        .filter(|id| !id.is_empty())
        .collect()
}

/// Marks the customer's files the facts name as attached to conversation
/// `id`, so the sweep of abandoned uploads keeps them.
pub async fn attach_uploads(
    state: &AppState,
    category: &parley_app::intake::Category,
    facts: &Facts,
    id: i64,
    visitor_id: &str,
) -> Result<(), Refusal> {
    let ids = upload_ids(category, facts);
    if !ids.is_empty() {
        state.store.attach_files(id, visitor_id, &ids).await?;
    }
    Ok(())
}

/// Checks what a customer gave with their first message against the site's
/// categories. `Ok(None)` when the site has no categories.
pub async fn check_intake(
    state: &AppState,
    site: &str,
    visitor_id: &str,
    intake: Option<&Intake>,
) -> Result<Option<(CategoryRecord, Facts)>, Refusal> {
    let categories = site_rules::of(state, site).await?.categories.clone();
    if categories.is_empty() {
        return Ok(None);
    }
    let Some(intake) = intake else {
        return Err(ErrorCode::CategoryRequired.into());
    };
    let Some(record) = categories
        .into_iter()
        .find(|c| c.category.key == intake.category)
    else {
        return Err(Refusal {
            code: ErrorCode::CategoryRequired,
            field: Some("category".into()),
        });
    };
    let facts =
        validate_facts(&record.category, &intake.facts, true, country_codes()).map_err(|e| {
            Refusal {
                code: e.code,
                field: Some(e.field),
            }
        })?;
    check_uploads(state, &record.category, &facts, site, visitor_id).await?;
    Ok(Some((record, facts)))
}

/// What happens to a conversation.
#[derive(Debug, Clone)]
pub enum Step {
    /// The customer wrote.
    CustomerMessage,
    /// Staff replied.
    AgentMessage {
        /// Who.
        agent_id: i64,
    },
    /// The site wrote without taking the conversation on (a bot, or a
    /// proactive notice from its back-end): in any state, no owner, no
    /// clock and no state change; the customer's answer moves the loop.
    SiteMessage,
    /// The customer wrote to the bot, which holds the conversation: stored,
    /// no clock, no state change, no routing.
    ToBot,
    /// The bot handed the conversation to a person: its clocks start now and
    /// it joins the queue, as if the customer had just written.
    HandedOver,
    /// Someone moves it through the loop.
    Action {
        /// Who.
        actor: Actor,
        /// The staff member, if staff.
        agent_id: Option<i64>,
        /// What.
        action: StatusAction,
    },
    /// Staff add or correct facts.
    Facts {
        /// Field → value; empty clears.
        facts: Facts,
    },
    /// Staff change the priority.
    Priority(Priority),
    /// Staff change the customer's tier (queue order, dedicated owner).
    Tier(Tier),
    /// Staff mark the question complex (progress updates owed) or not.
    Complex(bool),
    /// Staff hand it to another team and/or agent, with a note.
    Transfer {
        /// Who transfers.
        agent_id: i64,
        /// New team (its calendar takes over the clocks).
        to_team: Option<i64>,
        /// New owner; `None` puts it in the (new) team's queue.
        to_agent: Option<i64>,
        /// Hand-off note.
        note: Option<String>,
        /// An escalation to a specialist team: its acceptance clock starts.
        escalate: bool,
    },
}

/// Policy, calendar and category of a conversation.
struct Rules {
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    category: Option<CategoryRecord>,
}

async fn rules(state: &AppState, record: &ConversationRecord) -> Result<Rules, Refusal> {
    let site = site_rules::of(state, &record.site).await?;
    let policy = site.policy.clone();
    let calendar = match record.team_id {
        Some(id) => {
            let team = site_rules::team(state, &record.site, id).await?;
            BusinessCalendar::try_from(&team.calendar).unwrap_or_else(|e| {
                tracing::error!(team = id, error = %e, "team calendar invalid; counting around the clock");
                BusinessCalendar::always_open(chrono_tz::UTC)
            })
        }
        None => BusinessCalendar::always_open(chrono_tz::UTC),
    };
    let category = match &record.category {
        Some(key) => site
            .categories
            .iter()
            .find(|c| &c.category.key == key)
            .cloned(),
        None => None,
    };
    Ok(Rules {
        policy,
        calendar,
        category,
    })
}

fn clock_event(
    clocks: &mut Vec<SlaClock>,
    event: ClockEvent,
    record: &ConversationRecord,
    rules: &Rules,
    now: i64,
) {
    let ctx = ClockContext {
        status: record.status,
        priority: record.priority,
        complex: record.complex,
        complaint: rules
            .category
            .as_ref()
            .is_some_and(|c| c.category.complaint),
    };
    sla::apply(clocks, event, ctx, &rules.policy, &rules.calendar, now);
}

/// Applies `step` to a copy of `record`: the pure part of every use case.
/// Deadlines are computed on `target`'s calendar (the new team's after a
/// transfer, else the same as `rules`).
fn decide(
    record: &ConversationRecord,
    (step, channel): (&Step, Channel),
    rules: &Rules,
    target: &Rules,
    now: i64,
) -> Result<(ConversationRecord, Option<NewTransition>), Refusal> {
    let by_mail = channel == Channel::Email;
    let mut next = record.clone();
    let mut clocks: Vec<SlaClock> = record.clocks.iter().map(|c| c.clock.clone()).collect();
    let mut transition = None;
    let change_status = |next: &mut ConversationRecord,
                         clocks: &mut Vec<SlaClock>,
                         to: ConversationStatus,
                         actor: Actor,
                         agent_id: Option<i64>|
     -> Option<NewTransition> {
        if to == next.status {
            return None;
        }
        clock_event(clocks, ClockEvent::StatusChanged(to), next, rules, now);
        next.status = to;
        Some(NewTransition {
            from: record.status,
            to,
            actor,
            agent_id,
            note: None,
            transfer: false,
        })
    };
    match step {
        Step::CustomerMessage | Step::HandedOver => {
            // The customer's first words open the clocks (the site may have
            // written first: a proactive notice).
            let event = if record.clocks.is_empty() {
                ClockEvent::Opened {
                    priority: record.priority,
                    complaint: rules
                        .category
                        .as_ref()
                        .is_some_and(|c| c.category.complaint),
                    email: by_mail,
                }
            } else if by_mail {
                ClockEvent::CustomerMail
            } else {
                ClockEvent::CustomerMessage
            };
            clock_event(&mut clocks, event, record, rules, now);
            let to = after_customer_message(record.status);
            transition = change_status(&mut next, &mut clocks, to, Actor::Customer, None);
        }
        Step::AgentMessage { agent_id } => {
            if record.status == ConversationStatus::Archived {
                return Err(ErrorCode::InvalidTransition.into());
            }
            if record.assignee_id.is_none() {
                next.assignee_id = Some(*agent_id);
            }
            clock_event(&mut clocks, ClockEvent::AgentMessage, record, rules, now);
            let to = after_agent_message(record.status);
            transition = change_status(&mut next, &mut clocks, to, Actor::Staff, Some(*agent_id));
        }
        Step::SiteMessage | Step::ToBot => {}
        Step::Action {
            actor,
            agent_id,
            action,
        } => {
            if *actor == Actor::System
                && *action == StatusAction::Assign
                && record.assignee_id.is_some()
            {
                // Routing never takes a conversation out of someone's hands.
                return Err(ErrorCode::InvalidTransition.into());
            }
            let to = next_status(record.status, *action, *actor)?;
            match action {
                StatusAction::Resolve => {
                    if let Some(c) = &rules.category
                        && let Some(field) = c.category.missing(&record.facts).into_iter().next()
                    {
                        return Err(Refusal {
                            code: ErrorCode::FactMissing,
                            field: Some(field),
                        });
                    }
                }
                StatusAction::Assign => next.assignee_id = *agent_id,
                StatusAction::Unassign => next.assignee_id = None,
                _ => {}
            }
            transition = change_status(&mut next, &mut clocks, to, *actor, *agent_id).or(
                // Re-assignment within the same state is still recorded.
                (*action == StatusAction::Assign).then_some(NewTransition {
                    from: record.status,
                    to,
                    actor: *actor,
                    agent_id: *agent_id,
                    note: None,
                    transfer: false,
                }),
            );
        }
        Step::Facts { facts } => {
            let Some(category) = &rules.category else {
                return Err(Refusal {
                    code: ErrorCode::FactInvalid,
                    field: facts.keys().next().cloned(),
                });
            };
            let mut merged = record.facts.clone();
            for (k, v) in facts {
                merged.insert(k.clone(), v.clone());
            }
            next.facts = validate_facts(&category.category, &merged, false, country_codes())
                .map_err(|e| Refusal {
                    code: e.code,
                    field: Some(e.field),
                })?;
        }
        Step::Priority(p) => {
            next.priority = *p;
            clock_event(
                &mut clocks,
                ClockEvent::PriorityChanged(*p),
                &next,
                rules,
                now,
            );
        }
        Step::Tier(tier) => next.tier = *tier,
        Step::Complex(complex) => {
            next.complex = *complex;
            clock_event(
                &mut clocks,
                ClockEvent::ComplexChanged(*complex),
                &next,
                rules,
                now,
            );
        }
        Step::Transfer {
            agent_id,
            to_team,
            to_agent,
            note,
            escalate,
        } => {
            let to = match to_agent {
                Some(_) => next_status(record.status, StatusAction::Assign, Actor::Staff)?,
                // Moving an unowned conversation to another queue keeps it new.
                None if record.status == ConversationStatus::Received => record.status,
                None => next_status(record.status, StatusAction::Unassign, Actor::Staff)?,
            };
            if let Some(team) = to_team
                && Some(*team) != record.team_id
            {
                // Time so far counts on the old team's calendar, the rest on the new one.
                sla::hand_off(&mut clocks, &rules.calendar, now);
                next.team_id = Some(*team);
            }
            next.assignee_id = *to_agent;
            if to != record.status {
                clock_event(
                    &mut clocks,
                    ClockEvent::StatusChanged(to),
                    &next,
                    target,
                    now,
                );
                next.status = to;
            }
            if *escalate {
                clock_event(&mut clocks, ClockEvent::Escalated, &next, target, now);
            }
            transition = Some(NewTransition {
                from: record.status,
                to,
                actor: Actor::Staff,
                agent_id: Some(*agent_id),
                note: note.clone().filter(|n| !n.trim().is_empty()),
                transfer: true,
            });
        }
    }
    next.clocks = clocks
        .into_iter()
        .enumerate()
        .map(|(i, clock)| {
            let due_at = clock.due_at(&target.calendar);
            let warn_at = clock.warn_at(&target.calendar, target.policy.warn_percent);
            let before = record
                .clocks
                .get(i)
                .filter(|old| old.clock.kind == clock.kind);
            // A moved deadline is announced again when it comes.
            let warned = before.is_some_and(|b| b.warned && b.warn_at == warn_at);
            let alerted = before.is_some_and(|b| b.alerted && b.due_at == due_at);
            StoredClock {
                clock,
                due_at,
                warn_at,
                warned,
                alerted,
            }
        })
        .collect();
    Ok((next, transition))
}

/// What a step changed.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The stored message (for message steps).
    pub message: Option<ChatMessage>,
    /// `false` when the message was an idempotent repeat (nothing changed).
    pub created: bool,
    /// The record after the step.
    pub record: ConversationRecord,
    /// Whether the state changed.
    pub status_changed: bool,
    /// What desks must hear of beyond the message (nothing on a repeat).
    pub change: case_panel::Change,
    /// The step put the conversation in the routing queue: the customer
    /// opened it, came back after a resolution, or answered the site's
    /// proactive notice. Routing should run.
    pub queued: bool,
}

/// A message to store with its step.
pub struct MessageIn<'a> {
    /// Idempotency key.
    pub client_id: &'a str,
    /// Validated text.
    pub body: &'a str,
    /// Customer or agent.
    pub author: Author,
    /// The agent.
    pub agent_id: Option<i64>,
    /// The compliance policy version an agent message passed.
    pub policy_version: Option<i64>,
    /// A bot's display name (bot messages).
    pub author_name: Option<&'a str>,
    /// Where it came from.
    pub channel: Channel,
}

impl<'a> MessageIn<'a> {
    /// A customer's message, from the chat or a mail.
    pub fn customer(client_id: &'a str, body: &'a str, channel: Channel) -> Self {
        MessageIn {
            client_id,
            body,
            author: Author::Customer,
            agent_id: None,
            policy_version: None,
            author_name: None,
            channel,
        }
    }
}

/// Runs one step on conversation `id` at `now`, storing `message` with it.
pub async fn run(
    state: &AppState,
    id: i64,
    step: Step,
    message: Option<MessageIn<'_>>,
    now: i64,
) -> Result<Outcome, Refusal> {
    if let Step::Facts { facts } = &step {
        // Staff may keep or remove the customer's files, not point at others.
        let record = state.store.record(id).await?;
        let conversation = state.store.conversation(id).await?;
        if let Some(c) = rules(state, &record).await?.category {
            check_uploads(
                state,
                &c.category,
                facts,
                &record.site,
                &conversation.visitor_id,
            )
            .await?;
            attach_uploads(state, &c.category, facts, id, &conversation.visitor_id).await?;
        }
    }
    for _ in 0..MAX_ATTEMPTS {
        let record = state.store.record(id).await?;
        let rules = rules(state, &record).await?;
        let target = match &step {
            Step::Transfer {
                to_team: Some(team),
                ..
            } if Some(*team) != record.team_id => {
                let moved = ConversationRecord {
                    team_id: Some(*team),
                    ..record.clone()
                };
                Some(self::rules(state, &moved).await?)
            }
            _ => None,
        };
        let channel = message.as_ref().map_or(Channel::Chat, |m| m.channel);
        let (next, transition) = decide(
            &record,
            (&step, channel),
            &rules,
            target.as_ref().unwrap_or(&rules),
            now,
        )?;
        let saved = match &message {
            Some(m) => state
                .store
                .append_message(
                    NewMessage {
                        conversation_id: id,
                        client_id: m.client_id,
                        author: m.author,
                        agent_id: m.agent_id,
                        body: m.body,
                        now,
                        policy_version: m.policy_version,
                        notice: None,
                        author_name: m.author_name,
                        channel: m.channel,
                    },
                    Some((&next, transition.clone())),
                )
                .await
                .map(|a| (Some(a.message), a.created)),
            None => state
                .store
                .save_record(&next, transition.clone(), now)
                .await
                .map(|()| (None, true)),
        };
        match saved {
            Ok((message, created)) => {
                let change = if created {
                    let c = case_panel::Change::between(&record, &next);
                    case_panel::Change {
                        panel: c.panel || transition.is_some(),
                        ..c
                    }
                } else {
                    case_panel::Change::default()
                };
                let clockless = record.clocks.is_empty();
                let queued = created
                    && matches!(step, Step::CustomerMessage | Step::HandedOver)
                    && next.assignee_id.is_none()
                    && (record.clocks.is_empty()
                        || transition.as_ref().is_some_and(|t| t.from != t.to));
                let outcome = Outcome {
                    queued,
                    message,
                    created,
                    status_changed: created && transition.as_ref().is_some_and(|t| t.from != t.to),
                    change,
                    record: if created { next } else { record },
                };
                if created && matches!(step, Step::AgentMessage { .. }) && clockless {
                    // Staff answered a conversation the bot held (or the
                    // site opened): a person has it now.
                    end_bot_hold(state, id, now).await;
                }
                if created {
                    case_panel::publish(
                        state,
                        outcome.message.as_ref(),
                        &outcome.record,
                        outcome.change,
                    )
                    .await;
                }
                return Ok(outcome);
            }
            Err(StoreError::Conflict) => {
                tracing::debug!(
                    conversation = id,
                    "record changed meanwhile; deciding again"
                );
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(ErrorCode::Internal.into())
}

/// Ends the bot's hold on `id`, if it had one, telling the customer's widget.
async fn end_bot_hold(state: &AppState, id: i64, now: i64) {
    match state.store.mark_handed_over(id, now).await {
        Ok(true) => state.hub.publish_room(
            id,
            crate::events::HubEvent::Bot {
                conversation_id: id,
                holding: false,
            },
        ),
        Ok(false) => {}
        Err(e) => tracing::error!(conversation = id, error = %e, "ending the bot's hold"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_country_list_is_iso_3166() {
        let codes = country_codes();
        assert!(codes.len() >= 249, "{}", codes.len());
        for c in ["CN", "DE", "ES", "JP", "SA", "US", "MX", "AE"] {
            assert!(codes.contains(&c), "{c}");
        }
        assert!(!codes.contains(&"XX"));
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }
}
