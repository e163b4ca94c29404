//! Who at a desk may do what with which conversation, against what is
//! stored: the access check every desk frame goes through (refusals logged
//! and audited), what a viewer may see now (grants expire), whether a desk's
//! session still holds, who may hold a conversation, and an agent's
//! presence told to every desk. The rules themselves are
//! [`crate::domain::access`]; this module loads what they need.

use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::domain::access::{Access, Placement, Viewer, may_decide_access, may_hold};
use crate::events::HubEvent;
use crate::services::workflow::Refusal;
use crate::services::{audit, routing};
use crate::state::AppState;
use crate::storage::StoreError;

/// What `agent_id` may see now.
pub async fn viewer(state: &AppState, agent_id: i64) -> Result<Viewer, StoreError> {
    state.store.viewer(agent_id, state.clock.now()).await
}

/// Where conversation `id` sits (site, team, holder, customer).
pub async fn placement(state: &AppState, id: i64) -> Result<Placement, StoreError> {
    state.store.placement(id).await
}

/// Checks that `agent` (seeing what `viewer` may) may act on conversation
/// `id` with `need`. A read-only answer is checked again against a fresh
/// viewer (grants expire), which then replaces `viewer`. Refusals are
/// logged and audited; another site's conversations are `not_found` (their
/// existence is not revealed).
pub async fn authorize(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &mut Viewer,
    id: i64,
    need: Access,
) -> Result<(Placement, Access), Refusal> {
    let place = state.store.placement(id).await?;
    let mut access = viewer.access(&place);
    if access == Access::ReadOnly {
        match self::viewer(state, agent.id).await {
            Ok(v) => *viewer = v,
            Err(e) => tracing::error!(error = %e, "refreshing a desk's visibility"),
        }
        access = viewer.access(&place);
    }
    if access >= need {
        return Ok((place, access));
    }
    let code = if !viewer.serves_site(&place.site) {
        ErrorCode::NotFound
    } else if access == Access::ReadOnly {
        ErrorCode::ReadOnly
    } else {
        ErrorCode::ConversationForbidden
    };
    tracing::warn!(agent = agent.id, conversation = id, %code, "conversation access refused");
    audit::record(
        state,
        audit::Entry::by(agent, "access_refused")
            .conversation(&place.site, id)
            .detail(serde_json::json!({ "code": code.as_str() })),
    )
    .await;
    Err(Refusal { code, field: None })
}

/// Whether `viewer` may hear of a break-glass request by `requester` for
/// conversation `id`: its requester, or who may decide it.
pub async fn hears_of_request(state: &AppState, viewer: &Viewer, id: i64, requester: i64) -> bool {
    if requester == viewer.id {
        return true;
    }
    match state.store.placement(id).await {
        Ok(p) => may_decide_access(viewer, &p, requester),
        Err(_) => false,
    }
}

/// When `agent_id`'s view-only access to `conversation_id` ends, if they
/// have an approved grant.
pub async fn grant_end(state: &AppState, agent_id: i64, conversation_id: i64) -> Option<i64> {
    let now = state.clock.now();
    state
        .store
        .open_access_requests(now)
        .await
        .ok()?
        .into_iter()
        .filter(|r| {
            r.agent_id == agent_id && r.conversation_id == conversation_id && r.status == "approved"
        })
        .filter_map(|r| r.expires_at)
        .max()
}

/// Whether agent `agent_id` exists and works for the site of
/// `conversation_id` (a transfer's new assignee, a dedicated owner); staff
/// of other sites are `not_found`.
pub async fn holder_of(
    state: &AppState,
    actor: &AgentProfile,
    conversation_id: i64,
    agent_id: i64,
) -> Result<(), Refusal> {
    let record = state.store.record(conversation_id).await?;
    let agent = state.store.agent(agent_id).await?;
    if may_hold(&agent.sites, &record.site) {
        Ok(())
    } else {
        tracing::warn!(
            agent = actor.id,
            conversation = conversation_id,
            holder = agent_id,
            "agent of another site refused as holder"
        );
        Err(ErrorCode::NotFound.into())
    }
}

/// Whether the desk session `token_hash` still holds (not revoked, expired
/// or idle); an open desk counts as activity, so it is kept from idling
/// out. `None` when storage could not tell.
pub async fn session_holds(state: &AppState, token_hash: &str) -> Option<bool> {
    let now = state.clock.now();
    match state.store.session(token_hash, now).await {
        Ok(Some(_)) => {
            let _ = state.store.touch_session(token_hash, now).await;
            Some(true)
        }
        Ok(None) => Some(false),
        Err(e) => {
            tracing::error!(error = %e, "checking a desk's session");
            None
        }
    }
}

/// Tells every desk an agent's presence or availability changed and re-runs
/// routing (a new seat, or one fewer).
pub fn presence_changed(state: &AppState, agent_id: i64) {
    let state = state.clone();
    tokio::spawn(async move {
        match state.store.agent(agent_id).await {
            Ok(mut profile) => {
                profile.connected = state.is_connected(profile.id);
                state.hub.publish_desks(HubEvent::Staff(profile));
            }
            Err(e) => tracing::error!(error = %e, "profile after a presence change"),
        }
        routing::dispatch_all(&state).await;
    });
}

/// Sets whether `agent` takes conversations now; every desk hears of it and
/// routing runs again.
pub async fn set_availability(
    state: &AppState,
    agent: &AgentProfile,
    availability: parley_app::protocol::Availability,
) -> Result<(), StoreError> {
    state.store.set_availability(agent.id, availability).await?;
    tracing::info!(
        agent = agent.id,
        availability = availability.as_str(),
        "availability"
    );
    presence_changed(state, agent.id);
    Ok(())
}
