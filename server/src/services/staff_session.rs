//! Which staff member a request or a desk socket belongs to: the session
//! cookie, then a live session (idle expiry applied and audited, `last_seen`
//! refreshed now and then), then the agent. Used by the HTTP middleware and
//! the desk websocket alike, so both apply the same expiry.

use axum::http::{HeaderMap, header};
use parley_app::protocol::AgentProfile;

use crate::security::tokens::token_hash;
use crate::services::audit;
use crate::state::AppState;
use crate::storage::{SessionInfo, SessionStage, StoreResult};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "parley_session";
/// A session unused this long ends.
pub const SESSION_IDLE_MS: i64 = 30 * 60 * 1000;
/// `last_seen` is written at most this often per session.
const TOUCH_EVERY_MS: i64 = 60 * 1000;

/// The value of cookie `name` in `headers`.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The live session whose cookie is in `headers`, after idle expiry.
pub async fn session_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> StoreResult<Option<SessionInfo>> {
    let Some(token) = cookie_value(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let hash = token_hash(&token);
    let now = state.clock.now();
    let Some(session) = state.store.session(&hash, now).await? else {
        return Ok(None);
    };
    if now - session.last_seen > SESSION_IDLE_MS {
        state.store.delete_session(&hash).await?;
        tracing::info!(agent = session.agent.id, "session ended after idling");
        audit::record(state, audit::Entry::by(&session.agent, "session_expired")).await;
        return Ok(None);
    }
    if now - session.last_seen > TOUCH_EVERY_MS {
        state.store.touch_session(&hash, now).await?;
    }
    Ok(Some(session))
}

/// The fully signed-in agent whose session cookie is in `headers`.
pub async fn agent_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> StoreResult<Option<(AgentProfile, String)>> {
    Ok(session_from_headers(state, headers)
        .await?
        .filter(|s| s.stage == SessionStage::Full)
        .map(|s| (s.agent, s.token_hash)))
}

/// Tells the desks of `agent_id` that sessions ended: those whose session is
/// gone close at once.
pub fn sessions_ended(state: &AppState, agent_id: i64) {
    state
        .hub
        .publish_desks(crate::events::HubEvent::SessionsEnded { agent_id });
}
