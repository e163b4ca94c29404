//! Categories and the key facts each one collects up front (R-FLOW1).
//!
//! A site's admins define [`Category`]s; each has a localized name, a default
//! priority and a schema of [`FactField`]s. [`validate_facts`] is the one
//! validation: the widget runs it before sending, the server runs it again on
//! receipt and before a conversation may be resolved. Values travel as
//! strings: numbers in plain decimal, dates as `YYYY-MM-DD`, countries as ISO
//! 3166-1 alpha-2 codes, references (order/waybill numbers) matched against
//! the field's pattern, uploads as the id of a stored attachment.
//!
//! Pure; shared by server and WASM. Country *names* are not here: the browser
//! names a code in the reader's language (`Intl.DisplayNames`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::lifecycle::Priority;

/// Longest fact value, in characters.
pub const MAX_FACT_CHARS: usize = 500;

/// The kind of value a fact holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactKind {
    /// Free text, one line.
    Text,
    /// A decimal number, e.g. `12.5`.
    Number,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// An order, SKU or waybill number matching the field's pattern.
    Reference,
    /// Photos or files: ids of uploaded attachments, comma-separated.
    Upload,
}

/// One fact a category asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactField {
    /// Stable key, e.g. `waybill_number`.
    pub key: String,
    /// Value kind.
    pub kind: FactKind,
    /// Must be given before the conversation can be resolved (and, in the
    /// widget, before the first message is sent).
    #[serde(default)]
    pub required: bool,
    /// Label per locale.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// For [`FactKind::Reference`]: a regular expression the whole value
    /// must match (e.g. `[A-Z]{2}[0-9]{9}[A-Z]{2}` for a UPU waybill).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Example shown as the placeholder, e.g. `RR123456785CN`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

/// A kind of question customers ask, with its intake form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Category {
    /// Stable key, e.g. `logistics`.
    pub key: String,
    /// Name per locale.
    pub names: BTreeMap<String, String>,
    /// Priority of new conversations in this category.
    pub priority: Priority,
    /// Complaints get a registration clock and a follow-up.
    #[serde(default)]
    pub complaint: bool,
    /// The facts to collect.
    pub fields: Vec<FactField>,
}

impl Category {
    /// Whether an admin's definition is usable: a slug key, a name in
    /// `default_locale`, unique slug field keys, each with a label in
    /// `default_locale`, and reference patterns that compile. `Err` names
    /// the offending part, e.g. `fields[2].pattern`.
    pub fn check_definition(&self, default_locale: &str) -> Result<(), String> {
        let slug = |k: &str| {
            !k.is_empty()
                && k.len() <= 40
                && k.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        };
        if !slug(&self.key) {
            return Err("key".into());
        }
        if self
            .names
            .get(default_locale)
            .is_none_or(|n| n.trim().is_empty())
        {
            return Err(format!("names.{default_locale}"));
        }
        for (i, f) in self.fields.iter().enumerate() {
            if !slug(&f.key) || self.fields[..i].iter().any(|g| g.key == f.key) {
                return Err(format!("fields[{i}].key"));
            }
            if f.labels
                .get(default_locale)
                .is_none_or(|l| l.trim().is_empty())
            {
                return Err(format!("fields[{i}].labels.{default_locale}"));
            }
            if let Some(p) = &f.pattern
                && regex_lite::Regex::new(&format!("^(?:{p})$")).is_err()
            {
                return Err(format!("fields[{i}].pattern"));
            }
        }
        Ok(())
    }
}

/// Collected facts: field key → value.
pub type Facts = BTreeMap<String, String>;

/// A fact that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactError {
    /// Why (`fact_missing`, `fact_invalid`).
    pub code: ErrorCode,
    /// Which field.
    pub field: String,
}

/// Picks the text for `locale` from a per-locale map: the locale itself, its
/// language (`es` for `es-MX`), the site's default locale, then any text.
pub fn localized<'a>(
    texts: &'a BTreeMap<String, String>,
    locale: &str,
    default_locale: &str,
) -> Option<&'a str> {
    let language = locale.split('-').next().unwrap_or(locale);
    texts
        .get(locale)
        .or_else(|| texts.get(language))
        .or_else(|| texts.get(default_locale))
        .or_else(|| texts.values().next())
        .map(String::as_str)
}

impl Category {
    /// Name in `locale` with the site's fallback.
    pub fn name(&self, locale: &str, default_locale: &str) -> String {
        localized(&self.names, locale, default_locale)
            .unwrap_or(&self.key)
            .to_owned()
    }

    /// Required fields with no value in `facts`.
    pub fn missing(&self, facts: &Facts) -> Vec<String> {
        self.fields
            .iter()
            .filter(|f| f.required && facts.get(&f.key).is_none_or(|v| v.trim().is_empty()))
            .map(|f| f.key.clone())
            .collect()
    }
}

impl FactField {
    /// Label in `locale` with the site's fallback.
    pub fn label(&self, locale: &str, default_locale: &str) -> String {
        localized(&self.labels, locale, default_locale)
            .unwrap_or(&self.key)
            .to_owned()
    }

    /// Checks one non-empty value; returns it normalized (trimmed; country
    /// codes and references upper-cased).
    pub fn check(&self, value: &str, countries: &[&str]) -> Result<String, ErrorCode> {
        let v = value.trim();
        if v.chars().count() > MAX_FACT_CHARS || v.contains(['\n', '\r']) {
            return Err(ErrorCode::FactInvalid);
        }
        let ok = match self.kind {
            FactKind::Text => true,
            FactKind::Number => is_decimal(v),
            FactKind::Date => is_date(v),
            FactKind::Country => {
                let code = v.to_ascii_uppercase();
                return if countries.contains(&code.as_str()) {
                    Ok(code)
                } else {
                    Err(ErrorCode::FactInvalid)
                };
            }
            FactKind::Reference => {
                let upper = v.to_ascii_uppercase();
                let matches = match &self.pattern {
                    // In the widget a pattern the browser cannot compile is
                    // left to the server, which checks every fact again.
                    Some(p) => matches_pattern(p, &upper).unwrap_or(cfg!(feature = "widget-only")),
                    None => !upper.is_empty(),
                };
                return if matches {
                    Ok(upper)
                } else {
                    Err(ErrorCode::FactInvalid)
                };
            }
            FactKind::Upload => v.split(',').all(|id| {
                !id.is_empty()
                    && id.len() <= 64
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }),
        };
        if ok {
            Ok(v.to_owned())
        } else {
            Err(ErrorCode::FactInvalid)
        }
    }
}

/// Whether the whole of `value` matches `pattern`; `None` when the pattern
/// does not compile. The server and the desk use regex-lite; the widget
/// uses the browser's own `RegExp` (the same syntax for the patterns an
/// admin writes: classes, repetition, alternation), which keeps a regex
/// engine out of the customer's download.
#[cfg(not(feature = "widget-only"))]
fn matches_pattern(pattern: &str, value: &str) -> Option<bool> {
    regex_lite::Regex::new(&format!("^(?:{pattern})$"))
        .ok()
        .map(|re| re.is_match(value))
}

#[cfg(feature = "widget-only")]
fn matches_pattern(pattern: &str, value: &str) -> Option<bool> {
    crate::client::regexp_matches(&format!("^(?:{pattern})$"), value)
}

fn is_decimal(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let frac = parts.next();
    !whole.is_empty()
        && whole.len() <= 15
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac
            .is_none_or(|f| !f.is_empty() && f.len() <= 6 && f.bytes().all(|b| b.is_ascii_digit()))
}

fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| v.get(r).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2200).contains(&y) && (1..=days).contains(&d)
}

/// Validates `facts` against `category`: unknown keys and bad values are
/// refused; with `require_all`, so is a missing required value. Returns the
/// normalized facts (empty values dropped).
pub fn validate_facts(
    category: &Category,
    facts: &Facts,
    require_all: bool,
    countries: &[&str],
) -> Result<Facts, FactError> {
    let mut out = Facts::new();
    for (key, value) in facts {
        let Some(field) = category.fields.iter().find(|f| &f.key == key) else {
            return Err(FactError {
                code: ErrorCode::FactInvalid,
                field: key.clone(),
            });
        };
        if value.trim().is_empty() {
            continue;
        }
        let normalized = field.check(value, countries).map_err(|code| FactError {
            code,
            field: key.clone(),
        })?;
        out.insert(key.clone(), normalized);
    }
    if require_all && let Some(field) = category.missing(&out).into_iter().next() {
        return Err(FactError {
            code: ErrorCode::FactMissing,
            field,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(key: &str, kind: FactKind, required: bool, pattern: Option<&str>) -> FactField {
        FactField {
            key: key.into(),
            kind,
            required,
            labels: BTreeMap::from([
                ("en".into(), key.replace('_', " ")),
                ("de".into(), format!("DE {key}")),
            ]),
            pattern: pattern.map(Into::into),
            example: None,
        }
    }

    fn logistics() -> Category {
        Category {
            key: "logistics".into(),
            names: BTreeMap::from([
                ("en".into(), "Shipping and delivery".into()),
                ("zh-CN".into(), "物流与配送".into()),
                ("es".into(), "Envíos y entregas".into()),
            ]),
            priority: Priority::Routine,
            complaint: false,
            fields: vec![
                field(
                    "waybill_number",
                    FactKind::Reference,
                    true,
                    Some("[A-Z]{2}[0-9]{9}[A-Z]{2}"),
                ),
                field("ship_date", FactKind::Date, true, None),
                field("destination_country", FactKind::Country, true, None),
                field("weight_kg", FactKind::Number, false, None),
                field("photos", FactKind::Upload, false, None),
                field("note", FactKind::Text, false, None),
            ],
        }
    }

    const COUNTRIES: &[&str] = &["CN", "DE", "ES", "MX", "US", "JP", "SA"];

    fn facts(pairs: &[(&str, &str)]) -> Facts {
        pairs
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn complete_facts_are_accepted_and_normalized() {
        let got = validate_facts(
            &logistics(),
            &facts(&[
                ("waybill_number", " rr123456785cn "),
                ("ship_date", "2026-02-28"),
                ("destination_country", "de"),
                ("weight_kg", "2.5"),
                ("note", ""),
            ]),
            true,
            COUNTRIES,
        )
        .unwrap();
        assert_eq!(
            got,
            facts(&[
                ("waybill_number", "RR123456785CN"),
                ("ship_date", "2026-02-28"),
                ("destination_country", "DE"),
                ("weight_kg", "2.5"),
            ])
        );
    }

    #[test]
    fn each_bad_value_names_its_field() {
        let c = logistics();
        let bad =
            |k: &str, v: &str| validate_facts(&c, &facts(&[(k, v)]), false, COUNTRIES).unwrap_err();
        for (k, v) in [
            ("waybill_number", "RR12345678CN"),
            ("waybill_number", "RR123456785CNX"),
            ("waybill_number", "xRR123456785CN"),
            ("ship_date", "2026-02-29"),
            ("ship_date", "2026-13-01"),
            ("ship_date", "26-01-01"),
            ("ship_date", "2026-1-01"),
            ("destination_country", "XX"),
            ("destination_country", "Germany"),
            ("weight_kg", "2,5"),
            ("weight_kg", "1e9"),
            ("weight_kg", "."),
            ("weight_kg", "5."),
            ("photos", "../etc/passwd"),
            ("note", "two\nlines"),
        ] {
            assert_eq!(
                bad(k, v),
                FactError {
                    code: ErrorCode::FactInvalid,
                    field: k.into()
                },
                "{k}={v:?}"
            );
        }
        assert_eq!(
            bad("note", &"x".repeat(MAX_FACT_CHARS + 1)).code,
            ErrorCode::FactInvalid
        );
        assert!(
            validate_facts(
                &c,
                &facts(&[("note", &"字".repeat(MAX_FACT_CHARS))]),
                false,
                COUNTRIES
            )
            .is_ok()
        );
        assert_eq!(
            bad("nonsense", "1"),
            FactError {
                code: ErrorCode::FactInvalid,
                field: "nonsense".into()
            }
        );
        assert!(
            validate_facts(&c, &facts(&[("ship_date", "2024-02-29")]), false, COUNTRIES).is_ok()
        );
        assert!(validate_facts(&c, &facts(&[("weight_kg", "-0.25")]), false, COUNTRIES).is_ok());
    }

    #[test]
    fn required_facts_are_enforced_only_when_asked() {
        let c = logistics();
        let partial = facts(&[("waybill_number", "RR123456785CN"), ("ship_date", "  ")]);
        assert!(validate_facts(&c, &partial, false, COUNTRIES).is_ok());
        assert_eq!(
            validate_facts(&c, &partial, true, COUNTRIES).unwrap_err(),
            FactError {
                code: ErrorCode::FactMissing,
                field: "ship_date".into()
            }
        );
        assert_eq!(
            c.missing(&partial),
            vec!["ship_date".to_owned(), "destination_country".to_owned()]
        );
    }

    #[test]
    fn definitions_are_checked_with_the_offending_part_named() {
        let ok = logistics();
        assert_eq!(ok.check_definition("en"), Ok(()));
        assert_eq!(ok.check_definition("ja"), Err("names.ja".into()));
        let mut c = logistics();
        c.key = "Logistics!".into();
        assert_eq!(c.check_definition("en"), Err("key".into()));
        let mut c = logistics();
        c.fields[1].key = "waybill_number".into();
        assert_eq!(c.check_definition("en"), Err("fields[1].key".into()));
        let mut c = logistics();
        c.fields[0].pattern = Some("([".into());
        assert_eq!(c.check_definition("en"), Err("fields[0].pattern".into()));
        let mut c = logistics();
        c.fields[2].labels.remove("en");
        assert_eq!(c.check_definition("en"), Err("fields[2].labels.en".into()));
    }

    #[test]
    fn a_broken_pattern_refuses_rather_than_accepts() {
        let mut c = logistics();
        c.fields[0].pattern = Some("([".into());
        assert!(
            validate_facts(
                &c,
                &facts(&[("waybill_number", "RR123456785CN")]),
                false,
                COUNTRIES
            )
            .is_err()
        );
    }

    #[test]
    fn names_and_labels_fall_back_explicitly() {
        let c = logistics();
        assert_eq!(c.name("es-MX", "en"), "Envíos y entregas");
        assert_eq!(c.name("zh-CN", "en"), "物流与配送");
        assert_eq!(c.name("ja", "en"), "Shipping and delivery");
        assert_eq!(c.name("ja", "es"), "Envíos y entregas");
        assert_eq!(c.fields[1].label("de-AT", "en"), "DE ship_date");
        let bare = Category {
            names: BTreeMap::new(),
            ..c
        };
        assert_eq!(bare.name("en", "en"), "logistics");
    }
}
