//! Staff sign-in (R-SEC1): e-mail + password (Argon2id), then a second
//! factor (TOTP or a recovery code) when the account has one or its role
//! must; opaque session tokens in an `HttpOnly; SameSite=Strict` cookie
//! (`Secure` over HTTPS), stored only as their SHA-256; idle and absolute
//! expiry; CSRF tokens on every state-changing request; account locks and
//! per-source throttling (see [`crate::domain::throttle`]).
//!
//! The forms post here without JavaScript; errors come back as
//! `/desk?error=<code>` and the desk translates the code.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use parley_app::api::{DeskSession, SessionHandle};
use parley_app::error::ErrorCode;
use rand::RngCore;
use subtle::ConstantTimeEq;

use crate::error::ApiError;
pub use crate::http::csrf::{CSRF_EXEMPT, CSRF_FIELD, CSRF_HEADER, SERVER_FUNCTIONS, attach_agent};
use crate::security::tokens::mac;
pub use crate::security::tokens::{csrf_token, token_hash};
pub use crate::services::sign_in::{PENDING_TTL_MS, SESSION_TTL_MS};
pub use crate::services::staff_session::{
    SESSION_COOKIE, SESSION_IDLE_MS, agent_from_headers, cookie_value, session_from_headers,
    sessions_ended,
};
use crate::services::{credentials, sign_in};
use crate::state::AppState;
use crate::storage::SessionStage;

/// Name of the device cookie (a browser that signed into an account before).
pub const DEVICE_COOKIE: &str = "parley_device";
/// Device cookies last this long.
pub const DEVICE_TTL_MS: i64 = 90 * 24 * 3600 * 1000;

/// Routes under `/api/auth`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/login", post(login))
        .route("/api/auth/logout", post(logout))
        .route("/api/auth/mfa", post(second_factor))
        .route("/api/auth/totp", post(confirm_totp))
        .route("/api/auth/me", get(me))
        .route("/api/auth/sessions/revoke", post(revoke_other_sessions))
        .route("/api/auth/password", post(change_password))
}

/// The sign-in form.
#[derive(serde::Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

/// Whether the request's `Origin` (if any) is ours.
pub fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        None => true,
        Some(o) => o.eq_ignore_ascii_case(&state.settings.public_origin),
    }
}

fn cookie(state: &AppState, name: &str, value: &str, max_age_s: i64) -> HeaderValue {
    cookie_header(state.settings.secure_cookies, name, value, max_age_s)
}

/// A session-bound cookie: never readable by scripts, never sent cross-site,
/// `Secure` when Parley is served over HTTPS.
fn cookie_header(secure: bool, name: &str, value: &str, max_age_s: i64) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text =
        format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_s}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A device cookie for `email`: `nonce.mac`.
fn device_cookie(secret: &[u8], email: &str) -> String {
    let mut nonce = [0u8; 16];
    rand::rng().fill_bytes(&mut nonce);
    let nonce = URL_SAFE_NO_PAD.encode(nonce);
    let tag = mac(
        secret,
        &[b"device", email.to_lowercase().as_bytes(), nonce.as_bytes()],
    );
    format!("{nonce}.{}", URL_SAFE_NO_PAD.encode(&tag[..16]))
}

/// The device nonce, if the cookie is a valid device cookie for `email`.
fn trusted_device(secret: &[u8], headers: &HeaderMap, email: &str) -> Option<String> {
    let value = cookie_value(headers, DEVICE_COOKIE)?;
    let (nonce, tag) = value.split_once('.')?;
    let expected = mac(
        secret,
        &[b"device", email.to_lowercase().as_bytes(), nonce.as_bytes()],
    );
    let given = URL_SAFE_NO_PAD.decode(tag).ok()?;
    bool::from(given.ct_eq(&expected[..16])).then(|| nonce.to_owned())
}

/// The sign-in form again with the refusal's code, or an error answer.
fn answer_refusal(refused: sign_in::Refused) -> Result<Response, ApiError> {
    match refused {
        sign_in::Refused::Code(code) => Ok(back_with(code)),
        sign_in::Refused::Store(e) => Err(e.into()),
        sign_in::Refused::Internal => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
        )),
    }
}

fn back_with(code: ErrorCode) -> Response {
    Redirect::to(&format!("/desk?error={code}")).into_response()
}

async fn login(
    State(state): State<AppState>,
    Extension(ConnectInfo(peer)): Extension<ConnectInfo<SocketAddr>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, ApiError> {
    if !same_origin(&state, &headers) {
        tracing::warn!(origin = ?headers.get(header::ORIGIN), "sign-in from a foreign origin refused");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginForbidden,
        ));
    }
    let ip = state.client_ip(peer, &headers);
    let email = form.email.trim().to_owned();
    let device = trusted_device(&state.settings.secret, &headers, &email);
    let attempt = sign_in::Attempt {
        email: &email,
        password: form.password,
        device: device.as_deref(),
        ip: &ip,
    };
    let accepted = match sign_in::password(&state, attempt).await {
        Ok(a) => a,
        Err(refused) => return answer_refusal(refused),
    };
    let mut resp = Redirect::to("/desk").into_response();
    resp.headers_mut().append(
        header::SET_COOKIE,
        cookie(
            &state,
            SESSION_COOKIE,
            &accepted.token,
            accepted.ttl_ms / 1000,
        ),
    );
    if accepted.stage == SessionStage::Full {
        remember_device(&state, &mut resp, &accepted.agent.email);
    }
    Ok(resp)
}

fn remember_device(state: &AppState, resp: &mut Response, email: &str) {
    let value = device_cookie(&state.settings.secret, email);
    resp.headers_mut().append(
        header::SET_COOKIE,
        cookie(state, DEVICE_COOKIE, &value, DEVICE_TTL_MS / 1000),
    );
}

/// The second-factor form.
#[derive(serde::Deserialize)]
pub struct CodeForm {
    code: String,
}

async fn second_factor(
    State(state): State<AppState>,
    Extension(ConnectInfo(peer)): Extension<ConnectInfo<SocketAddr>>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Result<Response, ApiError> {
    let session = match session_from_headers(&state, &headers).await? {
        Some(s) if s.stage == SessionStage::Mfa => s,
        _ => return Ok(back_with(ErrorCode::Unauthorized)),
    };
    let ip = state.client_ip(peer, &headers);
    let agent = session.agent.clone();
    let device = trusted_device(&state.settings.secret, &headers, &agent.email);
    match sign_in::code(&state, &session, &form.code, device.as_deref(), &ip).await {
        Ok(()) => {}
        Err(refused) => return answer_refusal(refused),
    }
    let mut resp = Redirect::to("/desk").into_response();
    remember_device(&state, &mut resp, &agent.email);
    Ok(resp)
}

/// The password form: the current one and the new one.
#[derive(serde::Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
}

/// Staff change their own password (from the security page, or at sign-in
/// when an admin required it): the current one is checked like a sign-in
/// (counted first, one at a time per account), the new one follows the
/// password rules; the account's other sessions end.
async fn change_password(
    State(state): State<AppState>,
    Extension(ConnectInfo(peer)): Extension<ConnectInfo<SocketAddr>>,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Result<Response, ApiError> {
    let session = match session_from_headers(&state, &headers).await {
        Ok(Some(s)) if matches!(s.stage, SessionStage::Full | SessionStage::Password) => s,
        Ok(_) => return Ok(back_with(ErrorCode::Unauthorized)),
        Err(e) => return Err(e.into()),
    };
    let page = if session.stage == SessionStage::Password {
        "/desk"
    } else {
        "/desk/security"
    };
    let ip = state.client_ip(peer, &headers);
    let device = trusted_device(&state.settings.secret, &headers, &session.agent.email);
    let change = credentials::PasswordChange {
        current: form.current,
        new: &form.new,
        device: device.as_deref(),
        ip: &ip,
    };
    match credentials::change_password(&state, &session, change).await {
        Ok(()) => Ok(Redirect::to(&format!("{page}?saved=password")).into_response()),
        Err(sign_in::Refused::Code(ErrorCode::Unauthorized)) => {
            Ok(back_with(ErrorCode::Unauthorized))
        }
        Err(sign_in::Refused::Code(code)) => {
            Ok(Redirect::to(&format!("{page}?error={code}")).into_response())
        }
        Err(refused) => answer_refusal(refused),
    }
}

async fn confirm_totp(
    State(state): State<AppState>,
    Extension(ConnectInfo(peer)): Extension<ConnectInfo<SocketAddr>>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Result<Response, ApiError> {
    let session = match session_from_headers(&state, &headers).await {
        Ok(Some(s)) if s.stage != SessionStage::Mfa => s,
        Ok(_) => return Ok(back_with(ErrorCode::Unauthorized)),
        Err(e) => return Err(e.into()),
    };
    let page = if session.stage == SessionStage::Enrol {
        "/desk"
    } else {
        "/desk/security"
    };
    let ip = state.client_ip(peer, &headers);
    let next = match credentials::confirm_totp(&state, &session, &form.code, &ip).await {
        // Enrolled at sign-in with a new password still due: that comes next.
        Ok(credentials::AfterEnrolment::NewPassword) => "/desk",
        Ok(credentials::AfterEnrolment::Nothing) => "/desk/security?enrolled=1",
        Err(sign_in::Refused::Code(code)) => {
            return Ok(Redirect::to(&format!("{page}?error={code}")).into_response());
        }
        Err(refused) => return answer_refusal(refused),
    };
    let mut resp = Redirect::to(next).into_response();
    remember_device(&state, &mut resp, &session.agent.email);
    Ok(resp)
}

async fn me(Extension(desk): Extension<DeskSession>) -> Json<DeskSession> {
    Json(desk)
}

async fn revoke_other_sessions(
    State(state): State<AppState>,
    Extension(handle): Extension<SessionHandle>,
) -> Result<Response, ApiError> {
    let Some((agent, hash)) = handle.0 else {
        return Ok(back_with(ErrorCode::Unauthorized));
    };
    credentials::end_other_sessions(&state, &agent, &hash).await?;
    Ok(Redirect::to("/desk/security?saved=sessions").into_response())
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if !same_origin(&state, &headers) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginForbidden,
        ));
    }
    if let Some(token) = cookie_value(&headers, SESSION_COOKIE) {
        credentials::sign_out(&state, &token_hash(&token)).await?;
    }
    let mut resp = Redirect::to("/desk").into_response();
    resp.headers_mut()
        .insert(header::SET_COOKIE, cookie(&state, SESSION_COOKIE, "", 0));
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::sign_in::DUMMY_HASH;

    #[test]
    fn hashes_verify_and_wrong_passwords_do_not() {
        let h = crate::security::hashing::hash("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(crate::security::hashing::verify("correct horse", &h));
        assert!(!crate::security::hashing::verify("wrong", &h));
        assert!(!crate::security::hashing::verify("anything", "not a hash"));
    }

    #[test]
    fn dummy_hash_parses() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; parley_session=tok; b=2".parse().unwrap(),
        );
        assert_eq!(cookie_value(&h, SESSION_COOKIE).as_deref(), Some("tok"));
    }

    #[test]
    fn cookies_are_http_only_same_site_and_secure_over_https() {
        let https = cookie_header(true, SESSION_COOKIE, "tok", 60);
        assert_eq!(
            https.to_str().unwrap(),
            "parley_session=tok; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure"
        );
        let http = cookie_header(false, DEVICE_COOKIE, "d", 5);
        assert!(!http.to_str().unwrap().contains("Secure"));
        assert!(http.to_str().unwrap().contains("HttpOnly; SameSite=Strict"));
    }

    #[test]
    fn csrf_tokens_are_per_session_and_keyed() {
        let a = csrf_token(b"k1", "session-a");
        assert_eq!(a.len(), 32);
        assert_eq!(a, csrf_token(b"k1", "session-a"));
        assert_ne!(a, csrf_token(b"k1", "session-b"));
        assert_ne!(a, csrf_token(b"k2", "session-a"));
    }

    #[test]
    fn device_cookies_belong_to_one_account_and_key() {
        let secret = b"0123456789abcdef0123456789abcdef";
        let value = device_cookie(secret, "Ana@Shop.example");
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            format!("{DEVICE_COOKIE}={value}").parse().unwrap(),
        );
        assert!(trusted_device(secret, &h, "ana@shop.example").is_some());
        assert!(trusted_device(secret, &h, "bob@shop.example").is_none());
        assert!(
            trusted_device(b"another key another key another k", &h, "ana@shop.example").is_none()
        );
        let mut forged = HeaderMap::new();
        forged.insert(
            header::COOKIE,
            format!("{DEVICE_COOKIE}=abc.def").parse().unwrap(),
        );
        assert!(trusted_device(secret, &forged, "ana@shop.example").is_none());
    }
}
