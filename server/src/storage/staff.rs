//! Staff accounts and what they may see: create, look up, passwords, profiles,
//! the viewer a rule is checked against.
//!
//! Part of [`Store`](super::Store); the SQLite implementation is in
//! `sqlite/staff.rs`.

use async_trait::async_trait;
use parley_app::protocol::{AgentProfile, StaffRole};

use crate::domain::access::Viewer;

use super::StoreResult;

/// An agent with the secret needed to sign in.
#[derive(Debug, Clone)]
pub struct AgentCredentials {
    /// Public part.
    pub profile: AgentProfile,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// Failed sign-ins in a row.
    pub failed_logins: i64,
    /// Locked until (Unix ms); 0 = not locked.
    pub locked_until: i64,
    /// A second factor is set up.
    pub totp_enabled: bool,
    /// An admin requires a new password at the next sign-in.
    pub password_reset_required: bool,
}

/// Staff accounts and what they may see: create, look up, passwords, profiles,
/// the viewer a rule is checked against.
#[async_trait]
pub trait StaffStore: Send + Sync {
    /// Number of staff accounts.
    async fn count_agents(&self) -> StoreResult<i64>;
    /// Creates an agent working for `sites` (empty: every site);
    /// `Conflict` if the e-mail exists.
    async fn create_agent(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        role: StaffRole,
        sites: &[String],
        now: i64,
    ) -> StoreResult<AgentProfile>;
    /// Looks an agent up by e-mail (case-insensitive).
    async fn agent_by_email(&self, email: &str) -> StoreResult<Option<AgentCredentials>>;
    /// Sets an agent's password (an Argon2 PHC string) and clears any
    /// requirement to change it.
    async fn set_password(&self, agent_id: i64, password_hash: &str) -> StoreResult<()>;
    /// Requires the agent to choose a new password at the next sign-in.
    async fn require_password_change(&self, agent_id: i64) -> StoreResult<()>;
    /// Every staff account, by name.
    async fn agents(&self) -> StoreResult<Vec<AgentProfile>>;
    /// One staff account.
    async fn agent(&self, id: i64) -> StoreResult<AgentProfile>;

    /// What the visibility rule needs to know of an agent at `now`.
    async fn viewer(&self, agent_id: i64, now: i64) -> StoreResult<Viewer>;
}
