//! `/ws/visitor`: what the customer widget sends ([`VisitorFrame`]) and
//! receives ([`VisitorEvent`]), with the contact details and verified
//! identity a widget may pass.

use serde::{Deserialize, Serialize};

use super::views::*;
use crate::error::ErrorCode;
use crate::lifecycle::ConversationStatus;

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
    /// "Talk to a person": the bot hands the conversation over.
    TalkToPerson,
    /// "Track my order": the site's order-lookup endpoint is asked.
    Track {
        /// The order or waybill number.
        order: String,
        /// For a customer who is not signed in: the e-mail address or
        /// postcode the order was placed with.
        #[serde(default)]
        contact: Option<String>,
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
    /// An order's journey, as the site's back-end told it.
    Tracking {
        /// The journey.
        tracking: crate::tracking::Tracking,
    },
    /// The site's bot holds the conversation (`true`, sent after `welcome`
    /// and when it takes it), or handed it to a person.
    Bot {
        /// The bot still holds it.
        holding: bool,
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

/// `type` values of [`VisitorFrame`].
pub const VISITOR_FRAME_TYPES: &[&str] = &[
    "hello",
    "locale",
    "send",
    "typing",
    "received",
    "confirm",
    "contact",
    "rate",
    "track",
    "talk_to_person",
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

/// Every field any [`VisitorEvent`] has, each optional: what the widget
/// decodes a frame into. serde decodes an internally tagged enum by first
/// buffering every field of the frame, and that machinery alone was ~40 KB
/// of the customer widget's WASM (twiggy); one flat struct needs none of it.
#[derive(Deserialize)]
#[cfg(not(all(target_arch = "wasm32", feature = "browser")))]
struct AnyVisitorEvent {
    #[serde(rename = "type")]
    kind: String,
    v: Option<u16>,
    visitor_id: Option<String>,
    token: Option<String>,
    conversation_id: Option<i64>,
    status: Option<ConversationStatus>,
    agent_delivered_seq: Option<i64>,
    agent_read_seq: Option<i64>,
    staff_online: Option<bool>,
    contact_on_file: Option<bool>,
    verified: Option<bool>,
    rated: Option<bool>,
    score: Option<u8>,
    fields: Option<Vec<String>>,
    message: Option<ChatMessage>,
    client_id: Option<String>,
    on: Option<bool>,
    holding: Option<bool>,
    delivered_seq: Option<i64>,
    read_seq: Option<i64>,
    reply_by: Option<i64>,
    position: Option<u32>,
    waiting: Option<u32>,
    code: Option<ErrorCode>,
    field: Option<String>,
}

impl VisitorEvent {
    /// Decodes a frame from the server: the same events, fields and
    /// defaults as serde's derived decoding (a test holds them equal), with
    /// `None` for anything it would refuse.
    pub fn from_json(text: &str) -> Option<VisitorEvent> {
        // In the browser, its own JSON parser (see `protocol/js.rs`).
        #[cfg(all(target_arch = "wasm32", feature = "browser"))]
        return super::js::event(text);
        #[cfg(not(all(target_arch = "wasm32", feature = "browser")))]
        Self::from_serde(text)
    }

    #[cfg(not(all(target_arch = "wasm32", feature = "browser")))]
    fn from_serde(text: &str) -> Option<VisitorEvent> {
        let e: AnyVisitorEvent = serde_json::from_str(text).ok()?;
        Some(match e.kind.as_str() {
            "welcome" => VisitorEvent::Welcome {
                v: e.v?,
                visitor_id: e.visitor_id?,
                token: e.token?,
                conversation_id: e.conversation_id,
                status: e.status,
                agent_delivered_seq: e.agent_delivered_seq?,
                agent_read_seq: e.agent_read_seq?,
                staff_online: e.staff_online,
                contact_on_file: e.contact_on_file.unwrap_or_default(),
                verified: e.verified.unwrap_or_default(),
                rated: e.rated.unwrap_or_default(),
            },
            "rated" => VisitorEvent::Rated { score: e.score? },
            // Read apart (in the browser by its JSON parser), so the
            // widget carries no decoder for it.
            "tracking" => VisitorEvent::Tracking {
                tracking: crate::tracking::from_frame(text)?,
            },
            "contact_saved" => VisitorEvent::ContactSaved { fields: e.fields? },
            "message" => VisitorEvent::Message {
                message: e.message?,
            },
            "ack" => VisitorEvent::Ack {
                client_id: e.client_id?,
                message: e.message?,
            },
            "typing" => VisitorEvent::Typing { on: e.on? },
            "bot" => VisitorEvent::Bot {
                holding: e.holding?,
            },
            "receipt" => VisitorEvent::Receipt {
                delivered_seq: e.delivered_seq?,
                read_seq: e.read_seq?,
            },
            "status" => VisitorEvent::Status {
                status: e.status?,
                reply_by: e.reply_by,
            },
            "queue" => VisitorEvent::Queue {
                position: e.position,
                waiting: e.waiting?,
                staff_online: e.staff_online?,
            },
            "error" => VisitorEvent::Error {
                code: e.code?,
                client_id: e.client_id,
                field: e.field,
            },
            _ => return None,
        })
    }
}
