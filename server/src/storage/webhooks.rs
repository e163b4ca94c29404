//! Webhooks: a site's endpoints (URL, events, sealed signing secret) and
//! the outbox of deliveries. Deliveries are written by the same
//! transaction as their event (a message, a new conversation, a change of
//! state, a rating, a complaint step: see `sql/webhooks.rs`), so none is
//! lost when Parley stops or the receiver is down.
//!
//! Part of [`Store`](super::Store); the SQL implementation is in
//! `sql/webhooks.rs`.

use async_trait::async_trait;

use super::StoreResult;
use crate::domain::webhooks::Event;

/// An endpoint to store.
#[derive(Debug, Clone)]
pub struct NewEndpoint<'a> {
    /// Site.
    pub site: &'a str,
    /// Where deliveries go.
    pub url: &'a str,
    /// What it hears of.
    pub events: &'a [Event],
    /// Its signing secret, sealed.
    pub secret: &'a str,
    /// The admin.
    pub created_by: i64,
    /// When, Unix ms.
    pub now: i64,
}

/// A stored endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointRecord {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Where deliveries go.
    pub url: String,
    /// What it hears of.
    pub events: Vec<Event>,
    /// Its signing secret, sealed.
    pub secret: String,
    /// When it was added.
    pub created_at: i64,
    /// Since when deliveries to it are given up (flagged), if they are.
    pub failing_since: Option<i64>,
}

/// A delivery in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRecord {
    /// Id (sent as `Parley-Delivery`).
    pub id: i64,
    /// Its endpoint.
    pub endpoint_id: i64,
    /// The event's name.
    pub event: String,
    /// The event's id (the same for every endpoint).
    pub event_id: String,
    /// The JSON body.
    pub payload: String,
    /// When the event happened.
    pub created_at: i64,
    /// Attempts so far.
    pub attempts: u32,
    /// When it is tried next.
    pub next_at: Option<i64>,
    /// When the receiver took it.
    pub delivered_at: Option<i64>,
    /// When it was given up.
    pub gave_up_at: Option<i64>,
    /// The last answer's status (0: no answer).
    pub last_status: Option<u16>,
    /// What went wrong last.
    pub last_error: Option<String>,
}

/// A delivery due now, with where it goes.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    /// The delivery.
    pub delivery: DeliveryRecord,
    /// The endpoint's URL.
    pub url: String,
    /// Its sealed secret.
    pub secret: String,
    /// Its site.
    pub site: String,
}

/// How an attempt went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Attempt {
    /// A 2xx answer.
    Delivered {
        /// The status.
        status: u16,
    },
    /// Anything else; tried again at `next_at`, or given up without one.
    Failed {
        /// The status (0: no answer).
        status: u16,
        /// What went wrong.
        error: String,
        /// When to try again.
        next_at: Option<i64>,
    },
}

/// Webhooks.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Stores an endpoint; its id.
    async fn create_webhook(&self, e: NewEndpoint<'_>) -> StoreResult<i64>;

    /// The endpoints of `site` (not removed), oldest first.
    async fn webhooks(&self, site: &str) -> StoreResult<Vec<EndpointRecord>>;

    /// Removes endpoint `id` of `site` (`NotFound` when it has none such);
    /// its pending deliveries stop.
    async fn remove_webhook(&self, site: &str, id: i64, at: i64) -> StoreResult<()>;

    /// Deliveries due at `now` to endpoints not removed, oldest first.
    async fn due_deliveries(&self, now: i64, limit: i64) -> StoreResult<Vec<DueDelivery>>;

    /// Records an attempt at delivery `id` at `at`: delivered (the
    /// endpoint is no longer flagged), failed and due again, or given up
    /// (the endpoint flagged).
    async fn record_attempt(&self, id: i64, at: i64, attempt: Attempt) -> StoreResult<()>;

    /// The latest deliveries to endpoint `endpoint_id` of `site`, newest first.
    async fn deliveries(
        &self,
        site: &str,
        endpoint_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<DeliveryRecord>>;

    /// Queues delivery `id` (of an endpoint of `site`) again as a new
    /// delivery of the same event, due at `now`; the new one's id.
    async fn redeliver(&self, site: &str, id: i64, now: i64) -> StoreResult<i64>;

    /// Forgets deliveries made before `before` that are done (delivered,
    /// given up, or of a removed endpoint): the log keeps a week, and
    /// message texts do not outlive it; how many.
    async fn purge_deliveries(&self, before: i64) -> StoreResult<u64>;

    /// Sets (or, with `None`, removes) `site`'s order-lookup endpoint: its
    /// URL and sealed secret.
    async fn set_order_lookup(
        &self,
        site: &str,
        lookup: Option<(&str, &str)>,
        by: i64,
        at: i64,
    ) -> StoreResult<()>;

    /// `site`'s order-lookup endpoint: its URL and sealed secret.
    async fn order_lookup(&self, site: &str) -> StoreResult<Option<(String, String)>>;
}
