//! `/ws/desk`: what the staff desk sends ([`DeskFrame`]) and receives
//! ([`DeskEvent`]).

use serde::{Deserialize, Serialize};

use super::views::*;
use crate::error::ErrorCode;
use crate::inbox::InboxQuery;
use crate::intake::Facts;
use crate::lifecycle::{ClockKind, Priority, StatusAction, Tier};

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
        /// An escalation to the team's specialists (R-FLOW4): they must
        /// take it on within the acceptance target (1 h), and the customer
        /// is told who has it and by when to expect a reply.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        escalate: bool,
    },
    /// Show an inbox view; answered with `inbox`.
    Query {
        /// Filters and order.
        query: InboxQuery,
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
    /// Mark the question complex (a progress update is owed every 30
    /// minutes while it is in progress) or not.
    SetComplex {
        /// Conversation.
        conversation_id: i64,
        /// Complex or not.
        complex: bool,
    },
    /// Ask the site's order lookup where an order of the conversation's
    /// customer is (answered with `tracking` to this desk only).
    TrackOrder {
        /// Conversation.
        conversation_id: i64,
        /// The order or waybill number.
        order: String,
    },
    /// Knowledge-base articles for the conversation (answered with
    /// `articles` to this desk only): found from its latest customer
    /// messages and facts, or from `query` when the agent searches.
    SuggestArticles {
        /// Conversation.
        conversation_id: i64,
        /// The agent's own search words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query: Option<String>,
    },
    /// The case library's cases like this conversation (answered with
    /// `library` to this desk only): found from its latest customer
    /// messages and facts, or from `query` when the agent searches.
    SimilarCases {
        /// Conversation.
        conversation_id: i64,
        /// The agent's own search words.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        query: Option<String>,
    },
    /// Mail the whole conversation to its customer (at their request; the
    /// case panel then shows the mail). `no_email_address` when they left none.
    EmailTranscript {
        /// Conversation.
        conversation_id: i64,
    },
    /// Add the resolved conversation to the case library: what the
    /// customer wanted and how it was solved, each 1–2,000 characters (the
    /// customer's name, contact details and card numbers are taken out).
    AddToLibrary {
        /// Conversation.
        conversation_id: i64,
        /// What the customer wanted.
        demand: String,
        /// How it was solved.
        solution: String,
    },
    /// Raise a complaint on the conversation (one each; a complaint topic
    /// raises its own).
    RaiseComplaint {
        /// Conversation.
        conversation_id: i64,
        /// What it is about.
        summary: String,
        /// Ordinary or major.
        #[serde(default)]
        severity: crate::complaints::Severity,
    },
    /// Propose compensation to the customer: granted at once within the
    /// agent's authority, else sent for approval.
    ProposeCompensation {
        /// Conversation.
        conversation_id: i64,
        /// Idempotency key.
        client_id: String,
        /// What is given.
        kind: crate::compensation::Kind,
        /// How much, as typed (`80`, `80.50`, `80,50`).
        amount: String,
        /// ISO 4217 code.
        currency: String,
        /// Why.
        reason: String,
        /// For a major complaint (large claim, brand risk): management decides.
        #[serde(default)]
        major: bool,
    },
    /// Approve, reduce or refuse a proposal waiting for approval.
    DecideCompensation {
        /// Proposal id.
        compensation_id: i64,
        /// What to do.
        verdict: crate::compensation::Verdict,
        /// For a reduction: the amount given, as typed, in the proposal's currency.
        #[serde(default)]
        amount: Option<String>,
        /// Why (required to reduce or refuse).
        #[serde(default)]
        reason: String,
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
        /// Compensation waiting for this desk's approval.
        #[serde(default)]
        approvals: Vec<crate::compensation::CompensationView>,
        /// Sent again on an open socket after the desk fell behind the live
        /// events: a fresh snapshot, after which the desk asks again for
        /// its list and open conversation (nothing missed, no reconnect).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        resync: bool,
    },
    /// Answer to `query`.
    Inbox {
        /// The query answered.
        query: InboxQuery,
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
        /// Everything beside the messages (boxed: the largest event).
        detail: Box<ConversationDetail>,
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
    /// Compensation was proposed, decided or escalated (to the desks that
    /// see its conversation and to those asked to approve it).
    Compensation {
        /// The ledger line now.
        compensation: crate::compensation::CompensationView,
    },
    /// The answer to this desk's `suggest_articles`: the best articles in
    /// the customer's language (or the site's fallback), best first.
    Articles {
        /// Conversation.
        conversation_id: i64,
        /// The articles.
        articles: Vec<ArticleSuggestion>,
    },
    /// The answer to this desk's `similar_cases` and `add_to_library`:
    /// whether the conversation is in the case library, and the cases
    /// most like it, best first.
    Library {
        /// Conversation.
        conversation_id: i64,
        /// Its own case in the library, if added.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        own: Option<LibraryCase>,
        /// Other cases like it.
        cases: Vec<LibraryCase>,
    },
    /// The answer to this desk's `track_order`: the journey, or why none.
    Tracking {
        /// Conversation.
        conversation_id: i64,
        /// The journey.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        tracking: Option<crate::tracking::Tracking>,
        /// Why there is none (`tracking_not_found`, `tracking_unavailable`,
        /// `tracking_off`, `invalid_frame`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<ErrorCode>,
    },
    /// A complaint was raised or took a step (to the desks that see its
    /// conversation and to its owner).
    Complaint {
        /// The complaint now.
        complaint: crate::complaints::ComplaintView,
    },
    /// A complaint's clock is about to run out (`breached` false) or ran out.
    ComplaintAlert {
        /// Complaint.
        complaint_id: i64,
        /// Its conversation.
        conversation_id: i64,
        /// Which clock.
        clock: crate::complaints::ComplaintClock,
        /// Past its deadline.
        breached: bool,
        /// The deadline.
        due_at: i64,
        /// Addressed to this desk's agent (owner, supervisor, on-call).
        for_me: bool,
    },
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
    "set_complex",
    "raise_complaint",
    "track_order",
    "suggest_articles",
    "similar_cases",
    "add_to_library",
    "email_transcript",
    "propose_compensation",
    "decide_compensation",
];

/// A case of the case library (R-QA4): a resolved conversation written up
/// with the customer left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryCase {
    /// Its id.
    pub id: i64,
    /// The conversation it was written from.
    pub conversation_id: i64,
    /// The language it is written in.
    pub locale: String,
    /// Its topic's name (the reader's language), if it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The customer's rating (1–5), if they gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// What the customer wanted.
    pub demand: String,
    /// How it was solved.
    pub solution: String,
    /// Who added it.
    pub added_by: String,
    /// When, Unix ms.
    pub added_at: i64,
}

/// A knowledge-base article suggested for a conversation, in the language
/// the customer reads it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSuggestion {
    /// Article id.
    pub id: i64,
    /// Its address.
    pub slug: String,
    /// The version's locale (the customer's, or the site's fallback).
    pub locale: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Its public address on the help centre.
    pub url: String,
}
