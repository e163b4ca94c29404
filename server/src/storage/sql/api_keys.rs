//! SQL implementation of [`ApiKeyStore`].

use super::SqlStore;
use super::rows::{bad, one_row};
use crate::domain::api_access::Scope;
use crate::storage::{ApiKeyRecord, ApiKeyStore, NewApiKey, StoreResult};
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
        site: &str,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<parley_app::protocol::ConversationSummary>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} WHERE c.site_key = $1 AND (CAST($2 AS BIGINT) IS NULL OR c.id < $2) \
             ORDER BY c.id DESC LIMIT $3",
            super::rows::SUMMARY_COLUMNS
        )))
        .bind(site)
        .bind(before)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(super::rows::summary_of).collect()
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
