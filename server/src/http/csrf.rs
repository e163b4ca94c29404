//! CSRF defence for the staff area (R-SEC1): every state-changing request
//! under `/api/` and `/desk` carries the session's token (a header or the
//! `_csrf` form field) or, for the Leptos server functions, our own
//! `Origin`; and the middleware that attaches the session to each request
//! for the handlers and pages below it.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use parley_app::api::{DeskSession, EnrolHandle, SessionHandle, SignedIn};
use parley_app::error::ErrorCode;
use subtle::ConstantTimeEq;

use crate::error::ApiError;
use crate::security::tokens::csrf_token;
use crate::services::audit;
use crate::services::staff_session::session_from_headers;
use crate::state::AppState;
use crate::storage::SessionStage;

/// Form field carrying the CSRF token.
pub const CSRF_FIELD: &str = "_csrf";
/// Header carrying the CSRF token (scripts).
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Largest form body the CSRF check reads.
const MAX_FORM_BYTES: usize = 2 * 1024 * 1024;

/// The client address of a request (see [`AppState::client_ip`]).
pub(crate) fn request_ip(state: &AppState, parts: &axum::http::request::Parts) -> Option<String> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| state.client_ip(c.0, &parts.headers))
}

/// State-changing requests that need no CSRF token, and why: signing in
/// (no session yet; the origin check covers it) and the visitors' upload
/// (bound to the visitor token in its `Authorization` header, which a
/// forged cross-site request cannot carry).
pub const CSRF_EXEMPT: [&str; 2] = ["/api/auth/login", "/api/attachments"];

/// The Leptos server functions (`#[server(endpoint = …)]` in the app
/// crate). The browser calls them with `fetch`, which always sends
/// `Origin` on a POST: for them a same-origin `Origin` stands in for the
/// token (the OWASP "verify origin" defence).
pub const SERVER_FUNCTIONS: [&str; 16] = [
    "/api/kb",
    "/api/api_keys",
    "/api/api_key_create",
    "/api/complaints",
    "/api/complaint-analysis",
    "/api/report",
    "/api/qa",
    "/api/library",
    "/api/staff",
    "/api/setup",
    "/api/whoami",
    "/api/security",
    "/api/site_texts",
    "/api/sites",
    "/api/widget_config",
    "/api/webhooks",
];

/// Whether a request changes state and must carry the CSRF token: by
/// default every request under `/api/` and `/desk` that is not a read,
/// except the listed [`CSRF_EXEMPT`] ones.
fn needs_csrf(method: &Method, path: &str) -> bool {
    let reads = matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    let staff_area = path.starts_with("/api/") || path == "/desk" || path.starts_with("/desk/");
    !reads && staff_area && !CSRF_EXEMPT.contains(&path) && !path.starts_with(BEARER_AREA)
}

/// The site owner's API: every request there is authenticated by its
/// `Authorization: Bearer` key alone, which a forged cross-site request
/// cannot carry, and a staff session grants nothing there.
pub const BEARER_AREA: &str = "/api/v1/";

/// Middleware: attaches the session ([`SignedIn`], [`DeskSession`],
/// [`SessionHandle`]) to requests for the desk and the API, and refuses
/// state-changing requests without the session's CSRF token.
pub async fn attach_agent(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let path = req.uri().path().to_owned();
    if !(path == "/desk" || path.starts_with("/desk/") || path.starts_with("/api/")) {
        return Ok(next.run(req).await);
    }
    let session = session_from_headers(&state, req.headers()).await?;
    let (mut parts, body) = req.into_parts();
    let mut body = Body::new(body);
    // Without a session nothing is allowed anyway: the handler answers 401.
    if session.is_some() && needs_csrf(&parts.method, &path) {
        let expected = session
            .as_ref()
            .map(|s| csrf_token(&state.settings.secret, &s.token_hash));
        let (given, rebuilt) = csrf_from(&parts.headers, body).await?;
        body = rebuilt;
        let token_ok = matches!((&expected, &given), (Some(e), Some(g)) if bool::from(e.as_bytes().ct_eq(g.as_bytes())));
        let origin_ok = SERVER_FUNCTIONS.contains(&path.as_str())
            && parts
                .headers
                .get(header::ORIGIN)
                .and_then(|o| o.to_str().ok())
                .is_some_and(|o| o.eq_ignore_ascii_case(&state.settings.public_origin));
        let ok = token_ok || origin_ok;
        if !ok {
            tracing::warn!(%path, has_session = session.is_some(), "state-changing request without a valid CSRF token refused");
            if let Some(s) = &session {
                audit::record(
                    &state,
                    audit::Entry::by(&s.agent, "csrf_refused")
                        .detail(serde_json::json!({ "path": path }))
                        .ip(request_ip(&state, &parts)),
                )
                .await;
            }
            return Err(ApiError::new(StatusCode::FORBIDDEN, ErrorCode::CsrfInvalid));
        }
    }
    let csrf = session
        .as_ref()
        .map(|s| csrf_token(&state.settings.secret, &s.token_hash));
    let desk = match (&session, csrf) {
        (Some(s), Some(csrf)) => match s.stage {
            SessionStage::Mfa => DeskSession::Code { csrf },
            SessionStage::Enrol => DeskSession::Enrol { csrf },
            SessionStage::Password => DeskSession::NewPassword { csrf },
            SessionStage::Full => DeskSession::SignedIn {
                agent: s.agent.clone(),
                csrf,
            },
        },
        _ => DeskSession::SignedOut,
    };
    let full = session
        .as_ref()
        .filter(|s| s.stage == SessionStage::Full)
        .map(|s| s.agent.clone());
    parts.extensions.insert(SignedIn(full));
    parts.extensions.insert(desk);
    // A session still waiting for its second factor (or a new password)
    // gets no full handle: it may only finish signing in (those forms read
    // the cookie themselves) or sign out; an enrolling one may begin
    // enrolment.
    let (full, enrolling): (Vec<_>, Vec<_>) = session
        .into_iter()
        .filter(|s| matches!(s.stage, SessionStage::Full | SessionStage::Enrol))
        .partition(|s| s.stage == SessionStage::Full);
    parts.extensions.insert(SessionHandle(
        full.into_iter().next().map(|s| (s.agent, s.token_hash)),
    ));
    parts.extensions.insert(EnrolHandle(
        enrolling
            .into_iter()
            .next()
            .map(|s| (s.agent, s.token_hash)),
    ));
    Ok(next.run(Request::from_parts(parts, body)).await)
}

/// The CSRF token from the header or, for form posts, the `_csrf` field;
/// returns the body for the handler.
async fn csrf_from(headers: &HeaderMap, body: Body) -> Result<(Option<String>, Body), ApiError> {
    if let Some(v) = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) {
        return Ok((Some(v.to_owned()), body));
    }
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((None, body));
    }
    let bytes = axum::body::to_bytes(body, MAX_FORM_BYTES)
        .await
        .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::FrameTooLarge))?;
    let token = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v.into_owned());
    Ok((token, Body::from(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csrf_applies_to_every_state_change_but_the_listed_exemptions() {
        assert!(needs_csrf(&Method::POST, "/api/admin/staff"));
        assert!(needs_csrf(&Method::POST, "/api/auth/logout"));
        assert!(needs_csrf(&Method::POST, "/api/auth/mfa"));
        assert!(needs_csrf(&Method::DELETE, "/api/security/x"));
        assert!(needs_csrf(&Method::POST, "/api/security"), "no prefix gap");
        assert!(needs_csrf(&Method::POST, "/api/whoami"));
        assert!(needs_csrf(&Method::POST, "/api/anything-new"));
        assert!(needs_csrf(&Method::PUT, "/desk/staff"));
        assert!(!needs_csrf(&Method::POST, "/api/auth/login"));
        assert!(!needs_csrf(&Method::GET, "/api/admin/audit"));
        assert!(!needs_csrf(&Method::POST, "/api/attachments"));
        assert!(!needs_csrf(&Method::POST, "/ws/visitor"));
        assert!(!needs_csrf(
            &Method::POST,
            "/api/v1/conversations/1/resolve"
        ));
        assert!(
            needs_csrf(&Method::POST, "/api/v1"),
            "only below the API's root"
        );
    }
}
