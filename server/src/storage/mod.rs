//! Storage: one trait with use-case methods ([`Store`]) and one implementation
//! per backend. SQLite ([`sqlite::SqliteStore`]) is the embedded default;
//! `DATABASE_URL` selects the backend (Postgres follows in a later issue, with
//! its own migration folder and the same conformance suite).
//!
//! Errors are neutral ([`StoreError`]): callers never see SQL.

pub mod sqlite;

use async_trait::async_trait;
use parley_app::canned::CannedReply;
use parley_app::compliance::{CompliancePolicy, PhraseRule};
use parley_app::fees::FeeLine;
use parley_app::inbox::InboxQuery;
use parley_app::intake::{Category, Facts};
use parley_app::lifecycle::Actor;
use parley_app::protocol::{
    AccessRequestView, AgentProfile, Author, Availability, ChatMessage, ClockKind,
    ConversationStatus, ConversationSummary, NoteView, Priority, StaffRole, Tier, TransitionView,
};
use parley_app::rating::RatingView;

use crate::domain::access::{Placement, Viewer};
use crate::domain::calendar::CalendarSpec;
use crate::domain::routing::{Candidate, Waiting};
use crate::domain::sla::{SlaClock, SlaPolicy};

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
    /// Away/offline message per locale (shown while nobody can answer).
    pub away: Vec<(String, String)>,
    /// The "is your problem solved?" question per locale.
    pub confirm: Vec<(String, String)>,
    /// The rating question per locale.
    pub rating: Vec<(String, String)>,
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
    /// Failed sign-ins in a row.
    pub failed_logins: i64,
    /// Locked until (Unix ms); 0 = not locked.
    pub locked_until: i64,
    /// A second factor is set up.
    pub totp_enabled: bool,
    /// An admin requires a new password at the next sign-in.
    pub password_reset_required: bool,
}

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

/// How far a session got through sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStage {
    /// Password ok; a code is due.
    Mfa,
    /// Password ok; a second factor is mandatory and must be set up first.
    Enrol,
    /// Password (and code) ok; an admin requires a new password first.
    Password,
    /// Signed in.
    Full,
}

impl SessionStage {
    /// Storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStage::Mfa => "mfa",
            SessionStage::Enrol => "enrol",
            SessionStage::Password => "password",
            SessionStage::Full => "full",
        }
    }

    /// Parses the storage name.
    pub fn parse(s: &str) -> Option<SessionStage> {
        [
            SessionStage::Mfa,
            SessionStage::Enrol,
            SessionStage::Password,
            SessionStage::Full,
        ]
        .into_iter()
        .find(|x| x.as_str() == s)
    }
}

/// A session to store.
#[derive(Debug, Clone)]
pub struct NewSession<'a> {
    /// SHA-256 of the cookie value.
    pub token_hash: &'a str,
    /// Whose.
    pub agent_id: i64,
    /// Stage.
    pub stage: SessionStage,
    /// Where sign-in came from.
    pub ip: Option<&'a str>,
    /// Created.
    pub now: i64,
    /// Absolute end.
    pub expires_at: i64,
}

/// A stored session.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    /// SHA-256 of the cookie value.
    pub token_hash: String,
    /// Whose.
    pub agent: AgentProfile,
    /// Stage.
    pub stage: SessionStage,
    /// Created.
    pub created_at: i64,
    /// Last used.
    pub last_seen: i64,
    /// Absolute end.
    pub expires_at: i64,
    /// Where sign-in came from.
    pub ip: Option<String>,
}

/// Second-factor state of an agent (secrets sealed).
#[derive(Debug, Clone, Default)]
pub struct TotpState {
    /// Active secret.
    pub secret: Option<String>,
    /// Secret being enrolled.
    pub pending: Option<String>,
    /// Highest time step used.
    pub last_step: i64,
}

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

/// A regional team: its queue and its business calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Display name, e.g. `APAC`.
    pub name: String,
    /// Opening hours.
    pub calendar: CalendarSpec,
    /// Receives escalations.
    pub supervisor_id: Option<i64>,
    /// Receives escalations for urgent gaps.
    pub on_call_id: Option<i64>,
}

/// A category with where its conversations go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRecord {
    /// Name, form, priority.
    pub category: Category,
    /// Team whose queue and calendar its conversations use.
    pub team_id: Option<i64>,
    /// Skill an agent needs to be routed these conversations.
    pub skill: Option<String>,
}

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
}

/// A clock whose warning or deadline has passed and has not been announced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAlert {
    /// Conversation.
    pub conversation_id: i64,
    /// Its team.
    pub team_id: Option<i64>,
    /// Clock.
    pub kind: ClockKind,
    /// Past the deadline (else past the warning).
    pub breached: bool,
    /// The deadline.
    pub due_at: i64,
}

/// What an admin sets for an agent's routing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentRouting {
    /// Locales they answer in.
    pub languages: Vec<String>,
    /// Skills.
    pub skills: Vec<String>,
    /// Most conversations at once.
    pub capacity: u32,
    /// Team ids (replacing the current memberships).
    pub teams: Vec<i64>,
    /// Sites they work for (empty: every site).
    pub sites: Vec<String>,
}

/// An uploaded file's record (the bytes live in the attachments folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    /// 32 hex digits; also the file's name on disk.
    pub id: String,
    /// Site it was uploaded to.
    pub site: String,
    /// The customer who uploaded it.
    pub visitor_id: Option<String>,
    /// Safe display name.
    pub file_name: String,
    /// Type decided from the bytes.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Unix ms.
    pub created_at: i64,
    /// The conversation whose form names it (`None` until one does).
    pub conversation_id: Option<i64>,
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
}

/// Result of [`Store::append_message`].
#[derive(Debug, Clone)]
pub struct Appended {
    /// The stored message (the earlier one, on a repeat).
    pub message: ChatMessage,
    /// `false` when `client_id` was already stored (idempotent repeat).
    pub created: bool,
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
    /// Creates an agent working for `sites` (empty: every site);
    /// `Conflict` if the e-mail exists.
    async fn create_agent(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        role: StaffRole,
        sites: &[String],
        now: i64,
    ) -> StoreResult<AgentProfile>;
    /// Looks an agent up by e-mail (case-insensitive).
    async fn agent_by_email(&self, email: &str) -> StoreResult<Option<AgentCredentials>>;
    /// Sets an agent's password (an Argon2 PHC string) and clears any
    /// requirement to change it.
    async fn set_password(&self, agent_id: i64, password_hash: &str) -> StoreResult<()>;
    /// Requires the agent to choose a new password at the next sign-in.
    async fn require_password_change(&self, agent_id: i64) -> StoreResult<()>;
    /// Stores a session.
    async fn create_session(&self, session: &NewSession<'_>) -> StoreResult<()>;
    /// A session that has not reached `expires_at`.
    async fn session(&self, token_hash: &str, now: i64) -> StoreResult<Option<SessionInfo>>;
    /// Marks a session used at `now` (idle expiry counts from here).
    async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()>;
    /// Moves a session to `stage` (after the second factor).
    async fn set_session_stage(&self, token_hash: &str, stage: SessionStage) -> StoreResult<()>;
    /// Ends a session.
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Ends every session of an agent (all but `keep`); how many ended.
    async fn revoke_sessions(&self, agent_id: i64, keep: Option<&str>) -> StoreResult<u64>;
    /// Live sessions of an agent, newest first.
    async fn sessions_of(&self, agent_id: i64, now: i64) -> StoreResult<Vec<SessionInfo>>;
    /// Counts a failed sign-in; locks the account until `lock_until` when
    /// given. Returns the failures in a row.
    async fn record_login_failure(
        &self,
        agent_id: i64,
        lock_until: Option<i64>,
    ) -> StoreResult<i64>;
    /// A successful sign-in clears the failures.
    async fn clear_login_failures(&self, agent_id: i64) -> StoreResult<()>;
    /// Second-factor state of an agent.
    async fn totp(&self, agent_id: i64) -> StoreResult<TotpState>;
    /// Keeps `sealed` as the secret being enrolled unless one already is
    /// (a reloaded page or a second request shows the same QR code);
    /// returns the one in effect.
    async fn begin_totp_pending(&self, agent_id: i64, sealed: &str) -> StoreResult<String>;
    /// Turns the second factor on with `sealed` and fresh recovery codes
    /// (their hashes, and the codes sealed for one showing), replacing
    /// earlier ones.
    async fn enable_totp(
        &self,
        agent_id: i64,
        sealed: &str,
        recovery_hashes: &[String],
        reveal: &str,
        now: i64,
    ) -> StoreResult<()>;
    /// The sealed fresh recovery codes, once: they are gone afterwards.
    async fn take_recovery_reveal(&self, agent_id: i64) -> StoreResult<Option<String>>;
    /// Accepts a time step once: `true` if `step` is newer than any used.
    async fn use_totp_step(&self, agent_id: i64, step: i64) -> StoreResult<bool>;
    /// Spends a recovery code: `true` if it existed unused.
    async fn use_recovery_code(
        &self,
        agent_id: i64,
        code_hash: &str,
        now: i64,
    ) -> StoreResult<bool>;
    /// Unused recovery codes left.
    async fn recovery_codes_left(&self, agent_id: i64) -> StoreResult<i64>;
    /// Turns the second factor off (an admin resets a lost device).
    async fn disable_totp(&self, agent_id: i64) -> StoreResult<()>;
    /// Roles that must use a second factor.
    async fn mfa_required(&self) -> StoreResult<Vec<StaffRole>>;
    /// Sets whether `role` must use a second factor.
    async fn set_mfa_required(&self, role: StaffRole, required: bool) -> StoreResult<()>;

    /// What the visibility rule needs to know of an agent at `now`.
    async fn viewer(&self, agent_id: i64, now: i64) -> StoreResult<Viewer>;
    /// Where a conversation sits (site, team, assignee).
    async fn placement(&self, conversation_id: i64) -> StoreResult<Placement>;
    /// Where each conversation of a visitor sits.
    async fn visitor_placements(&self, site: &str, visitor_id: &str)
    -> StoreResult<Vec<Placement>>;
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
    /// Records the host site's (sealed) user id for a visitor.
    async fn set_verified_user(&self, visitor_id: &str, sealed: Option<&str>) -> StoreResult<()>;
    /// The sealed host-site user id of a visitor.
    async fn verified_user(&self, visitor_id: &str) -> StoreResult<Option<String>>;
    /// A site's identity-verification secret (sealed) and whether it is required.
    async fn site_identity(&self, site: &str) -> StoreResult<(Option<String>, bool)>;
    /// Sets a site's identity-verification secret (sealed) and requirement.
    async fn set_site_identity(
        &self,
        site: &str,
        sealed: Option<&str>,
        required: bool,
    ) -> StoreResult<()>;
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
    /// Appends to the audit log.
    async fn audit(&self, entry: &AuditRecord) -> StoreResult<()>;
    /// Reads the audit log, newest first.
    async fn audit_log(&self, filter: &AuditFilter, limit: i64) -> StoreResult<Vec<AuditRecord>>;

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

    /// A site's teams.
    async fn teams(&self, site: &str) -> StoreResult<Vec<Team>>;
    /// Every staff account, by name.
    async fn agents(&self) -> StoreResult<Vec<AgentProfile>>;
    /// One team.
    async fn team(&self, id: i64) -> StoreResult<Team>;
    /// Creates or updates a team by (site, name); returns its id.
    async fn upsert_team(&self, team: &Team) -> StoreResult<i64>;
    /// A site's categories in display order.
    async fn categories(&self, site: &str) -> StoreResult<Vec<CategoryRecord>>;
    /// Replaces a site's categories.
    async fn set_categories(&self, site: &str, categories: &[CategoryRecord]) -> StoreResult<()>;
    /// A site's SLA targets.
    async fn sla_policy(&self, site: &str) -> StoreResult<SlaPolicy>;
    /// Sets a site's SLA targets.
    async fn set_sla_policy(&self, site: &str, policy: &SlaPolicy) -> StoreResult<()>;
    /// A site's fee calculator lines.
    async fn fee_lines(&self, site: &str) -> StoreResult<Vec<FeeLine>>;
    /// Replaces a site's fee calculator lines.
    async fn set_fee_lines(&self, site: &str, lines: &[FeeLine]) -> StoreResult<()>;

    /// Running clocks whose warning or deadline is at or before `now` and
    /// not yet announced.
    async fn pending_alerts(&self, now: i64) -> StoreResult<Vec<PendingAlert>>;
    /// Records that an alert went out (and flags a breach on the conversation).
    async fn mark_alerted(&self, alert: &PendingAlert) -> StoreResult<()>;
    /// The earliest unannounced warning or deadline after `now`.
    async fn next_alert_at(&self, now: i64) -> StoreResult<Option<i64>>;
    /// One staff account.
    async fn agent(&self, id: i64) -> StoreResult<AgentProfile>;
    /// Sets an agent's availability; returns the profile.
    async fn set_availability(
        &self,
        agent_id: i64,
        availability: Availability,
    ) -> StoreResult<AgentProfile>;
    /// Sets an agent's languages, skills, capacity and teams; returns the profile.
    async fn set_agent_routing(
        &self,
        agent_id: i64,
        routing: &AgentRouting,
    ) -> StoreResult<AgentProfile>;
    /// What routing needs for a site: the staff who could take its
    /// conversations (members of its teams, dedicated owners of its
    /// customers) with their current load and availability, and its
    /// unowned open conversations.
    async fn routing_snapshot(&self, site: &str) -> StoreResult<(Vec<Candidate>, Vec<Waiting>)>;
    /// Records that routing gave `agent_id` a conversation at `now`.
    async fn touch_assigned(&self, agent_id: i64, now: i64) -> StoreResult<()>;
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
    /// Records an uploaded file.
    async fn create_attachment(&self, a: &AttachmentRecord) -> StoreResult<()>;
    /// One attachment record.
    async fn attachment(&self, id: &str) -> StoreResult<AttachmentRecord>;
    /// Marks the customer's uploads `ids` as attached to the conversation
    /// (a form fact names them); others' uploads are left alone.
    async fn attach_files(
        &self,
        conversation_id: i64,
        visitor_id: &str,
        ids: &[&str],
    ) -> StoreResult<()>;
    /// Bytes of customers' files a site holds.
    async fn site_attachment_bytes(&self, site: &str) -> StoreResult<i64>;
    /// Deletes the records of uploads never attached to a conversation and
    /// made before `cutoff`; returns their ids (whose files to delete).
    async fn sweep_unattached(&self, cutoff: i64) -> StoreResult<Vec<String>>;
    /// A site's canned replies (stored as site texts of kind `canned:<key>`),
    /// by key.
    async fn canned_replies(&self, site: &str) -> StoreResult<Vec<CannedReply>>;
    /// A site's compliance rules and their version.
    async fn compliance_policy(&self, site: &str) -> StoreResult<CompliancePolicy>;
    /// Replaces a site's rules for the given locales in one change (one new
    /// policy version); returns that version.
    async fn set_compliance_rules(
        &self,
        site: &str,
        edits: &[(&str, Vec<PhraseRule>)],
    ) -> StoreResult<i64>;
    /// Raises the visitor's delivered cursor; returns the new value.
    async fn mark_visitor_delivered(&self, id: i64, seq: i64) -> StoreResult<i64>;
    /// Raises the staff cursors; returns `(delivered, read)`.
    async fn mark_agent_received(&self, id: i64, seq: i64, read: bool) -> StoreResult<(i64, i64)>;
}
