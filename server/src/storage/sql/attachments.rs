//! SQLite implementation of [`AttachmentStore`].

use super::SqlStore;
use crate::storage::{AttachmentRecord, AttachmentStore, StoreError, StoreResult};
use async_trait::async_trait;
use sqlx::Row;

#[async_trait]
impl AttachmentStore for SqlStore {
    async fn create_attachment(&self, a: &AttachmentRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO attachments (id, site_key, visitor_id, file_name, content_type, size, \
             sha256, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&a.id)
        .bind(&a.site)
        .bind(&a.visitor_id)
        .bind(&a.file_name)
        .bind(&a.content_type)
        .bind(a.size)
        .bind(&a.sha256)
        .bind(a.created_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn attachment(&self, id: &str) -> StoreResult<AttachmentRecord> {
        let r = sqlx::query("SELECT * FROM attachments WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.writer)
            .await?
            .ok_or(StoreError::NotFound)?;
        attachment_of(&r)
    }

    async fn attach_files(
        &self,
        conversation_id: i64,
        visitor_id: &str,
        ids: &[&str],
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        for id in ids {
            sqlx::query(
                "UPDATE attachments SET conversation_id = $1 \
                 WHERE id = $2 AND visitor_id = $3 AND conversation_id IS NULL",
            )
            .bind(conversation_id)
            .bind(id)
            .bind(visitor_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn site_attachment_bytes(&self, site: &str) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM attachments WHERE site_key = $1",
        )
        .bind(site)
        .fetch_one(&self.reader)
        .await?)
    }

    async fn sweep_unattached(&self, cutoff: i64) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar(
            "DELETE FROM attachments WHERE conversation_id IS NULL AND created_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM kb_files f WHERE f.attachment_id = attachments.id) \
             RETURNING id",
        )
        .bind(cutoff)
        .fetch_all(&self.writer)
        .await?)
    }
}

/// An `attachments` row.
pub(super) fn attachment_of(r: &sqlx::any::AnyRow) -> StoreResult<AttachmentRecord> {
    Ok(AttachmentRecord {
        id: r.try_get("id")?,
        site: r.try_get("site_key")?,
        visitor_id: r.try_get("visitor_id")?,
        file_name: r.try_get("file_name")?,
        content_type: r.try_get("content_type")?,
        size: r.try_get("size")?,
        sha256: r.try_get("sha256")?,
        created_at: r.try_get("created_at")?,
        conversation_id: r.try_get("conversation_id")?,
    })
}
