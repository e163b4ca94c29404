//! SQLite implementation of [`AuditStore`].

use super::SqlStore;
use super::rows::*;
use crate::storage::{AuditFilter, AuditRecord, AuditReview, AuditStore, StoreResult};
use async_trait::async_trait;
use sqlx::Row;

#[async_trait]
impl AuditStore for SqlStore {
    async fn audit(&self, e: &AuditRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor, action, site_key, conversation_id, \
             detail, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(e.at)
        .bind(e.actor_id)
        .bind(&e.actor)
        .bind(&e.action)
        .bind(&e.site)
        .bind(e.conversation_id)
        .bind(e.detail.to_string())
        .bind(&e.ip)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn audit_log(&self, f: &AuditFilter, limit: i64) -> StoreResult<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_id, actor, action, site_key, conversation_id, detail, ip \
             FROM audit_log WHERE ($1 IS NULL OR action = $1) \
             AND ($2 IS NULL OR lower(actor) = lower($2)) \
             AND ($3 IS NULL OR conversation_id = $3) AND ($4 IS NULL OR at >= $4) \
             AND ($5 IS NULL OR at < $5) ORDER BY at DESC, id DESC LIMIT $6",
        )
        .bind(&f.action)
        .bind(&f.actor)
        .bind(f.conversation_id)
        .bind(f.from)
        .bind(f.until)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let detail: String = r.try_get("detail")?;
                Ok(AuditRecord {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor_id: r.try_get("actor_id")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    site: r.try_get("site_key")?,
                    conversation_id: r.try_get("conversation_id")?,
                    detail: from_json(&detail)?,
                    ip: r.try_get("ip")?,
                })
            })
            .collect()
    }

    async fn first_audit_at(&self) -> StoreResult<Option<i64>> {
        let at: Option<i64> = sqlx::query_scalar("SELECT MIN(at) FROM audit_log")
            .fetch_one(&self.reader)
            .await?;
        Ok(at)
    }

    async fn review_audit_month(&self, r: &AuditReview) -> StoreResult<bool> {
        let done = sqlx::query(
            "INSERT INTO audit_reviews (site_key, month, agent_id, note, reviewed_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (site_key, month) DO NOTHING",
        )
        .bind(&r.site)
        .bind(&r.month)
        .bind(r.agent_id)
        .bind(&r.note)
        .bind(r.at)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn audit_reviews(&self, site: &str) -> StoreResult<Vec<AuditReview>> {
        let rows = sqlx::query(
            "SELECT r.site_key, r.month, r.agent_id, a.name, r.note, r.reviewed_at \
             FROM audit_reviews r JOIN agents a ON a.id = r.agent_id \
             WHERE r.site_key = $1 ORDER BY r.month DESC",
        )
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditReview {
                    site: r.try_get("site_key")?,
                    month: r.try_get("month")?,
                    agent_id: r.try_get("agent_id")?,
                    agent_name: r.try_get("name")?,
                    note: r.try_get("note")?,
                    at: r.try_get("reviewed_at")?,
                })
            })
            .collect()
    }
}
