//! Storage: one trait with use-case methods ([`Store`]) and one implementation
//! per backend. SQLite ([`sqlite::SqliteStore`]) is the embedded default;
//! `DATABASE_URL` selects the backend (Postgres follows in a later issue, with
//! its own migration folder and the same conformance suite).
//!
//! Errors are neutral ([`StoreError`]): callers never see SQL.

pub mod sqlite;

use async_trait::async_trait;
use parley_app::protocol::{
    AgentProfile, Author, ChatMessage, ConversationStatus, ConversationSummary,
};

/// Storage failures, backend-neutral.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The object does not exist.
    #[error("not found")]
    NotFound,
    /// A uniqueness rule was violated.
    #[error("conflict")]
    Conflict,
    /// Anything else (logged, never shown to clients).
    #[error("backend: {0}")]
    Backend(String),
}

/// Result alias.
pub type StoreResult<T> = Result<T, StoreError>;

/// A site as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Public key used in the script tag.
    pub key: String,
    /// Business name.
    pub name: String,
    /// Locale whose texts are the fallback.
    pub default_locale: String,
    /// Origins allowed to embed the widget.
    pub allowed_origins: Vec<String>,
    /// Greeting per locale.
    pub greetings: Vec<(String, String)>,
    /// Locales offered to customers; empty = every shipped locale.
    pub languages: Vec<String>,
}

/// An agent with the secret needed to sign in.
#[derive(Debug, Clone)]
pub struct AgentCredentials {
    /// Public part.
    pub profile: AgentProfile,
    /// Argon2 PHC string.
    pub password_hash: String,
}

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
}

/// Result of [`Store::append_message`].
#[derive(Debug, Clone)]
pub struct Appended {
    /// The stored message (the earlier one, on a repeat).
    pub message: ChatMessage,
    /// `false` when `client_id` was already stored (idempotent repeat).
    pub created: bool,
    /// `true` when storing it reopened a resolved conversation.
    pub reopened: bool,
}

/// Every storage operation Parley performs.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Creates or updates a site and its greetings.
    async fn upsert_site(&self, site: &Site, now: i64) -> StoreResult<()>;
    /// All sites.
    async fn sites(&self) -> StoreResult<Vec<Site>>;
    /// Sets (or, with `None`, removes) one operator text of a site, e.g. the
    /// `greeting` in `de`. `NotFound` for an unknown site.
    async fn set_site_text(
        &self,
        site: &str,
        kind: &str,
        locale: &str,
        body: Option<&str>,
    ) -> StoreResult<()>;

    /// Number of staff accounts.
    async fn count_agents(&self) -> StoreResult<i64>;
    /// Creates an agent; `Conflict` if the e-mail exists.
    async fn create_agent(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        role: &str,
        now: i64,
    ) -> StoreResult<AgentProfile>;
    /// Looks an agent up by e-mail (case-insensitive).
    async fn agent_by_email(&self, email: &str) -> StoreResult<Option<AgentCredentials>>;
    /// Stores a session.
    async fn create_session(
        &self,
        token_hash: &str,
        agent_id: i64,
        now: i64,
        expires_at: i64,
    ) -> StoreResult<()>;
    /// The agent of a live session.
    async fn session_agent(&self, token_hash: &str, now: i64) -> StoreResult<Option<AgentProfile>>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;

    /// Records a visitor (idempotent) and their last visit.
    async fn touch_visitor(&self, site: &str, visitor_id: &str, now: i64) -> StoreResult<()>;
    /// The visitor's most recent conversation.
    async fn latest_conversation(
        &self,
        site: &str,
        visitor_id: &str,
    ) -> StoreResult<Option<ConversationState>>;
    /// Starts a conversation.
    async fn create_conversation(
        &self,
        site: &str,
        visitor_id: &str,
        locale: Option<&str>,
        time_zone: Option<&str>,
        now: i64,
    ) -> StoreResult<ConversationState>;
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
    /// Stores a message durably (idempotent on `client_id`), assigning the next `seq`.
    /// A customer message reopens a resolved conversation.
    async fn append_message(&self, m: NewMessage<'_>) -> StoreResult<Appended>;
    /// Messages with `seq > after_seq`, in order, at most `limit`.
    async fn messages_after(
        &self,
        conversation_id: i64,
        after_seq: i64,
        limit: i64,
    ) -> StoreResult<Vec<ChatMessage>>;
    /// Desk list entry.
    async fn summary(&self, id: i64) -> StoreResult<ConversationSummary>;
    /// Most recently active first.
    async fn summaries(&self, limit: i64) -> StoreResult<Vec<ConversationSummary>>;
    /// Changes status; `InvalidTransition` is decided by the caller.
    async fn set_status(
        &self,
        id: i64,
        from: ConversationStatus,
        to: ConversationStatus,
        agent_id: Option<i64>,
        now: i64,
    ) -> StoreResult<()>;
    /// Raises the visitor's delivered cursor; returns the new value.
    async fn mark_visitor_delivered(&self, id: i64, seq: i64) -> StoreResult<i64>;
    /// Raises the staff cursors; returns `(delivered, read)`.
    async fn mark_agent_received(&self, id: i64, seq: i64, read: bool) -> StoreResult<(i64, i64)>;
}
