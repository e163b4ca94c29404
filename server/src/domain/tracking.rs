//! Order tracking (R-SELF3), as rules: what Parley asks the site's
//! order-lookup endpoint, and how it reads the answer — checked and
//! bounded, whatever the back-end sends, before the widget or the desk
//! shows any of it.
//!
//! The answer Parley understands (documented in the README):
//! `{"order": "A-1001", "carrier": "DHL", "eta": <ms or RFC 3339>,
//!   "steps": [{"status": "customs", "at": <ms or RFC 3339>,
//!              "place": "Leipzig, DE", "detail": "…"}]}`.

use parley_app::tracking::{StepKind, TrackStep, Tracking, order_ok};
use serde_json::Value;

/// Most steps kept (the latest).
pub const MAX_STEPS: usize = 30;
/// Longest text kept of a place, detail or carrier.
pub const MAX_TEXT: usize = 120;
/// Longest e-mail address or postcode a customer may give.
pub const MAX_CONTACT: usize = 254;

/// Who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asker<'a> {
    /// A customer the site vouched for: their own orders.
    Verified {
        /// The site's user id.
        user_id: &'a str,
    },
    /// An anonymous customer: the order plus the e-mail or postcode it was
    /// placed with.
    Anonymous {
        /// The e-mail address or postcode.
        contact: &'a str,
    },
    /// Staff in the desk, for the conversation's customer (with their user
    /// id when verified).
    Staff {
        /// The staff member.
        agent_id: i64,
        /// The customer's user id, when verified.
        user_id: Option<&'a str>,
    },
}

/// Why a lookup is not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The order number is not one.
    Order,
    /// An anonymous customer gave no usable e-mail or postcode.
    Contact,
}

/// The JSON body Parley posts to the order-lookup endpoint, or why not.
pub fn request(order: &str, asker: &Asker<'_>, locale: &str) -> Result<Value, Refused> {
    if !order_ok(order) {
        return Err(Refused::Order);
    }
    let mut body = serde_json::json!({ "order": order.trim(), "locale": locale });
    match asker {
        Asker::Verified { user_id } => {
            body["user_id"] = (*user_id).into();
            body["requested_by"] = "customer".into();
        }
        Asker::Anonymous { contact } => {
            let c = contact.trim();
            if c.is_empty() || c.chars().count() > MAX_CONTACT || c.chars().any(char::is_control) {
                return Err(Refused::Contact);
            }
            body["contact"] = c.into();
            body["requested_by"] = "customer".into();
        }
        Asker::Staff { agent_id, user_id } => {
            if let Some(u) = user_id {
                body["user_id"] = (*u).into();
            }
            body["agent_id"] = (*agent_id).into();
            body["requested_by"] = "staff".into();
        }
    }
    Ok(body)
}

fn text(v: &Value) -> Option<String> {
    let s: String = v
        .as_str()?
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_TEXT)
        .collect();
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

/// A time as Unix ms: a number, or an RFC 3339 text.
fn time(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().filter(|ms| *ms > 0),
        Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.timestamp_millis()),
        _ => None,
    }
}

/// Reads the back-end's answer for `order`: steps with a known status and
/// a time, oldest first, the latest [`MAX_STEPS`]; texts without control
/// characters, at most [`MAX_TEXT`]. `None` when it is not an answer (not
/// an object, or no step at all).
pub fn read(order: &str, answer: &Value) -> Option<Tracking> {
    let raw = answer.get("steps")?.as_array()?;
    let mut steps: Vec<TrackStep> = raw
        .iter()
        .take(1000)
        .filter_map(|s| {
            Some(TrackStep {
                kind: StepKind::parse(s.get("status")?.as_str()?)?,
                at: time(s.get("at")?)?,
                place: s.get("place").and_then(text),
                detail: s.get("detail").and_then(text),
            })
        })
        .collect();
    if steps.is_empty() {
        return None;
    }
    steps.sort_by_key(|s| s.at);
    let skip = steps.len().saturating_sub(MAX_STEPS);
    steps.drain(..skip);
    Some(Tracking {
        order: answer
            .get("order")
            .and_then(text)
            .unwrap_or_else(|| order.trim().to_owned()),
        carrier: answer.get("carrier").and_then(text),
        eta: answer.get("eta").and_then(time),
        steps,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_request_carries_whom_the_order_must_belong_to() {
        let v = request(" A-1001 ", &Asker::Verified { user_id: "u-7" }, "de").unwrap();
        assert_eq!(
            v,
            json!({"order": "A-1001", "locale": "de", "user_id": "u-7", "requested_by": "customer"})
        );
        let a = request("A-1001", &Asker::Anonymous { contact: " 04109 " }, "en").unwrap();
        assert_eq!(a["contact"], "04109");
        assert!(a.get("user_id").is_none());
        let s = request(
            "A-1001",
            &Asker::Staff {
                agent_id: 3,
                user_id: None,
            },
            "en",
        )
        .unwrap();
        assert_eq!(
            (s["requested_by"].as_str(), s["agent_id"].as_i64()),
            (Some("staff"), Some(3))
        );
        assert_eq!(
            request("", &Asker::Verified { user_id: "u" }, "en"),
            Err(Refused::Order)
        );
        assert_eq!(
            request(&"9".repeat(65), &Asker::Verified { user_id: "u" }, "en"),
            Err(Refused::Order)
        );
        assert_eq!(
            request("A<script>", &Asker::Verified { user_id: "u" }, "en"),
            Err(Refused::Order)
        );
        assert!(request("订单-123", &Asker::Verified { user_id: "u" }, "zh-CN").is_ok());
        for bad in ["", "   ", "a\nb"] {
            assert_eq!(
                request("A-1", &Asker::Anonymous { contact: bad }, "en"),
                Err(Refused::Contact),
                "{bad:?}"
            );
        }
        assert_eq!(
            request(
                "A-1",
                &Asker::Anonymous {
                    contact: &"x".repeat(255)
                },
                "en"
            ),
            Err(Refused::Contact)
        );
    }

    #[test]
    fn an_answer_is_read_checked_and_bounded() {
        let t = read(
            "A-1001",
            &json!({
                "order": "A-1001", "carrier": "DHL", "eta": "2026-12-04T12:00:00Z",
                "steps": [
                    {"status": "customs", "at": "2026-11-30T08:00:00+01:00", "place": "Leipzig, DE", "detail": "Held for duties"},
                    {"status": "accepted", "at": 1_796_000_000_000_i64, "place": "Shenzhen, CN"},
                    {"status": "teleported", "at": 1_796_000_000_001_i64},
                    {"status": "in_transit"},
                    {"status": "in_transit", "at": "yesterday"},
                ]
            }),
        )
        .unwrap();
        assert_eq!(t.carrier.as_deref(), Some("DHL"));
        assert_eq!(t.eta, Some(1_796_385_600_000));
        assert_eq!(
            t.steps.len(),
            2,
            "unknown statuses and steps without a time are dropped"
        );
        assert_eq!(t.steps[0].kind, StepKind::Accepted, "oldest first");
        assert_eq!(t.steps[1].at, 1_796_022_000_000);
        assert_eq!(t.steps[1].detail.as_deref(), Some("Held for duties"));
        assert_eq!(t.steps[0].detail, None);
        // Bounded: the latest steps, short texts, no control characters.
        let many: Vec<Value> = (0..100)
            .map(|i| json!({"status": "in_transit", "at": 1_000 + i, "place": format!("{}\u{7}x", "p".repeat(500))}))
            .collect();
        let t = read("B-1", &json!({"steps": many})).unwrap();
        assert_eq!(t.steps.len(), MAX_STEPS);
        assert_eq!(t.steps[0].at, 1_070);
        assert_eq!(
            t.order, "B-1",
            "the number asked for when the answer names none"
        );
        assert_eq!(t.steps[0].place.as_ref().unwrap().chars().count(), MAX_TEXT);
        assert!(!t.steps[0].place.as_ref().unwrap().contains('\u{7}'));
        for not_one in [
            json!([]),
            json!({"steps": []}),
            json!({"steps": "x"}),
            json!("ok"),
            json!({"steps": [{"status": "nope", "at": 1}]}),
        ] {
            assert_eq!(read("A", &not_one), None, "{not_one}");
        }
    }
}
