//! Compensation on a conversation (R-CMP2): an agent proposes (kind,
//! amount and currency, reason); within their authority it is granted at
//! once, beyond it the request goes live to the approval chain (the team's
//! supervisors, after 30 minutes its on-call person, after another 30 the
//! site's admins; major complaints go to the admins from the start), who
//! approve, reduce or refuse with a reason. Every step is checked by the
//! pure rules of [`crate::domain::compensation`], kept in the append-only
//! ledger, audited, shown to the desks concerned, and the outcome is told
//! to the customer in their language (a system message with a notice).

use parley_app::compensation::{Kind, Notice, Outcome, Verdict};
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::domain::access::Viewer;
use crate::domain::compensation::{
    Decision as Rule, Money, MoneyError, Rate, Stage, approval_stage, decide, exponent_of,
    may_decide, rate_at, to_reference,
};
use crate::events::HubEvent;
use crate::services::compensation_view::{self, WAITING_LIMIT, approver, view_now};
use crate::services::workflow::Refusal;
use crate::services::{audit, notices};
use crate::state::AppState;
use crate::storage::{CompensationRecord, Decision, NewCompensation, StoreError};

/// Longest reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// Longest amount as typed.
const MAX_AMOUNT_CHARS: usize = 24;

/// A proposal as the desk sends it.
#[derive(Debug, Clone)]
pub struct Proposal {
    /// Idempotency key.
    pub client_id: String,
    /// What is given.
    pub kind: Kind,
    /// How much, as typed.
    pub amount: String,
    /// ISO 4217 code.
    pub currency: String,
    /// Why.
    pub reason: String,
    /// For a major complaint.
    pub major: bool,
}

fn field(code: ErrorCode, field: &str) -> Refusal {
    Refusal {
        code,
        field: Some(field.into()),
    }
}

/// The reason, masked (card numbers and the like) and within its limit.
fn reason_of(text: &str, required: bool) -> Result<String, Refusal> {
    let reason = parley_app::redact::masked(text.trim());
    if (required && reason.is_empty()) || reason.chars().count() > MAX_REASON_CHARS {
        return Err(field(ErrorCode::InvalidFrame, "reason"));
    }
    Ok(reason)
}

/// An amount typed in `exponent` decimals, as minor units.
fn minor_of(text: &str, exponent: u8) -> Result<i64, Refusal> {
    if text.chars().count() > MAX_AMOUNT_CHARS {
        return Err(field(ErrorCode::AmountInvalid, "amount"));
    }
    parley_app::fees::parse_decimal(text, exponent)
        .filter(|m| *m > 0 && *m <= crate::domain::compensation::MAX_MINOR)
        .ok_or_else(|| field(ErrorCode::AmountInvalid, "amount"))
}

fn money_refusal(e: MoneyError) -> Refusal {
    match e {
        MoneyError::NoRate => field(ErrorCode::RateMissing, "currency"),
        MoneyError::AmountInvalid | MoneyError::ExponentInvalid => {
            field(ErrorCode::AmountInvalid, "amount")
        }
    }
}

/// Proposes compensation on conversation `conversation_id` (the caller
/// checked the agent may work on it).
pub async fn propose(
    state: &AppState,
    agent: &AgentProfile,
    conversation_id: i64,
    p: Proposal,
) -> Result<(), Refusal> {
    parley_app::protocol::validate_client_id(&p.client_id)?;
    let reason = reason_of(&p.reason, true)?;
    let currency = p.currency.trim().to_ascii_uppercase();
    let exponent =
        exponent_of(&currency).ok_or_else(|| field(ErrorCode::CurrencyUnknown, "currency"))?;
    let amount = Money {
        minor: minor_of(&p.amount, exponent)?,
        currency,
        exponent,
    };
    let place = state.store.placement(conversation_id).await?;
    // Compensation on a major complaint is management's, whatever was ticked.
    let major = p.major
        || state
            .store
            .complaint_of(conversation_id)
            .await?
            .is_some_and(|c| c.severity == parley_app::complaints::Severity::Major);
    let authority = state.store.compensation_authority(&place.site).await?;
    let rates = state.store.rates(&place.site).await?;
    let now = state.clock.now();
    let reference_minor = to_reference(&amount, &authority, &rates, now).map_err(money_refusal)?;
    let rate_micros = (amount.currency != authority.currency)
        .then(|| rate_at(&rates, &amount.currency, now).map(|r| r.reference_micros))
        .flatten();
    let reference = Money {
        minor: reference_minor,
        currency: authority.currency.clone(),
        exponent: authority.exponent,
    };
    let (record, created) = state
        .store
        .propose(NewCompensation {
            site: &place.site,
            conversation_id,
            client_id: &p.client_id,
            kind: p.kind,
            amount: &amount,
            reference: &reference,
            rate_micros,
            major,
            reason: &reason,
            proposed_by: agent.id,
            now,
        })
        .await?;
    if created {
        tracing::info!(
            agent = agent.id,
            conversation = conversation_id,
            compensation = record.id,
            reference = record.reference.minor,
            "compensation proposed"
        );
        audit::record(
            state,
            audit::Entry::by(agent, "compensation_proposed")
                .conversation(&place.site, conversation_id)
                .detail(ledger_detail(&record)),
        )
        .await;
    }
    // A repeat of a proposal whose grant was lost (a crash between the two
    // writes) grants it now; the stored figures decide, not the repeat's.
    let rule = decide(agent.role, record.reference.minor, record.major, &authority);
    let record = match (&record.decision, rule) {
        (None, Rule::Granted) if record.proposed_by == agent.id => {
            let d = Decision {
                outcome: Outcome::Granted,
                minor: record.amount.minor,
                reference_minor: record.reference.minor,
                decided_by: agent.id,
                decided_at: now,
                reason: String::new(),
            };
            settle(state, agent, &record, &d).await?
        }
        _ => record,
    };
    publish(state, &record).await;
    Ok(())
}

/// Decides proposal `id`: approve, reduce (to `amount`) or refuse, with a
/// reason for the last two. Only someone it is addressed to (or an admin
/// of its site) with the authority for what is given decides
/// ([`may_decide`]); others get `not_approver`.
pub async fn decide_one(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
    id: i64,
    verdict: Verdict,
    amount: Option<&str>,
    reason: &str,
) -> Result<(), Refusal> {
    let record = match state.store.compensation(id).await {
        Ok(r) if viewer.serves_site(&r.site) => r,
        Ok(_) | Err(StoreError::NotFound) => return Err(ErrorCode::NotFound.into()),
        Err(e) => return Err(e.into()),
    };
    if record.decision.is_some() {
        return Err(ErrorCode::AlreadyDecided.into());
    }
    let reason = reason_of(reason, verdict != Verdict::Approve)?;
    let now = state.clock.now();
    let (outcome, minor, reference_minor) = match verdict {
        Verdict::Approve => (
            Outcome::Approved,
            record.amount.minor,
            record.reference.minor,
        ),
        Verdict::Reduce => {
            let minor = minor_of(amount.unwrap_or_default(), record.amount.exponent)?;
            if minor >= record.amount.minor {
                return Err(field(ErrorCode::AmountInvalid, "amount"));
            }
            (Outcome::Reduced, minor, reduced_reference(&record, minor)?)
        }
        Verdict::Refuse => (Outcome::Refused, 0, 0),
    };
    let authority = state.store.compensation_authority(&record.site).await?;
    let staff = state.store.agents().await?;
    let chain =
        compensation_view::chain_of(state, &staff, &record.site, record.conversation_id).await?;
    let (stage, _) = approval_stage(record.proposed_at, approver(&record), now);
    // Refusing takes the same authority as approving what was proposed.
    let weighed = reference_minor.max(if outcome == Outcome::Refused {
        record.reference.minor
    } else {
        0
    });
    if !may_decide(
        agent.id,
        agent.role,
        &chain,
        stage,
        record.proposed_by,
        weighed,
        record.major,
        &authority,
    ) {
        tracing::warn!(
            agent = agent.id,
            compensation = id,
            "compensation decision by someone who may not decide it"
        );
        return Err(ErrorCode::NotApprover.into());
    }
    let d = Decision {
        outcome,
        minor,
        reference_minor,
        decided_by: agent.id,
        decided_at: now,
        reason,
    };
    let record = settle(state, agent, &record, &d).await?;
    publish(state, &record).await;
    Ok(())
}

/// A reduced amount in the reference currency, at the proposal's own rate.
fn reduced_reference(record: &CompensationRecord, minor: i64) -> Result<i64, Refusal> {
    let authority = crate::domain::compensation::Authority {
        currency: record.reference.currency.clone(),
        exponent: record.reference.exponent,
        ..Default::default()
    };
    let rates: Vec<Rate> = record
        .rate_micros
        .map(|micros| Rate {
            currency: record.amount.currency.clone(),
            valid_from: record.proposed_at,
            reference_micros: micros,
        })
        .into_iter()
        .collect();
    let amount = Money {
        minor,
        ..record.amount.clone()
    };
    to_reference(&amount, &authority, &rates, record.proposed_at).map_err(money_refusal)
}

/// Stores decision `d`, audits it and tells the customer.
async fn settle(
    state: &AppState,
    agent: &AgentProfile,
    record: &CompensationRecord,
    d: &Decision,
) -> Result<CompensationRecord, Refusal> {
    let decided = match state.store.decide(record.id, d).await {
        Ok(r) => r,
        Err(StoreError::Conflict) => return Err(ErrorCode::AlreadyDecided.into()),
        Err(e) => return Err(e.into()),
    };
    tracing::info!(
        agent = agent.id,
        compensation = record.id,
        outcome = d.outcome.as_str(),
        "compensation decided"
    );
    audit::record(
        state,
        audit::Entry::by(agent, &format!("compensation_{}", d.outcome.as_str()))
            .conversation(&record.site, record.conversation_id)
            .detail(ledger_detail(&decided)),
    )
    .await;
    tell_customer(state, &decided).await?;
    Ok(decided)
}

/// What the audit log keeps of a ledger line.
fn ledger_detail(r: &CompensationRecord) -> serde_json::Value {
    serde_json::json!({
        "compensation": r.id,
        "kind": r.kind.as_str(),
        "amount": r.amount.minor,
        "currency": r.amount.currency,
        "reference": r.reference.minor,
        "reference_currency": r.reference.currency,
        "rate_micros": r.rate_micros,
        "major": r.major,
        "outcome": r.decision.as_ref().map(|d| d.outcome.as_str()),
        "given": r.decision.as_ref().map(|d| d.minor),
    })
}

/// Appends the outcome to the conversation as a system message the
/// customer's widget shows in their language (once: its client id is the
/// proposal's).
async fn tell_customer(state: &AppState, record: &CompensationRecord) -> Result<(), Refusal> {
    let Some(d) = &record.decision else {
        return Ok(());
    };
    let given = if d.outcome == Outcome::Refused {
        record.amount.minor
    } else {
        d.minor
    };
    let notice = Notice::Compensation {
        kind: record.kind,
        outcome: d.outcome,
        amount: parley_app::compensation::Amount {
            minor: given,
            currency: record.amount.currency.clone(),
            exponent: record.amount.exponent,
        },
    };
    let client_id = format!("compensation-{}", record.id);
    notices::tell(
        state,
        record.conversation_id,
        &client_id,
        &notice,
        d.decided_at,
    )
    .await
}

/// Shows the ledger line to the desks concerned (its conversation's, and
/// those asked to approve it).
pub async fn publish(state: &AppState, record: &CompensationRecord) {
    match view_now(state, record).await {
        Ok(view) => state
            .hub
            .publish_desks(HubEvent::Compensation(Box::new(view))),
        Err(e) => tracing::error!(error = %e, compensation = record.id, "compensation view"),
    }
}

/// Sends every waiting request whose level's 30 minutes ran out up the
/// chain (recorded once per level, audited, shown live to the newly
/// addressed); returns when the next one runs out, if any is waiting.
pub async fn escalate_due(state: &AppState, now: i64) -> Result<Option<i64>, StoreError> {
    let waiting = state.store.waiting_compensations(WAITING_LIMIT).await?;
    let mut next: Option<i64> = None;
    for r in &waiting {
        let (stage, by) = approval_stage(r.proposed_at, approver(r), now);
        if by > now {
            next = Some(next.map_or(by, |n| n.min(by)));
        }
        let reached = match stage {
            Stage::Supervisors => continue,
            Stage::OnCall => vec![Stage::OnCall],
            Stage::Management if r.major => continue,
            Stage::Management => vec![Stage::OnCall, Stage::Management],
        };
        let mut moved = false;
        for s in reached {
            if !r.escalations.iter().any(|(done, _)| *done == s) {
                moved |= state.store.escalate_compensation(r.id, s, now).await?;
            }
        }
        if moved {
            tracing::warn!(
                compensation = r.id,
                conversation = r.conversation_id,
                stage = stage.as_str(),
                "compensation approval escalated"
            );
            audit::record(
                state,
                audit::Entry::system("compensation_escalated")
                    .conversation(&r.site, r.conversation_id)
                    .detail(serde_json::json!({ "compensation": r.id, "to": stage.as_str() })),
            )
            .await;
            let r = state.store.compensation(r.id).await?;
            publish(state, &r).await;
        }
    }
    Ok(next)
}
