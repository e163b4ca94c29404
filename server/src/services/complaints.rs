//! The complaint ledger (R-CMP1): a complaint is raised from a complaint
//! topic (when the customer's first message opens the conversation) or by
//! staff on any conversation; its owner takes it through its steps
//! (registered, investigated, resolved with a result, answered, closed with
//! a root cause from the site's list), each appended with who and when; its
//! four clocks count on the owner team's calendar and raise alerts before
//! and at each deadline. Who may see and act on a complaint is the pure rule
//! [`may_work_on_complaint`], checked here below every route and frame.

use parley_app::complaints::{RootCause, Severity, Step};
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::domain::access::{Placement, Viewer, may_work_on_complaint};
use crate::domain::complaint::{StepError, take};
use crate::events::HubEvent;
use crate::services::audit;
pub use crate::services::complaint_view::{clocks, view};
use crate::services::site_rules;
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::{ComplaintRecord, ComplaintStep, NewComplaint, StoreError};

/// Longest summary, result or step note, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;

/// The root causes a site starts with (names come from the locale files,
/// `complaint-root-cause`).
pub const DEFAULT_ROOT_CAUSES: [&str; 10] = [
    "carrier_delay",
    "damaged_in_transit",
    "lost_parcel",
    "wrong_item",
    "product_defect",
    "customs",
    "billing_error",
    "staff_conduct",
    "website_error",
    "other",
];

/// A site's root causes: its own list, or the default one.
pub async fn root_causes(state: &AppState, site: &str) -> Result<Vec<RootCause>, StoreError> {
    let own = state.store.root_causes(site).await?;
    if !own.is_empty() {
        return Ok(own);
    }
    Ok(DEFAULT_ROOT_CAUSES
        .iter()
        .map(|k| RootCause {
            key: (*k).to_owned(),
            names: Default::default(),
        })
        .collect())
}

/// Where a complaint's conversation sits now (who may see it).
pub fn placement(c: &ComplaintRecord) -> Placement {
    Placement {
        id: c.conversation_id,
        site: c.site.clone(),
        team_id: c.conversation_team,
        assignee_id: c.conversation_assignee,
    }
}

/// Whether `viewer` may see and act on complaint `c`.
pub fn may_work_on(viewer: &Viewer, c: &ComplaintRecord) -> bool {
    may_work_on_complaint(viewer, &placement(c), c.owner_id)
}

fn text_of(text: &str, field: &str) -> Result<String, Refusal> {
    let t = parley_app::redact::masked(text.trim());
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(Refusal {
            code: ErrorCode::TextTooLong,
            field: Some(field.into()),
        });
    }
    Ok(t)
}

/// Raises the complaint a complaint topic opens (once per conversation);
/// `summary` is the customer's first message.
pub async fn raise_from_topic(
    state: &AppState,
    site: &str,
    conversation_id: i64,
    category: &str,
    team_id: Option<i64>,
    summary: &str,
) -> Result<(), StoreError> {
    let summary: String = parley_app::redact::masked(summary.trim())
        .chars()
        .take(MAX_TEXT_CHARS)
        .collect();
    let (c, created) = state
        .store
        .raise_complaint(NewComplaint {
            site,
            conversation_id,
            category: Some(category),
            summary: &summary,
            severity: Severity::Ordinary,
            team_id,
            raised_by: None,
            now: state.clock.now(),
        })
        .await?;
    if created {
        tracing::info!(
            complaint = c.id,
            conversation = conversation_id,
            "complaint raised by its topic"
        );
        publish(state, &c).await;
    }
    Ok(())
}

/// Staff raise a complaint on a conversation they work on (the caller
/// checked full access); a conversation with one already keeps it.
pub async fn raise_by_staff(
    state: &AppState,
    agent: &AgentProfile,
    conversation_id: i64,
    summary: &str,
    severity: Severity,
) -> Result<(), Refusal> {
    let summary = text_of(summary, "summary")?;
    if summary.is_empty() {
        return Err(Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("summary".into()),
        });
    }
    let record = state.store.record(conversation_id).await?;
    let (c, created) = state
        .store
        .raise_complaint(NewComplaint {
            site: &record.site,
            conversation_id,
            category: record.category.as_deref(),
            summary: &summary,
            severity,
            team_id: record.team_id,
            raised_by: Some(agent.id),
            now: state.clock.now(),
        })
        .await?;
    if created {
        audit::record(
            state,
            audit::Entry::by(agent, "complaint_raised")
                .conversation(&c.site, conversation_id)
                .detail(serde_json::json!({ "complaint": c.id, "severity": severity.as_str() })),
        )
        .await;
        publish(state, &c).await;
    }
    Ok(())
}

/// What staff do with a complaint: take its next step, or hand it to
/// another owner; with a note.
#[derive(Debug, Clone, Default)]
pub struct Act {
    /// The step to take (`None`: only a change of owner or severity).
    pub step: Option<Step>,
    /// The result (to resolve).
    pub result: String,
    /// The root cause key (to close).
    pub root_cause: Option<String>,
    /// A new owner.
    pub owner_id: Option<i64>,
    /// A new severity.
    pub severity: Option<Severity>,
    /// A further conversation of the same customer to link (alone).
    pub link: Option<i64>,
    /// What they write.
    pub note: String,
}

/// Takes `act` on complaint `id` for `agent`: refused (`not_found`) when
/// the access rule hides it, `invalid_transition` out of order.
pub async fn act(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
    id: i64,
    act: Act,
) -> Result<ComplaintRecord, Refusal> {
    let c = match state.store.complaint(id).await {
        Ok(c) if may_work_on(viewer, &c) => c,
        Ok(_) | Err(StoreError::NotFound) => {
            tracing::warn!(
                agent = agent.id,
                complaint = id,
                "complaint outside the agent's reach"
            );
            return Err(ErrorCode::NotFound.into());
        }
        Err(e) => return Err(e.into()),
    };
    let note = text_of(&act.note, "note")?;
    let now = state.clock.now();
    if let Some(other) = act.link {
        link(state, agent, viewer, &c, other, now).await?;
        let saved = state.store.complaint(id).await?;
        publish(state, &saved).await;
        return Ok(saved);
    }
    let mut next = c.clone();
    let action = match act.step {
        Some(step) => {
            let result = text_of(&act.result, "result")?;
            let causes: Vec<String> = root_causes(state, &c.site)
                .await?
                .into_iter()
                .map(|r| r.key)
                .collect();
            next.steps = take(
                &c.steps,
                step,
                &result,
                act.root_cause.as_deref(),
                &causes,
                now,
            )
            .map_err(|e| match e {
                StepError::OutOfOrder => Refusal::from(ErrorCode::InvalidTransition),
                StepError::ResultMissing => Refusal {
                    code: ErrorCode::InvalidFrame,
                    field: Some("result".into()),
                },
                StepError::RootCauseInvalid => Refusal {
                    code: ErrorCode::InvalidFrame,
                    field: Some("root_cause".into()),
                },
            })?;
            match step {
                // Whoever registers it owns it, unless an owner is named.
                Step::Registered => next.owner_id = act.owner_id.or(Some(agent.id)),
                Step::Resolved => next.result = result,
                Step::Closed => next.root_cause = act.root_cause.clone(),
                _ => {}
            }
            step.as_str().to_owned()
        }
        None => "owner".to_owned(),
    };
    if act.step != Some(Step::Registered)
        && let Some(owner) = act.owner_id
    {
        crate::services::desk_access::holder_of(state, agent, c.conversation_id, owner).await?;
        next.owner_id = Some(owner);
    }
    if let Some(s) = act.severity {
        next.severity = s;
    }
    let step = ComplaintStep {
        action,
        agent_id: Some(agent.id),
        agent_name: None,
        at: now,
        note,
    };
    let saved = match state.store.update_complaint(&next, &step).await {
        Ok(s) => s,
        Err(StoreError::Conflict) => return Err(ErrorCode::InvalidTransition.into()),
        Err(e) => return Err(e.into()),
    };
    audit::record(
        state,
        audit::Entry::by(agent, "complaint_step")
            .conversation(&c.site, c.conversation_id)
            .detail(serde_json::json!({
                "complaint": c.id,
                "step": step.action,
                "owner": saved.owner_id,
                "root_cause": saved.root_cause,
            })),
    )
    .await;
    publish(state, &saved).await;
    Ok(saved)
}

/// Links conversation `other` to complaint `c`: one of the same customer
/// on the same site that the agent works on, belonging to no complaint yet.
async fn link(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
    c: &ComplaintRecord,
    other: i64,
    now: i64,
) -> Result<(), Refusal> {
    let wrong = || Refusal {
        code: ErrorCode::InvalidFrame,
        field: Some("link".into()),
    };
    let place = match state.store.placement(other).await {
        Ok(p) if viewer.access(&p) == crate::domain::access::Access::Full => p,
        Ok(_) | Err(StoreError::NotFound) => return Err(ErrorCode::NotFound.into()),
        Err(e) => return Err(e.into()),
    };
    let (_, customer) = state.store.conversation_visitor(c.conversation_id).await?;
    let (_, theirs) = state.store.conversation_visitor(other).await?;
    if place.site != c.site || customer != theirs || other == c.conversation_id {
        return Err(wrong());
    }
    match state.store.link_complaint(c.id, other, agent.id, now).await {
        Ok(()) => {}
        Err(StoreError::Conflict) => return Err(wrong()),
        Err(e) => return Err(e.into()),
    }
    audit::record(
        state,
        audit::Entry::by(agent, "complaint_linked")
            .conversation(&c.site, other)
            .detail(serde_json::json!({ "complaint": c.id })),
    )
    .await;
    Ok(())
}

/// Tells the desks concerned that a complaint changed.
async fn publish(state: &AppState, c: &ComplaintRecord) {
    let view = view(state, c, state.clock.now()).await;
    state.hub.publish_desks(HubEvent::Complaint(Box::new(view)));
}

/// Raises every complaint alert due at `now` (before and at each deadline,
/// once each, to the desks concerned and addressed to the owner and the
/// team's supervisor and on-call person); returns when the next falls due.
pub async fn alert_due(state: &AppState, now: i64) -> Result<Option<i64>, StoreError> {
    let open = state
        .store
        .complaints(&crate::storage::ComplaintQuery {
            open_only: true,
            limit: 5_000,
            ..Default::default()
        })
        .await?;
    let mut next: Option<i64> = None;
    let mut soonest = |t: i64| {
        if t > now {
            next = Some(next.map_or(t, |n: i64| n.min(t)));
        }
    };
    for c in &open {
        let clocks = clocks(state, c, now).await;
        for d in clocks.iter().filter(|d| d.done_at.is_none()) {
            d.warn_at.into_iter().chain(d.due_at).for_each(&mut soonest);
            let breached = match d.standing {
                parley_app::complaints::Standing::Overdue => true,
                parley_app::complaints::Standing::DueSoon => false,
                _ => continue,
            };
            if !state
                .store
                .mark_complaint_alert(c.id, d.clock.as_str(), breached, now)
                .await?
            {
                continue;
            }
            let mut notify: Vec<i64> = c.owner_id.into_iter().collect();
            if let Some(team) = c.team_id
                && let Ok(t) = site_rules::team(state, &c.site, team).await
            {
                notify.extend(t.supervisor_id);
                notify.extend(t.on_call_id);
            }
            tracing::warn!(
                complaint = c.id,
                clock = d.clock.as_str(),
                breached,
                "complaint deadline"
            );
            state.hub.publish_desks(HubEvent::ComplaintAlert {
                complaint_id: c.id,
                conversation_id: c.conversation_id,
                clock: d.clock,
                breached,
                due_at: d.due_at.unwrap_or(now),
                notify,
            });
        }
    }
    Ok(next)
}
