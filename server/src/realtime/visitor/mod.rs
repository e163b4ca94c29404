//! `/ws/visitor`: the customer widget's session.
//!
//! Order of a session: origin check at the handshake → `hello` (site key,
//! optional signed token, last `seq`) → `welcome` with a fresh token → the
//! backlog after `last_seq` → live traffic. The room is subscribed *before* the
//! backlog is read, and live messages at or below the last forwarded `seq` are
//! skipped, so a reconnecting client gets every message exactly once, in order.
//!
//! `mod.rs` (here): the handshake and the run loop; `hello.rs`: the first
//! frame; `session.rs`: the connection's state and shared helpers;
//! `frames.rs`: the frames after `hello`.

use std::sync::Arc;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use futures_util::stream::SplitStream;
use parley_app::error::ErrorCode;
use parley_app::protocol::{ConversationStatus, VisitorEvent};
use tokio::sync::broadcast::error::RecvError;

use super::wire::{self, Tx};
use crate::error::ApiError;
use crate::events::{HubEvent, HubReceiver};
use crate::services::routing;
use crate::state::AppState;

mod frames;
mod hello;
mod session;

use hello::hello;
use session::{Flow, Session};

/// Handshake: refuses foreign origins before upgrading.
pub async fn handler(
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
) -> Response {
    if !wire::origin_allowed(&headers, &state.settings.public_origin) {
        tracing::warn!(origin = ?headers.get("origin"), "visitor socket from a foreign origin refused");
        return ApiError::new(StatusCode::FORBIDDEN, ErrorCode::OriginForbidden).into_response();
    }
    let ip = Some(state.client_ip(peer, &headers));
    wire::limits(ws).on_upgrade(move |socket| run(socket, state, ip))
}

/// A widget's connection, from `hello` to its end. Work a frame or an event
/// sets off runs in a boxed future of its own: held inline, the deepest of
/// them (a message's workflow step) sized every idle socket's task (10.6 KB
/// of state in a debug build, most of an idle socket's memory).
async fn run(socket: WebSocket, state: AppState, ip: Option<String>) {
    let Some((mut session, mut tx, mut rx)) = Box::pin(start(socket, state, ip)).await else {
        return;
    };
    let mut ping = tokio::time::interval(wire::PING_EVERY);
    ping.tick().await;
    loop {
        let flow = tokio::select! {
            incoming = rx.next() => match incoming {
                None | Some(Ok(Message::Close(_))) => break,
                Some(Ok(Message::Text(text))) => Box::pin(session.frame(&mut tx, text.as_str())).await,
                Some(Ok(Message::Binary(_))) => Box::pin(session.bad_frame(&mut tx, ErrorCode::InvalidFrame)).await,
                Some(Ok(_)) => Flow::Continue,
                Some(Err(e)) => match wire::read_error_code(&e) {
                    Some(code) => Flow::Close(code),
                    None => break,
                },
            },
            event = recv(&mut session.room) => match event {
                Ok(event) => Box::pin(session.forward(&mut tx, &event)).await,
                Err(RecvError::Lagged(_)) => Flow::Close(ErrorCode::Lagged),
                Err(RecvError::Closed) => { session.room = None; Flow::Continue }
            },
            _ = ping.tick() => {
                if futures_util::SinkExt::send(&mut tx, Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
                Flow::Continue
            }
        };
        match flow {
            Flow::Continue => {}
            Flow::Close(code) => {
                tracing::warn!(%code, visitor = %session.visitor_id, "closing visitor socket");
                Box::pin(refuse(&mut tx, &mut rx, code)).await;
                break;
            }
        }
    }
    if let Err(code) = Box::pin(session.flush_received()).await {
        tracing::warn!(%code, "last receipt of a closing visitor socket not written");
    }
    if let Some(c) = session.conversation.as_ref().filter(|_| session.typing_on) {
        session.state.hub.publish(
            c.id,
            HubEvent::CustomerTyping {
                conversation_id: c.id,
                on: false,
            },
        );
    }
}

/// The handshake's first frame: a session after a good `hello`, else the
/// refusal sent and `None`.
async fn start(
    socket: WebSocket,
    state: AppState,
    ip: Option<String>,
) -> Option<(Session, Tx, SplitStream<WebSocket>)> {
    let (mut tx, mut rx) = socket.split();
    let first = match tokio::time::timeout(wire::HELLO_TIMEOUT, rx.next()).await {
        Ok(Some(Ok(Message::Text(t)))) => t,
        Ok(Some(Err(e))) => {
            if let Some(code) = wire::read_error_code(&e) {
                tracing::warn!(%code, "visitor socket refused before hello");
                wire::close(&mut tx, code).await;
                wire::linger(&mut rx).await;
            }
            return None;
        }
        Ok(None) => return None,
        _ => {
            refuse(&mut tx, &mut rx, ErrorCode::HelloRequired).await;
            return None;
        }
    };
    let session = match hello(&state, &mut tx, first.as_str(), ip.as_deref()).await {
        Ok(s) => s,
        Err(code) => {
            tracing::warn!(%code, "visitor hello refused");
            refuse(&mut tx, &mut rx, code).await;
            return None;
        }
    };
    if session.conversation.as_ref().is_some_and(|c| {
        matches!(
            c.status,
            ConversationStatus::Received | ConversationStatus::Reopened
        )
    }) {
        // Still waiting for an owner: a round tells the customer where they stand.
        routing::spawn_dispatch(&state, &session.site);
    }
    Some((session, tx, rx))
}

/// Ends the connection with `code`: its error frame, then the close.
async fn refuse(tx: &mut Tx, rx: &mut SplitStream<WebSocket>, code: ErrorCode) {
    let refusal = VisitorEvent::Error {
        code,
        client_id: None,
        field: None,
    };
    wire::end_with(tx, rx, &refusal, code).await;
}

async fn recv(room: &mut Option<HubReceiver>) -> Result<Arc<HubEvent>, RecvError> {
    match room {
        Some(r) => r.recv().await,
        None => std::future::pending().await,
    }
}
