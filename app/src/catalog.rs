//! Compiled messages: the Fluent messages the customer widget shows, in one
//! language at a time, compiled by the server, and their formatting.
//!
//! The server parses the locale's Fluent file with fluent-syntax, keeps the
//! messages the widget shows ([`WIDGET_MESSAGES`] and every error), and
//! turns each into a [`Catalog`] entry: text, variables and selections,
//! with Fluent's isolation marks decided already (`i18n::widget_catalog`).
//! The widget page carries the reader's catalog; another is fetched from
//! `/widget/messages?lang=&site=` (with the site's texts in that language)
//! only when the customer switches. Formatting here
//! follows fluent-bundle's rules (a test compares every message in every
//! locale with it), with the browser's `Intl.PluralRules` for plural
//! categories and `Intl.NumberFormat` for numbers: so the customer's
//! download carries no Fluent parser, resolver, CLDR plural tables or float
//! formatting (≈ 60 KB of WASM, measured with twiggy).

use serde::{Deserialize, Serialize};

/// A value for a message's variable.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Text, written as it is.
    Str(String),
    /// A number: written the reader's way, and selects plural variants.
    Num(f64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Arg {
        Arg::Str(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Arg {
        Arg::Str(s)
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)] // counts and scores
            fn from(n: $t) -> Arg {
                Arg::Num(n as f64)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i32, i64, f64);

/// Every message the widget shows (besides the error messages, which it
/// gets all of: any error code may reach a customer). A test checks that the
/// widget's code names no other id; the delivery states' ids come from
/// `Delivery::fluent_id`.
pub const WIDGET_MESSAGES: &[&str] = &[
    "notice-compensation-granted",
    "notice-compensation-refused",
    "notice-escalated",
    "notice-escalated-by",
    "widget-title",
    "widget-fees-open",
    "widget-fees-rate",
    "widget-fees-max",
    "widget-fees-result",
    "widget-fees-weight-invalid",
    "widget-fees-too-heavy",
    "widget-fees-line",
    "widget-fees-weight",
    "intake-category-placeholder",
    "intake-heading",
    "intake-category-label",
    "fact-required",
    "fact-choose-country",
    "upload-busy",
    "upload-remove",
    "widget-rating-star",
    "widget-rating-question",
    "widget-rating-comment",
    "widget-rating-send",
    "widget-rating-thanks",
    "contact-update",
    "contact-offer",
    "contact-saved",
    "contact-field",
    "contact-notice",
    "contact-consent-label",
    "contact-submit",
    "contact-cancel",
    "typing-agent",
    "widget-confirmed",
    "language-label",
    "connection-online",
    "connection-reconnecting",
    "widget-close",
    "widget-help",
    "widget-help-close",
    "widget-talk-to-person",
    "widget-read-article",
    "widget-message-list",
    "widget-greeting-default",
    "widget-support",
    "widget-you",
    "widget-staff-offline",
    "widget-queue-position",
    "widget-staff-online",
    "widget-reply-by",
    "widget-confirm-question",
    "widget-confirm-yes",
    "widget-confirm-no",
    "composer-label",
    "composer-placeholder",
    "composer-send",
    "status-sending",
    "status-sent",
    "status-delivered",
    "status-read",
    "status-failed",
    "track-title",
    "track-order",
    "track-contact",
    "track-submit",
    "track-order-is",
    "track-eta",
    "track-step",
];

/// One piece of a compiled message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Part {
    /// Literal text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub t: String,
    /// A variable: written out (no variants), or the selector of `o`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub v: String,
    /// Variants of a selection: key → pattern. Keys are plural categories
    /// or strings, `=N` a number; the default variant's key starts with `*`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub o: Vec<(String, Vec<Part>)>,
    /// Wrapped in U+2068 … U+2069, as Fluent isolates placeables.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub i: bool,
}

/// One language's widget messages, ready to format.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Catalog {
    /// Language tag, e.g. `zh-CN`.
    pub lang: String,
    /// Message id → pattern, sorted by id.
    pub messages: Vec<(String, Vec<Part>)>,
}

/// What formatting needs from the reader's language: the plural category
/// of a number (`one`, `few`, `other`, …) and a number as written there.
pub trait Numbers {
    /// CLDR cardinal plural category of `n`.
    fn plural(&self, n: f64) -> String;
    /// `n` as the language writes it (grouping, digits).
    fn number(&self, n: f64) -> String;
}

impl Catalog {
    /// The catalog's language tag.
    pub fn language(&self) -> &str {
        &self.lang
    }

    /// Whether it has message `id`.
    pub fn has(&self, id: &str) -> bool {
        self.pattern(id).is_some()
    }

    fn pattern(&self, id: &str) -> Option<&[Part]> {
        self.messages
            .binary_search_by(|(k, _)| k.as_str().cmp(id))
            .ok()
            .map(|at| self.messages[at].1.as_slice())
    }

    /// The message `id` with `args`; the id itself when it is missing.
    pub fn format(&self, id: &str, args: &[(&str, Arg)], numbers: &dyn Numbers) -> String {
        let Some(pattern) = self.pattern(id) else {
            return id.to_owned();
        };
        let mut out = String::new();
        write_pattern(&mut out, pattern, args, numbers);
        out
    }
}

fn write_pattern(out: &mut String, pattern: &[Part], args: &[(&str, Arg)], numbers: &dyn Numbers) {
    for part in pattern {
        if part.v.is_empty() {
            out.push_str(&part.t);
            continue;
        }
        if part.i {
            out.push('\u{2068}');
        }
        let value = args
            .iter()
            .find(|(name, _)| *name == part.v)
            .map(|(_, v)| v);
        if part.o.is_empty() {
            match value {
                Some(Arg::Str(s)) => out.push_str(s),
                Some(Arg::Num(n)) => out.push_str(&numbers.number(*n)),
                // Fluent writes a missing variable as its reference.
                None => {
                    out.push_str("{$");
                    out.push_str(&part.v);
                    out.push('}');
                }
            }
        } else if let Some(variant) = choose(&part.o, value, numbers) {
            write_pattern(out, variant, args, numbers);
        }
        if part.i {
            out.push('\u{2069}');
        }
    }
}

/// Fluent's selection: the first variant whose key matches the value (a
/// string equal to it; for a number, an equal number or its plural
/// category), else the default.
fn choose<'a>(
    variants: &'a [(String, Vec<Part>)],
    value: Option<&Arg>,
    numbers: &dyn Numbers,
) -> Option<&'a [Part]> {
    let category = match value {
        Some(Arg::Num(n)) => Some(numbers.plural(*n)),
        _ => None,
    };
    let matches = |key: &str| match value {
        Some(Arg::Str(s)) => !key.starts_with('=') && key == s,
        // Number keys are whole (the server compiles no other).
        Some(Arg::Num(n)) => match key.strip_prefix('=') {
            Some(number) => number.parse::<i64>().is_ok_and(|k| k as f64 == *n),
            None => category.as_deref() == Some(key),
        },
        None => false,
    };
    variants
        .iter()
        .find(|(key, _)| matches(key.trim_start_matches('*')))
        .or_else(|| variants.iter().find(|(key, _)| key.starts_with('*')))
        .map(|(_, pattern)| pattern.as_slice())
}
