//! SQLite implementation of [`StaffStore`].

use super::SqlStore;
use super::rows::*;
use crate::domain::access::Viewer;
use crate::storage::{AgentCredentials, StaffStore, StoreError, StoreResult};
use async_trait::async_trait;
use parley_app::protocol::{AgentProfile, StaffRole};
use sqlx::{AssertSqlSafe, Row};

#[async_trait]
impl StaffStore for SqlStore {
    async fn count_agents(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM agents")
            .fetch_one(&self.reader)
            .await?)
    }

    async fn create_agent(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        role: StaffRole,
        sites: &[String],
        now: i64,
    ) -> StoreResult<AgentProfile> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agents (email, name, password_hash, role, sites, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(email)
        .bind(name)
        .bind(password_hash)
        .bind(role.as_str())
        .bind(json(&sites)?)
        .bind(now)
        .fetch_one(&self.writer)
        .await?;
        self.agent(id).await
    }

    async fn agent_by_email(&self, email: &str) -> StoreResult<Option<AgentCredentials>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS}, a.password_hash, a.failed_logins, a.locked_until, \
             CASE WHEN a.totp_secret IS NULL THEN 0 ELSE 1 END AS totp_enabled, a.password_reset_required \
             FROM agents a WHERE lower(a.email) = lower($1)"
        )))
        .bind(email)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            Ok(AgentCredentials {
                profile: agent_of(&r)?,
                password_hash: r.try_get("password_hash")?,
                failed_logins: r.try_get("failed_logins")?,
                locked_until: r.try_get("locked_until")?,
                totp_enabled: flag(&r, "totp_enabled")?,
                password_reset_required: flag(&r, "password_reset_required")?,
            })
        })
        .transpose()
    }

    async fn set_password(&self, agent_id: i64, password_hash: &str) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE agents SET password_hash = $1, password_reset_required = 0 WHERE id = $2",
        )
        .bind(password_hash)
        .bind(agent_id)
        .execute(&self.writer)
        .await?;
        found(&done)
    }

    async fn require_password_change(&self, agent_id: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE agents SET password_reset_required = 1 WHERE id = $1")
            .bind(agent_id)
            .execute(&self.writer)
            .await?;
        found(&done)
    }

    async fn agents(&self) -> StoreResult<Vec<AgentProfile>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS} FROM agents a ORDER BY a.name, a.id"
        )))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(agent_of).collect()
    }

    async fn agent(&self, id: i64) -> StoreResult<AgentProfile> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS} FROM agents a WHERE a.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        agent_of(&row)
    }

    async fn viewer(&self, agent_id: i64, now: i64) -> StoreResult<Viewer> {
        let profile = self.agent(agent_id).await?;
        let supervises: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM teams WHERE supervisor_id = $1 ORDER BY id")
                .bind(agent_id)
                .fetch_all(&self.writer)
                .await?;
        let grants: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT conversation_id FROM access_grants \
             WHERE agent_id = $1 AND decision = 'approved' AND expires_at > $2 ORDER BY 1",
        )
        .bind(agent_id)
        .bind(now)
        .fetch_all(&self.writer)
        .await?;
        Ok(Viewer {
            id: profile.id,
            role: profile.role,
            sites: profile.sites,
            teams: profile.teams,
            supervises,
            grants,
        })
    }
}
