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
use crate::security::hashing;
use crate::security::tokens::mac;
pub use crate::security::tokens::{csrf_token, token_hash};
use crate::security::totp;
use crate::services::audit;
use crate::services::sign_in::{self, source_key};
pub use crate::services::sign_in::{PENDING_TTL_MS, SESSION_TTL_MS};
pub use crate::services::staff_session::{
    SESSION_COOKIE, SESSION_IDLE_MS, agent_from_headers, cookie_value, session_from_headers,
    sessions_ended,
};
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

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    hashing::hash(password)
        .ok_or_else(|| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal))
}

pub use crate::state::{MAX_CONCURRENT_HASHES, MAX_WAITING_HASHES};

/// Runs `work` (an Argon2 hash or verification) on the hashing pool.
async fn with_hash_permit<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    state.hashing.run(work).await
}

/// [`hash_password`] within the cap on concurrent hashes.
pub async fn hash_password_limited(state: &AppState, password: &str) -> Result<String, ApiError> {
    let password = password.to_owned();
    with_hash_permit(state, move || hash_password(&password))
        .await
        .unwrap_or_else(|| {
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::TooManyAttempts,
            ))
        })
}

fn verify_password(password: &str, phc: &str) -> bool {
    crate::security::hashing::verify(password, phc)
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
    let forced = session.stage == SessionStage::Password;
    let page = if forced { "/desk" } else { "/desk/security" };
    let back = |q: String| Redirect::to(&format!("{page}?{q}")).into_response();
    let agent = session.agent.clone();
    let ip = state.client_ip(peer, &headers);
    let now = state.clock.now();
    let device = trusted_device(&state.settings.secret, &headers, &agent.email);
    let source = source_key(device.as_deref(), Some(&ip));
    if state.sign_in_attempt(&source, now).is_err() {
        return Ok(back(format!("error={}", ErrorCode::TooManyAttempts)));
    }
    if let Err(code) = crate::security::password::check(&form.new, &agent.email, &agent.name) {
        state.sign_in_forgive(&source);
        return Ok(back(format!("error={code}")));
    }
    let _turn = state.account_turn(&agent.email).await;
    let creds = match state.store.agent_by_email(&agent.email).await {
        Ok(Some(c)) => c,
        Ok(None) => return Ok(back_with(ErrorCode::Unauthorized)),
        Err(e) => return Err(e.into()),
    };
    let (current, phc) = (form.current, creds.password_hash.clone());
    let Some(ok) = with_hash_permit(&state, move || verify_password(&current, &phc)).await else {
        state.sign_in_forgive(&source);
        return Ok(back(format!("error={}", ErrorCode::TooManyAttempts)));
    };
    if !ok {
        sign_in::failed(
            &state,
            &agent.email,
            device.is_some(),
            &ip,
            "password_change",
            now,
        )
        .await;
        return Ok(back(format!("error={}", ErrorCode::InvalidCredentials)));
    }
    let hash = hash_password_limited(&state, &form.new).await?;
    let stored = async {
        state.store.set_password(agent.id, &hash).await?;
        state.store.clear_login_failures(agent.id).await?;
        let ended = state
            .store
            .revoke_sessions(agent.id, Some(&session.token_hash))
            .await?;
        if forced {
            state
                .store
                .set_session_stage(&session.token_hash, SessionStage::Full)
                .await?;
        }
        Ok::<_, crate::storage::StoreError>(ended)
    };
    let ended = stored.await?;
    sessions_ended(&state, agent.id);
    state.sign_in_succeeded(&source);
    tracing::info!(agent = agent.id, forced, "password changed");
    audit::record(
        &state,
        audit::Entry::by(&agent, "password_changed")
            .detail(serde_json::json!({ "required": forced, "sessions_ended": ended }))
            .ip(Some(ip)),
    )
    .await;
    Ok(back("saved=password".to_owned()))
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
    let agent = session.agent.clone();
    let now = state.clock.now();
    let page = if session.stage == SessionStage::Enrol {
        "/desk"
    } else {
        "/desk/security"
    };
    let pending = match state.store.totp(agent.id).await {
        Ok(t) => t.pending,
        Err(e) => return Err(e.into()),
    };
    let secret = pending.and_then(|p| state.settings.keyring.open_text("totp", &p).ok());
    let step = secret
        .as_deref()
        .and_then(|s| totp::verify(s, &form.code, now));
    let (Some(secret), Some(step)) = (secret, step) else {
        tracing::info!(agent = agent.id, "enrolment code refused");
        return Ok(
            Redirect::to(&format!("{page}?error={}", ErrorCode::CodeInvalid)).into_response(),
        );
    };
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_hash(c)).collect();
    let sealed = state.settings.keyring.seal("totp", secret.as_bytes());
    let reveal = state.settings.keyring.seal(
        "recovery_reveal",
        serde_json::to_string(&codes).unwrap_or_default().as_bytes(),
    );
    let stored = async {
        state
            .store
            .enable_totp(agent.id, &sealed, &hashes, &reveal, now)
            .await?;
        state.store.use_totp_step(agent.id, step).await?;
        if session.stage == SessionStage::Enrol {
            sign_in::promote(&state, &session).await?;
        }
        Ok::<(), ApiError>(())
    };
    stored.await?;
    tracing::info!(agent = agent.id, "second factor enabled");
    audit::record(
        &state,
        audit::Entry::by(&agent, "totp_enabled").ip(Some(state.client_ip(peer, &headers))),
    )
    .await;
    if session.stage == SessionStage::Enrol {
        audit::record(
            &state,
            audit::Entry::by(&agent, "sign_in")
                .detail(serde_json::json!({ "second_factor": "enrolled" }))
                .ip(Some(state.client_ip(peer, &headers))),
        )
        .await;
    }
    // Enrolled at sign-in with a new password still due: that comes next.
    let next = match state.store.session(&session.token_hash, now).await {
        Ok(Some(s)) if s.stage == SessionStage::Password => "/desk",
        _ => "/desk/security?enrolled=1",
    };
    let mut resp = Redirect::to(next).into_response();
    remember_device(&state, &mut resp, &agent.email);
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
    match state.store.revoke_sessions(agent.id, Some(&hash)).await {
        Ok(n) => {
            sessions_ended(&state, agent.id);
            audit::record(
                &state,
                audit::Entry::by(&agent, "sessions_revoked")
                    .detail(serde_json::json!({ "count": n, "target": agent.id })),
            )
            .await;
            Ok(Redirect::to("/desk/security?saved=sessions").into_response())
        }
        Err(e) => Err(e.into()),
    }
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    if !same_origin(&state, &headers) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginForbidden,
        ));
    }
    if let Some(token) = cookie_value(&headers, SESSION_COOKIE) {
        let hash = token_hash(&token);
        let agent = match state.store.session(&hash, state.clock.now()).await {
            Ok(s) => s.map(|s| s.agent),
            Err(e) => return Err(e.into()),
        };
        state.store.delete_session(&hash).await?;
        if let Some(agent) = agent {
            audit::record(&state, audit::Entry::by(&agent, "sign_out")).await;
            sessions_ended(&state, agent.id);
        }
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
        let h = hash_password("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("anything", "not a hash"));
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
