//! `/ws/desk`: a signed-in agent's live session.
//!
//! Authenticated by the session cookie at the handshake (and the `Origin` must
//! be ours, which stops cross-site websocket hijacking). Receives every
//! conversation event it may hear of; `open` loads a conversation's messages
//! after a `seq`.
//!
//! - `mod.rs` (here): the handshake and the run loop, generic over the
//!   socket's two halves ([`wire::Outgoing`], [`wire::Incoming`]) so that
//!   a session can be driven through channels in tests as well as through
//!   the real server;
//! - `session.rs`: the connection's state and the helpers handlers share;
//! - `frames/`: one file per frame, behind a dispatcher that checks access;
//! - `forward.rs`: hub events to this desk.
//!
//! What a desk starts from (the `welcome` snapshot) is assembled in
//! `services::desk`. Nothing here imports from `http`.

use axum::extract::State;
use axum::extract::ws::{Message, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use futures_util::{SinkExt, StreamExt};
use parley_app::error::ErrorCode;
use parley_app::protocol::{
    AgentProfile, DESK_FRAME_TYPES, DeskEvent, DeskFrame, PROTOCOL_VERSION, decode,
};
use tokio::sync::broadcast::error::RecvError;

use super::wire::{self, Incoming, Outgoing};
use crate::domain::access::Viewer;
use crate::error::{ApiError, store_code};
use crate::events::HubReceiver;
use crate::services::staff_session::agent_from_headers;
use crate::services::{desk, desk_access};
use crate::state::AppState;

mod forward;
mod frames;
pub mod session;
#[cfg(test)]
pub(crate) mod tests;

pub use session::Flow;
use session::{DeskPresence, Session};

/// Handshake: origin and session cookie are checked before upgrading.
pub async fn handler(
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    State(state): State<AppState>,
) -> Result<Response, ApiError> {
    if !wire::origin_allowed(&headers, &state.settings.public_origin) {
        tracing::warn!(origin = ?headers.get("origin"), "desk socket from a foreign origin refused");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginForbidden,
        ));
    }
    let Some((agent, token_hash)) = agent_from_headers(&state, &headers).await? else {
        tracing::warn!("desk socket without a valid session refused");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
        ));
    };
    let viewer = desk_access::viewer(&state, agent.id).await?;
    Ok(wire::limits(ws).on_upgrade(move |socket| {
        let (tx, rx) = socket.split();
        run(tx, rx, state, agent, viewer, token_hash)
    }))
}

/// Why a first frame is not an acceptable `hello`, if it is not.
fn hello_refusal(first: &Option<Result<Message, axum::Error>>) -> Option<ErrorCode> {
    match first {
        Some(Ok(Message::Text(t))) => match decode::<DeskFrame>(t.as_str(), DESK_FRAME_TYPES) {
            Ok(DeskFrame::Hello { v }) if v == PROTOCOL_VERSION => None,
            Ok(DeskFrame::Hello { .. }) => Some(ErrorCode::UnsupportedVersion),
            _ => Some(ErrorCode::HelloRequired),
        },
        Some(Err(e)) => Some(wire::read_error_code(e).unwrap_or(ErrorCode::HelloRequired)),
        _ => Some(ErrorCode::HelloRequired),
    }
}

/// Sends what the session queued; `Err` when the peer is gone.
async fn flush(tx: &mut impl Outgoing, session: &mut Session) -> Result<(), ()> {
    for event in session.take_out() {
        wire::send(tx, &event).await?;
    }
    Ok(())
}

/// Runs a desk session for `agent` over a socket's two halves: `hello`,
/// the `welcome` snapshot, then frames, hub events and pings until the
/// socket closes or the session ends.
pub async fn run(
    mut tx: impl Outgoing,
    mut rx: impl Incoming,
    state: AppState,
    agent: AgentProfile,
    viewer: Viewer,
    token_hash: String,
) {
    let first = tokio::time::timeout(wire::HELLO_TIMEOUT, rx.next())
        .await
        .unwrap_or(None);
    if let Some(code) = hello_refusal(&first) {
        tracing::warn!(%code, agent = agent.id, "desk hello refused");
        let refusal = DeskEvent::Error {
            code,
            client_id: None,
            field: None,
        };
        wire::end_with(&mut tx, &mut rx, &refusal, code).await;
        return;
    }
    // Subscribe before reading the list so nothing falls between the two.
    let mut events: HubReceiver = state.hub.subscribe_desk();
    let (_presence, first_desk) = DeskPresence::enter(&state, agent.id);
    let (welcome, places) = match desk::snapshot(&state, &agent, &viewer, false).await {
        Ok(v) => v,
        Err(e) => {
            wire::close(&mut tx, store_code(e)).await;
            return;
        }
    };
    if wire::send(&mut tx, &welcome).await.is_err() {
        return;
    }
    let mut session = Session::new(state, agent, viewer, token_hash, places);
    if first_desk {
        desk_access::presence_changed(&session.state, session.agent.id);
    }
    let mut ping = tokio::time::interval(wire::PING_EVERY);
    ping.tick().await;
    loop {
        let flow = tokio::select! {
            incoming = rx.next() => match incoming {
                None | Some(Ok(Message::Close(_))) => break,
                Some(Ok(Message::Text(text))) => session.frame(text.as_str()).await,
                Some(Ok(Message::Binary(_))) => session.bad_frame(ErrorCode::InvalidFrame).await,
                Some(Ok(_)) => Flow::Continue,
                Some(Err(e)) => match wire::read_error_code(&e) {
                    Some(code) => Flow::Close(code),
                    None => break,
                },
            },
            event = events.recv() => match event {
                Ok(event) => session.forward(&event).await,
                Err(RecvError::Lagged(missed)) => {
                    // Fell behind the live events: a fresh snapshot on the
                    // same socket instead of a disconnect (the desk then asks
                    // again for its list and open conversation).
                    tracing::warn!(agent = session.agent.id, missed, "desk fell behind: resynchronising");
                    events = session.state.hub.subscribe_desk();
                    session.resync().await
                }
                Err(RecvError::Closed) => break,
            },
            _ = ping.tick() => {
                if tx.send(Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
                session.still_signed_in().await
            }
        };
        if flush(&mut tx, &mut session).await.is_err() {
            break;
        }
        if let Flow::Close(code) = flow {
            tracing::warn!(%code, agent = session.agent.id, "closing desk socket");
            wire::end_with(
                &mut tx,
                &mut rx,
                &DeskEvent::Error {
                    code,
                    client_id: None,
                    field: None,
                },
                code,
            )
            .await;
            break;
        }
    }
}
