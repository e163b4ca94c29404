//! Staff sign-in: sessions and their stage, failed attempts, second factors and recovery codes.
//!
//! Part of [`Store`](super::Store); the SQLite implementation is in
//! `sqlite/sessions.rs`.

use async_trait::async_trait;
use parley_app::protocol::AgentProfile;

use super::StoreResult;

/// How far a session got through sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    /// Password ok; a code is due.
    Mfa,
    /// Password ok; a second factor is mandatory and must be set up first.
    Enrol,
    /// Password (and code) ok; an admin requires a new password first.
    Password,
    /// Signed in.
    Full,
}

impl SessionStage {
    /// Storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStage::Mfa => "mfa",
            SessionStage::Enrol => "enrol",
            SessionStage::Password => "password",
            SessionStage::Full => "full",
        }
    }

    /// Parses the storage name.
    pub fn parse(s: &str) -> Option<SessionStage> {
        [
            SessionStage::Mfa,
            SessionStage::Enrol,
            SessionStage::Password,
            SessionStage::Full,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// A session to store.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    /// SHA-256 of the cookie value.
    pub token_hash: &'a str,
    /// Whose.
    pub agent_id: i64,
    /// Stage.
    pub stage: SessionStage,
    /// Where sign-in came from.
    pub ip: Option<&'a str>,
    /// Created.
    pub now: i64,
    /// Absolute end.
    pub expires_at: i64,
}

/// A stored session.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    /// SHA-256 of the cookie value.
    pub token_hash: String,
    /// Whose.
    pub agent: AgentProfile,
    /// Stage.
    pub stage: SessionStage,
    /// Created.
    pub created_at: i64,
    /// Last used.
    pub last_seen: i64,
    /// Absolute end.
    pub expires_at: i64,
    /// Where sign-in came from.
    pub ip: Option<String>,
}

/// Second-factor state of an agent (secrets sealed).
#[derive(Debug, Clone, Default)]
pub struct TotpState {
    /// Active secret.
    pub secret: Option<String>,
    /// Secret being enrolled.
    pub pending: Option<String>,
    /// Highest time step used.
    pub last_step: i64,
}

/// Staff sign-in: sessions and their stage, failed attempts, second factors and recovery codes.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Stores a session.
    async fn create_session(&self, session: &NewSession<'_>) -> StoreResult<()>;
    /// A session that has not reached `expires_at`.
    async fn session(&self, token_hash: &str, now: i64) -> StoreResult<Option<SessionInfo>>;
    /// Marks a session used at `now` (idle expiry counts from here).
    async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()>;
    /// Moves a session to `stage` (after the second factor).
    async fn set_session_stage(&self, token_hash: &str, stage: SessionStage) -> StoreResult<()>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Ends every session of an agent (all but `keep`); how many ended.
    async fn revoke_sessions(&self, agent_id: i64, keep: Option<&str>) -> StoreResult<u64>;
    /// Live sessions of an agent, newest first.
    async fn sessions_of(&self, agent_id: i64, now: i64) -> StoreResult<Vec<SessionInfo>>;
    /// Counts a failed sign-in; locks the account until `lock_until` when
    /// given. Returns the failures in a row.
    async fn record_login_failure(
        &self,
        agent_id: i64,
        lock_until: Option<i64>,
    ) -> StoreResult<i64>;
    /// A successful sign-in clears the failures.
    async fn clear_login_failures(&self, agent_id: i64) -> StoreResult<()>;
    /// Second-factor state of an agent.
    async fn totp(&self, agent_id: i64) -> StoreResult<TotpState>;
    /// Keeps `sealed` as the secret being enrolled unless one already is
    /// (a reloaded page or a second request shows the same QR code);
    /// returns the one in effect.
    async fn begin_totp_pending(&self, agent_id: i64, sealed: &str) -> StoreResult<String>;
    /// Turns the second factor on with `sealed` and fresh recovery codes
    /// (their hashes, and the codes sealed for one showing), replacing
    /// earlier ones.
    async fn enable_totp(
        &self,
        agent_id: i64,
        sealed: &str,
        recovery_hashes: &[String],
        reveal: &str,
        now: i64,
    ) -> StoreResult<()>;
    /// The sealed fresh recovery codes, once: they are gone afterwards.
    async fn take_recovery_reveal(&self, agent_id: i64) -> StoreResult<Option<String>>;
    /// Accepts a time step once: `true` if `step` is newer than any used.
    async fn use_totp_step(&self, agent_id: i64, step: i64) -> StoreResult<bool>;
    /// Spends a recovery code: `true` if it existed unused.
    async fn use_recovery_code(
        &self,
        agent_id: i64,
        code_hash: &str,
        now: i64,
    ) -> StoreResult<bool>;
    /// Unused recovery codes left.
    async fn recovery_codes_left(&self, agent_id: i64) -> StoreResult<i64>;
    /// Turns the second factor off (an admin resets a lost device).
    async fn disable_totp(&self, agent_id: i64) -> StoreResult<()>;
}
