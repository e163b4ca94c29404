//! Personal data: sealed contact details and consents, verified identities,
//! retention and destruction, the customer's own data, access requests to
//! closed conversations.
//!
//! Part of [`Store`](super::Store); the SQLite implementation is in
//! `sqlite/privacy.rs`.

use async_trait::async_trait;
use parley_app::protocol::AccessRequestView;

use super::StoreResult;

/// Contact details, each value sealed (`None`: not given).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SealedContact {
    /// Name.
    pub name: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Address.
    pub address: Option<String>,
}

/// A consent to record.
#[derive(Debug, Clone)]
pub struct NewConsent<'a> {
    /// The conversation it was given in.
    pub conversation_id: i64,
    /// What for, e.g. `contact_details`.
    pub purpose: &'a str,
    /// Which fields it covers.
    pub fields: &'a [String],
    /// The notice's language.
    pub locale: Option<&'a str>,
}

/// A conversation whose service ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ended {
    /// Conversation.
    pub id: i64,
    /// Site.
    pub site: String,
    /// When the service ended.
    pub ended_at: i64,
    /// The site's retention period.
    pub retention_days: i64,
}

/// What was destroyed, when, by which rule.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DestructionRecord {
    /// Id.
    pub id: i64,
    /// When.
    pub at: i64,
    /// Which rule.
    pub rule: String,
    /// Site.
    pub site: String,
    /// Conversation.
    pub conversation_id: Option<i64>,
    /// Admin of an erasure.
    pub actor_id: Option<i64>,
    /// Counts per kind.
    pub what: serde_json::Value,
}

/// Personal data: sealed contact details and consents, verified identities,
/// retention and destruction, the customer's own data, access requests to
/// closed conversations.
#[async_trait]
pub trait PrivacyStore: Send + Sync {
    /// Stores (merging) a customer's sealed contact details and the consent
    /// they gave in `conversation_id`, in one transaction.
    async fn save_contact(
        &self,
        site: &str,
        visitor_id: &str,
        contact: &SealedContact,
        consent: &NewConsent<'_>,
        now: i64,
    ) -> StoreResult<()>;
    /// A customer's sealed contact details and their latest consent time.
    async fn contact(
        &self,
        site: &str,
        visitor_id: &str,
    ) -> StoreResult<Option<(SealedContact, Option<i64>)>>;
    /// Records the host site's (sealed) user id for a visitor, with the
    /// keyed hash that finds the visitor again ([`Self::visitor_of_user`]).
    async fn set_verified_user(
        &self,
        visitor_id: &str,
        sealed: Option<&str>,
        user_key: Option<&str>,
    ) -> StoreResult<()>;
    /// The first visitor of `site` recorded with `user_key`: the verified
    /// user's one customer record, whichever browser they come from.
    async fn visitor_of_user(&self, site: &str, user_key: &str) -> StoreResult<Option<String>>;
    /// The sealed host-site user id of a visitor.
    async fn verified_user(&self, visitor_id: &str) -> StoreResult<Option<String>>;
    /// Days personal data is kept after the service ends, per site.
    async fn retention_days(&self, site: &str) -> StoreResult<i64>;
    /// Sets a site's retention period.
    async fn set_retention_days(&self, site: &str, days: i64) -> StoreResult<()>;
    /// Conversations whose service ended and whose data is not destroyed,
    /// with their site's retention period, oldest end first.
    async fn ended_conversations(&self, limit: i64) -> StoreResult<Vec<Ended>>;
    /// Destroys a conversation's personal data (message and note texts,
    /// facts, preview) and, when the customer has no other live
    /// conversation, their contact details, verified id and attachments;
    /// records the destruction. Returns the attachment ids whose files to
    /// remove, and the counts.
    async fn destroy_conversation(
        &self,
        conversation_id: i64,
        rule: &str,
        actor_id: Option<i64>,
        now: i64,
    ) -> StoreResult<(Vec<String>, serde_json::Value)>;
    /// Destruction records, newest first.
    async fn destruction_records(&self, limit: i64) -> StoreResult<Vec<DestructionRecord>>;
    /// Everything stored of a customer of a site (for an export).
    async fn customer_conversations(&self, site: &str, visitor_id: &str) -> StoreResult<Vec<i64>>;
    /// The visitor of a conversation.
    async fn conversation_visitor(&self, conversation_id: i64) -> StoreResult<(String, String)>;
    /// Records a break-glass request; its id.
    async fn create_access_request(
        &self,
        agent_id: i64,
        conversation_id: i64,
        reason: &str,
        now: i64,
    ) -> StoreResult<i64>;
    /// One break-glass request.
    async fn access_request(&self, id: i64) -> StoreResult<AccessRequestView>;
    /// Decides a pending request (`Conflict` if already decided).
    async fn decide_access(
        &self,
        id: i64,
        approver: i64,
        approve: bool,
        expires_at: Option<i64>,
        now: i64,
    ) -> StoreResult<AccessRequestView>;
    /// Requests still pending or granting access at `now`, newest first.
    async fn open_access_requests(&self, now: i64) -> StoreResult<Vec<AccessRequestView>>;
}
