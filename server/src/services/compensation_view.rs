//! Compensation as the desk shows it: a ledger line with its proposer's and
//! decider's names, and, while it waits, who is asked now and by when (the
//! approval chain of its conversation's team, [`domain::compensation`]).
//! Used by the case panel, the desk's snapshot and the compensation steps.
//!
//! [`domain::compensation`]: crate::domain::compensation

use parley_app::compensation::{Amount, CompensationView, DecisionView};
use parley_app::protocol::AgentProfile;

use crate::domain::access::Viewer;
use crate::domain::compensation::{
    Approver, Authority, Chain, ChainTeam, Money, addressed, approval_stage, chain,
};
use crate::services::site_rules;
use crate::state::AppState;
use crate::storage::{CompensationRecord, StoreError};

/// Proposals of one conversation shown in its case panel.
pub const PANEL_LIMIT: i64 = 50;

/// Waiting proposals the watcher and the desks' snapshots look at.
pub const WAITING_LIMIT: i64 = 1_000;

/// The level a proposal waits for.
pub fn approver(record: &CompensationRecord) -> Approver {
    if record.major {
        Approver::Management
    } else {
        Approver::Senior
    }
}

fn amount(m: &Money) -> Amount {
    Amount {
        minor: m.minor,
        currency: m.currency.clone(),
        exponent: m.exponent,
    }
}

/// The approval chain of the conversation a proposal settles.
pub async fn chain_of(
    state: &AppState,
    staff: &[AgentProfile],
    site: &str,
    conversation_id: i64,
) -> Result<Chain, StoreError> {
    let place = state.store.placement(conversation_id).await?;
    let team = match place.team_id {
        Some(id) => {
            let t = site_rules::team(state, site, id).await?;
            Some(ChainTeam {
                id: t.id,
                supervisor_id: t.supervisor_id,
                on_call_id: t.on_call_id,
            })
        }
        None => None,
    };
    Ok(chain(staff, site, team))
}

/// The view of `record` at `now`, with its chain (for a waiting one).
pub fn view(
    record: &CompensationRecord,
    staff: &[AgentProfile],
    chain: &Chain,
    now: i64,
) -> CompensationView {
    let name = |id: i64| {
        staff
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_default()
    };
    let waiting = record
        .decision
        .is_none()
        .then(|| approval_stage(record.proposed_at, approver(record), now));
    CompensationView {
        id: record.id,
        site: record.site.clone(),
        conversation_id: record.conversation_id,
        kind: record.kind,
        amount: amount(&record.amount),
        reference: amount(&record.reference),
        rate_micros: record.rate_micros,
        major: record.major,
        reason: record.reason.clone(),
        proposed_by: record.proposed_by,
        proposed_by_name: name(record.proposed_by),
        proposed_at: record.proposed_at,
        stage: waiting.map(|(stage, _)| stage),
        answer_by: waiting.map(|(_, by)| by),
        approvers: waiting
            .map(|(stage, _)| addressed(chain, approver(record), stage))
            .unwrap_or_default(),
        decision: record.decision.as_ref().map(|d| DecisionView {
            outcome: d.outcome,
            minor: d.minor,
            reference_minor: d.reference_minor,
            decided_by: d.decided_by,
            decided_by_name: name(d.decided_by),
            decided_at: d.decided_at,
            reason: d.reason.clone(),
        }),
    }
}

/// The view of `record` now, reading its chain and the staff names.
pub async fn view_now(
    state: &AppState,
    record: &CompensationRecord,
) -> Result<CompensationView, StoreError> {
    let staff = state.store.agents().await?;
    let chain = chain_of(state, &staff, &record.site, record.conversation_id).await?;
    Ok(view(record, &staff, &chain, state.clock.now()))
}

/// The proposals of conversation `id` (of `site`), newest first.
pub async fn of_conversation(
    state: &AppState,
    site: &str,
    id: i64,
) -> Result<Vec<CompensationView>, StoreError> {
    let records = state
        .store
        .compensations(site, Some(id), PANEL_LIMIT)
        .await?;
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let staff = state.store.agents().await?;
    let chain = chain_of(state, &staff, site, id).await?;
    let now = state.clock.now();
    Ok(records
        .iter()
        .map(|r| view(r, &staff, &chain, now))
        .collect())
}

/// The site's authority as the desk shows it.
pub async fn authority_view(
    state: &AppState,
    site: &str,
) -> Result<parley_app::protocol::AuthorityView, StoreError> {
    let Authority {
        currency,
        exponent,
        junior,
        mid,
    } = state.store.compensation_authority(site).await?;
    Ok(parley_app::protocol::AuthorityView {
        currency,
        exponent,
        junior,
        mid,
        limit: None,
    })
}

/// Whether `viewer` hears of a proposal: they see its conversation, or it
/// is addressed to them, or they are an admin of its site.
pub fn hears_of(viewer: &Viewer, view: &CompensationView, sees_conversation: bool) -> bool {
    viewer.serves_site(&view.site)
        && (sees_conversation || view.approvers.contains(&viewer.id) || viewer.is_admin())
}

/// The waiting proposals addressed to `viewer` now (or, for an admin,
/// every waiting one of their sites), oldest first.
pub async fn waiting_for(
    state: &AppState,
    viewer: &Viewer,
) -> Result<Vec<CompensationView>, StoreError> {
    let waiting = state.store.waiting_compensations(WAITING_LIMIT).await?;
    let mut out = Vec::new();
    if waiting.is_empty() || !viewer.approves() && !may_be_on_call(viewer) {
        return Ok(out);
    }
    let staff = state.store.agents().await?;
    let now = state.clock.now();
    for r in waiting.iter().filter(|r| viewer.serves_site(&r.site)) {
        let chain = chain_of(state, &staff, &r.site, r.conversation_id).await?;
        let v = view(r, &staff, &chain, now);
        if v.approvers.contains(&viewer.id) || viewer.is_admin() {
            out.push(v);
        }
    }
    Ok(out)
}

/// On-call people may be senior agents: anyone above mid may be asked.
fn may_be_on_call(viewer: &Viewer) -> bool {
    viewer.role == parley_app::protocol::StaffRole::Senior
}
