//! Visitors, conversations and their messages: start, resume, append, read
//! back, delivery cursors, the desk list and inbox, where a conversation sits.
//!
//! Part of [`Store`](super::Store); the SQLite implementation is in
//! `sqlite/conversations.rs`.

use async_trait::async_trait;
use parley_app::inbox::InboxQuery;
use parley_app::intake::Facts;
use parley_app::protocol::{
    Author, Channel, ChatMessage, ConversationStatus, ConversationSummary, Priority,
};

use crate::domain::access::{Placement, Viewer};

use super::{ConversationRecord, NewTransition, StoreResult};

/// What the server knows of a visitor's current conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationState {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Visitor.
    pub visitor_id: String,
    /// Status.
    pub status: ConversationStatus,
    /// Highest seq.
    pub last_seq: i64,
    /// Receipt cursors.
    pub agent_delivered_seq: i64,
    /// Receipt cursors.
    pub agent_read_seq: i64,
    /// Where it began: the widget or a mail.
    pub channel: parley_app::protocol::Channel,
}

/// A conversation to start.
#[derive(Debug, Clone)]
pub struct NewConversation<'a> {
    /// Site.
    pub site: &'a str,
    /// Visitor.
    pub visitor_id: &'a str,
    /// Widget locale.
    pub locale: Option<&'a str>,
    /// Customer's IANA zone.
    pub time_zone: Option<&'a str>,
    /// Chosen category.
    pub category: Option<&'a str>,
    /// Validated facts.
    pub facts: &'a Facts,
    /// From the category.
    pub priority: Priority,
    /// From the category.
    pub team_id: Option<i64>,
    /// Where it begins.
    pub channel: Channel,
    /// Unix ms.
    pub now: i64,
}

/// A message to store.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// Conversation.
    pub conversation_id: i64,
    /// Idempotency key.
    pub client_id: &'a str,
    /// Author kind.
    pub author: Author,
    /// The agent, for agent messages.
    pub agent_id: Option<i64>,
    /// Validated text.
    pub body: &'a str,
    /// Unix ms.
    pub now: i64,
    /// The compliance policy version an agent message was checked against.
    pub policy_version: Option<i64>,
    /// What a system message tells the reader (shown in their language).
    pub notice: Option<&'a parley_app::compensation::Notice>,
    /// A bot's display name (bot messages).
    pub author_name: Option<&'a str>,
    /// Where it came from.
    pub channel: Channel,
}

/// Result of [`Store::append_message`].
#[derive(Debug, Clone)]
pub struct Appended {
    /// The stored message (the earlier one, on a repeat).
    pub message: ChatMessage,
    /// `false` when `client_id` was already stored (idempotent repeat).
    pub created: bool,
}

/// Visitors, conversations and their messages: start, resume, append, read
/// back, delivery cursors, the desk list and inbox, where a conversation sits.
#[async_trait]
pub trait ConversationStore: Send + Sync {
    /// Records a visitor (idempotent) and their last visit.
    async fn touch_visitor(&self, site: &str, visitor_id: &str, now: i64) -> StoreResult<()>;
    /// The visitor's most recent conversation.
    async fn latest_conversation(
        &self,
        site: &str,
        visitor_id: &str,
    ) -> StoreResult<Option<ConversationState>>;
    /// Starts a conversation.
    async fn create_conversation(&self, c: NewConversation<'_>) -> StoreResult<ConversationState>;
    /// Records the customer's current language and/or time zone (`None` keeps
    /// the stored value).
    async fn set_customer_context(
        &self,
        id: i64,
        locale: Option<&str>,
        time_zone: Option<&str>,
    ) -> StoreResult<()>;
    /// One conversation.
    async fn conversation(&self, id: i64) -> StoreResult<ConversationState>;
    /// Stores a message durably (idempotent on `client_id`), assigning the
    /// next `seq`. With `record`, the conversation's handling is saved in the
    /// same transaction (only when the message is new; `Conflict` if the
    /// record is stale).
    async fn append_message(
        &self,
        m: NewMessage<'_>,
        record: Option<(&ConversationRecord, Option<NewTransition>)>,
    ) -> StoreResult<Appended>;
    /// Messages with `seq > after_seq`, in order, at most `limit`.
    async fn messages_after(
        &self,
        conversation_id: i64,
        after_seq: i64,
        limit: i64,
    ) -> StoreResult<Vec<ChatMessage>>;
    /// Desk list entry.
    async fn summary(&self, id: i64) -> StoreResult<ConversationSummary>;
    /// What `viewer` may see, most recently active first.
    async fn summaries(&self, viewer: &Viewer, limit: i64)
    -> StoreResult<Vec<ConversationSummary>>;
    /// An inbox view for `viewer` at `now` (only what they may see), in the
    /// query's order, at most `limit`.
    async fn inbox(
        &self,
        query: &InboxQuery,
        viewer: &Viewer,
        now: i64,
        limit: i64,
    ) -> StoreResult<Vec<ConversationSummary>>;
    /// Raises the visitor's delivered cursor; returns the new value.
    async fn mark_visitor_delivered(&self, id: i64, seq: i64) -> StoreResult<i64>;
    /// Raises the staff cursors; returns `(delivered, read)`.
    async fn mark_agent_received(&self, id: i64, seq: i64, read: bool) -> StoreResult<(i64, i64)>;
    /// Where a conversation sits (site, team, assignee).
    async fn placement(&self, conversation_id: i64) -> StoreResult<Placement>;
    /// Where each conversation of a visitor sits.
    async fn visitor_placements(&self, site: &str, visitor_id: &str)
    -> StoreResult<Vec<Placement>>;
}
