//! The security pages' backend: second-factor enrolment, one's sessions,
//! the second-factor policy per role, the audit log (browse and export),
//! and admin actions on accounts (unlock, reset the second factor, end
//! sessions). Every change is audited.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use parley_app::api::{AuditQuery, SessionHandle, SignedIn};
use parley_app::protocol::StaffRole;

use super::admin::require_admin;
use crate::error::ApiError;
use crate::services::accounts::{self, AccountAction};
use crate::services::security_page::{AUDIT_LIMIT, audit_filter};
use crate::state::AppState;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/security/mfa-policy", post(save_mfa_policy))
        .route("/api/admin/audit.json", get(export_audit))
        .route("/api/admin/staff/{id}/unlock", post(unlock))
        .route(
            "/api/admin/staff/{id}/reset-second-factor",
            post(reset_second_factor),
        )
        .route("/api/admin/staff/{id}/end-sessions", post(end_sessions))
        .route(
            "/api/admin/staff/{id}/require-new-password",
            post(require_new_password),
        )
}

async fn export_audit(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Query(q): Query<AuditQuery>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let filter = audit_filter(&q).map_err(|code| ApiError::new(StatusCode::BAD_REQUEST, code))?;
    let rows = accounts::export_audit(&state, &admin, &filter, AUDIT_LIMIT).await?;
    let body = serde_json::to_vec_pretty(&rows).unwrap_or_default();
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"parley-audit.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}

async fn save_mfa_policy(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let required: Vec<StaffRole> = StaffRole::ALL
        .into_iter()
        .filter(|role| form.contains_key(role.as_str()))
        .collect();
    accounts::set_mfa_policy(&state, &admin, &required).await?;
    Ok(Redirect::to("/desk/security?saved=policy").into_response())
}

/// An admin's action on another account (the admin gate below the routes
/// checked the account is theirs to manage); back to the staff page.
async fn on_account(
    state: &AppState,
    headers: &HeaderMap,
    signed_in: SignedIn,
    id: i64,
    action: AccountAction,
    keep: Option<&str>,
    saved: &str,
) -> Result<Response, ApiError> {
    let admin = require_admin(state, headers, signed_in)?;
    accounts::act(state, &admin, id, action, keep).await?;
    Ok(Redirect::to(&format!("/desk/staff?saved={saved}")).into_response())
}

async fn unlock(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let action = AccountAction::Unlock;
    on_account(&state, &headers, signed_in, id, action, None, "unlocked").await
}

async fn reset_second_factor(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let action = AccountAction::ResetSecondFactor;
    on_account(&state, &headers, signed_in, id, action, None, "reset").await
}

async fn end_sessions(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Extension(handle): Extension<SessionHandle>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let keep = handle.0.map(|(_, h)| h);
    let action = AccountAction::EndSessions;
    on_account(
        &state,
        &headers,
        signed_in,
        id,
        action,
        keep.as_deref(),
        "sessions",
    )
    .await
}

/// The account must choose a new password at its next sign-in; its
/// sessions end now (live desks close).
async fn require_new_password(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let action = AccountAction::RequireNewPassword;
    on_account(&state, &headers, signed_in, id, action, None, "password").await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::security_page::audit_filter;

    #[test]
    fn audit_dates_are_whole_utc_days() {
        let f = audit_filter(&AuditQuery {
            from: Some("2026-11-23".into()),
            until: Some("2026-11-23".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(f.from, Some(1_795_392_000_000));
        assert_eq!(f.until, Some(1_795_392_000_000 + 86_400_000));
        assert!(
            audit_filter(&AuditQuery {
                from: Some("23.11.2026".into()),
                ..Default::default()
            })
            .is_err()
        );
    }
}
