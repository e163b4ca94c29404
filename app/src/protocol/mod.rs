//! The Parley websocket protocol, version 1: the one definition shared by the
//! WASM widget, the WASM desk, the server and any non-Leptos client.
//!
//! Every frame is a JSON text frame of the form `{"type": "...", ...}`.
//! Two endpoints speak it:
//! * `/ws/visitor` — the customer widget ([`VisitorFrame`] in, [`VisitorEvent`] out);
//! * `/ws/desk` — the staff desk, cookie-authenticated ([`DeskFrame`] in, [`DeskEvent`] out).
//!
//! Delivery guarantees rest on two numbers carried by every message: the
//! client-generated `client_id` (idempotency key: re-sending it never creates a
//! second message) and the per-conversation `seq`, assigned by the server when
//! the message is durably stored. An `ack` is sent only after that. A client
//! that reconnects says the last `seq` it holds and receives exactly what it
//! missed (see [`crate::timeline`]).
//!
//! This module must not depend on Leptos, the browser or the server.
//!
//! - `mod.rs` (here): the version, the limits, decoding and validation;
//! - `views.rs`: the data both ends share;
//! - `visitor.rs`, `desk.rs`: each endpoint's frames and events.

use crate::error::ErrorCode;
pub mod desk;
#[cfg(all(target_arch = "wasm32", feature = "browser"))]
mod js;
pub mod views;
pub mod visitor;

pub use desk::*;
pub use views::*;
pub use visitor::*;

pub use crate::lifecycle::{
    ClockKind, ClockPhase, ConversationStatus, Priority, StatusAction, Tier,
};

/// The protocol version spoken by this build.
pub const PROTOCOL_VERSION: u16 = 1;
/// Longest message body, in characters (Unicode scalar values).
pub const MAX_BODY_CHARS: usize = 4000;
/// Largest websocket frame or message the server accepts, in bytes.
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
/// Longest accepted `client_id`.
pub const MAX_CLIENT_ID_LEN: usize = 64;

/// Why a frame could not be decoded; maps onto an [`ErrorCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON.
    InvalidJson,
    /// JSON without a known `type`.
    UnknownType,
    /// Known `type` with bad fields.
    InvalidFields,
}

impl From<DecodeError> for ErrorCode {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::InvalidJson => ErrorCode::InvalidJson,
            DecodeError::UnknownType => ErrorCode::UnknownFrameType,
            DecodeError::InvalidFields => ErrorCode::InvalidFrame,
        }
    }
}

/// Decodes a client frame, telling bad JSON, unknown types and bad fields apart.
pub fn decode<T: serde::de::DeserializeOwned>(
    text: &str,
    known_types: &[&str],
) -> Result<T, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|_| DecodeError::InvalidJson)?;
    let ty = value.get("type").and_then(|t| t.as_str());
    match ty {
        Some(t) if known_types.contains(&t) => {
            serde_json::from_value(value).map_err(|_| DecodeError::InvalidFields)
        }
        _ => Err(DecodeError::UnknownType),
    }
}

/// Checks a message body against the protocol's limits; returns it trimmed.
pub fn validate_body(body: &str) -> Result<&str, ErrorCode> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(ErrorCode::MessageEmpty);
    }
    if trimmed.chars().count() > MAX_BODY_CHARS {
        return Err(ErrorCode::MessageTooLong);
    }
    Ok(trimmed)
}

/// Checks a client id: 1..=64 chars of `[A-Za-z0-9_-]`.
pub fn validate_client_id(id: &str) -> Result<(), ErrorCode> {
    let ok = !id.is_empty()
        && id.len() <= MAX_CLIENT_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::InvalidFrame)
    }
}

#[cfg(test)]
mod tests;
