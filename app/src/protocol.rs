//! The Parley websocket protocol, version 1: the one definition shared by the
//! WASM widget, the WASM desk, the server and any non-Leptos client.
//!
//! Every frame is a JSON text frame of the form `{"type": "...", ...}`.
//! Two endpoints speak it:
//! * `/ws/visitor` — the customer widget ([`VisitorFrame`] in, [`VisitorEvent`] out);
//! * `/ws/desk` — the staff desk, cookie-authenticated ([`DeskFrame`] in, [`DeskEvent`] out).
//!
//! Delivery guarantees rest on two numbers carried by every message: the
//! client-generated `client_id` (idempotency key: re-sending it never creates a
//! second message) and the per-conversation `seq`, assigned by the server when
//! the message is durably stored. An `ack` is sent only after that. A client
//! that reconnects says the last `seq` it holds and receives exactly what it
//! missed (see [`crate::timeline`]).
//!
//! This module must not depend on Leptos, the browser or the server.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::intake::Facts;
pub use crate::lifecycle::{
    ClockKind, ClockPhase, ConversationStatus, Priority, StatusAction, Tier,
};

/// The protocol version spoken by this build.
pub const PROTOCOL_VERSION: u16 = 1;
/// Longest message body, in characters (Unicode scalar values).
pub const MAX_BODY_CHARS: usize = 4000;
/// Largest websocket frame or message the server accepts, in bytes.
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
/// Longest accepted `client_id`.
pub const MAX_CLIENT_ID_LEN: usize = 64;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Author {
    /// The customer, from the widget.
    Customer,
    /// A staff member, from the desk.
    Agent,
    /// Parley itself.
    System,
}

impl Author {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Author::Customer => "customer",
            Author::Agent => "agent",
            Author::System => "system",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Author> {
        match s {
            "customer" => Some(Author::Customer),
            "agent" => Some(Author::Agent),
            "system" => Some(Author::System),
            _ => None,
        }
    }
}

/// One stored message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    /// Server-wide id.
    pub id: i64,
    /// The conversation it belongs to.
    pub conversation_id: i64,
    /// Position in the conversation, from 1, gap-free.
    pub seq: i64,
    /// The sender's idempotency key.
    pub client_id: String,
    /// Who wrote it.
    pub author: Author,
    /// The agent's display name for agent messages.
    pub author_name: Option<String>,
    /// The text.
    pub body: String,
    /// When it was stored, Unix milliseconds (UTC).
    pub sent_at: i64,
}

/// What the desk's conversation list shows for one conversation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConversationSummary {
    /// Conversation id.
    pub id: i64,
    /// Site key the customer wrote from.
    pub site: String,
    /// Current status.
    pub status: ConversationStatus,
    /// A short, non-identifying label for the anonymous visitor.
    pub visitor_label: String,
    /// The customer's locale, as chosen in the widget.
    pub locale: Option<String>,
    /// The customer's IANA time zone, for showing their local time.
    pub time_zone: Option<String>,
    /// Start of the most recent message.
    pub last_message: Option<String>,
    /// Highest `seq` in the conversation.
    pub last_seq: i64,
    /// Customer messages no agent has read yet.
    pub unread: i64,
    /// Highest `seq` the customer's widget has received.
    pub visitor_delivered_seq: i64,
    /// Last activity, Unix milliseconds.
    pub updated_at: i64,
    /// Category key, once the customer chose one.
    pub category: Option<String>,
    /// Urgency.
    pub priority: Priority,
    /// The customer's tier.
    pub tier: Tier,
    /// Owner.
    pub assignee_id: Option<i64>,
    /// Owner's display name.
    pub assignee_name: Option<String>,
    /// The team whose queue and calendar it is on.
    pub team: Option<String>,
    /// That team's id.
    #[serde(default)]
    pub team_id: Option<i64>,
    /// The nearest deadline of a running clock (Unix ms), for sorting and
    /// the countdown; computed by the server.
    pub due_at: Option<i64>,
    /// Which clock that deadline belongs to.
    pub due_kind: Option<ClockKind>,
    /// When that clock turns "due soon".
    pub warn_at: Option<i64>,
    /// A clock of this conversation is past its target.
    pub breached: bool,
}

/// A signed-in staff member, as the desk shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentProfile {
    /// Agent id.
    pub id: i64,
    /// Sign-in e-mail.
    pub email: String,
    /// Display name shown to customers.
    pub name: String,
    /// What they may do and see.
    pub role: StaffRole,
    /// Sites they work for; empty = every site of this Parley.
    #[serde(default)]
    pub sites: Vec<String>,
    /// Locales they answer in (routing prefers speakers of the customer's).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Skills routing matches against categories, e.g. `logistics`.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Ids of the regional teams they belong to.
    #[serde(default)]
    pub teams: Vec<i64>,
    /// Most conversations they hold at once.
    #[serde(default)]
    pub capacity: u32,
    /// Their own choice: taking conversations or away.
    #[serde(default)]
    pub availability: Availability,
    /// A desk of theirs is connected now (filled in live by the server).
    #[serde(default)]
    pub connected: bool,
}

/// An internal note: staff only, never sent to the customer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct NoteView {
    /// Note id.
    pub id: i64,
    /// Conversation.
    pub conversation_id: i64,
    /// The writer's idempotency key.
    pub client_id: String,
    /// Writer.
    pub agent_id: i64,
    /// Writer's name.
    pub author_name: String,
    /// The text.
    pub body: String,
    /// Colleagues @mentioned in it.
    pub mentions: Vec<i64>,
    /// Unix ms.
    pub created_at: i64,
}

/// The staff a note @mentions: `@` followed by a colleague's name (the
/// longest that fits, case-insensitive) or the part of their e-mail before
/// the `@`. Each agent once, in order of first mention.
pub fn mentioned(body: &str, agents: &[AgentProfile]) -> Vec<i64> {
    let lower = body.to_lowercase();
    let mut out = Vec::new();
    for (i, _) in lower.match_indices('@') {
        let rest = &lower[i + 1..];
        // The mention ends where a word would: not inside a longer name
        // ("@anabel" is not Ana) nor an e-mail name ("@ana.b"), while a full
        // stop ends it ("@Ana.") and CJK runs on ("@王芳请看" is 王芳).
        let word = |c: char| c.is_alphanumeric() && !crate::compliance::is_cjk(c);
        let boundary = |len: usize| {
            let mut next = rest[len..].chars();
            match next.next() {
                None => true,
                Some('.' | '_' | '-') => !next.next().is_some_and(word),
                Some(c) => !word(c),
            }
        };
        let best = agents
            .iter()
            .filter_map(|a| {
                let name = a.name.to_lowercase();
                let local = a.email.split('@').next().unwrap_or("").to_lowercase();
                [name, local]
                    .into_iter()
                    .filter(|k| !k.is_empty() && rest.starts_with(k.as_str()) && boundary(k.len()))
                    .map(|k| k.len())
                    .max()
                    .map(|len| (len, a.id))
            })
            .max_by_key(|(len, _)| *len);
        if let Some((_, id)) = best
            && !out.contains(&id)
        {
            out.push(id);
        }
    }
    out
}

/// An uploaded file, as `POST /api/attachments` answers it. Its `id` is what
/// an upload fact holds (comma-separated for several).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AttachmentInfo {
    /// 32 hex digits.
    pub id: String,
    /// Safe display name.
    pub file_name: String,
    /// Type decided from the bytes.
    pub content_type: String,
    /// Bytes.
    pub size: i64,
}

/// A regional team as the desk names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TeamView {
    /// Team id.
    pub id: i64,
    /// Its site.
    pub site: String,
    /// Display name, e.g. `APAC`.
    pub name: String,
}

/// A staff member's role. Agents come in three levels (their authority,
/// e.g. for compensation, grows with the level); supervisors see their
/// teams' work; admins see everything of their sites and configure them.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum StaffRole {
    /// New agent.
    Junior,
    /// Agent.
    #[default]
    Mid,
    /// Experienced agent.
    Senior,
    /// Leads one or more teams.
    Supervisor,
    /// Configures the sites, staff and security.
    Admin,
}

impl StaffRole {
    /// Every role, least authority first.
    pub const ALL: [StaffRole; 5] = [
        StaffRole::Junior,
        StaffRole::Mid,
        StaffRole::Senior,
        StaffRole::Supervisor,
        StaffRole::Admin,
    ];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            StaffRole::Junior => "junior",
            StaffRole::Mid => "mid",
            StaffRole::Senior => "senior",
            StaffRole::Supervisor => "supervisor",
            StaffRole::Admin => "admin",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<StaffRole> {
        StaffRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// An agent of any level (not a supervisor or admin).
    pub fn is_agent(self) -> bool {
        matches!(self, StaffRole::Junior | StaffRole::Mid | StaffRole::Senior)
    }
}

/// Whether an agent takes new conversations (set in the desk). Routing gives
/// conversations only to agents who are available *and* have a desk open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// Taking conversations.
    #[default]
    Available,
    /// Not taking new conversations (keeps the ones they hold).
    Away,
}

impl Availability {
    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Availability::Available => "available",
            Availability::Away => "away",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Availability> {
        [Availability::Available, Availability::Away]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// A break-glass request: view-only access to a conversation outside one's
/// scope, for a stated reason, decided by a supervisor or admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRequestView {
    /// Request id.
    pub id: i64,
    /// The conversation.
    pub conversation_id: i64,
    /// Who asks.
    pub agent_id: i64,
    /// Their name.
    pub agent_name: String,
    /// Why.
    pub reason: String,
    /// When (Unix ms).
    pub requested_at: i64,
    /// `pending`, `approved` or `denied`.
    pub status: String,
    /// Until when an approved request grants access (Unix ms).
    pub expires_at: Option<i64>,
}

/// Widget → server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VisitorFrame {
    /// First frame on every connection.
    Hello {
        /// Protocol version, [`PROTOCOL_VERSION`].
        v: u16,
        /// The site key from the script tag.
        site: String,
        /// The visitor token from an earlier `welcome`, if any.
        #[serde(default)]
        token: Option<String>,
        /// Highest `seq` the client already holds (0 for none).
        #[serde(default)]
        last_seq: i64,
        /// The widget's current locale.
        #[serde(default)]
        locale: Option<String>,
        /// The customer's IANA time zone, e.g. `Europe/Berlin`.
        #[serde(default)]
        tz: Option<String>,
        /// The host site's signed-in user, vouched for by the site.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        identity: Option<Identity>,
    },
    /// The customer gives contact details, having agreed to the notice.
    Contact {
        /// What they entered (empty fields are not collected).
        details: ContactDetails,
        /// They ticked the consent box under the notice.
        consent: bool,
    },
    /// The customer chose another language in the widget.
    Locale {
        /// BCP 47 tag of a shipped locale.
        locale: String,
    },
    /// A new message (or a re-send of one not yet acknowledged).
    Send {
        /// Idempotency key.
        client_id: String,
        /// The text.
        body: String,
        /// With the first message: the chosen category and its facts.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        intake: Option<Intake>,
    },
    /// The customer started or stopped typing.
    Typing {
        /// Whether they are typing now.
        on: bool,
    },
    /// Answer to the question after resolution: is the problem solved?
    Confirm {
        /// `true`: solved (the loop closes); `false`: not solved (reopens).
        solved: bool,
    },
    /// The widget has received (and shown) every message up to `seq`.
    Received {
        /// Highest received `seq`.
        seq: i64,
    },
    /// The customer rates the latest resolution (R-QA1).
    Rate {
        /// 1–5 stars.
        score: u8,
        /// Optional comment.
        #[serde(default)]
        comment: String,
    },
}

/// Server → widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum VisitorEvent {
    /// Answer to `hello`; missed messages follow as `message` events.
    Welcome {
        /// Protocol version.
        v: u16,
        /// The anonymous visitor's id.
        visitor_id: String,
        /// A fresh signed token to keep and present next time.
        token: String,
        /// The visitor's current conversation, if they have written before.
        conversation_id: Option<i64>,
        /// Its status.
        status: Option<ConversationStatus>,
        /// Highest `seq` the staff side has received.
        agent_delivered_seq: i64,
        /// Highest `seq` the staff side has read.
        agent_read_seq: i64,
        /// Someone who could answer is available and on shift now (the
        /// widget shows the site's away message when not).
        #[serde(default)]
        staff_online: Option<bool>,
        /// Contact details are on file for this customer (never the details).
        #[serde(default)]
        contact_on_file: bool,
        /// The host site vouched for the customer's identity.
        #[serde(default)]
        verified: bool,
        /// The latest resolution has been rated (no rating prompt).
        #[serde(default)]
        rated: bool,
    },
    /// The rating was stored.
    Rated {
        /// The stars given.
        score: u8,
    },
    /// The contact details were stored (encrypted) with the consent.
    ContactSaved {
        /// Which fields were stored.
        fields: Vec<String>,
    },
    /// A stored message (the customer's own from another tab, or staff's).
    Message {
        /// The message.
        message: ChatMessage,
    },
    /// The customer's message `client_id` is durably stored.
    Ack {
        /// Idempotency key of the acknowledged message.
        client_id: String,
        /// The stored message.
        message: ChatMessage,
    },
    /// Staff started or stopped typing.
    Typing {
        /// Whether someone is typing now.
        on: bool,
    },
    /// Staff have received / read up to these sequence numbers.
    Receipt {
        /// Highest `seq` delivered to a desk.
        delivered_seq: i64,
        /// Highest `seq` read in a desk.
        read_seq: i64,
    },
    /// The conversation changed state, or the expected reply time moved.
    Status {
        /// New status.
        status: ConversationStatus,
        /// When staff are due to answer (Unix ms), computed on the team's
        /// calendar; `None` when nothing is awaiting an answer.
        #[serde(default)]
        reply_by: Option<i64>,
    },
    /// Where the customer stands while nobody owns the conversation yet
    /// (sent on connect and whenever the queue moves).
    Queue {
        /// 1-based place in the team's queue (`None` once someone owns it).
        #[serde(default)]
        position: Option<u32>,
        /// Conversations waiting in that queue, this one included.
        waiting: u32,
        /// Someone who could answer is available and on shift now.
        staff_online: bool,
    },
    /// Something the client sent was refused.
    Error {
        /// What went wrong.
        code: ErrorCode,
        /// The message it concerns, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        client_id: Option<String>,
        /// The form field it concerns, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        field: Option<String>,
    },
}

/// The category a customer picked and the facts they gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    /// Category key.
    pub category: String,
    /// Field key → value.
    #[serde(default)]
    pub facts: Facts,
}

/// One SLA clock as the desk shows it. The server computes every instant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClockView {
    /// What it measures.
    pub kind: ClockKind,
    /// Running, paused, met, breached, cancelled.
    pub phase: ClockPhase,
    /// When it started, Unix ms.
    pub started_at: i64,
    /// Deadline while running.
    pub due_at: Option<i64>,
    /// When it turns "due soon" while running.
    pub warn_at: Option<i64>,
    /// When it finished.
    pub stopped_at: Option<i64>,
}

/// One recorded state change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TransitionView {
    /// Before.
    pub from: ConversationStatus,
    /// After.
    pub to: ConversationStatus,
    /// Staff member who made it; `None` for the customer or Parley.
    pub agent_name: Option<String>,
    /// `customer`, `staff` or `system`.
    pub actor: String,
    /// Unix ms.
    pub at: i64,
    /// Hand-off note of a transfer.
    #[serde(default)]
    pub note: Option<String>,
}

/// Everything the desk shows beside an open conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConversationDetail {
    /// Conversation.
    pub conversation_id: i64,
    /// The customer's contact details, if they gave any.
    #[serde(default)]
    pub contact: Option<ContactView>,
    /// The category, with its form, if one was chosen.
    pub category: Option<crate::intake::Category>,
    /// Collected facts.
    pub facts: Facts,
    /// Required facts still missing (resolving is refused while any is).
    pub missing: Vec<String>,
    /// Current and finished clocks, oldest first.
    pub clocks: Vec<ClockView>,
    /// State changes, oldest first.
    pub transitions: Vec<TransitionView>,
    /// The team whose queue and calendar it is on.
    #[serde(default)]
    pub team: Option<String>,
    /// Teams of the conversation's site (transfer targets).
    #[serde(default)]
    pub teams: Vec<String>,
    /// The core customer's dedicated owner.
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// The same customer's other conversations, newest first (R-CH4).
    #[serde(default)]
    pub history: Vec<ConversationSummary>,
    /// Internal notes, oldest first.
    #[serde(default)]
    pub notes: Vec<NoteView>,
    /// The customer's ratings, one per resolution, oldest first.
    #[serde(default)]
    pub ratings: Vec<crate::rating::RatingView>,
}

/// Desk → server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DeskFrame {
    /// First frame on every connection.
    Hello {
        /// Protocol version.
        v: u16,
    },
    /// Open a conversation: returns its messages after `after_seq` and marks it read.
    Open {
        /// Conversation.
        conversation_id: i64,
        /// Highest `seq` the desk already holds.
        #[serde(default)]
        after_seq: i64,
    },
    /// Reply to the customer.
    Send {
        /// Conversation.
        conversation_id: i64,
        /// Idempotency key.
        client_id: String,
        /// The text.
        body: String,
        /// The agent saw the compliance warnings for this text and sends
        /// anyway (blocked phrases are refused regardless).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        confirmed: bool,
    },
    /// The agent started or stopped typing.
    Typing {
        /// Conversation.
        conversation_id: i64,
        /// Whether they are typing now.
        on: bool,
    },
    /// The desk received up to `seq`; `read` when it was shown in an open conversation.
    Received {
        /// Conversation.
        conversation_id: i64,
        /// Highest received `seq`.
        seq: i64,
        /// Whether the agent has it on screen.
        #[serde(default)]
        read: bool,
    },
    /// Move the conversation through its loop (resolve, wait for the
    /// customer, archive, reopen, …); illegal moves get `invalid_transition`.
    Transition {
        /// Conversation.
        conversation_id: i64,
        /// What to do.
        action: StatusAction,
    },
    /// Add or correct facts (staff may save partial facts; values are validated).
    SetFacts {
        /// Conversation.
        conversation_id: i64,
        /// Field key → value; an empty value clears the fact.
        facts: Facts,
    },
    /// Hand the conversation to another team (its clocks move to that
    /// team's calendar) and/or agent, with a note for them.
    Transfer {
        /// Conversation.
        conversation_id: i64,
        /// Team name (of the conversation's site).
        #[serde(default)]
        team: Option<String>,
        /// Agent id.
        #[serde(default)]
        agent_id: Option<i64>,
        /// Hand-off note.
        #[serde(default)]
        note: Option<String>,
    },
    /// Show an inbox view; answered with `inbox`.
    Query {
        /// Filters and order.
        query: crate::inbox::InboxQuery,
    },
    /// Change the priority (targets change, time already used stays).
    SetPriority {
        /// Conversation.
        conversation_id: i64,
        /// New priority.
        priority: Priority,
    },
    /// Add an internal note (staff only; `@Name` mentions a colleague).
    Note {
        /// Conversation.
        conversation_id: i64,
        /// Idempotency key.
        client_id: String,
        /// The text.
        body: String,
    },
    /// Ask for view-only access to a conversation outside one's scope.
    RequestAccess {
        /// Conversation.
        conversation_id: i64,
        /// Why (shown to the approver and kept in the audit log).
        reason: String,
    },
    /// A supervisor or admin decides a break-glass request.
    DecideAccess {
        /// Request id.
        request_id: i64,
        /// Approve (time-limited, view-only) or deny.
        approve: bool,
        /// For how long, in minutes (at most four hours).
        #[serde(default)]
        minutes: u32,
    },
    /// Take conversations, or stop taking new ones.
    SetAvailability {
        /// The agent's choice.
        availability: Availability,
    },
    /// Set the customer's tier and (for core customers) dedicated owner;
    /// applies to the customer's future conversations and this one.
    SetCustomer {
        /// A conversation of the customer.
        conversation_id: i64,
        /// New tier.
        tier: Tier,
        /// Dedicated owner (an agent id), or none.
        #[serde(default)]
        owner_id: Option<i64>,
    },
}

/// Server → desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DeskEvent {
    /// Answer to `hello`: who is signed in and the current list.
    Welcome {
        /// Protocol version.
        v: u16,
        /// The signed-in agent.
        agent: AgentProfile,
        /// Most recently active conversations first.
        conversations: Vec<ConversationSummary>,
        /// ISO country codes accepted by country facts.
        #[serde(default)]
        countries: Vec<String>,
        /// Every site's categories (for filters and names).
        #[serde(default)]
        categories: Vec<crate::intake::Category>,
        /// Staff (transfer targets).
        #[serde(default)]
        agents: Vec<AgentProfile>,
        /// Every site's regional teams.
        #[serde(default)]
        teams: Vec<TeamView>,
        /// Every site's compliance rules, by site key.
        #[serde(default)]
        compliance: Vec<(String, crate::compliance::CompliancePolicy)>,
        /// Every site's canned replies (with its greeting).
        #[serde(default)]
        canned: Vec<crate::canned::SiteCanned>,
        /// Break-glass requests this desk made or may decide, still open or
        /// granting access.
        #[serde(default)]
        access_requests: Vec<AccessRequestView>,
        /// Sent again on an open socket after the desk fell behind the live
        /// events: a fresh snapshot, after which the desk asks again for
        /// its list and open conversation (nothing missed, no reconnect).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        resync: bool,
    },
    /// Answer to `query`.
    Inbox {
        /// The query answered.
        query: crate::inbox::InboxQuery,
        /// Matching conversations in the query's order.
        conversations: Vec<ConversationSummary>,
    },
    /// A conversation was created or changed (insert or replace in the list).
    Conversation {
        /// The new summary.
        summary: ConversationSummary,
    },
    /// Answer to `open`.
    History {
        /// Conversation.
        conversation_id: i64,
        /// Messages after the requested `seq`, in order.
        messages: Vec<ChatMessage>,
    },
    /// A stored message in any conversation.
    Message {
        /// The message.
        message: ChatMessage,
    },
    /// The agent's reply `client_id` is durably stored.
    Ack {
        /// Idempotency key.
        client_id: String,
        /// The stored message.
        message: ChatMessage,
    },
    /// The customer started or stopped typing.
    Typing {
        /// Conversation.
        conversation_id: i64,
        /// Whether they are typing now.
        on: bool,
    },
    /// Something the desk sent was refused.
    Error {
        /// What went wrong.
        code: ErrorCode,
        /// The message it concerns, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        client_id: Option<String>,
        /// The form field it concerns, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        field: Option<String>,
    },
    /// The detail panel of a conversation (sent on `open` and after every
    /// change of its facts, state or clocks).
    Detail {
        /// Everything beside the messages.
        detail: ConversationDetail,
    },
    /// An internal note was added (desks only; the widget never gets it).
    Note {
        /// The note.
        note: NoteView,
    },
    /// A break-glass request was made or decided (to the requester and to
    /// whoever may decide it).
    AccessRequest {
        /// The request.
        request: AccessRequestView,
    },
    /// What this desk may do with the conversation it opened: `until` set
    /// for view-only (break-glass) access, which ends then.
    Access {
        /// Conversation.
        conversation_id: i64,
        /// End of view-only access; `None`: full access.
        read_only_until: Option<i64>,
    },
    /// A site's canned replies changed.
    Canned {
        /// The site's replies now.
        canned: crate::canned::SiteCanned,
    },
    /// A site's compliance rules changed.
    Compliance {
        /// Site key.
        site: String,
        /// The new rules and version.
        policy: crate::compliance::CompliancePolicy,
    },
    /// The conversation left what this desk may see (transferred to a
    /// colleague or another team): drop it.
    Withdrawn {
        /// Conversation.
        conversation_id: i64,
    },
    /// A staff member's availability, connection or routing profile changed.
    Staff {
        /// The new profile.
        agent: AgentProfile,
    },
    /// A clock is about to breach or has breached: shown at once in every
    /// desk and addressed to the team's supervisor and on-call person.
    Alert {
        /// Conversation.
        conversation_id: i64,
        /// Which clock.
        clock: ClockKind,
        /// `true`: past its target; `false`: past the warning threshold.
        breached: bool,
        /// Its deadline.
        due_at: i64,
        /// Staff the escalation is addressed to (supervisor, on-call).
        notify: Vec<i64>,
    },
}

/// Why a frame could not be decoded; maps onto an [`ErrorCode`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON.
    InvalidJson,
    /// JSON without a known `type`.
    UnknownType,
    /// Known `type` with bad fields.
    InvalidFields,
}

impl From<DecodeError> for ErrorCode {
    fn from(e: DecodeError) -> Self {
        match e {
            DecodeError::InvalidJson => ErrorCode::InvalidJson,
            DecodeError::UnknownType => ErrorCode::UnknownFrameType,
            DecodeError::InvalidFields => ErrorCode::InvalidFrame,
        }
    }
}

/// Decodes a client frame, telling bad JSON, unknown types and bad fields apart.
pub fn decode<T: serde::de::DeserializeOwned>(
    text: &str,
    known_types: &[&str],
) -> Result<T, DecodeError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|_| DecodeError::InvalidJson)?;
    let ty = value.get("type").and_then(|t| t.as_str());
    match ty {
        Some(t) if known_types.contains(&t) => {
            serde_json::from_value(value).map_err(|_| DecodeError::InvalidFields)
        }
        _ => Err(DecodeError::UnknownType),
    }
}

/// `type` values of [`VisitorFrame`].
pub const VISITOR_FRAME_TYPES: &[&str] = &[
    "hello", "locale", "send", "typing", "received", "confirm", "contact", "rate",
];

/// A host site's signed-in user, as the site's back-end vouches for them:
/// `hash` is the hex HMAC-SHA256 of `user_id` with the site's identity
/// secret (computed server-side by the site, never in the browser).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// The site's id for the user.
    pub user_id: String,
    /// HMAC-SHA256(identity secret, user_id), hex.
    pub hash: String,
}

/// Contact details a customer may give (each optional). Personal data:
/// stored encrypted, apart from the conversation, only with consent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    /// Name.
    #[serde(default)]
    pub name: String,
    /// E-mail.
    #[serde(default)]
    pub email: String,
    /// Phone.
    #[serde(default)]
    pub phone: String,
    /// Postal address.
    #[serde(default)]
    pub address: String,
}

impl ContactDetails {
    /// Field names, in form order.
    pub const FIELDS: [&'static str; 4] = ["name", "email", "phone", "address"];

    /// The value of a field.
    pub fn get(&self, field: &str) -> &str {
        match field {
            "name" => &self.name,
            "email" => &self.email,
            "phone" => &self.phone,
            _ => &self.address,
        }
    }

    /// A mutable field.
    pub fn get_mut(&mut self, field: &str) -> &mut String {
        match field {
            "name" => &mut self.name,
            "email" => &mut self.email,
            "phone" => &mut self.phone,
            _ => &mut self.address,
        }
    }

    /// The fields that have a value.
    pub fn filled(&self) -> Vec<String> {
        Self::FIELDS
            .iter()
            .filter(|f| !self.get(f).trim().is_empty())
            .map(|f| (*f).to_owned())
            .collect()
    }

    /// Trims every field and checks it; the first bad field is named.
    pub fn validate(&mut self) -> Result<(), (ErrorCode, &'static str)> {
        for f in Self::FIELDS {
            let v = self.get_mut(f);
            *v = v.trim().to_owned();
        }
        let limits = [
            ("name", 120),
            ("email", 254),
            ("phone", 40),
            ("address", 400),
        ];
        for (f, max) in limits {
            if self.get(f).chars().count() > max {
                return Err((ErrorCode::ContactInvalid, f));
            }
        }
        if self.filled().is_empty() {
            return Err((ErrorCode::ContactInvalid, "name"));
        }
        let email = &self.email;
        if !email.is_empty() {
            let ok = email.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !email.chars().any(char::is_whitespace)
            });
            if !ok {
                return Err((ErrorCode::ContactInvalid, "email"));
            }
        }
        let phone = &self.phone;
        if !phone.is_empty() {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = phone
                .chars()
                .all(|c| c.is_ascii_digit() || " +-().".contains(c));
            if !allowed || !(5..=20).contains(&digits) {
                return Err((ErrorCode::ContactInvalid, "phone"));
            }
        }
        Ok(())
    }
}

/// Contact details as staff see them (decrypted by the server for staff
/// who may see the conversation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    /// The details.
    pub details: ContactDetails,
    /// When the customer agreed to the notice (Unix ms).
    pub consent_at: Option<i64>,
    /// The host site's user id, when the site vouched for it.
    pub verified_user: Option<String>,
}
/// `type` values of [`DeskFrame`].
pub const DESK_FRAME_TYPES: &[&str] = &[
    "hello",
    "open",
    "send",
    "typing",
    "received",
    "transition",
    "set_facts",
    "set_priority",
    "query",
    "transfer",
    "set_availability",
    "set_customer",
    "note",
    "request_access",
    "decide_access",
];

/// Checks a message body against the protocol's limits; returns it trimmed.
pub fn validate_body(body: &str) -> Result<&str, ErrorCode> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(ErrorCode::MessageEmpty);
    }
    if trimmed.chars().count() > MAX_BODY_CHARS {
        return Err(ErrorCode::MessageTooLong);
    }
    Ok(trimmed)
}

/// Checks a client id: 1..=64 chars of `[A-Za-z0-9_-]`.
pub fn validate_client_id(id: &str) -> Result<(), ErrorCode> {
    let ok = !id.is_empty()
        && id.len() <= MAX_CLIENT_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::InvalidFrame)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn msg() -> ChatMessage {
        ChatMessage {
            id: 7,
            conversation_id: 3,
            seq: 2,
            client_id: "c-1".into(),
            author: Author::Agent,
            author_name: Some("Ana".into()),
            body: "Hello".into(),
            sent_at: 1_700_000_000_000,
        }
    }

    /// Snapshot of the JSON shape: changing it breaks deployed widgets, so it
    /// must be a deliberate protocol-version change.
    #[test]
    fn visitor_frames_have_the_documented_shape() {
        let hello: VisitorFrame = serde_json::from_value(json!({
            "type": "hello", "v": 1, "site": "demo", "token": null, "last_seq": 4
        }))
        .unwrap();
        assert_eq!(
            hello,
            VisitorFrame::Hello {
                v: 1,
                site: "demo".into(),
                token: None,
                last_seq: 4,
                locale: None,
                tz: None,
                identity: None
            }
        );
        let send = VisitorFrame::Send {
            client_id: "c-1".into(),
            body: "Hi".into(),
            intake: None,
        };
        assert_eq!(
            serde_json::to_value(&send).unwrap(),
            json!({"type": "send", "client_id": "c-1", "body": "Hi"})
        );
    }

    #[test]
    fn visitor_events_have_the_documented_shape() {
        let ack = VisitorEvent::Ack {
            client_id: "c-1".into(),
            message: msg(),
        };
        assert_eq!(
            serde_json::to_value(&ack).unwrap(),
            json!({
                "type": "ack", "client_id": "c-1",
                "message": {
                    "id": 7, "conversation_id": 3, "seq": 2, "client_id": "c-1",
                    "author": "agent", "author_name": "Ana", "body": "Hello",
                    "sent_at": 1_700_000_000_000i64
                }
            })
        );
        let err = VisitorEvent::Error {
            code: ErrorCode::RateLimited,
            client_id: None,
            field: None,
        };
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            json!({"type": "error", "code": "rate_limited"})
        );
        let receipt = VisitorEvent::Receipt {
            delivered_seq: 3,
            read_seq: 2,
        };
        assert_eq!(
            serde_json::to_value(&receipt).unwrap(),
            json!({"type": "receipt", "delivered_seq": 3, "read_seq": 2})
        );
    }

    #[test]
    fn desk_frames_have_the_documented_shape() {
        let f = DeskFrame::Received {
            conversation_id: 1,
            seq: 9,
            read: true,
        };
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            json!({"type": "received", "conversation_id": 1, "seq": 9, "read": true})
        );
        let open: DeskFrame =
            serde_json::from_value(json!({"type": "open", "conversation_id": 5})).unwrap();
        assert_eq!(
            open,
            DeskFrame::Open {
                conversation_id: 5,
                after_seq: 0
            }
        );
    }

    #[test]
    fn decode_tells_bad_json_unknown_types_and_bad_fields_apart() {
        let d = |s: &str| decode::<VisitorFrame>(s, VISITOR_FRAME_TYPES);
        assert_eq!(d("{nope"), Err(DecodeError::InvalidJson));
        assert_eq!(d(r#"{"type":"explode"}"#), Err(DecodeError::UnknownType));
        assert_eq!(d(r#"{"no_type":1}"#), Err(DecodeError::UnknownType));
        assert_eq!(
            d(r#"{"type":"send","body":5}"#),
            Err(DecodeError::InvalidFields)
        );
        assert!(d(r#"{"type":"typing","on":true}"#).is_ok());
        // A score is a small number: 300 or -1 are bad fields, not a panic.
        assert!(d(r#"{"type":"rate","score":4}"#).is_ok());
        for bad in [
            r#"{"type":"rate","score":300}"#,
            r#"{"type":"rate","score":-1}"#,
        ] {
            assert_eq!(d(bad), Err(DecodeError::InvalidFields), "{bad}");
        }
    }

    #[test]
    fn every_known_type_is_listed() {
        let locale = VisitorFrame::Locale {
            locale: "ja".into(),
        };
        assert_eq!(
            serde_json::to_value(&locale).unwrap(),
            json!({"type": "locale", "locale": "ja"})
        );
        for (frame, ty) in [
            (locale, "locale"),
            (VisitorFrame::Typing { on: true }, "typing"),
            (VisitorFrame::Received { seq: 1 }, "received"),
            (
                VisitorFrame::Rate {
                    score: 4,
                    comment: String::new(),
                },
                "rate",
            ),
        ] {
            let v = serde_json::to_value(frame).unwrap();
            assert_eq!(v["type"], ty);
            assert!(VISITOR_FRAME_TYPES.contains(&ty));
        }
        let v = serde_json::to_value(DeskFrame::Transition {
            conversation_id: 1,
            action: StatusAction::Resolve,
        })
        .unwrap();
        assert_eq!(
            v,
            json!({"type": "transition", "conversation_id": 1, "action": "resolve"})
        );
        assert!(DESK_FRAME_TYPES.contains(&v["type"].as_str().unwrap()));
        let first: VisitorFrame = serde_json::from_value(json!({
            "type": "send", "client_id": "c-2", "body": "Parcel late",
            "intake": {"category": "logistics", "facts": {"waybill_number": "RR123456785CN"}}
        }))
        .unwrap();
        let VisitorFrame::Send {
            intake: Some(intake),
            ..
        } = first
        else {
            panic!("intake parsed");
        };
        assert_eq!(intake.facts["waybill_number"], "RR123456785CN");
        let confirm = serde_json::to_value(VisitorFrame::Confirm { solved: false }).unwrap();
        assert!(VISITOR_FRAME_TYPES.contains(&confirm["type"].as_str().unwrap()));
    }

    #[test]
    fn mentions_match_names_and_email_names_on_boundaries() {
        let agent = |id: i64, name: &str, email: &str| AgentProfile {
            id,
            email: email.into(),
            name: name.into(),
            role: StaffRole::Mid,
            sites: vec![],
            languages: vec![],
            skills: vec![],
            teams: vec![],
            capacity: 0,
            availability: Availability::Available,
            connected: false,
        };
        let staff = [
            agent(1, "Ana", "ana@x.test"),
            agent(2, "Ana María", "amaria@x.test"),
            agent(3, "王芳", "wang.fang@x.test"),
        ];
        assert_eq!(mentioned("@ana please check", &staff), vec![1]);
        assert_eq!(
            mentioned("ask @Ana María, then @ANA.", &staff),
            vec![2, 1],
            "longest name wins"
        );
        assert_eq!(
            mentioned("@王芳请跟进；@wang.fang", &staff),
            vec![3],
            "once each"
        );
        assert!(mentioned("@anabel and mail ana@x.test", &staff).is_empty());
        assert!(mentioned("no mention", &staff).is_empty());
    }

    #[test]
    fn body_limits() {
        assert_eq!(validate_body("  "), Err(ErrorCode::MessageEmpty));
        assert_eq!(validate_body(" hi "), Ok("hi"));
        let long = "字".repeat(MAX_BODY_CHARS);
        assert!(
            validate_body(&long).is_ok(),
            "limit counts characters, not bytes"
        );
        let too_long = "a".repeat(MAX_BODY_CHARS + 1);
        assert_eq!(validate_body(&too_long), Err(ErrorCode::MessageTooLong));
    }

    #[test]
    fn client_id_limits() {
        assert!(validate_client_id("3f2a-b_9").is_ok());
        assert!(validate_client_id("").is_err());
        assert!(validate_client_id("has space").is_err());
        assert!(validate_client_id(&"a".repeat(65)).is_err());
    }
}
