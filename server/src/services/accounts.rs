//! An admin's actions on staff accounts and the global sign-in policy, as
//! use cases: the rule (`domain::access`), the change, the audit line and
//! the sessions that end with it, in one place below the routes.

use std::collections::HashMap;

use parley_app::error::ErrorCode;
use parley_app::protocol::{AgentProfile, StaffRole};

use crate::domain::access;
use crate::services::audit;
use crate::services::staff_session::sessions_ended;
use crate::state::AppState;
use crate::storage::{AuditFilter, AuditRecord, StoreError};

/// Why an account action did not happen.
#[derive(Debug)]
pub enum AccountError {
    /// Refused by the access rule.
    Forbidden,
    /// Storage failed, or the account does not exist.
    Store(StoreError),
}

impl From<StoreError> for AccountError {
    fn from(e: StoreError) -> Self {
        AccountError::Store(e)
    }
}

/// What an admin does to an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountAction {
    /// Clears failed sign-ins and the lock.
    Unlock,
    /// Turns the second factor off (a lost device); sessions end.
    ResetSecondFactor,
    /// Ends every session but the admin's own.
    EndSessions,
    /// A new password at the next sign-in; sessions end.
    RequireNewPassword,
}

impl AccountAction {
    /// Its audit action.
    pub fn audit_name(self) -> &'static str {
        match self {
            AccountAction::Unlock => "account_unlocked",
            AccountAction::ResetSecondFactor => "totp_reset",
            AccountAction::EndSessions => "sessions_revoked",
            AccountAction::RequireNewPassword => "password_reset_required",
        }
    }
}

/// Applies `action` to account `id` (the admin gate below the routes has
/// checked `may_manage_account`); audited. `keep` is the admin's own
/// session, which ending sessions spares. Sessions that end close their
/// live desks at once.
pub async fn act(
    state: &AppState,
    admin: &AgentProfile,
    id: i64,
    action: AccountAction,
    keep: Option<&str>,
) -> Result<(), StoreError> {
    let target = state.store.agent(id).await?;
    tracing::info!(
        admin = admin.id,
        agent = id,
        action = action.audit_name(),
        "account action"
    );
    audit::record(
        state,
        audit::Entry::by(admin, action.audit_name()).detail(serde_json::json!({ "target": id })),
    )
    .await;
    let done = match action {
        AccountAction::Unlock => return state.store.clear_login_failures(target.id).await,
        AccountAction::ResetSecondFactor => state.store.disable_totp(target.id).await,
        AccountAction::RequireNewPassword => state.store.require_password_change(target.id).await,
        AccountAction::EndSessions => Ok(()),
    };
    let keep = if action == AccountAction::EndSessions {
        keep
    } else {
        None
    };
    let ended = match done {
        Ok(()) => state
            .store
            .revoke_sessions(target.id, keep)
            .await
            .map(|_| ()),
        Err(e) => Err(e),
    };
    // Their live desks close at once, not at the next check.
    sessions_ended(state, target.id);
    ended
}

/// The lines `admin` may read ([`access::sees_audit_line`]): the subject of
/// a line is the account it names as its target, else its actor.
pub async fn visible_lines(
    state: &AppState,
    admin: &AgentProfile,
    rows: Vec<AuditRecord>,
) -> Result<Vec<AuditRecord>, StoreError> {
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

/// Sets which roles must use a second factor (a policy for every site, so
/// only an all-sites admin may); audited.
pub async fn set_mfa_policy(
    state: &AppState,
    admin: &AgentProfile,
    required: &[StaffRole],
) -> Result<(), AccountError> {
    if !access::may_set_global_policy(admin) {
        return Err(AccountError::Forbidden);
    }
    for role in StaffRole::ALL {
        state
            .store
            .set_mfa_required(role, required.contains(&role))
            .await?;
    }
    let names: Vec<&str> = required.iter().map(|r| r.as_str()).collect();
    tracing::info!(admin = admin.id, required = ?names, "second-factor policy changed");
    audit::record(
        state,
        audit::Entry::by(admin, "setting_changed")
            .detail(serde_json::json!({ "setting": "mfa_required", "roles": names })),
    )
    .await;
    Ok(())
}

/// The audit lines `admin` may see under `filter` (at most `limit`), for an
/// export; the export itself is audited.
pub async fn export_audit(
    state: &AppState,
    admin: &AgentProfile,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditRecord>, StoreError> {
    let rows = state.store.audit_log(filter, limit).await?;
    let rows = visible_lines(state, admin, rows).await?;
    audit::record(
        state,
        audit::Entry::by(admin, "audit_exported").detail(serde_json::json!({ "rows": rows.len() })),
    )
    .await;
    Ok(rows)
}

impl From<AccountError> for crate::error::ApiError {
    fn from(e: AccountError) -> Self {
        match e {
            AccountError::Forbidden => {
                crate::error::ApiError::new(axum::http::StatusCode::FORBIDDEN, ErrorCode::Forbidden)
            }
            AccountError::Store(e) => e.into(),
        }
    }
}
