//! The audit log: append a line, read lines back by filter.
//!
//! Part of [`Store`](super::Store); the SQLite implementation is in
//! `sqlite/audit.rs`.

use async_trait::async_trait;

use super::StoreResult;

/// One audit-log line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuditRecord {
    /// Id (0 before it is stored).
    pub id: i64,
    /// Unix ms.
    pub at: i64,
    /// Staff member, if any.
    pub actor_id: Option<i64>,
    /// Their e-mail at the time, or `system`, or the e-mail tried.
    pub actor: String,
    /// What, e.g. `sign_in`, `view_conversation`.
    pub action: String,
    /// Site.
    pub site: Option<String>,
    /// Conversation.
    pub conversation_id: Option<i64>,
    /// JSON details (never personal data).
    pub detail: serde_json::Value,
    /// Source address.
    pub ip: Option<String>,
}

/// What to read from the audit log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this action.
    pub action: Option<String>,
    /// Only this actor (e-mail, case-insensitive).
    pub actor: Option<String>,
    /// Only this conversation.
    pub conversation_id: Option<i64>,
    /// From (Unix ms, inclusive).
    pub from: Option<i64>,
    /// Until (Unix ms, exclusive).
    pub until: Option<i64>,
}

/// A month of a site's audit log marked reviewed (R-SEC6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditReview {
    /// The site.
    pub site: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The admin who reviewed it.
    pub agent_id: i64,
    /// Their name (filled in when read).
    pub agent_name: String,
    /// What they noted.
    pub note: String,
    /// When, Unix ms.
    pub at: i64,
}

/// The audit log: append a line, read lines back by filter; the monthly
/// reviews of it.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Appends to the audit log.
    async fn audit(&self, entry: &AuditRecord) -> StoreResult<()>;
    /// Reads the audit log, newest first.
    async fn audit_log(&self, filter: &AuditFilter, limit: i64) -> StoreResult<Vec<AuditRecord>>;
    /// When the first line was written (`None`: the log is empty).
    async fn first_audit_at(&self) -> StoreResult<Option<i64>>;
    /// Records a month's review once: `false` if it was reviewed already
    /// (the first review stands).
    async fn review_audit_month(&self, review: &AuditReview) -> StoreResult<bool>;
    /// A site's reviews, newest month first.
    async fn audit_reviews(&self, site: &str) -> StoreResult<Vec<AuditReview>>;
}
