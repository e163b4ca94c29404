//! Break-glass access (R-SEC2): a staff member asks to read a conversation
//! the access rule hides from them, with a reason; a supervisor or admin
//! who fully sees it (never the requester) approves for a while or denies.
//! Each step is checked ([`may_decide_access`]), logged, audited and shown
//! to the desks concerned — here, below every frame that uses it.

use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::domain::access::{Viewer, may_decide_access};
use crate::events::HubEvent;
use crate::services::audit;
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::StoreError;

/// Longest break-glass access.
pub const MAX_GRANT_MINUTES: u32 = 240;
/// Break-glass access when the approver does not say.
pub const DEFAULT_GRANT_MINUTES: u32 = 60;
/// Longest reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// Asks for view-only access to conversation `conversation_id` of one of
/// the requester's sites (others are `not_found`: their existence is not
/// revealed).
pub async fn request(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
    conversation_id: i64,
    reason: &str,
) -> Result<(), Refusal> {
    let reason = parley_app::redact::masked(reason.trim());
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("reason".into()),
        });
    }
    let place = match state.store.placement(conversation_id).await {
        Ok(p) if viewer.serves_site(&p.site) => p,
        Ok(_) | Err(StoreError::NotFound) => return Err(ErrorCode::NotFound.into()),
        Err(e) => return Err(e.into()),
    };
    let now = state.clock.now();
    let id = state
        .store
        .create_access_request(agent.id, conversation_id, &reason, now)
        .await?;
    let request = state.store.access_request(id).await?;
    tracing::warn!(
        agent = agent.id,
        conversation = conversation_id,
        request = request.id,
        "break-glass access requested"
    );
    audit::record(
        state,
        audit::Entry::by(agent, "break_glass_requested")
            .conversation(&place.site, conversation_id)
            .detail(serde_json::json!({ "request": request.id, "reason": reason })),
    )
    .await;
    state
        .hub
        .publish_desks(HubEvent::AccessRequest(Box::new(request)));
    Ok(())
}

/// Approves (for `minutes`, 0 meaning the default, at most the maximum) or
/// denies request `request_id`.
pub async fn decide(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
    request_id: i64,
    approve: bool,
    minutes: u32,
) -> Result<(), Refusal> {
    let request = state.store.access_request(request_id).await?;
    let place = state.store.placement(request.conversation_id).await?;
    if !may_decide_access(viewer, &place, request.agent_id) {
        tracing::warn!(
            agent = agent.id,
            request = request_id,
            "break-glass decision by someone who may not decide it"
        );
        return Err(ErrorCode::Forbidden.into());
    }
    let now = state.clock.now();
    let minutes = match minutes {
        0 => DEFAULT_GRANT_MINUTES,
        m => m.min(MAX_GRANT_MINUTES),
    };
    let expires = approve.then(|| now + i64::from(minutes) * 60_000);
    let decided = state
        .store
        .decide_access(request_id, agent.id, approve, expires, now)
        .await?;
    let action = if approve {
        "break_glass_approved"
    } else {
        "break_glass_denied"
    };
    tracing::warn!(
        agent = agent.id,
        request = request_id,
        approve,
        minutes,
        "break-glass decision"
    );
    audit::record(
        state,
        audit::Entry::by(agent, action)
            .conversation(&place.site, request.conversation_id)
            .detail(serde_json::json!({
                "request": request_id,
                "for": request.agent_id,
                "until": expires,
            })),
    )
    .await;
    state
        .hub
        .publish_desks(HubEvent::AccessRequest(Box::new(decided)));
    Ok(())
}
