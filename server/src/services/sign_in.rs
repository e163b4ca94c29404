//! Staff sign-in, the password step (R-SEC1): throttling per source (its
//! trusted device, else its address), one attempt at a time per e-mail,
//! account locks (unknown e-mails lock alike, so the answer tells nobody
//! which accounts exist), Argon2 verification on the bounded hashing pool
//! (against a real hash even for unknown e-mails, for constant timing), the
//! stage the new session starts in, and the audit lines. The HTTP layer
//! checks the origin and sets the cookies.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;
use rand::RngCore;

use crate::domain::throttle;
use crate::security::tokens::token_hash;
use crate::security::totp;
use crate::services::audit;
use crate::state::AppState;
use crate::storage::{NewSession, SessionInfo, SessionStage, StoreError};

/// Absolute session lifetime.
pub const SESSION_TTL_MS: i64 = 12 * 3600 * 1000;
/// A half-signed-in session (code or enrolment due) lasts this long.
pub const PENDING_TTL_MS: i64 = 10 * 60 * 1000;
/// Argon2id hash of a random string nobody knows, for constant-time misses.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$J3jLSIbZQX0H5pAUdd9CjPgEz5j+GoxuWq1tPfBQN6E";

/// A sign-in attempt as the form gave it.
pub struct Attempt<'a> {
    /// The e-mail, trimmed.
    pub email: &'a str,
    /// The password.
    pub password: String,
    /// The browser's trusted-device nonce for this e-mail, if any.
    pub device: Option<&'a str>,
    /// The client address.
    pub ip: &'a str,
}

/// A password accepted: the new session.
pub struct Accepted {
    /// Who.
    pub agent: AgentProfile,
    /// Where the session starts (full, or a code, enrolment or new password due).
    pub stage: SessionStage,
    /// The session token for the cookie (only its hash is stored).
    pub token: String,
    /// Its lifetime.
    pub ttl_ms: i64,
}

/// Why a password step did not open a session.
#[derive(Debug)]
pub enum Refused {
    /// What the sign-in form shows (invalid credentials, locked, too many attempts).
    Code(ErrorCode),
    /// Storage failed.
    Store(StoreError),
    /// Something of ours is broken (logged; the client is told `internal`).
    Internal,
}

impl From<StoreError> for Refused {
    fn from(e: StoreError) -> Self {
        Refused::Store(e)
    }
}

/// The throttling key of a sign-in attempt: its trusted device, else its address.
pub fn source_key(device: Option<&str>, ip: Option<&str>) -> String {
    match device {
        Some(d) => format!("device:{d}"),
        None => format!(
            "ip:{}",
            crate::security::client_addr::limit_key(ip.unwrap_or("unknown"))
        ),
    }
}

/// Checks a password and opens a session in the stage it earns.
pub async fn password(state: &AppState, attempt: Attempt<'_>) -> Result<Accepted, Refused> {
    let Attempt {
        email,
        password,
        device,
        ip,
    } = attempt;
    let now = state.clock.now();
    if email.len() > 254 || password.len() > crate::security::password::MAX_BYTES {
        return Err(Refused::Code(ErrorCode::InvalidCredentials));
    }
    let source = source_key(device, Some(ip));
    if let Err(wait_ms) = state.sign_in_attempt(&source, now) {
        tracing::warn!(%ip, trusted = device.is_some(), wait_ms, "sign-in throttled");
        audit::record(
            state,
            audit::Entry::system("sign_in_throttled")
                .actor(email)
                .detail(serde_json::json!({ "retry_after_ms": wait_ms }))
                .ip(Some(ip.to_owned())),
        )
        .await;
        return Err(Refused::Code(ErrorCode::TooManyAttempts));
    }
    // One attempt at a time per e-mail, so each sees the last one's count.
    let _turn = state.account_turn(email).await;
    let found = state.store.agent_by_email(email).await?;
    // Unknown e-mails lock like accounts: the answer tells nobody which exist.
    let locked = device.is_none()
        && match &found {
            Some(c) => c.locked_until > now,
            None => state.unknown_locked(email, now),
        };
    if locked {
        tracing::warn!(%email, %ip, "sign-in to a locked account refused");
        audit::record(
            state,
            audit::Entry::system("sign_in_failed")
                .actor(email)
                .agent_id(found.as_ref().map(|c| c.profile.id))
                .detail(serde_json::json!({ "reason": "locked" }))
                .ip(Some(ip.to_owned())),
        )
        .await;
        return Err(Refused::Code(ErrorCode::AccountLocked));
    }
    // Verify against a real hash even for unknown e-mails so timing does not
    // reveal which accounts exist.
    let phc = found
        .as_ref()
        .map_or_else(|| DUMMY_HASH.to_owned(), |c| c.password_hash.clone());
    let verified = state
        .hashing
        .run(move || crate::security::hashing::verify(&password, &phc))
        .await;
    let Some(ok) = verified else {
        state.sign_in_forgive(&source);
        tracing::warn!(%ip, "sign-in refused: every hashing slot stayed busy");
        return Err(Refused::Code(ErrorCode::TooManyAttempts));
    };
    let Some(creds) = found.filter(|_| ok) else {
        failed(state, email, device.is_some(), ip, "password", now).await;
        return Err(Refused::Code(ErrorCode::InvalidCredentials));
    };
    let agent = creds.profile;
    let stage = if creds.totp_enabled {
        SessionStage::Mfa
    } else if state.store.mfa_required().await?.contains(&agent.role) {
        SessionStage::Enrol
    } else if creds.password_reset_required {
        SessionStage::Password
    } else {
        SessionStage::Full
    };
    if stage == SessionStage::Full {
        state.store.clear_login_failures(agent.id).await?;
        state.sign_in_succeeded(&source);
    } else {
        // The password was right; the code step counts its own attempts.
        state.sign_in_forgive(&source);
    }
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let token = URL_SAFE_NO_PAD.encode(raw);
    let ttl_ms = if matches!(stage, SessionStage::Full | SessionStage::Password) {
        SESSION_TTL_MS
    } else {
        PENDING_TTL_MS
    };
    state
        .store
        .create_session(&NewSession {
            token_hash: &token_hash(&token),
            agent_id: agent.id,
            stage,
            ip: Some(ip),
            now,
            expires_at: now + ttl_ms,
        })
        .await?;
    let action = match stage {
        SessionStage::Full => "sign_in",
        SessionStage::Mfa | SessionStage::Enrol | SessionStage::Password => "password_accepted",
    };
    tracing::info!(
        agent = agent.id,
        stage = stage.as_str(),
        "password accepted"
    );
    audit::record(
        state,
        audit::Entry::by(&agent, action)
            .detail(serde_json::json!({ "next": stage.as_str() }))
            .ip(Some(ip.to_owned())),
    )
    .await;
    Ok(Accepted {
        agent,
        stage,
        token,
        ttl_ms,
    })
}

/// Counts a failed password or code (the source's window already counted
/// it): for untrusted sources the account's failures in a row, which may
/// lock it, or an unknown e-mail's. Called within the e-mail's turn.
pub async fn failed(
    state: &AppState,
    email: &str,
    trusted: bool,
    ip: &str,
    factor: &str,
    now: i64,
) {
    let agent = state.store.agent_by_email(email).await.ok().flatten();
    tracing::warn!(%email, %ip, factor, "failed sign-in");
    audit::record(
        state,
        audit::Entry::system("sign_in_failed")
            .actor(email)
            .agent_id(agent.as_ref().map(|a| a.profile.id))
            .detail(serde_json::json!({ "factor": factor }))
            .ip(Some(ip.to_owned())),
    )
    .await;
    if trusted {
        return;
    }
    let Some(agent) = agent else {
        state.unknown_failed(email, now);
        return;
    };
    let failures = agent.failed_logins + 1;
    let until = throttle::lock_until(failures, now);
    if let Err(e) = state
        .store
        .record_login_failure(agent.profile.id, until)
        .await
    {
        tracing::error!(error = %e, "recording a failed sign-in");
    }
    if let Some(until) = until {
        tracing::warn!(agent = agent.profile.id, until, failures, "account locked");
        audit::record(
            state,
            audit::Entry::system("account_locked")
                .actor(email)
                .agent_id(Some(agent.profile.id))
                .detail(serde_json::json!({ "until": until, "failures": failures }))
                .ip(Some(ip.to_owned())),
        )
        .await;
    }
}

/// The second step: a code (one-time or recovery) for a session waiting for
/// it, under the same throttle, turn and lock as the password; on success
/// the session is promoted and the sign-in audited.
pub async fn code(
    state: &AppState,
    session: &SessionInfo,
    code: &str,
    device: Option<&str>,
    ip: &str,
) -> Result<(), Refused> {
    let now = state.clock.now();
    let agent = &session.agent;
    let source = source_key(device, Some(ip));
    if state.sign_in_attempt(&source, now).is_err() {
        return Err(Refused::Code(ErrorCode::TooManyAttempts));
    }
    let _turn = state.account_turn(&agent.email).await;
    // The code step locks with the account: a session opened before the
    // lock cannot keep guessing.
    let creds = state.store.agent_by_email(&agent.email).await?;
    let locked = device.is_none() && creds.is_none_or(|c| c.locked_until > now);
    if locked {
        tracing::warn!(agent = agent.id, %ip, "second factor of a locked account refused");
        audit::record(
            state,
            audit::Entry::system("sign_in_failed")
                .actor(&agent.email)
                .agent_id(Some(agent.id))
                .detail(serde_json::json!({ "factor": "code", "reason": "locked" }))
                .ip(Some(ip.to_owned())),
        )
        .await;
        return Err(Refused::Code(ErrorCode::AccountLocked));
    }
    let Some(method) = check_code(state, agent.id, code, now).await? else {
        failed(state, &agent.email, device.is_some(), ip, "code", now).await;
        return Err(Refused::Code(ErrorCode::CodeInvalid));
    };
    promote(state, session).await?;
    state.sign_in_succeeded(&source);
    tracing::info!(agent = agent.id, method, "signed in");
    audit::record(
        state,
        audit::Entry::by(agent, "sign_in")
            .detail(serde_json::json!({ "second_factor": method }))
            .ip(Some(ip.to_owned())),
    )
    .await;
    Ok(())
}

/// A pending session becomes a full one (its lifetime starts again) — or,
/// when an admin required a new password, one that may only set it.
pub async fn promote(state: &AppState, session: &SessionInfo) -> Result<(), StoreError> {
    let reset = state
        .store
        .agent_by_email(&session.agent.email)
        .await?
        .is_some_and(|c| c.password_reset_required);
    let stage = if reset {
        SessionStage::Password
    } else {
        SessionStage::Full
    };
    state
        .store
        .set_session_stage(&session.token_hash, stage)
        .await?;
    state.store.clear_login_failures(session.agent.id).await?;
    Ok(())
}

/// `Some("totp" | "recovery_code")` when `code` is a current, unused TOTP
/// code or an unused recovery code of the agent.
async fn check_code(
    state: &AppState,
    agent_id: i64,
    code: &str,
    now: i64,
) -> Result<Option<&'static str>, Refused> {
    let stored = state.store.totp(agent_id).await?;
    let Some(sealed) = stored.secret else {
        return Ok(None);
    };
    let secret = state
        .settings
        .keyring
        .open_text("totp", &sealed)
        .map_err(|e| {
            tracing::error!(error = %e, agent = agent_id, "second-factor secret does not open");
            Refused::Internal
        })?;
    if let Some(step) = totp::verify(&secret, code, now) {
        // Each step once: a code seen over a shoulder cannot be replayed.
        return Ok(state
            .store
            .use_totp_step(agent_id, step)
            .await?
            .then_some("totp"));
    }
    let trimmed = code.trim();
    if trimmed.len() >= 10 && trimmed.len() <= 16 {
        let hash = totp::recovery_hash(trimmed);
        if state.store.use_recovery_code(agent_id, &hash, now).await? {
            return Ok(Some("recovery_code"));
        }
    }
    Ok(None)
}
