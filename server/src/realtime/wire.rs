//! Socket plumbing shared by both endpoints: limits, sending typed events,
//! closing with an error code, classifying read failures, origin checks.

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::HeaderMap;
use futures_util::stream::SplitSink;
use futures_util::{Sink, SinkExt, Stream};
use parley_app::error::ErrorCode;
use parley_app::protocol::MAX_FRAME_BYTES;
use serde::Serialize;

/// Per-socket read buffer: tungstenite's default (128 KiB) would cost ~133 KB
/// of RSS per idle connection; 4 KiB costs ~8 KB (see TOOLCHAIN.md).
pub const READ_BUFFER_BYTES: usize = 4 * 1024;
/// Per-socket write buffer.
pub const WRITE_BUFFER_BYTES: usize = 4 * 1024;
/// How often the server pings an idle connection.
pub const PING_EVERY: std::time::Duration = std::time::Duration::from_secs(20);
/// How long a new connection may take to say `hello`.
pub const HELLO_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// Frames read (and dropped) after closing a socket, at most.
const LINGER_FRAMES: u32 = 64;
/// Malformed frames tolerated on one connection before it is closed.
pub const MAX_BAD_FRAMES: u32 = 5;

/// The write half of a socket.
pub type Tx = SplitSink<WebSocket, Message>;

/// Where a session writes: a socket's write half, or a channel in tests.
pub trait Outgoing: Sink<Message> + Unpin + Send {}
impl<T: Sink<Message> + Unpin + Send> Outgoing for T {}

/// What a session reads: a socket's read half, or a channel in tests.
pub trait Incoming: Stream<Item = Result<Message, axum::Error>> + Unpin + Send {}
impl<T: Stream<Item = Result<Message, axum::Error>> + Unpin + Send> Incoming for T {}

/// Applies Parley's limits to an upgrade.
pub fn limits(ws: WebSocketUpgrade) -> WebSocketUpgrade {
    ws.read_buffer_size(READ_BUFFER_BYTES)
        .write_buffer_size(WRITE_BUFFER_BYTES)
        .max_write_buffer_size(MAX_FRAME_BYTES * 64)
        .max_message_size(MAX_FRAME_BYTES)
        .max_frame_size(MAX_FRAME_BYTES)
}

/// Sends one JSON event; `Err` when the peer is gone.
pub async fn send<T: Serialize>(tx: &mut impl Outgoing, event: &T) -> Result<(), ()> {
    let text = serde_json::to_string(event).map_err(|_| ())?;
    tx.send(Message::Text(text.into())).await.map_err(|_| ())
}

/// Close code used for each refusal that ends a connection.
fn close_code(code: ErrorCode) -> u16 {
    match code {
        ErrorCode::FrameTooLarge => 1009,
        ErrorCode::Internal => 1011,
        ErrorCode::Lagged => 4001,
        _ => 1008,
    }
}

/// Sends a close frame whose reason is the error code.
pub async fn close(tx: &mut impl Outgoing, code: ErrorCode) {
    let frame = CloseFrame {
        code: close_code(code),
        reason: code.as_str().into(),
    };
    let _ = tx.send(Message::Close(Some(frame))).await;
    let _ = tx.close().await;
}

/// Ends a session with an error: tells the client `event` (its error frame),
/// closes with `code` as the reason, and lingers so the close frame arrives.
pub async fn end_with<T: Serialize>(
    tx: &mut impl Outgoing,
    rx: &mut impl Incoming,
    event: &T,
    code: ErrorCode,
) {
    let _ = send(tx, event).await;
    close(tx, code).await;
    linger(rx).await;
}

/// After closing, keeps the socket open briefly so the peer can read the close
/// frame: dropping it with unread input (e.g. the rest of an oversized frame)
/// makes the kernel send a reset that can overtake the close frame.
pub async fn linger(rx: &mut impl Incoming) {
    use futures_util::StreamExt;
    let _ = tokio::time::timeout(std::time::Duration::from_millis(500), async {
        // A flooding client may have thousands of frames in flight: read a
        // few (time for the close to cross), never the whole flood.
        let mut left = LINGER_FRAMES;
        loop {
            match rx.next().await {
                Some(Ok(Message::Close(_))) => return,
                Some(Ok(_)) if left > 0 => left -= 1,
                Some(Ok(_)) => return,
                // After a read error the stream may report its end at once
                // while unread bytes remain: wait out the grace period.
                None | Some(Err(_)) => std::future::pending::<()>().await,
            }
        }
    })
    .await;
}

/// What a read error means for the client.
pub fn read_error_code(e: &axum::Error) -> Option<ErrorCode> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if let Some(tungstenite::Error::Capacity(_)) = err.downcast_ref::<tungstenite::Error>() {
            return Some(ErrorCode::FrameTooLarge);
        }
        source = err.source();
    }
    None
}

/// Checks the `Origin` of a websocket handshake. Browsers always send it; it
/// must be this server's public origin (the widget iframe and the desk are
/// served from there). Non-browser clients send none and authenticate by
/// token or cookie like everyone else.
pub fn origin_allowed(headers: &HeaderMap, public_origin: &str) -> bool {
    match headers.get(axum::http::header::ORIGIN) {
        None => true,
        Some(v) => v
            .to_str()
            .map(|o| o.eq_ignore_ascii_case(public_origin))
            .unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_rules() {
        let mut h = HeaderMap::new();
        assert!(origin_allowed(&h, "http://127.0.0.1:3000"));
        h.insert("origin", "http://127.0.0.1:3000".parse().unwrap());
        assert!(origin_allowed(&h, "http://127.0.0.1:3000"));
        h.insert("origin", "https://evil.example".parse().unwrap());
        assert!(!origin_allowed(&h, "http://127.0.0.1:3000"));
        h.insert("origin", "null".parse().unwrap());
        assert!(!origin_allowed(&h, "http://127.0.0.1:3000"));
    }
}
