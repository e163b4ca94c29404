//! SQLite implementation of [`SessionStore`].

use super::SqlStore;
use super::rows::*;
use crate::storage::{
    NewSession, SessionInfo, SessionStage, SessionStore, StoreError, StoreResult, TotpState,
};
use async_trait::async_trait;
use sqlx::{AssertSqlSafe, Row};

#[async_trait]
impl SessionStore for SqlStore {
    async fn create_session(&self, n: &NewSession<'_>) -> StoreResult<()> {
        sqlx::query("DELETE FROM agent_sessions WHERE expires_at <= $1")
            .bind(n.now)
            .execute(&self.writer)
            .await?;
        sqlx::query(
            "INSERT INTO agent_sessions (token_hash, agent_id, created_at, expires_at, stage, \
             last_seen, ip) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(n.token_hash)
        .bind(n.agent_id)
        .bind(n.now)
        .bind(n.expires_at)
        .bind(n.stage.as_str())
        .bind(n.now)
        .bind(n.ip)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> StoreResult<Option<SessionInfo>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS}, {SESSION_COLUMNS} FROM agent_sessions s \
             JOIN agents a ON a.id = s.agent_id WHERE s.token_hash = $1 AND s.expires_at > $2"
        )))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(session_of).transpose()
    }

    async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE agent_sessions SET last_seen = $1 WHERE token_hash = $2 AND last_seen < $3",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn set_session_stage(&self, token_hash: &str, stage: SessionStage) -> StoreResult<()> {
        sqlx::query("UPDATE agent_sessions SET stage = $1 WHERE token_hash = $2")
            .bind(stage.as_str())
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM agent_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn revoke_sessions(&self, agent_id: i64, keep: Option<&str>) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM agent_sessions WHERE agent_id = $1 AND token_hash <> COALESCE($2, '')",
        )
        .bind(agent_id)
        .bind(keep)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }

    async fn sessions_of(&self, agent_id: i64, now: i64) -> StoreResult<Vec<SessionInfo>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS}, {SESSION_COLUMNS} FROM agent_sessions s \
             JOIN agents a ON a.id = s.agent_id WHERE s.agent_id = $1 AND s.expires_at > $2 \
             ORDER BY s.created_at DESC"
        )))
        .bind(agent_id)
        .bind(now)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(session_of).collect()
    }

    async fn record_login_failure(
        &self,
        agent_id: i64,
        lock_until: Option<i64>,
    ) -> StoreResult<i64> {
        let n: i64 = sqlx::query_scalar(
            "UPDATE agents SET failed_logins = failed_logins + 1, \
             locked_until = COALESCE($1, locked_until) WHERE id = $2 RETURNING failed_logins",
        )
        .bind(lock_until)
        .bind(agent_id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(n)
    }

    async fn clear_login_failures(&self, agent_id: i64) -> StoreResult<()> {
        sqlx::query("UPDATE agents SET failed_logins = 0, locked_until = 0 WHERE id = $1")
            .bind(agent_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn totp(&self, agent_id: i64) -> StoreResult<TotpState> {
        let row = sqlx::query(
            "SELECT totp_secret, totp_pending, totp_last_step FROM agents WHERE id = $1",
        )
        .bind(agent_id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(TotpState {
            secret: row.try_get("totp_secret")?,
            pending: row.try_get("totp_pending")?,
            last_step: row.try_get("totp_last_step")?,
        })
    }

    async fn begin_totp_pending(&self, agent_id: i64, sealed: &str) -> StoreResult<String> {
        sqlx::query_scalar(
            "UPDATE agents SET totp_pending = COALESCE(totp_pending, $1) WHERE id = $2 \
             RETURNING totp_pending",
        )
        .bind(sealed)
        .bind(agent_id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn enable_totp(
        &self,
        agent_id: i64,
        sealed: &str,
        recovery_hashes: &[String],
        reveal: &str,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE agents SET totp_secret = $1, totp_pending = NULL, totp_enabled_at = $2, \
             recovery_reveal = $3 WHERE id = $4",
        )
        .bind(sealed)
        .bind(now)
        .bind(reveal)
        .bind(agent_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE agent_id = $1")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        for h in recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (agent_id, code_hash) VALUES ($1, $2)")
                .bind(agent_id)
                .bind(h)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn take_recovery_reveal(&self, agent_id: i64) -> StoreResult<Option<String>> {
        let mut tx = self.writer.begin().await?;
        let reveal: Option<Option<String>> =
            sqlx::query_scalar("SELECT recovery_reveal FROM agents WHERE id = $1")
                .bind(agent_id)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query("UPDATE agents SET recovery_reveal = NULL WHERE id = $1")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(reveal.flatten())
    }

    async fn use_totp_step(&self, agent_id: i64, step: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE agents SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $3",
        )
        .bind(step)
        .bind(agent_id)
        .bind(step)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn use_recovery_code(
        &self,
        agent_id: i64,
        code_hash: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 \
             WHERE agent_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(now)
        .bind(agent_id)
        .bind(code_hash)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn recovery_codes_left(&self, agent_id: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE agent_id = $1 AND used_at IS NULL",
        )
        .bind(agent_id)
        .fetch_one(&self.reader)
        .await?)
    }

    async fn disable_totp(&self, agent_id: i64) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE agents SET totp_secret = NULL, totp_pending = NULL, totp_enabled_at = NULL, \
             recovery_reveal = NULL, totp_last_step = 0 WHERE id = $1",
        )
        .bind(agent_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE agent_id = $1")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
