//! The case library (R-QA4): resolved cases written up by staff — the
//! customer's demand and the solution, masked, with no personal data —
//! and the change feed other servers follow to keep their search index of
//! them current.
//!
//! Part of [`Store`](super::Store); the SQL implementation is in
//! `sql/case_library.rs`.

use async_trait::async_trait;

use super::StoreResult;

/// A case in the library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryCase {
    /// Id (0 before it is stored).
    pub id: i64,
    /// The site.
    pub site: String,
    /// The conversation it was written from.
    pub conversation_id: i64,
    /// The language it is written in.
    pub locale: String,
    /// Its topic.
    pub category: Option<String>,
    /// The customer's rating (1–5), if they gave one.
    pub rating: Option<u8>,
    /// What the customer wanted.
    pub demand: String,
    /// How it was solved.
    pub solution: String,
    /// Who added it.
    pub added_by: i64,
    /// Their name (filled in when read).
    pub added_by_name: String,
    /// When, Unix ms.
    pub added_at: i64,
}

/// The case library.
#[async_trait]
pub trait CaseLibraryStore: Send + Sync {
    /// Adds a case: its id, or `Conflict` when the conversation is in the
    /// library already.
    async fn add_library_case(&self, case: &LibraryCase) -> StoreResult<i64>;
    /// Takes a case out of the library (`NotFound` if it is not in it).
    async fn remove_library_case(&self, site: &str, id: i64, at: i64) -> StoreResult<()>;
    /// The cases of `ids` still in the library.
    async fn library_cases(&self, ids: &[i64]) -> StoreResult<Vec<LibraryCase>>;
    /// A site's cases, newest first, at most `limit`.
    async fn site_library(&self, site: &str, limit: i64) -> StoreResult<Vec<LibraryCase>>;
    /// The library case written from a conversation, if any.
    async fn library_case_of(&self, conversation_id: i64) -> StoreResult<Option<LibraryCase>>;
    /// Cases changed after `after` (at most `limit` changes) and the mark
    /// to ask from next.
    async fn library_changes_since(&self, after: i64, limit: i64) -> StoreResult<(Vec<i64>, i64)>;
}
