//! How a conversation is handled: its record (state, category, clocks) saved
//! with optimistic concurrency, its history, internal notes, ratings, the
//! customer profile and history.
//!
//! Part of [`Store`](super::Store); the SQLite implementation is in
//! `sqlite/cases.rs`.

use async_trait::async_trait;
use parley_app::intake::Facts;
use parley_app::lifecycle::Actor;
use parley_app::protocol::{
    ConversationStatus, ConversationSummary, NoteView, Priority, Tier, TransitionView,
};
use parley_app::rating::RatingView;

use crate::domain::sla::SlaClock;

use super::StoreResult;

/// A clock with the instants the server derived from its team's calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredClock {
    /// The clock.
    pub clock: SlaClock,
    /// Deadline while running.
    pub due_at: Option<i64>,
    /// "Due soon" instant while running.
    pub warn_at: Option<i64>,
    /// The "due soon" alert went out.
    pub warned: bool,
    /// The breach alert went out.
    pub alerted: bool,
}

/// How a conversation is being handled: everything the workflow reads and
/// writes, saved as one unit with optimistic concurrency (`version`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRecord {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Incremented by every save; a save from a stale read is a `Conflict`.
    pub version: i64,
    /// State in the loop.
    pub status: ConversationStatus,
    /// Category key.
    pub category: Option<String>,
    /// Collected facts.
    pub facts: Facts,
    /// Urgency.
    pub priority: Priority,
    /// Customer tier.
    pub tier: Tier,
    /// Progress updates owed.
    pub complex: bool,
    /// Owner.
    pub assignee_id: Option<i64>,
    /// Team.
    pub team_id: Option<i64>,
    /// Highest message seq.
    pub last_seq: i64,
    /// All clocks, oldest first.
    pub clocks: Vec<StoredClock>,
}

/// A rating to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRating<'a> {
    /// 1–5.
    pub score: u8,
    /// Trimmed, card numbers masked.
    pub comment: &'a str,
    /// The widget's language.
    pub locale: Option<&'a str>,
    /// Unix ms.
    pub now: i64,
}

/// A state change to record with a save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTransition {
    /// Before.
    pub from: ConversationStatus,
    /// After.
    pub to: ConversationStatus,
    /// Who.
    pub actor: Actor,
    /// The staff member, if staff.
    pub agent_id: Option<i64>,
    /// Hand-off note of a transfer.
    pub note: Option<String>,
    /// A transfer to another team or agent (reports tell first-contact
    /// resolutions by it).
    pub transfer: bool,
}

/// How a conversation is handled: its record (state, category, clocks) saved
/// with optimistic concurrency, its history, internal notes, ratings, the
/// customer profile and history.
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// How a conversation is being handled.
    async fn record(&self, id: i64) -> StoreResult<ConversationRecord>;
    /// Saves a record read earlier (`Conflict` if someone saved in between),
    /// recording the transition if any.
    async fn save_record(
        &self,
        record: &ConversationRecord,
        transition: Option<NewTransition>,
        now: i64,
    ) -> StoreResult<()>;
    /// State changes, oldest first.
    async fn transitions(&self, id: i64) -> StoreResult<Vec<TransitionView>>;
    /// Stores an internal note (idempotent on `client_id`: a repeat returns
    /// the stored note and `false`).
    async fn add_note(
        &self,
        conversation_id: i64,
        client_id: &str,
        agent_id: i64,
        body: &str,
        mentions: &[i64],
        now: i64,
    ) -> StoreResult<(NoteView, bool)>;
    /// A conversation's notes, oldest first.
    async fn notes(&self, conversation_id: i64) -> StoreResult<Vec<NoteView>>;

    /// Stores the customer's rating of the conversation's latest resolution,
    /// crediting its owner, if the conversation is in a state that may be
    /// rated ([`parley_app::rating::may_rate`]). `NotFound` when there is no
    /// such resolution (never resolved, or reopened since), `Conflict` when
    /// it is already rated.
    async fn rate(&self, conversation_id: i64, rating: &NewRating<'_>) -> StoreResult<RatingView>;
    /// A conversation's ratings, oldest first.
    async fn ratings(&self, conversation_id: i64) -> StoreResult<Vec<RatingView>>;
    /// Whether the latest resolution of a conversation is rated.
    async fn latest_resolution_rated(&self, conversation_id: i64) -> StoreResult<bool>;
    /// Sets the tier and dedicated owner of the customer behind a conversation.
    async fn set_customer_profile(
        &self,
        conversation_id: i64,
        tier: Tier,
        owner_id: Option<i64>,
    ) -> StoreResult<()>;
    /// The dedicated owner of the customer behind a conversation.
    async fn customer_owner(&self, conversation_id: i64) -> StoreResult<Option<i64>>;
    /// The other conversations of the customer behind a conversation, newest first.
    async fn customer_history(
        &self,
        conversation_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<ConversationSummary>>;
}
