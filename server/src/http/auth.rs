//! Staff sign-in: e-mail + password (argon2), an opaque session token in an
//! `HttpOnly; SameSite=Strict` cookie, stored only as its SHA-256.
//!
//! The form posts here without JavaScript; errors come back as
//! `/desk?error=<code>` and the desk translates the code.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::ApiError;
use crate::state::{AppState, now_ms};

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "parley_session";
/// Session lifetime.
pub const SESSION_TTL_MS: i64 = 12 * 3600 * 1000;

/// Routes under `/api/auth`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/auth/login", post(login))
        .route("/api/auth/logout", post(logout))
}

/// Hashes a password with Argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt)
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal))
}

fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn session_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_owned())
}

/// The agent whose valid session cookie is in `headers`.
pub async fn agent_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<AgentProfile>, ApiError> {
    let Some(token) = session_cookie(headers) else {
        return Ok(None);
    };
    Ok(state
        .store
        .session_agent(&token_hash(&token), now_ms())
        .await?)
}

/// Middleware: attaches [`SignedIn`] to requests for the desk and the API.
pub async fn attach_agent(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path == "/desk" || path.starts_with("/desk/") || path.starts_with("/api/") {
        let agent = agent_from_headers(&state, req.headers())
            .await
            .ok()
            .flatten();
        req.extensions_mut().insert(SignedIn(agent));
    }
    next.run(req).await
}

/// The sign-in form.
#[derive(serde::Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        None => true,
        Some(o) => o.eq_ignore_ascii_case(&state.settings.public_origin),
    }
}

fn cookie(state: &AppState, value: &str, max_age_s: i64) -> HeaderValue {
    let secure = if state.settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let text = format!(
        "{SESSION_COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age_s}{secure}"
    );
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    if !same_origin(&state, &headers) {
        tracing::warn!(origin = ?headers.get(header::ORIGIN), "sign-in from a foreign origin refused");
        return ApiError::new(StatusCode::FORBIDDEN, ErrorCode::OriginForbidden).into_response();
    }
    let failed = || Redirect::to("/desk?error=invalid_credentials").into_response();
    let email = form.email.trim().to_owned();
    let found = match state.store.agent_by_email(&email).await {
        Ok(found) => found,
        Err(e) => return ApiError::from(e).into_response(),
    };
    // Verify against a real hash even for unknown e-mails so timing does not
    // reveal which accounts exist.
    let (phc, agent) = match found {
        Some(c) => (c.password_hash, Some(c.profile)),
        None => (DUMMY_HASH.to_owned(), None),
    };
    let password = form.password;
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &phc))
        .await
        .unwrap_or(false);
    let Some(agent) = agent.filter(|_| ok) else {
        tracing::warn!(%email, "failed sign-in");
        return failed();
    };
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = URL_SAFE_NO_PAD.encode(raw);
    let now = now_ms();
    if let Err(e) = state
        .store
        .create_session(&token_hash(&token), agent.id, now, now + SESSION_TTL_MS)
        .await
    {
        return ApiError::from(e).into_response();
    }
    tracing::info!(agent = agent.id, "signed in");
    let mut resp = Redirect::to("/desk").into_response();
    resp.headers_mut().insert(
        header::SET_COOKIE,
        cookie(&state, &token, SESSION_TTL_MS / 1000),
    );
    resp
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if !same_origin(&state, &headers) {
        return ApiError::new(StatusCode::FORBIDDEN, ErrorCode::OriginForbidden).into_response();
    }
    if let Some(token) = session_cookie(&headers)
        && let Err(e) = state.store.delete_session(&token_hash(&token)).await
    {
        return ApiError::from(e).into_response();
    }
    let mut resp = Redirect::to("/desk").into_response();
    resp.headers_mut()
        .insert(header::SET_COOKIE, cookie(&state, "", 0));
    resp
}

/// Argon2id hash of a random string nobody knows, for constant-time misses.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$J3jLSIbZQX0H5pAUdd9CjPgEz5j+GoxuWq1tPfBQN6E";

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; parley_session=tok; b=2".parse().unwrap(),
        );
        assert_eq!(session_cookie(&h).as_deref(), Some("tok"));
    }
}
