//! SQL implementation of [`ApiKeyStore`].

use super::SqlStore;
use super::rows::{bad, one_row};
use crate::domain::api_access::Scope;
use crate::storage::{
    ApiKeyRecord, ApiKeyStore, IdempotencyClaim, NewApiKey, SiteConversations, SiteCustomer,
    StoreError, StoreResult,
};
use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;

const COLUMNS: &str = "SELECT id, site_key, name, scope, prefix, created_by, created_at, \
     last_used_at, revoked_at FROM api_keys";

fn key_of(row: &AnyRow) -> StoreResult<ApiKeyRecord> {
    let scope: String = row.try_get("scope")?;
    Ok(ApiKeyRecord {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        name: row.try_get("name")?,
        scope: Scope::parse(&scope).ok_or_else(|| bad("scope", &scope))?,
        prefix: row.try_get("prefix")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

#[async_trait]
impl ApiKeyStore for SqlStore {
    async fn create_api_key(&self, k: NewApiKey<'_>) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO api_keys (site_key, name, scope, prefix, token_hash, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(k.site)
        .bind(k.name)
        .bind(k.scope.as_str())
        .bind(k.prefix)
        .bind(k.token_hash)
        .bind(k.created_by)
        .bind(k.now)
        .fetch_one(&self.writer)
        .await?;
        Ok(id)
    }

    async fn api_keys(&self, site: &str) -> StoreResult<Vec<ApiKeyRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{COLUMNS} WHERE site_key = $1 ORDER BY id"
        )))
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(key_of).collect()
    }

    async fn api_key_by_hash(&self, token_hash: &str) -> StoreResult<Option<ApiKeyRecord>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{COLUMNS} WHERE token_hash = $1 AND revoked_at IS NULL"
        )))
        .bind(token_hash)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(key_of).transpose()
    }

    async fn touch_api_key(&self, id: i64, at: i64) -> StoreResult<()> {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(at)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn site_conversations(
        &self,
        q: SiteConversations<'_>,
    ) -> StoreResult<Vec<parley_app::protocol::ConversationSummary>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} WHERE c.site_key = $1 AND (CAST($2 AS BIGINT) IS NULL OR c.id < $2) \
               AND (CAST($3 AS TEXT) IS NULL OR c.state = $3) \
               AND (CAST($4 AS TEXT) IS NULL OR c.visitor_id = $4) \
             ORDER BY c.id DESC LIMIT $5",
            super::rows::SUMMARY_COLUMNS
        )))
        .bind(q.site)
        .bind(q.before)
        .bind(q.status.map(|s| s.as_str()))
        .bind(q.visitor_id)
        .bind(q.limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(super::rows::summary_of).collect()
    }

    async fn site_customer(&self, site: &str, visitor_id: &str) -> StoreResult<SiteCustomer> {
        let row = sqlx::query(
            "SELECT v.id, v.tier, v.owner_id, a.name AS owner_name, v.created_at, v.last_seen \
             FROM visitors v LEFT JOIN agents a ON a.id = v.owner_id \
             WHERE v.id = $1 AND v.site_key = $2",
        )
        .bind(visitor_id)
        .bind(site)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?;
        let tier: String = row.try_get("tier")?;
        Ok(SiteCustomer {
            visitor_id: row.try_get("id")?,
            tier: parley_app::protocol::Tier::parse(&tier).ok_or_else(|| bad("tier", &tier))?,
            owner_id: row.try_get("owner_id")?,
            owner_name: row.try_get("owner_name")?,
            first_seen: row.try_get("created_at")?,
            last_seen: row.try_get("last_seen")?,
        })
    }

    async fn claim_idempotency(
        &self,
        key_id: i64,
        idem_key: &str,
        fingerprint: &str,
        now: i64,
        expired_before: i64,
    ) -> StoreResult<IdempotencyClaim> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "DELETE FROM api_idempotency WHERE key_id = $1 AND idem_key = $2 AND created_at < $3",
        )
        .bind(key_id)
        .bind(idem_key)
        .bind(expired_before)
        .execute(&mut *tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO api_idempotency (key_id, idem_key, fingerprint, created_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (key_id, idem_key) DO NOTHING",
        )
        .bind(key_id)
        .bind(idem_key)
        .bind(fingerprint)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let claim = if inserted == 1 {
            IdempotencyClaim::New
        } else {
            let row = sqlx::query(
                "SELECT fingerprint, status, response FROM api_idempotency \
                 WHERE key_id = $1 AND idem_key = $2",
            )
            .bind(key_id)
            .bind(idem_key)
            .fetch_one(&mut *tx)
            .await?;
            let fingerprint: String = row.try_get("fingerprint")?;
            let status: i64 = row.try_get("status")?;
            match (
                u16::try_from(status),
                row.try_get::<Option<String>, _>("response")?,
            ) {
                (Ok(status), Some(response)) if status > 0 => IdempotencyClaim::Done {
                    fingerprint,
                    status,
                    response,
                },
                _ => IdempotencyClaim::Running { fingerprint },
            }
        };
        tx.commit().await?;
        Ok(claim)
    }

    async fn finish_idempotency(
        &self,
        key_id: i64,
        idem_key: &str,
        status: u16,
        response: &str,
    ) -> StoreResult<()> {
        one_row(
            sqlx::query(
                "UPDATE api_idempotency SET status = $1, response = $2 \
                 WHERE key_id = $3 AND idem_key = $4",
            )
            .bind(i64::from(status))
            .bind(response)
            .bind(key_id)
            .bind(idem_key)
            .execute(&self.writer)
            .await?
            .rows_affected(),
        )
    }

    async fn release_idempotency(&self, key_id: i64, idem_key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM api_idempotency WHERE key_id = $1 AND idem_key = $2")
            .bind(key_id)
            .bind(idem_key)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn purge_idempotency(&self, before: i64) -> StoreResult<u64> {
        Ok(
            sqlx::query("DELETE FROM api_idempotency WHERE created_at < $1")
                .bind(before)
                .execute(&self.writer)
                .await?
                .rows_affected(),
        )
    }

    async fn revoke_api_key(&self, site: &str, id: i64, at: i64) -> StoreResult<()> {
        one_row(
            sqlx::query(
                "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND site_key = $3 \
                 AND revoked_at IS NULL",
            )
            .bind(at)
            .bind(id)
            .bind(site)
            .execute(&self.writer)
            .await?
            .rows_affected(),
        )
    }
}
