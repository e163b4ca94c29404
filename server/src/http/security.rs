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
use parley_app::api::{
    AuditQuery, AuditView, SecurityReply, SecurityRequest, SecurityStatus, SessionHandle,
    SessionView, SignedIn, SitePrivacy,
};
use parley_app::error::ErrorCode;
use parley_app::protocol::{AgentProfile, StaffRole};

use super::admin::require_admin;
use super::auth::begin_totp;
use crate::error::ApiError;
use crate::services::accounts::{self, AccountAction, visible_lines};
use crate::services::audit;
use crate::state::AppState;
use crate::storage::{AuditFilter, AuditRecord};

/// Most audit lines a page or an export holds.
pub const AUDIT_LIMIT: i64 = 5000;

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

/// The server side of [`parley_app::api::security`].
pub(crate) async fn answer(
    state: &AppState,
    handle: SessionHandle,
    request: SecurityRequest,
) -> Result<SecurityReply, ErrorCode> {
    let Some((agent, token_hash)) = handle.0 else {
        return Err(ErrorCode::Unauthorized);
    };
    let internal = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "security page");
        ErrorCode::Internal
    };
    // Only a fully signed-in session asks anything but enrolment (the
    // handles say so already; the stored stage is the last word).
    let session = state
        .store
        .session(&token_hash, state.clock.now())
        .await
        .map_err(|e| internal(&e))?;
    let Some(session) = session.filter(|s| s.agent.id == agent.id) else {
        return Err(ErrorCode::Unauthorized);
    };
    let full = session.stage == crate::storage::SessionStage::Full;
    if !full && request != SecurityRequest::BeginTotp {
        return Err(ErrorCode::Unauthorized);
    }
    if !full && session.stage != crate::storage::SessionStage::Enrol {
        return Err(ErrorCode::Unauthorized);
    }
    match request {
        SecurityRequest::BeginTotp => {
            // During sign-in (enrol stage) or signed in; never twice over an
            // active factor (an admin resets a lost one).
            let current = state.store.totp(agent.id).await.map_err(|e| internal(&e))?;
            if current.secret.is_some() {
                return Err(ErrorCode::Forbidden);
            }
            begin_totp(state, &agent)
                .await
                .map(SecurityReply::Totp)
                .map_err(|e| e.code)
        }
        SecurityRequest::Status => status(state, &agent, &token_hash)
            .await
            .map(SecurityReply::Status)
            .map_err(|e| internal(&e)),
        SecurityRequest::Audit(q) => {
            if agent.role != StaffRole::Admin {
                return Err(ErrorCode::Forbidden);
            }
            let filter = audit_filter(&q)?;
            let rows = state
                .store
                .audit_log(&filter, AUDIT_LIMIT)
                .await
                .map_err(|e| internal(&e))?;
            audit::record(
                state,
                audit::Entry::by(&agent, "audit_viewed")
                    .detail(serde_json::json!({ "rows": rows.len() })),
            )
            .await;
            let rows = visible_lines(state, &agent, rows)
                .await
                .map_err(|e| internal(&e))?;
            Ok(SecurityReply::Audit(
                rows.into_iter().map(audit_view).collect(),
            ))
        }
    }
}

async fn status(
    state: &AppState,
    agent: &AgentProfile,
    token_hash: &str,
) -> Result<SecurityStatus, crate::storage::StoreError> {
    let totp = state.store.totp(agent.id).await?;
    let recovery_left = state.store.recovery_codes_left(agent.id).await?;
    let fresh_codes = match state.store.take_recovery_reveal(agent.id).await? {
        Some(sealed) => state
            .settings
            .keyring
            .open_text("recovery_reveal", &sealed)
            .ok()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let sessions = state
        .store
        .sessions_of(agent.id, state.clock.now())
        .await?
        .into_iter()
        .map(|s| SessionView {
            id: s.token_hash[..12].to_owned(),
            created_at: s.created_at,
            last_seen: s.last_seen,
            ip: s.ip,
            current: s.token_hash == token_hash,
        })
        .collect();
    let mut sites = Vec::new();
    if agent.role == StaffRole::Admin {
        for site in state.store.sites().await? {
            if !(agent.sites.is_empty() || agent.sites.contains(&site.key)) {
                continue;
            }
            let (secret, identity_required) = state.store.site_identity(&site.key).await?;
            sites.push(SitePrivacy {
                retention_days: state.store.retention_days(&site.key).await?,
                identity_secret: secret
                    .and_then(|s| state.settings.keyring.open_text("site.identity", &s).ok()),
                identity_required,
                site: site.key,
                name: site.name,
            });
        }
    }
    Ok(SecurityStatus {
        totp_enabled: totp.secret.is_some(),
        recovery_left,
        fresh_codes,
        mfa_required: state.store.mfa_required().await?,
        sessions,
        sites,
    })
}

fn day_start(date: &str) -> Result<i64, ErrorCode> {
    let d = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
        .map_err(|_| ErrorCode::InvalidFrame)?;
    Ok(d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().timestamp_millis())
        .unwrap_or(0))
}

/// The page's filter as the store's (dates are whole UTC days).
pub fn audit_filter(q: &AuditQuery) -> Result<AuditFilter, ErrorCode> {
    Ok(AuditFilter {
        action: q.action.clone(),
        actor: q.actor.clone(),
        conversation_id: q.conversation,
        from: q.from.as_deref().map(day_start).transpose()?,
        until: q
            .until
            .as_deref()
            .map(|d| day_start(d).map(|t| t + 24 * 3600 * 1000))
            .transpose()?,
    })
}

fn audit_view(r: AuditRecord) -> AuditView {
    AuditView {
        id: r.id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        site: r.site,
        conversation_id: r.conversation_id,
        detail: r.detail.to_string(),
        ip: r.ip,
    }
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
