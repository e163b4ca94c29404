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

/// Which of a site's conversations an API page lists.
#[derive(Debug, Clone, Copy)]
pub struct SiteConversations<'a> {
    /// The key's site.
    pub site: &'a str,
    /// Only ids below this (the cursor).
    pub before: Option<i64>,
    /// At most this many.
    pub limit: i64,
    /// Only in this state.
    pub status: Option<parley_app::protocol::ConversationStatus>,
    /// Only this customer's.
    pub visitor_id: Option<&'a str>,
}

/// A site's customer as the API shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteCustomer {
    /// Their record.
    pub visitor_id: String,
    /// Core, important or ordinary.
    pub tier: parley_app::protocol::Tier,
    /// Their dedicated owner (core customers).
    pub owner_id: Option<i64>,
    /// The owner's name.
    pub owner_name: Option<String>,
    /// First seen, Unix ms.
    pub first_seen: i64,
    /// Last seen, Unix ms.
    pub last_seen: i64,
}

/// Where an `Idempotency-Key` stands when a request claims it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotencyClaim {
    /// First use: the request runs, then [`ApiKeyStore::finish_idempotency`].
    New,
    /// Used before with this fingerprint, its first request still running.
    Running {
        /// The first request's fingerprint.
        fingerprint: String,
    },
    /// Used before: its answer.
    Done {
        /// The first request's fingerprint.
        fingerprint: String,
        /// Its HTTP status.
        status: u16,
        /// Its JSON body.
        response: String,
    },
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

    /// Conversations of a site, newest first, as `q` filters them (the
    /// API's cursor pages).
    async fn site_conversations(
        &self,
        q: SiteConversations<'_>,
    ) -> StoreResult<Vec<parley_app::protocol::ConversationSummary>>;

    /// The customer record `visitor_id` of `site` (`NotFound` when it is
    /// not the site's).
    async fn site_customer(&self, site: &str, visitor_id: &str) -> StoreResult<SiteCustomer>;

    /// Claims `idem_key` of key `key_id` for a request with `fingerprint`
    /// at `now`; a claim made before `expired_before` is forgotten first.
    async fn claim_idempotency(
        &self,
        key_id: i64,
        idem_key: &str,
        fingerprint: &str,
        now: i64,
        expired_before: i64,
    ) -> StoreResult<IdempotencyClaim>;

    /// Keeps the answer of a claimed key's first request.
    async fn finish_idempotency(
        &self,
        key_id: i64,
        idem_key: &str,
        status: u16,
        response: &str,
    ) -> StoreResult<()>;

    /// Forgets a claim (its request failed on the server: it may be retried).
    async fn release_idempotency(&self, key_id: i64, idem_key: &str) -> StoreResult<()>;

    /// Forgets every claim made before `before`; how many.
    async fn purge_idempotency(&self, before: i64) -> StoreResult<u64>;

    /// Revokes key `id` of `site` (`NotFound` when it has no such key or
    /// it is revoked already).
    async fn revoke_api_key(&self, site: &str, id: i64, at: i64) -> StoreResult<()>;
}
