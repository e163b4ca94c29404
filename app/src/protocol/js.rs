//! The widget's reader of server frames in the browser: the browser's own
//! JSON parser, then the fields by name. It decodes exactly what
//! [`super::VisitorEvent::from_json`] decodes with serde elsewhere (the same
//! events, fields and defaults, `None` for what serde would refuse), and
//! saves the customer's download serde's decoders for the frame, the
//! message and the notice (~3 KB compressed, measured).

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::{Author, ChatMessage, ConversationStatus, VisitorEvent};
use crate::compensation::{Notice, NoticeWire};
use crate::error::ErrorCode;

/// A parsed JSON object.
struct O(JsValue);

impl O {
    /// The field, unless absent or `null` (serde's `None`).
    fn get(&self, k: &str) -> Option<JsValue> {
        Reflect::get(&self.0, &k.into())
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    /// Present and of the right kind; `Err` when present but not (serde
    /// refuses the whole frame then).
    fn opt<T>(&self, k: &str, read: impl Fn(&JsValue) -> Option<T>) -> Result<Option<T>, ()> {
        match self.get(k) {
            None => Ok(None),
            Some(v) => read(&v).map(Some).ok_or(()),
        }
    }

    fn s(&self, k: &str) -> Result<Option<String>, ()> {
        self.opt(k, JsValue::as_string)
    }

    fn int(&self, k: &str, min: f64, max: f64) -> Result<Option<i64>, ()> {
        self.opt(k, |v| {
            v.as_f64()
                .filter(|n| n.fract() == 0.0 && *n >= min && *n <= max)
                .map(|n| n as i64)
        })
    }

    fn i(&self, k: &str) -> Result<Option<i64>, ()> {
        self.int(k, -9_007_199_254_740_991.0, 9_007_199_254_740_991.0)
    }

    fn u(&self, k: &str, max: f64) -> Result<Option<i64>, ()> {
        self.int(k, 0.0, max)
    }

    fn b(&self, k: &str) -> Result<Option<bool>, ()> {
        self.opt(k, JsValue::as_bool)
    }

    fn status(&self, k: &str) -> Result<Option<ConversationStatus>, ()> {
        self.opt(k, |v| ConversationStatus::parse(&v.as_string()?))
    }

    fn message(&self) -> Result<Option<ChatMessage>, ()> {
        self.opt("message", |v| message(&O(v.clone())))
    }
}

fn message(o: &O) -> Option<ChatMessage> {
    Some(ChatMessage {
        channel: Default::default(),
        id: o.i("id").ok()??,
        conversation_id: o.i("conversation_id").ok()??,
        seq: o.i("seq").ok()??,
        client_id: o.s("client_id").ok()??,
        author: Author::parse(&o.s("author").ok()??)?,
        author_name: o.s("author_name").ok()?,
        body: o.s("body").ok()??,
        sent_at: o.i("sent_at").ok()??,
        notice: match o.get("notice") {
            None => None,
            Some(n) => Some(notice(&O(n))?),
        },
    })
}

fn notice(o: &O) -> Option<Notice> {
    Notice::try_from(NoticeWire {
        notice: o.s("notice").ok()??,
        kind: o.s("kind").ok()?,
        outcome: o.s("outcome").ok()?,
        minor: o.i("minor").ok()?,
        currency: o.s("currency").ok()?,
        exponent: o.u("exponent", 255.0).ok()?.map(|e| e as u8),
        team: o.s("team").ok()?,
        owner: o.s("owner").ok()?,
        reply_by: o.i("reply_by").ok()?,
    })
    .ok()
}

/// A frame from the server, as [`VisitorEvent::from_json`] reads it.
pub(super) fn event(text: &str) -> Option<VisitorEvent> {
    let o = O(js_sys::JSON::parse(text).ok()?);
    // Every field is checked whatever the type, as serde's flat reader does.
    let v = o.u("v", 65_535.0).ok()?;
    let visitor_id = o.s("visitor_id").ok()?;
    let token = o.s("token").ok()?;
    let conversation_id = o.i("conversation_id").ok()?;
    let status = o.status("status").ok()?;
    let agent_delivered_seq = o.i("agent_delivered_seq").ok()?;
    let agent_read_seq = o.i("agent_read_seq").ok()?;
    let staff_online = o.b("staff_online").ok()?;
    let contact_on_file = o.b("contact_on_file").ok()?;
    let verified = o.b("verified").ok()?;
    let rated = o.b("rated").ok()?;
    let score = o.u("score", 255.0).ok()?;
    let fields = o
        .opt("fields", |v| {
            js_sys::Array::is_array(v)
                .then(|| {
                    js_sys::Array::from(v)
                        .iter()
                        .map(|s| s.as_string())
                        .collect::<Option<Vec<_>>>()
                })
                .flatten()
        })
        .ok()?;
    let message = o.message().ok()?;
    let client_id = o.s("client_id").ok()?;
    let on = o.b("on").ok()?;
    let holding = o.b("holding").ok()?;
    let delivered_seq = o.i("delivered_seq").ok()?;
    let read_seq = o.i("read_seq").ok()?;
    let reply_by = o.i("reply_by").ok()?;
    let position = o.u("position", 4_294_967_295.0).ok()?;
    let waiting = o.u("waiting", 4_294_967_295.0).ok()?;
    let code = o.opt("code", |v| ErrorCode::parse(&v.as_string()?)).ok()?;
    let field = o.s("field").ok()?;
    Some(match o.s("type").ok()??.as_str() {
        "welcome" => VisitorEvent::Welcome {
            v: v? as u16,
            visitor_id: visitor_id?,
            token: token?,
            conversation_id,
            status,
            agent_delivered_seq: agent_delivered_seq?,
            agent_read_seq: agent_read_seq?,
            staff_online,
            contact_on_file: contact_on_file.unwrap_or_default(),
            verified: verified.unwrap_or_default(),
            rated: rated.unwrap_or_default(),
        },
        "rated" => VisitorEvent::Rated {
            score: score? as u8,
        },
        "tracking" => VisitorEvent::Tracking {
            tracking: crate::tracking::from_frame(text)?,
        },
        "contact_saved" => VisitorEvent::ContactSaved { fields: fields? },
        "message" => VisitorEvent::Message { message: message? },
        "ack" => VisitorEvent::Ack {
            client_id: client_id?,
            message: message?,
        },
        "typing" => VisitorEvent::Typing { on: on? },
        "bot" => VisitorEvent::Bot { holding: holding? },
        "receipt" => VisitorEvent::Receipt {
            delivered_seq: delivered_seq?,
            read_seq: read_seq?,
        },
        "status" => VisitorEvent::Status {
            status: status?,
            reply_by,
        },
        "queue" => VisitorEvent::Queue {
            position: position.map(|p| p as u32),
            waiting: waiting? as u32,
            staff_online: staff_online?,
        },
        "error" => VisitorEvent::Error {
            code: code?,
            client_id,
            field,
        },
        _ => return None,
    })
}
