//! The site owner's API as its clients see it: the JSON it answers and
//! takes, with their OpenAPI schemas derived from these types (so the
//! document cannot drift from what the handlers send). Built from the
//! shared protocol types; this is the public contract, kept stable.

use std::collections::BTreeMap;

use parley_app::error::ErrorCode;
use parley_app::lifecycle::{ALL_STATUSES, ClockKind, ClockPhase};
use parley_app::protocol::{
    Author, Channel, ChatMessage, ClockView, ConversationDetail, ConversationSummary,
    MAX_BODY_CHARS, Priority, Tier, TransitionView,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{Object, SchemaType, Type};

use crate::services::site_api::customers::Customer as CustomerRecord;

fn one_of(values: impl IntoIterator<Item = &'static str>) -> Object {
    Object::builder()
        .schema_type(SchemaType::new(Type::String))
        .enum_values(Some(values))
        .build()
}

fn status_schema() -> Object {
    one_of(ALL_STATUSES.map(|s| s.as_str()))
}
fn priority_schema() -> Object {
    one_of(Priority::ALL.map(Priority::as_str))
}
fn tier_schema() -> Object {
    one_of(Tier::ALL.map(Tier::as_str))
}
fn clock_kind_schema() -> Object {
    one_of(ClockKind::ALL.map(ClockKind::as_str))
}
fn clock_phase_schema() -> Object {
    one_of(ClockPhase::ALL.map(ClockPhase::as_str))
}
fn author_schema() -> Object {
    one_of([Author::Customer, Author::Agent, Author::System, Author::Bot].map(Author::as_str))
}
fn channel_schema() -> Object {
    one_of(Channel::ALL.map(Channel::as_str))
}
fn error_code_schema() -> Object {
    one_of(ErrorCode::ALL.map(ErrorCode::as_str))
}

/// An error: the same codes the desk and widget translate.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    #[schema(schema_with = error_code_schema)]
    pub code: ErrorCode,
    /// The field or header concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// A staff member, as a conversation names them.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffRef {
    /// Account id (write as them with `{"agent": {"id": …}}`).
    pub id: i64,
    /// Display name.
    pub name: Option<String>,
}

/// The clock due next on a conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueClock {
    /// Which clock.
    #[schema(schema_with = clock_kind_schema)]
    pub kind: Option<ClockKind>,
    /// When it falls due, Unix ms.
    pub at: i64,
    /// When it warns, Unix ms.
    pub warn_at: Option<i64>,
    /// Whether it is past due.
    pub breached: bool,
}

/// A conversation in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Conversation {
    /// Id.
    pub id: i64,
    /// Where it stands in the loop.
    #[schema(schema_with = status_schema)]
    pub status: parley_app::protocol::ConversationStatus,
    /// Its topic (category key), if the customer chose one.
    pub category: Option<String>,
    /// Urgency.
    #[schema(schema_with = priority_schema)]
    pub priority: Priority,
    /// The customer's tier.
    #[schema(schema_with = tier_schema)]
    pub tier: Tier,
    /// The customer's language (BCP 47).
    pub locale: Option<String>,
    /// The customer's IANA time zone.
    pub time_zone: Option<String>,
    /// The team whose queue it is in.
    pub team: Option<String>,
    /// Who owns it.
    pub assignee: Option<StaffRef>,
    /// The start of the latest message.
    pub last_message: Option<String>,
    /// The highest message `seq`.
    pub last_seq: i64,
    /// The customer's messages staff have not read.
    pub unread: i64,
    /// The highest `seq` the customer's widget has received.
    pub customer_received_seq: i64,
    /// Last activity, Unix ms.
    pub updated_at: i64,
    /// The clock due next, if one runs.
    pub due: Option<DueClock>,
    /// Where it began: the widget (`chat`) or a mail (`email`).
    #[schema(schema_with = channel_schema)]
    pub channel: Channel,
}

impl From<ConversationSummary> for Conversation {
    fn from(c: ConversationSummary) -> Self {
        Conversation {
            id: c.id,
            status: c.status,
            category: c.category,
            priority: c.priority,
            tier: c.tier,
            locale: c.locale,
            time_zone: c.time_zone,
            team: c.team,
            assignee: c.assignee_id.map(|id| StaffRef {
                id,
                name: c.assignee_name,
            }),
            last_message: c.last_message,
            last_seq: c.last_seq,
            unread: c.unread,
            customer_received_seq: c.visitor_delivered_seq,
            updated_at: c.updated_at,
            due: c.due_at.map(|at| DueClock {
                kind: c.due_kind,
                at,
                warn_at: c.warn_at,
                breached: c.breached,
            }),
            channel: c.channel,
        }
    }
}

/// A page of conversations.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationPage {
    /// Newest first.
    pub conversations: Vec<Conversation>,
    /// Pass as `before` for the next page; `null` on the last.
    pub next: Option<i64>,
}

/// One SLA clock of a conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct Clock {
    /// Which clock.
    #[schema(schema_with = clock_kind_schema)]
    pub kind: ClockKind,
    /// Running, paused, met, breached or stopped.
    #[schema(schema_with = clock_phase_schema)]
    pub phase: ClockPhase,
    /// Started, Unix ms.
    pub started_at: i64,
    /// Due, Unix ms (on the team's business calendar).
    pub due_at: Option<i64>,
    /// Warns, Unix ms.
    pub warn_at: Option<i64>,
    /// Stopped, Unix ms.
    pub stopped_at: Option<i64>,
}

impl From<ClockView> for Clock {
    fn from(c: ClockView) -> Self {
        Clock {
            kind: c.kind,
            phase: c.phase,
            started_at: c.started_at,
            due_at: c.due_at,
            warn_at: c.warn_at,
            stopped_at: c.stopped_at,
        }
    }
}

/// A change of state.
#[derive(Debug, Serialize, ToSchema)]
pub struct Transition {
    /// From.
    #[schema(schema_with = status_schema)]
    pub from: parley_app::protocol::ConversationStatus,
    /// To.
    #[schema(schema_with = status_schema)]
    pub to: parley_app::protocol::ConversationStatus,
    /// Who: customer, staff or system.
    pub actor: String,
    /// The staff member's name.
    pub agent_name: Option<String>,
    /// When, Unix ms.
    pub at: i64,
    /// The hand-off note, for transfers.
    pub note: Option<String>,
}

impl From<TransitionView> for Transition {
    fn from(t: TransitionView) -> Self {
        Transition {
            from: t.from,
            to: t.to,
            actor: t.actor,
            agent_name: t.agent_name,
            at: t.at,
            note: t.note,
        }
    }
}

/// One conversation with its case.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationCase {
    /// The conversation.
    pub conversation: Conversation,
    /// The facts of its topic's form (an order number, a country, …).
    pub facts: BTreeMap<String, String>,
    /// Required facts still missing before it can be resolved.
    pub missing_facts: Vec<String>,
    /// Its SLA clocks.
    pub clocks: Vec<Clock>,
    /// Its changes of state, oldest first.
    pub transitions: Vec<Transition>,
    /// Marked as a complex question (progress updates due).
    pub complex: bool,
}

impl ConversationCase {
    /// From the list entry and the case panel.
    pub fn new(summary: ConversationSummary, detail: ConversationDetail) -> Self {
        ConversationCase {
            conversation: summary.into(),
            facts: detail.facts.into_iter().collect(),
            missing_facts: detail.missing,
            clocks: detail.clocks.into_iter().map(Clock::from).collect(),
            transitions: detail
                .transitions
                .into_iter()
                .map(Transition::from)
                .collect(),
            complex: detail.complex,
        }
    }
}

/// A message.
#[derive(Debug, Serialize, ToSchema)]
pub struct Message {
    /// Server-wide id.
    pub id: i64,
    /// Its conversation.
    pub conversation_id: i64,
    /// Position in the conversation, from 1, without gaps.
    pub seq: i64,
    /// The sender's idempotency key.
    pub client_id: String,
    /// Who wrote it.
    #[schema(schema_with = author_schema)]
    pub author: Author,
    /// The staff member's or bot's name.
    pub author_name: Option<String>,
    /// The text (card numbers masked). Parley's own notices carry an
    /// English copy here.
    pub body: String,
    /// When it was stored, Unix ms.
    pub sent_at: i64,
    /// Where it came from: the chat (and the desk and this API), or a mail.
    #[schema(schema_with = channel_schema)]
    pub channel: Channel,
}

impl From<ChatMessage> for Message {
    fn from(m: ChatMessage) -> Self {
        Message {
            id: m.id,
            conversation_id: m.conversation_id,
            seq: m.seq,
            client_id: m.client_id,
            author: m.author,
            author_name: m.author_name,
            body: m.body,
            sent_at: m.sent_at,
            channel: m.channel,
        }
    }
}

/// Messages of a conversation.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessagePage {
    /// Oldest first.
    pub messages: Vec<Message>,
    /// Pass as `after` for the next page; `null` when none followed.
    pub next_after: Option<i64>,
}

/// Who a message is written as.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Sender {
    /// A staff member of the site: a reply, which takes the conversation
    /// on (as from the desk).
    Agent {
        /// Their account id.
        id: i64,
    },
    /// A bot of the site: no owner, no clock.
    Bot {
        /// Its display name, shown to the customer.
        #[schema(
            min_length = 1,
            max_length = 60,
            pattern = r"^[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$"
        )]
        name: String,
    },
}

/// A message to write.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMessage {
    /// The text.
    #[schema(min_length = 1, max_length = 4000)]
    pub body: String,
    /// Who it is written as.
    #[serde(rename = "as")]
    #[schema(rename = "as")]
    pub sender: Sender,
    /// Send past the site's compliance warnings (blocked phrases still
    /// refuse).
    #[serde(default)]
    pub confirm_warnings: bool,
}

/// Checks the documented body limit is the protocol's.
const _: () = assert!(MAX_BODY_CHARS == 4000);

/// A message stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct Posted {
    /// The message.
    pub message: Message,
}

/// A proactive message stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProactivePosted {
    /// The message.
    pub message: Message,
    /// Its conversation.
    pub conversation_id: i64,
    /// Whether the conversation was opened for it (the customer had none).
    pub opened: bool,
}

/// A conversation after a transition.
#[derive(Debug, Serialize, ToSchema)]
pub struct Moved {
    /// The conversation.
    pub conversation: Conversation,
}

/// A verified customer of the site.
#[derive(Debug, Serialize, ToSchema)]
pub struct Customer {
    /// The id the site knows them by.
    pub user_id: String,
    /// Core, important or ordinary.
    #[schema(schema_with = tier_schema)]
    pub tier: Tier,
    /// Their dedicated owner (core customers).
    pub owner: Option<StaffRef>,
    /// First seen (or first written to), Unix ms.
    pub first_seen: i64,
    /// Last seen, Unix ms.
    pub last_seen: i64,
    /// Their conversations, newest first (at most 50).
    pub conversations: Vec<Conversation>,
}

impl Customer {
    /// From the record, under the id the site asked with.
    pub fn new(user_id: String, c: CustomerRecord) -> Self {
        Customer {
            user_id,
            tier: c.record.tier,
            owner: c.record.owner_id.map(|id| StaffRef {
                id,
                name: c.record.owner_name,
            }),
            first_seen: c.record.first_seen,
            last_seen: c.record.last_seen,
            conversations: c
                .conversations
                .into_iter()
                .map(Conversation::from)
                .collect(),
        }
    }
}
