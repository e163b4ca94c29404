//! Uploads and downloads of attachments (photos of damaged goods, receipts).
//!
//! * `POST /api/attachments` — the widget, with its visitor token as
//!   `Authorization: Bearer …` from Parley's own origin; the raw bytes as the
//!   body (at most 10 MiB), the claimed name in `X-File-Name` (URL-encoded).
//!   The type is decided from the bytes; the file is streamed to disk,
//!   sealed (AES-256-GCM in chunks, naming its key), outside the web root
//!   under a random id, then recorded. Answers
//!   `AttachmentInfo`. Limits: per visitor and per address, 16 at once,
//!   the site's storage quota; uploads no conversation names within an
//!   hour are deleted.
//! * `GET /api/attachments/{id}` — staff who may see the conversation the
//!   file belongs to (admins of the site for files no case names); the
//!   sniffed type, `nosniff`, a sandboxing CSP and a safe
//!   `Content-Disposition`.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use parley_app::protocol::AttachmentInfo;

use crate::domain::attachment;
use crate::domain::rate::TokenBucket;
use crate::domain::token::{self, TokenError};
use crate::error::ApiError;
use crate::security::client_addr::limit_key;
use crate::services::attachments;
use crate::state::AppState;
use crate::storage::AttachmentRecord;

/// Routes under `/api/attachments`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/attachments", post(upload))
        .route("/api/attachments/{id}", get(download))
}

/// The claimed file name from `X-File-Name` (percent-encoded UTF-8).
fn claimed_name(headers: &HeaderMap) -> String {
    let raw = headers
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    percent_encoding::percent_decode_str(raw)
        .decode_utf8_lossy()
        .into_owned()
}

pub use crate::state::MAX_CONCURRENT_UPLOADS;

/// Everything is checked before a byte of the body is read: the origin,
/// the visitor token, the visitor's and the address's upload budgets; then
/// [`store`].
async fn upload(
    State(state): State<AppState>,
    Extension(ConnectInfo(peer)): Extension<ConnectInfo<SocketAddr>>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    // Only the widget, served from our origin, uploads.
    let origin_ok = headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| o.eq_ignore_ascii_case(&state.settings.public_origin));
    if !origin_ok {
        tracing::warn!(origin = ?headers.get(header::ORIGIN), "upload from a foreign origin refused");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginForbidden,
        ));
    }
    let now = state.clock.now();
    let claims = match visitor_bearer(&state, &headers, now) {
        Ok(Some(c)) => c,
        Ok(None) => {
            return Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::TokenInvalid,
            ));
        }
        Err(code) => return Err(ApiError::new(StatusCode::UNAUTHORIZED, code)),
    };
    // Uploads have their own bucket: photos must not use up the chat's quota.
    if !state.allow_visitor_message(&format!("upload:{}", claims.vid), now) {
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
        ));
    }
    let ip = state.client_ip(peer, &headers);
    let address_key = format!("uploads:{}", limit_key(&ip));
    if !state.allow_creation(&address_key, now, TokenBucket::for_uploads_per_address) {
        tracing::warn!(%ip, "upload refused: too many from this address");
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
        ));
    }
    let record = store(&state, &claims.site, Some(&claims.vid), &headers, body).await?;
    Ok((
        StatusCode::CREATED,
        Json(AttachmentInfo {
            id: record.id,
            file_name: record.file_name,
            content_type: record.content_type,
            size: record.size,
        }),
    )
        .into_response())
}

/// The widget's visitor token in `Authorization: Bearer …`: its claims,
/// `None` without one, or why it is refused (`token_invalid`,
/// `token_expired`; logged).
pub(crate) fn visitor_bearer(
    state: &AppState,
    headers: &HeaderMap,
    now: i64,
) -> Result<Option<token::VisitorClaims>, ErrorCode> {
    let Some(bearer) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return Ok(None);
    };
    token::verify(&state.settings.secret, bearer, now)
        .map(Some)
        .map_err(|e| {
            tracing::warn!(?e, "a bad visitor token refused");
            match e {
                TokenError::Expired => ErrorCode::TokenExpired,
                TokenError::Malformed | TokenError::BadSignature => ErrorCode::TokenInvalid,
            }
        })
}

/// Stores an HTTP body as a file of `site` ([`attachments::store`]): the
/// declared length and the claimed name come from the headers.
pub(crate) async fn store(
    state: &AppState,
    site: &str,
    visitor: Option<&str>,
    headers: &HeaderMap,
    body: Body,
) -> Result<AttachmentRecord, ApiError> {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let upload = attachments::Upload {
        site,
        visitor,
        claimed_name: &claimed_name(headers),
        declared,
    };
    attachments::store(state, upload, body.into_data_stream()).await
}

/// `filename*` per RFC 6266/8187: UTF-8, percent-encoded.
pub(crate) fn disposition(inline: bool, name: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    /// RFC 8187's attr-char: letters, digits and `-._~` stay as they are.
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let encoded = utf8_percent_encode(name, KEEP);
    let kind = if inline { "inline" } else { "attachment" };
    format!("{kind}; filename*=UTF-8''{encoded}")
}

async fn download(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Extension(signed_in): Extension<SignedIn>,
) -> Result<Response, ApiError> {
    let Some(agent) = signed_in.0 else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
        ));
    };
    if !attachment::is_id(&id) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound));
    }
    let (record, bytes) = attachments::read_for_staff(&state, &agent, &id).await?;
    tracing::info!(agent = agent.id, %id, "attachment viewed");
    let inline = attachment::sniff(&bytes).is_some_and(|t| t.inline);
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    let value = |s: &str| {
        HeaderValue::from_str(s).unwrap_or(HeaderValue::from_static("application/octet-stream"))
    };
    h.insert(header::CONTENT_TYPE, value(&record.content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        value(&disposition(inline, &record.file_name)),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=3600"),
    );
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_percent_decoded_and_dispositions_encoded() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-file-name",
            HeaderValue::from_static("%E7%AE%B1%E5%AD%90.png"),
        );
        assert_eq!(claimed_name(&h), "箱子.png");
        h.insert("x-file-name", HeaderValue::from_static("100%"));
        assert_eq!(claimed_name(&h), "100%");
        assert_eq!(
            disposition(true, "破损 box.png"),
            "inline; filename*=UTF-8''%E7%A0%B4%E6%8D%9F%20box.png"
        );
        assert!(disposition(false, "a.pdf").starts_with("attachment;"));
    }
}
