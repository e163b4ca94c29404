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
    Author, ChatMessage, ClockKind, ClockPhase, ClockView, ConversationDetail, ConversationStatus,
    Intake, Priority, StatusAction, Tier,
};

use crate::domain::calendar::BusinessCalendar;
use crate::domain::sla::{self, ClockContext, ClockEvent, SlaClock, SlaPolicy};
use crate::events::HubEvent;
use crate::state::AppState;
use crate::storage::{
    CategoryRecord, ConversationRecord, NewMessage, NewTransition, StoreError, StoredClock,
};

/// The customer's earlier conversations shown beside an open one.
const HISTORY_LIMIT: i64 = 20;

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
    let categories = state.store.categories(site).await?;
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
    },
}

/// Policy, calendar and category of a conversation.
struct Rules {
    policy: SlaPolicy,
    calendar: BusinessCalendar,
    category: Option<CategoryRecord>,
}

async fn rules(state: &AppState, record: &ConversationRecord) -> Result<Rules, Refusal> {
    let policy = state.store.sla_policy(&record.site).await?;
    let calendar = match record.team_id {
        Some(id) => {
            let team = state.store.team(id).await?;
            BusinessCalendar::try_from(&team.calendar).unwrap_or_else(|e| {
                tracing::error!(team = id, error = %e, "team calendar invalid; counting around the clock");
                BusinessCalendar::always_open(chrono_tz::UTC)
            })
        }
        None => BusinessCalendar::always_open(chrono_tz::UTC),
    };
    let category = match &record.category {
        Some(key) => state
            .store
            .categories(&record.site)
            .await?
            .into_iter()
            .find(|c| &c.category.key == key),
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
    };
    sla::apply(clocks, event, ctx, &rules.policy, &rules.calendar, now);
}

/// Applies `step` to a copy of `record`: the pure part of every use case.
/// Deadlines are computed on `target`'s calendar (the new team's after a
/// transfer, else the same as `rules`).
fn decide(
    record: &ConversationRecord,
    step: &Step,
    rules: &Rules,
    target: &Rules,
    now: i64,
) -> Result<(ConversationRecord, Option<NewTransition>), Refusal> {
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
        })
    };
    match step {
        Step::CustomerMessage => {
            let event = if record.last_seq == 0 && record.clocks.is_empty() {
                ClockEvent::Opened {
                    priority: record.priority,
                    complaint: rules
                        .category
                        .as_ref()
                        .is_some_and(|c| c.category.complaint),
                }
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
        Step::Transfer {
            agent_id,
            to_team,
            to_agent,
            note,
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
            transition = Some(NewTransition {
                from: record.status,
                to,
                actor: Actor::Staff,
                agent_id: Some(*agent_id),
                note: note.clone().filter(|n| !n.trim().is_empty()),
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
        let (next, transition) = decide(
            &record,
            &step,
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
                let outcome = Outcome {
                    message,
                    created,
                    status_changed: created && transition.as_ref().is_some_and(|t| t.from != t.to),
                    record: if created { next } else { record },
                };
                if created {
                    publish(state, &outcome).await;
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

/// When staff are due to answer the customer: the nearest running
/// first/next-response deadline.
pub fn reply_by(record: &ConversationRecord) -> Option<i64> {
    record
        .clocks
        .iter()
        .filter(|c| {
            c.clock.phase == ClockPhase::Running
                && matches!(
                    c.clock.kind,
                    ClockKind::FirstResponse | ClockKind::NextResponse
                )
        })
        .filter_map(|c| c.due_at)
        .min()
}

/// The desk's detail panel for a conversation.
pub async fn detail(
    state: &AppState,
    record: &ConversationRecord,
) -> Result<ConversationDetail, Refusal> {
    let category = match &record.category {
        Some(key) => state
            .store
            .categories(&record.site)
            .await?
            .into_iter()
            .find(|c| &c.category.key == key)
            .map(|c| c.category),
        None => None,
    };
    let missing = category
        .as_ref()
        .map(|c| c.missing(&record.facts))
        .unwrap_or_default();
    let (site, visitor) = state.store.conversation_visitor(record.id).await?;
    let contact = crate::services::personal::contact_view(state, &site, &visitor).await?;
    Ok(ConversationDetail {
        conversation_id: record.id,
        contact,
        category,
        facts: record.facts.clone(),
        missing,
        clocks: record
            .clocks
            .iter()
            .map(|c| ClockView {
                kind: c.clock.kind,
                phase: c.clock.phase,
                started_at: c.clock.started_at,
                due_at: c.due_at,
                warn_at: c.warn_at,
                stopped_at: c.clock.stopped_at,
            })
            .collect(),
        transitions: state.store.transitions(record.id).await?,
        team: match record.team_id {
            Some(id) => Some(state.store.team(id).await?.name),
            None => None,
        },
        teams: state
            .store
            .teams(&record.site)
            .await?
            .into_iter()
            .map(|t| t.name)
            .collect(),
        owner_id: state.store.customer_owner(record.id).await?,
        history: state
            .store
            .customer_history(record.id, HISTORY_LIMIT)
            .await?,
        notes: state.store.notes(record.id).await?,
        ratings: state.store.ratings(record.id).await?,
    })
}

/// Tells desks and the widget what changed.
async fn publish(state: &AppState, outcome: &Outcome) {
    let id = outcome.record.id;
    if let Some(m) = &outcome.message {
        state.hub.publish(id, HubEvent::Message(m.clone()));
    }
    state.hub.publish(
        id,
        HubEvent::Status {
            conversation_id: id,
            status: outcome.record.status,
            reply_by: reply_by(&outcome.record),
        },
    );
    // The list entry and the case panel take several queries: they are built
    // by one task in step order, so the caller can acknowledge at once.
    let queued = state
        .case_updates
        .as_ref()
        .is_some_and(|tx| tx.send(outcome.record.id).is_ok());
    if !queued {
        publish_case(state, &outcome.record).await;
    }
}

/// Publishes a conversation's list entry and case panel after a step.
async fn publish_case(state: &AppState, record: &ConversationRecord) {
    let id = record.id;
    match state.store.summary(id).await {
        Ok(summary) => state.hub.publish(id, HubEvent::Summary(summary)),
        Err(e) => tracing::error!(error = %e, "summary after a workflow step"),
    }
    match detail(state, record).await {
        Ok(d) => state.hub.publish(id, HubEvent::Detail(Box::new(d))),
        Err(e) => tracing::error!(code = %e.code, "detail after a workflow step"),
    }
}

/// Publishes the case of conversation `id` built from one stored moment:
/// when another step commits while the panel is being built (its
/// transitions would be newer than its clocks), it is built again.
async fn publish_consistent(state: &AppState, id: i64) {
    const ATTEMPTS: usize = 5;
    for attempt in 1..=ATTEMPTS {
        let record = match state.store.record(id).await {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(error = %e, "record for a case update");
                return;
            }
        };
        let summary = state.store.summary(id).await;
        let built = detail(state, &record).await;
        let unchanged = state
            .store
            .record(id)
            .await
            .is_ok_and(|now| now.version == record.version);
        if unchanged || attempt == ATTEMPTS {
            match summary {
                Ok(summary) => state.hub.publish(id, HubEvent::Summary(summary)),
                Err(e) => tracing::error!(error = %e, "summary after a workflow step"),
            }
            match built {
                Ok(d) => state.hub.publish(id, HubEvent::Detail(Box::new(d))),
                Err(e) => tracing::error!(code = %e.code, "detail after a workflow step"),
            }
            return;
        }
    }
}

/// The one task that publishes list entries and case panels, in the order
/// the steps happened. Each is built from the record as stored when it is
/// built (clocks and transitions of one moment, never an older step's clocks
/// beside newer transitions).
pub async fn publish_cases(state: AppState, mut steps: tokio::sync::mpsc::UnboundedReceiver<i64>) {
    while let Some(id) = steps.recv().await {
        publish_consistent(&state, id).await;
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
