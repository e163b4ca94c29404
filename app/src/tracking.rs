//! Order and parcel tracking (R-SELF3), as both ends see it: what the
//! site's order-lookup endpoint told Parley, checked and bounded by the
//! server, shown by the widget and the desk in the reader's language and
//! time zone.

use serde::{Deserialize, Serialize};

/// What happened to a parcel at a step (the site's back-end names one;
/// Parley says it in the reader's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The order was placed or the parcel handed to the carrier.
    Accepted,
    /// On its way.
    InTransit,
    /// Held in customs.
    Customs,
    /// With the courier for delivery today.
    OutForDelivery,
    /// Delivered.
    Delivered,
    /// Held up: damaged, address problem, delivery failed.
    Exception,
    /// On its way back to the sender.
    Returned,
}

impl StepKind {
    /// Every kind.
    pub const ALL: [StepKind; 7] = [
        StepKind::Accepted,
        StepKind::InTransit,
        StepKind::Customs,
        StepKind::OutForDelivery,
        StepKind::Delivered,
        StepKind::Exception,
        StepKind::Returned,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Accepted => "accepted",
            StepKind::InTransit => "in_transit",
            StepKind::Customs => "customs",
            StepKind::OutForDelivery => "out_for_delivery",
            StepKind::Delivered => "delivered",
            StepKind::Exception => "exception",
            StepKind::Returned => "returned",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<StepKind> {
        StepKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One step of the journey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackStep {
    /// What happened.
    pub kind: StepKind,
    /// When, Unix ms.
    pub at: i64,
    /// Where (e.g. "Leipzig, DE"), as the back-end wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The back-end's own words, in the customer's language when it has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// An order's journey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracking {
    /// The order or waybill number.
    pub order: String,
    /// The carrier, if the back-end named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// Expected delivery, Unix ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta: Option<i64>,
    /// Its steps, oldest first (the last is where it stands).
    pub steps: Vec<TrackStep>,
}

/// Longest order or waybill number a customer may type.
pub const MAX_ORDER_CHARS: usize = 64;

/// Whether a typed order number is worth asking the back-end about:
/// 1–64 characters of letters, digits, `-`, `_`, `/`, `.`, `#` or spaces.
pub fn order_ok(order: &str) -> bool {
    let o = order.trim();
    !o.is_empty()
        && o.chars().count() <= MAX_ORDER_CHARS
        && o.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | '#' | ' '))
}

/// The `tracking` of a `tracking` frame. In the browser, read with its
/// JSON parser (serde's decoder for these types would weigh ~2 KB of the
/// customer widget's download); elsewhere with serde, to the same result
/// (a test holds them equal through [`crate::protocol::VisitorEvent::from_json`]).
pub fn from_frame(text: &str) -> Option<Tracking> {
    #[cfg(all(target_arch = "wasm32", feature = "browser"))]
    {
        use js_sys::Reflect;
        use wasm_bindgen::JsValue;
        let frame = js_sys::JSON::parse(text).ok()?;
        let t = Reflect::get(&frame, &"tracking".into()).ok()?;
        let get = |o: &JsValue, k: &str| {
            Reflect::get(o, &k.into())
                .ok()
                .filter(|v| !v.is_undefined() && !v.is_null())
        };
        let steps = js_sys::Array::from(&get(&t, "steps")?)
            .iter()
            .map(|s| {
                Some(TrackStep {
                    kind: StepKind::parse(&get(&s, "kind")?.as_string()?)?,
                    at: get(&s, "at")?.as_f64()? as i64,
                    place: get(&s, "place").and_then(|v| v.as_string()),
                    detail: get(&s, "detail").and_then(|v| v.as_string()),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Tracking {
            order: get(&t, "order")?.as_string()?,
            carrier: get(&t, "carrier").and_then(|v| v.as_string()),
            eta: get(&t, "eta").and_then(|v| v.as_f64()).map(|v| v as i64),
            steps,
        })
    }
    #[cfg(not(all(target_arch = "wasm32", feature = "browser")))]
    {
        let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
        serde_json::from_value(v.get_mut("tracking")?.take()).ok()
    }
}
