//! Uploaded files' records: create, look up, attach to a conversation, per-site
//! usage, sweep of never-attached uploads.
//!
//! Part of [`Store`](super::Store); the SQLite implementation is in
//! `sqlite/attachments.rs`.

use async_trait::async_trait;

use super::StoreResult;

/// An uploaded file's record (the bytes live in the attachments folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    /// 32 hex digits; also the file's name on disk.
    pub id: String,
    /// Site it was uploaded to.
    pub site: String,
    /// The customer who uploaded it.
    pub visitor_id: Option<String>,
    /// Safe display name.
    pub file_name: String,
    /// Type decided from the bytes.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Unix ms.
    pub created_at: i64,
    /// The conversation whose form names it (`None` until one does).
    pub conversation_id: Option<i64>,
}

/// Uploaded files' records: create, look up, attach to a conversation, per-site
/// usage, sweep of never-attached uploads.
#[async_trait]
pub trait AttachmentStore: Send + Sync {
    /// Records an uploaded file.
    async fn create_attachment(&self, a: &AttachmentRecord) -> StoreResult<()>;
    /// One attachment record.
    async fn attachment(&self, id: &str) -> StoreResult<AttachmentRecord>;
    /// Marks the customer's uploads `ids` as attached to the conversation
    /// (a form fact names them); others' uploads are left alone.
    async fn attach_files(
        &self,
        conversation_id: i64,
        visitor_id: &str,
        ids: &[&str],
    ) -> StoreResult<()>;
    /// Bytes of customers' files a site holds.
    async fn site_attachment_bytes(&self, site: &str) -> StoreResult<i64>;
    /// Deletes the records of uploads never attached to a conversation (nor
    /// to a knowledge-base article) and made before `cutoff`; returns their
    /// ids (whose files to delete).
    async fn sweep_unattached(&self, cutoff: i64) -> StoreResult<Vec<String>>;
}
