//! Storage: small traits by use case, summed up as [`Store`], and one
//! implementation per backend. SQLite ([`sqlite::SqlStore`]) is the
//! embedded default; `DATABASE_URL` selects the backend (Postgres follows in a
//! later issue, with its own migration folder, passing the same conformance
//! suite: `server/tests/integration/storage/`).
//!
//! | trait | file | what it keeps |
//! |---|---|---|
//! | [`SiteStore`] | `sites.rs` | Sites and their settings: greetings and texts, identity verification, canned replies, compliance rules, fee lines, the global second-factor policy. |
//! | [`StaffStore`] | `staff.rs` | Staff accounts and what they may see: create, look up, passwords, profiles, the viewer a rule is checked against. |
//! | [`SessionStore`] | `sessions.rs` | Staff sign-in: sessions and their stage, failed attempts, second factors and recovery codes. |
//! | [`ConversationStore`] | `conversations.rs` | Visitors, conversations and their messages: start, resume, append, read back, delivery cursors, the desk list and inbox, where a conversation sits. |
//! | [`CaseStore`] | `cases.rs` | How a conversation is handled: its record (state, category, clocks) saved with optimistic concurrency, its history, internal notes, ratings, the customer profile and history. |
//! | [`RoutingStore`] | `routing.rs` | Teams and their calendars, categories, SLA policies, agent routing and presence, and clock alerts. |
//! | [`PrivacyStore`] | `privacy.rs` | Personal data: sealed contact details and consents, verified identities, retention and destruction, the customer's own data, access requests to closed conversations. |
//! | [`AuditStore`] | `audit.rs` | The audit log: append a line, read lines back by filter. |
//! | [`AttachmentStore`] | `attachments.rs` | Uploaded files' records: create, look up, attach to a conversation, per-site usage, sweep of never-attached uploads. |
//! | [`CompensationStore`] | `compensation.rs` | Exchange rates per site and the append-only compensation ledger: proposals and their one decision each. |
//! | [`ReportStore`] | `reports.rs` | The facts of each conversation the service reports are computed from. |
//! | [`QaStore`] | `qa.rs` | Weekly QA review: score sheets, the weeks drawn with their seeds, samples, reviews. |
//! | [`CaseLibraryStore`] | `case_library.rs` | Resolved cases written up for the library, and the change feed of them. |
//!
//! Errors are neutral ([`StoreError`]): callers never see SQL. Storage sits
//! just above `domain/` and depends on nothing else of the server.

mod api_keys;
mod attachments;
mod audit;
mod case_library;
mod cases;
mod compensation;
mod complaints;
mod conversations;
mod kb;
mod mail;
mod privacy;
mod qa;
mod reports;
mod routing;
mod sessions;
mod sites;
pub mod sql;
mod staff;
mod webhooks;

pub use api_keys::*;
pub use attachments::*;
pub use audit::*;
pub use case_library::*;
pub use cases::*;
pub use compensation::*;
pub use complaints::*;
pub use conversations::*;
pub use kb::*;
pub use mail::*;
pub use privacy::*;
pub use qa::*;
pub use reports::*;
pub use routing::*;
pub use sessions::*;
pub use sites::*;
pub use staff::*;
pub use webhooks::*;

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

/// Every storage operation Parley performs: the sum of the use-case traits.
/// Callers hold an `Arc<dyn Store>`; a backend implements each part and gets
/// `Store` for free.
pub trait Store:
    SiteStore
    + StaffStore
    + SessionStore
    + ConversationStore
    + CaseStore
    + RoutingStore
    + PrivacyStore
    + AuditStore
    + AttachmentStore
    + CompensationStore
    + ComplaintStore
    + ApiKeyStore
    + WebhookStore
    + KbStore
    + ReportStore
    + QaStore
    + CaseLibraryStore
    + MailStore
    + Send
    + Sync
    + 'static
{
}

impl<T> Store for T where
    T: SiteStore
        + StaffStore
        + SessionStore
        + ConversationStore
        + CaseStore
        + RoutingStore
        + PrivacyStore
        + AuditStore
        + AttachmentStore
        + CompensationStore
        + ComplaintStore
        + ApiKeyStore
        + WebhookStore
        + KbStore
        + ReportStore
        + QaStore
        + CaseLibraryStore
        + MailStore
        + Send
        + Sync
        + 'static
{
}

/// The use-case traits, for code that calls storage methods on a concrete
/// backend or a generic `S: Store` (calls on `dyn Store` need no import).
pub mod prelude {
    pub use super::{
        ApiKeyStore, AttachmentStore, AuditStore, CaseStore, CompensationStore, ComplaintStore,
        ConversationStore, KbStore, PrivacyStore, ReportStore, RoutingStore, SessionStore,
        SiteStore, StaffStore, Store, WebhookStore,
    };
}
