//! Per-site API keys for the site owner's back-end: a hash and a prefix of
//! each key, its scope, who made it, when it was last used, whether it was
//! revoked.
//!
//! Part of [`Store`](super::Store); the SQL implementation is in
//! `sql/api_keys.rs`.

use async_trait::async_trait;

use super::StoreResult;
use crate::domain::api_access::Scope;

/// A key to store.
#[derive(Debug, Clone)]
pub struct NewApiKey<'a> {
    /// Site.
    pub site: &'a str,
    /// What the admin called it.
    pub name: &'a str,
    /// Read or write.
    pub scope: Scope,
    /// Its first characters (to tell keys apart).
    pub prefix: &'a str,
    /// SHA-256 of the key.
    pub token_hash: &'a str,
    /// The admin.
    pub created_by: i64,
    /// When, Unix ms.
    pub now: i64,
}

/// A stored key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRecord {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Name.
    pub name: String,
    /// Scope.
    pub scope: Scope,
    /// First characters.
    pub prefix: String,
    /// Who made it.
    pub created_by: i64,
    /// When.
    pub created_at: i64,
    /// When it was last used.
    pub last_used_at: Option<i64>,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
}

/// API keys.
#[async_trait]
pub trait ApiKeyStore: Send + Sync {
    /// Stores a key; its id.
    async fn create_api_key(&self, k: NewApiKey<'_>) -> StoreResult<i64>;

    /// The keys of `site`, oldest first (revoked ones included).
    async fn api_keys(&self, site: &str) -> StoreResult<Vec<ApiKeyRecord>>;

    /// The unrevoked key with this hash, if any.
    async fn api_key_by_hash(&self, token_hash: &str) -> StoreResult<Option<ApiKeyRecord>>;

    /// Records a use of key `id` at `at`.
    async fn touch_api_key(&self, id: i64, at: i64) -> StoreResult<()>;

    /// Conversations of `site`, newest first, with ids below `before` when
    /// given, at most `limit` (the API's cursor pages).
    async fn site_conversations(
        &self,
        site: &str,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<parley_app::protocol::ConversationSummary>>;

    /// Revokes key `id` of `site` (`NotFound` when it has no such key or
    /// it is revoked already).
    async fn revoke_api_key(&self, site: &str, id: i64, at: i64) -> StoreResult<()>;
}
