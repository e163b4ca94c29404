//! The security pages' backend: second-factor enrolment, one's sessions,
//! the second-factor policy per role, the audit log (browse and export),
//! and admin actions on accounts (unlock, reset the second factor, end
//! sessions). Every change is audited.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use parley_app::api::{
    AuditQuery, AuditView, SecurityReply, SecurityRequest, SecuritySource, SecurityStatus,
    SessionHandle, SessionView, SignedIn, SitePrivacy,
};
use parley_app::error::ErrorCode;
use parley_app::protocol::{AgentProfile, StaffRole};

use super::admin::require_admin;
use super::auth::begin_totp;
use crate::domain::access;
use crate::error::ApiError;
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
pub fn security_source(state: &AppState) -> SecuritySource {
    let state = state.clone();
    SecuritySource(Arc::new(move |handle: SessionHandle, request| {
        let state = state.clone();
        Box::pin(async move { answer(&state, handle, request).await })
    }))
}

async fn answer(
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

/// The lines `admin` may read ([`access::sees_audit_line`]): the subject of
/// a line is the account it names as its target, else its actor.
async fn visible_lines(
    state: &AppState,
    admin: &AgentProfile,
    rows: Vec<AuditRecord>,
) -> Result<Vec<AuditRecord>, crate::storage::StoreError> {
    if admin.sites.is_empty() {
        return Ok(rows);
    }
    let staff: HashMap<i64, AgentProfile> = state
        .store
        .agents()
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    Ok(rows
        .into_iter()
        .filter(|r| {
            let subject = r.detail["target"].as_i64().or(r.actor_id);
            access::sees_audit_line(
                admin,
                r.site.as_deref(),
                subject.and_then(|id| staff.get(&id)),
            )
        })
        .collect())
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
) -> Response {
    let admin = match require_admin(&state, &headers, signed_in) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    let filter = match audit_filter(&q) {
        Ok(f) => f,
        Err(code) => return ApiError::new(StatusCode::BAD_REQUEST, code).into_response(),
    };
    let rows = match state.store.audit_log(&filter, AUDIT_LIMIT).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    let rows = match visible_lines(&state, &admin, rows).await {
        Ok(r) => r,
        Err(e) => return ApiError::from(e).into_response(),
    };
    audit::record(
        &state,
        audit::Entry::by(&admin, "audit_exported")
            .detail(serde_json::json!({ "rows": rows.len() })),
    )
    .await;
    let body = serde_json::to_vec_pretty(&rows).unwrap_or_default();
    (
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
        .into_response()
}

async fn save_mfa_policy(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let admin = match require_admin(&state, &headers, signed_in) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    // Holds for every site (the admin gate refuses site-limited admins too).
    if !access::may_set_global_policy(&admin) {
        return ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden).into_response();
    }
    let mut required = Vec::new();
    for role in StaffRole::ALL {
        let on = form.contains_key(role.as_str());
        if let Err(e) = state.store.set_mfa_required(role, on).await {
            return ApiError::from(e).into_response();
        }
        if on {
            required.push(role.as_str());
        }
    }
    tracing::info!(admin = admin.id, ?required, "second-factor policy changed");
    audit::record(
        &state,
        audit::Entry::by(&admin, "setting_changed")
            .detail(serde_json::json!({ "setting": "mfa_required", "roles": required })),
    )
    .await;
    Redirect::to("/desk/security?saved=policy").into_response()
}

/// An admin's action on another account, audited.
async fn on_account(
    state: &AppState,
    headers: &HeaderMap,
    signed_in: SignedIn,
    id: i64,
    action: &str,
) -> Result<(AgentProfile, AgentProfile), Response> {
    let admin = require_admin(state, headers, signed_in).map_err(IntoResponse::into_response)?;
    let target = state
        .store
        .agent(id)
        .await
        .map_err(|e| ApiError::from(e).into_response())?;
    tracing::info!(admin = admin.id, agent = id, action, "account action");
    audit::record(
        state,
        audit::Entry::by(&admin, action).detail(serde_json::json!({ "target": id })),
    )
    .await;
    Ok((admin, target))
}

async fn unlock(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    match on_account(&state, &headers, signed_in, id, "account_unlocked").await {
        Ok((_, target)) => match state.store.clear_login_failures(target.id).await {
            Ok(()) => Redirect::to("/desk/staff?saved=unlocked").into_response(),
            Err(e) => ApiError::from(e).into_response(),
        },
        Err(r) => r,
    }
}

async fn reset_second_factor(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    match on_account(&state, &headers, signed_in, id, "totp_reset").await {
        Ok((_, target)) => {
            let change = state.store.disable_totp(target.id).await;
            signed_out_after(&state, target.id, change, "reset").await
        }
        Err(r) => r,
    }
}

/// After `change` to account `target`, ends all its sessions (live desks
/// close at once) and goes back to the staff page with `saved`.
async fn signed_out_after(
    state: &AppState,
    target: i64,
    change: Result<(), crate::storage::StoreError>,
    saved: &str,
) -> Response {
    let done = match change {
        Ok(()) => state.store.revoke_sessions(target, None).await.map(|_| ()),
        Err(e) => Err(e),
    };
    super::auth::sessions_ended(state, target);
    match done {
        Ok(()) => Redirect::to(&format!("/desk/staff?saved={saved}")).into_response(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

async fn end_sessions(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Extension(handle): Extension<SessionHandle>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    match on_account(&state, &headers, signed_in, id, "sessions_revoked").await {
        Ok((_, target)) => {
            let keep = handle.0.map(|(_, h)| h);
            let done = state
                .store
                .revoke_sessions(target.id, keep.as_deref())
                .await;
            // Their live desks close at once, not at the next check.
            super::auth::sessions_ended(&state, target.id);
            match done {
                Ok(_) => Redirect::to("/desk/staff?saved=sessions").into_response(),
                Err(e) => ApiError::from(e).into_response(),
            }
        }
        Err(r) => r,
    }
}

/// The account must choose a new password at its next sign-in; its
/// sessions end now (live desks close).
async fn require_new_password(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    match on_account(&state, &headers, signed_in, id, "password_reset_required").await {
        Ok((_, target)) => {
            let change = state.store.require_password_change(target.id).await;
            signed_out_after(&state, target.id, change, "password").await
        }
        Err(r) => r,
    }
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
