//! A signed-in person's own credentials (R-SEC1): changing the password
//! (checked like a sign-in: counted first, one attempt at a time per
//! account, verified on the hashing pool), confirming a new second factor
//! (with fresh recovery codes), ending the other sessions and signing out.
//! Each persists, tells open desks whose sessions ended, and writes its
//! audit line; the HTTP layer reads the forms and sets the cookies.

use axum::http::StatusCode;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::error::ApiError;
use crate::security::totp;
use crate::services::audit;
use crate::services::sign_in::{self, Refused, source_key};
use crate::services::staff_session::sessions_ended;
use crate::state::AppState;
use crate::storage::{SessionInfo, SessionStage, StoreError};

/// Hashes a password with Argon2id on the bounded hashing pool; refused
/// with `too_many_attempts` (503) when every slot and queue place is taken.
pub async fn hash_password(state: &AppState, password: &str) -> Result<String, ApiError> {
    let password = password.to_owned();
    match state
        .hashing
        .run(move || crate::security::hashing::hash(&password))
        .await
    {
        Some(Some(hash)) => Ok(hash),
        Some(None) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
        )),
        None => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            ErrorCode::TooManyAttempts,
        )),
    }
}

/// A password change as the form gave it.
pub struct PasswordChange<'a> {
    /// The password now.
    pub current: String,
    /// The one wanted.
    pub new: &'a str,
    /// The browser's trusted-device nonce for this account, if any.
    pub device: Option<&'a str>,
    /// The client address.
    pub ip: &'a str,
}

/// Changes the session's agent's password. A session that was signed in
/// only to set a new one (stage `Password`) becomes a full session; every
/// other session of the account ends.
pub async fn change_password(
    state: &AppState,
    session: &SessionInfo,
    change: PasswordChange<'_>,
) -> Result<(), Refused> {
    let PasswordChange {
        current,
        new,
        device,
        ip,
    } = change;
    let agent = &session.agent;
    let forced = session.stage == SessionStage::Password;
    let now = state.clock.now();
    let source = source_key(device, Some(ip));
    if state.sign_in_attempt(&source, now).is_err() {
        return Err(Refused::Code(ErrorCode::TooManyAttempts));
    }
    if let Err(code) = crate::security::password::check(new, &agent.email, &agent.name) {
        state.sign_in_forgive(&source);
        return Err(Refused::Code(code));
    }
    let _turn = state.account_turn(&agent.email).await;
    let Some(creds) = state.store.agent_by_email(&agent.email).await? else {
        return Err(Refused::Code(ErrorCode::Unauthorized));
    };
    let phc = creds.password_hash;
    let verified = state
        .hashing
        .run(move || crate::security::hashing::verify(&current, &phc))
        .await;
    let Some(ok) = verified else {
        state.sign_in_forgive(&source);
        return Err(Refused::Code(ErrorCode::TooManyAttempts));
    };
    if !ok {
        sign_in::failed(
            state,
            &agent.email,
            device.is_some(),
            ip,
            "password_change",
            now,
        )
        .await;
        return Err(Refused::Code(ErrorCode::InvalidCredentials));
    }
    let hash = match hash_password(state, new).await {
        Ok(h) => h,
        Err(e) if e.code == ErrorCode::TooManyAttempts => {
            return Err(Refused::Code(ErrorCode::TooManyAttempts));
        }
        Err(_) => return Err(Refused::Internal),
    };
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
    sessions_ended(state, agent.id);
    state.sign_in_succeeded(&source);
    tracing::info!(agent = agent.id, forced, "password changed");
    audit::record(
        state,
        audit::Entry::by(agent, "password_changed")
            .detail(serde_json::json!({ "required": forced, "sessions_ended": ended }))
            .ip(Some(ip.to_owned())),
    )
    .await;
    Ok(())
}

/// What confirming a second factor leaves due.
#[derive(Debug, PartialEq, Eq)]
pub enum AfterEnrolment {
    /// Nothing: the session is full.
    Nothing,
    /// A new password (an admin required one): the desk asks for it next.
    NewPassword,
}

/// Confirms the pending second factor with a first code from the
/// authenticator: enables it, issues recovery codes (shown once, sealed),
/// and, when enrolment was what the sign-in waited for, promotes the
/// session.
pub async fn confirm_totp(
    state: &AppState,
    session: &SessionInfo,
    code: &str,
    ip: &str,
) -> Result<AfterEnrolment, Refused> {
    let agent = &session.agent;
    let now = state.clock.now();
    let pending = state.store.totp(agent.id).await?.pending;
    let secret = pending.and_then(|p| state.settings.keyring.open_text("totp", &p).ok());
    let step = secret.as_deref().and_then(|s| totp::verify(s, code, now));
    let (Some(secret), Some(step)) = (secret, step) else {
        tracing::info!(agent = agent.id, "enrolment code refused");
        return Err(Refused::Code(ErrorCode::CodeInvalid));
    };
    let codes = totp::new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| totp::recovery_hash(c)).collect();
    let sealed = state.settings.keyring.seal("totp", secret.as_bytes());
    let reveal = state.settings.keyring.seal(
        "recovery_reveal",
        serde_json::to_string(&codes).unwrap_or_default().as_bytes(),
    );
    state
        .store
        .enable_totp(agent.id, &sealed, &hashes, &reveal, now)
        .await?;
    state.store.use_totp_step(agent.id, step).await?;
    let enrolling = session.stage == SessionStage::Enrol;
    if enrolling {
        sign_in::promote(state, session).await?;
    }
    tracing::info!(agent = agent.id, "second factor enabled");
    audit::record(
        state,
        audit::Entry::by(agent, "totp_enabled").ip(Some(ip.to_owned())),
    )
    .await;
    if enrolling {
        audit::record(
            state,
            audit::Entry::by(agent, "sign_in")
                .detail(serde_json::json!({ "second_factor": "enrolled" }))
                .ip(Some(ip.to_owned())),
        )
        .await;
    }
    Ok(match state.store.session(&session.token_hash, now).await {
        Ok(Some(s)) if s.stage == SessionStage::Password => AfterEnrolment::NewPassword,
        _ => AfterEnrolment::Nothing,
    })
}

/// Ends every session of `agent` but the one with `keep` (the caller's);
/// how many ended.
pub async fn end_other_sessions(
    state: &AppState,
    agent: &AgentProfile,
    keep: &str,
) -> Result<u64, StoreError> {
    let n = state.store.revoke_sessions(agent.id, Some(keep)).await?;
    sessions_ended(state, agent.id);
    audit::record(
        state,
        audit::Entry::by(agent, "sessions_revoked")
            .detail(serde_json::json!({ "count": n, "target": agent.id })),
    )
    .await;
    Ok(n)
}

/// Signs out the session with `token_hash` (gone or expired is fine).
pub async fn sign_out(state: &AppState, token_hash: &str) -> Result<(), StoreError> {
    let agent = state
        .store
        .session(token_hash, state.clock.now())
        .await?
        .map(|s| s.agent);
    state.store.delete_session(token_hash).await?;
    if let Some(agent) = agent {
        audit::record(state, audit::Entry::by(&agent, "sign_out")).await;
        sessions_ended(state, agent.id);
    }
    Ok(())
}
