//! Canned replies (R-AGENT2, R-I18N3): a site's prepared answers, each in
//! several locales, with variables such as `{order_number}` filled from the
//! conversation. The site's greeting is one of them (`greeting`). The desk
//! picks the customer's locale (then their language, then the site's
//! default) and fills what it knows; a variable it cannot fill stays visible
//! for the agent to complete. Pure; shared by server and WASM.

use serde::{Deserialize, Serialize};

/// The site-text kind prefix under which canned replies are stored.
pub const KIND_PREFIX: &str = "canned:";
/// The key under which the site's standard greeting is offered.
pub const GREETING_KEY: &str = "greeting";
/// Longest key.
pub const MAX_KEY_LEN: usize = 40;

/// One prepared answer in every locale it was written in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CannedReply {
    /// Short identifier, e.g. `parcel-delayed`.
    pub key: String,
    /// `(locale, text)`.
    pub texts: Vec<(String, String)>,
}

/// A site's canned replies and the locale used when the reader's is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteCanned {
    /// Site key.
    pub site: String,
    /// The site's default locale (the fallback).
    pub default_locale: String,
    /// Replies by key.
    pub replies: Vec<CannedReply>,
}

/// Whether `key` is a usable reply key: 1–40 of `a-z 0-9 -`.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY_LEN
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl CannedReply {
    /// The text for a reader of `locale`: that locale, else its language
    /// (`es-MX` → `es`), else `default_locale`. Returns the locale used too.
    pub fn text_for<'a>(
        &'a self,
        locale: &str,
        default_locale: &str,
    ) -> Option<(&'a str, &'a str)> {
        let find = |l: &str| {
            self.texts
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(l))
                .map(|(k, v)| (k.as_str(), v.as_str()))
        };
        find(locale)
            .or_else(|| {
                let primary = locale.split('-').next().unwrap_or(locale);
                self.texts
                    .iter()
                    .find(|(k, _)| {
                        k.split('-')
                            .next()
                            .unwrap_or(k)
                            .eq_ignore_ascii_case(primary)
                    })
                    .map(|(k, v)| (k.as_str(), v.as_str()))
            })
            .or_else(|| find(default_locale))
    }
}

/// Replaces every `{name}` whose name is in `vars` (and has a non-empty
/// value); anything else, including unknown `{names}`, stays as written.
pub fn fill(body: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match vars.iter().find(|(k, v)| *k == name && !v.is_empty()) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Variables a text uses that `vars` cannot fill.
pub fn unfilled(body: &str, vars: &[(&str, String)]) -> Vec<String> {
    let filled = fill(body, vars);
    let mut out = Vec::new();
    let mut rest = filled.as_str();
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !out.iter().any(|n| n == name)
        {
            out.push(name.to_owned());
        }
        rest = &after[end + 1..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply() -> CannedReply {
        CannedReply {
            key: "parcel-delayed".into(),
            texts: vec![
                (
                    "en".into(),
                    "Parcel {waybill_number} is in customs. — {agent_name}".into(),
                ),
                (
                    "es".into(),
                    "El paquete {waybill_number} está en aduanas.".into(),
                ),
                (
                    "zh-CN".into(),
                    "您的包裹 {waybill_number} 正在清关。".into(),
                ),
            ],
        }
    }

    #[test]
    fn picks_locale_then_language_then_site_default() {
        let r = reply();
        assert_eq!(r.text_for("es", "en").map(|t| t.0), Some("es"));
        assert_eq!(r.text_for("es-MX", "en").map(|t| t.0), Some("es"));
        assert_eq!(r.text_for("zh-CN", "en").map(|t| t.0), Some("zh-CN"));
        assert_eq!(r.text_for("ja", "en").map(|t| t.0), Some("en"));
        assert_eq!(r.text_for("ja", "de"), None, "no text and no default text");
    }

    #[test]
    fn fills_known_variables_and_keeps_the_rest_visible() {
        let vars = [
            ("waybill_number", "RR123456785CN".to_owned()),
            ("agent_name", "Mei".to_owned()),
            ("order_number", String::new()),
        ];
        assert_eq!(
            fill(
                "Parcel {waybill_number} is in customs. — {agent_name}",
                &vars
            ),
            "Parcel RR123456785CN is in customs. — Mei"
        );
        assert_eq!(
            fill("Order {order_number}, dear {customer_name} {", &vars),
            "Order {order_number}, dear {customer_name} {"
        );
        assert_eq!(
            unfilled(
                "Order {order_number}, dear {customer_name}, {agent_name}",
                &vars
            ),
            vec!["order_number", "customer_name"]
        );
        assert_eq!(fill("no variables", &vars), "no variables");
        assert_eq!(fill("{}{{x}", &vars), "{}{{x}");
    }

    #[test]
    fn keys_are_short_lowercase_slugs() {
        assert!(valid_key("parcel-delayed") && valid_key("a1"));
        for bad in ["", "Parcel", "with space", "x/y", &"k".repeat(41)] {
            assert!(!valid_key(bad), "{bad}");
        }
    }
}
