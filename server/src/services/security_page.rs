//! The security page's backend (`parley_app::api::security`): second-factor
//! enrolment, one's own status (factor, recovery codes, sessions, and for
//! admins their sites' privacy settings), and the audit log as the page
//! browses it (only the lines the reader may see; viewing is audited).

use parley_app::api::{
    AuditQuery, AuditView, SecurityReply, SecurityRequest, SecurityStatus, SessionHandle,
    SessionView, SitePrivacy,
};
use parley_app::error::ErrorCode;
use parley_app::protocol::{AgentProfile, StaffRole};

use crate::error::store_code;
use crate::security::totp;
use crate::services::accounts::visible_lines;
use crate::services::audit;
use crate::state::AppState;
use crate::storage::{AuditFilter, AuditRecord};

/// Most audit lines a page or an export holds.
pub const AUDIT_LIMIT: i64 = 5000;

/// The server side of [`parley_app::api::security`].
pub async fn answer(
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
            begin_totp(state, &agent).await.map(SecurityReply::Totp)
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
            if !crate::domain::access::may_administer_site(agent, &site.key) {
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

/// Starts enrolment: a fresh secret, kept sealed as pending until a code
/// proves the app has it — or the one already pending, so a reloaded page
/// (or two requests at once) never replaces a key the app has scanned.
pub async fn begin_totp(
    state: &AppState,
    agent: &AgentProfile,
) -> Result<parley_app::api::TotpEnrolment, ErrorCode> {
    let internal = || ErrorCode::Internal;
    let fresh = totp::new_secret();
    let sealed = state.settings.keyring.seal("totp", fresh.as_bytes());
    let pending = state
        .store
        .begin_totp_pending(agent.id, &sealed)
        .await
        .map_err(store_code)?;
    let secret = state
        .settings
        .keyring
        .open_text("totp", &pending)
        .map_err(|e| {
            tracing::error!(error = %e, agent = agent.id, "pending second factor does not open");
            internal()
        })?;
    let uri = totp::uri(&secret, &agent.email).ok_or_else(internal)?;
    let qr_svg = totp::qr_svg(&uri).ok_or_else(internal)?;
    Ok(parley_app::api::TotpEnrolment {
        secret,
        uri,
        qr_svg,
    })
}
