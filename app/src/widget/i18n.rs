//! The widget's messages: the Fluent messages it shows, in one language at a
//! time, compiled by the server.
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

use crate::i18n::Arg;

/// Every message the widget shows (besides the error messages, which it
/// gets all of: any error code may reach a customer). A test checks that the
/// widget's code names no other id; the delivery states' ids come from
/// `Delivery::fluent_id`.
pub const WIDGET_MESSAGES: &[&str] = &[
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

/// The active catalog. A switch of language refreshes the page, so every
/// text binding reads the new language.
#[cfg(feature = "widget-only")]
mod active {
    use std::cell::RefCell;

    use super::{Catalog, Numbers};
    use crate::i18n::Arg;

    thread_local! {
        static CATALOG: RefCell<Catalog> = RefCell::new(Catalog::default());
    }

    /// Plural categories and numbers from the browser's `Intl`.
    struct Browser<'a>(&'a str);

    impl Numbers for Browser<'_> {
        fn plural(&self, n: f64) -> String {
            crate::client::plural_category(n, self.0)
        }

        fn number(&self, n: f64) -> String {
            crate::client::format_number(n, self.0).unwrap_or_else(|| crate::client::number_text(n))
        }
    }

    /// Makes `catalog` the active one.
    pub fn install(catalog: Catalog) {
        CATALOG.with(|c| *c.borrow_mut() = catalog);
        crate::widget::dom::refresh();
    }

    /// The active language tag (`en` before any).
    pub fn language() -> String {
        CATALOG.with(|c| {
            let c = c.borrow();
            if c.lang.is_empty() {
                "en".to_owned()
            } else {
                c.lang.clone()
            }
        })
    }

    /// The message `id` in the active language.
    pub fn format(id: &str, args: &[(&str, Arg)]) -> String {
        CATALOG.with(|c| {
            let c = c.borrow();
            c.format(id, args, &Browser(&c.lang))
        })
    }

    /// Fetches `tag`'s messages and makes them active.
    pub fn switch(tag: &'static str) {
        if language() == tag {
            return;
        }
        let site = crate::widget::state::site();
        wasm_bindgen_futures::spawn_local(async move {
            let url = format!("/widget/messages?lang={tag}&site={site}");
            if let Some(answer) = crate::client::fetch_text(&url)
                .await
                .and_then(|json| serde_json::from_str::<crate::api::WidgetLanguage>(&json).ok())
            {
                if let Some(config) = answer.config {
                    crate::widget::state::write(|s| s.config = config);
                }
                install(answer.messages);
            }
        });
    }
}

#[cfg(feature = "widget-only")]
pub use active::{format, install, language, switch};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::widget_catalog;

    /// Plural categories from the rules fluent-bundle uses, numbers as the
    /// server writes them: what the browser's `Intl` gives the widget.
    struct Cldr(String);

    impl Numbers for Cldr {
        fn plural(&self, n: f64) -> String {
            use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
            // As fluent-bundle: the language's rules when the tag has none.
            let language = self.0.split('-').next().unwrap();
            let rules = [self.0.as_str(), language, "en"]
                .into_iter()
                .find_map(|tag| {
                    let lang: fluent_templates::LanguageIdentifier = tag.parse().ok()?;
                    PluralRules::create(lang, PluralRuleType::CARDINAL).ok()
                })
                .unwrap();
            match rules.select(n).unwrap() {
                PluralCategory::ZERO => "zero",
                PluralCategory::ONE => "one",
                PluralCategory::TWO => "two",
                PluralCategory::FEW => "few",
                PluralCategory::MANY => "many",
                PluralCategory::OTHER => "other",
            }
            .to_owned()
        }

        fn number(&self, n: f64) -> String {
            #[allow(clippy::cast_possible_truncation)]
            crate::i18n::format_integer(&self.0, n as i64).unwrap()
        }
    }

    fn variables(parts: &[Part], out: &mut Vec<String>) {
        for p in parts {
            if !p.v.is_empty() && !out.contains(&p.v) {
                out.push(p.v.clone());
            }
            for (_, v) in &p.o {
                variables(v, out);
            }
        }
    }

    #[test]
    fn every_locale_has_every_widget_message_and_error() {
        for lang in crate::locale::SHIPPED {
            let c = widget_catalog(lang);
            assert_eq!(c.language(), *lang);
            for id in WIDGET_MESSAGES {
                assert!(c.has(id), "{lang} lacks {id} (or it does not compile)");
            }
            for code in crate::error::ErrorCode::ALL {
                assert!(c.has(&code.fluent_id()), "{lang}: {code:?}");
            }
            assert_eq!(
                c.messages.len(),
                WIDGET_MESSAGES.len() + crate::error::ErrorCode::ALL.len()
            );
        }
        assert_eq!(widget_catalog("xx").language(), "en");
    }

    /// Every widget message in every locale, with numbers that pick each
    /// plural form and with text, reads exactly as fluent-bundle writes it.
    #[test]
    fn the_widget_formats_every_message_as_fluent_does() {
        let mut checked = 0;
        for lang in crate::locale::SHIPPED {
            let catalog = widget_catalog(lang);
            let numbers = Cldr((*lang).to_owned());
            for (id, pattern) in &catalog.messages {
                let mut vars = Vec::new();
                variables(pattern, &mut vars);
                let mut cases: Vec<Vec<(&'static str, Arg)>> = Vec::new();
                for n in [0, 1, 2, 3, 5, 11, 21, 100, 1_234, 12_345] {
                    cases.push(vars.iter().map(|v| (leak(v), Arg::from(n))).collect());
                }
                cases.push(
                    vars.iter()
                        .map(|v| (leak(v), Arg::from("Zoë <b>")))
                        .collect(),
                );
                for key in ["name", "email", "phone", "address"] {
                    cases.push(vars.iter().map(|v| (leak(v), Arg::from(key))).collect());
                }
                for args in cases {
                    assert_eq!(
                        catalog.format(id, &args, &numbers),
                        crate::i18n::lookup_args(lang, id, &args),
                        "{lang} {id} {args:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 1_000, "{checked}");
    }

    fn leak(s: &str) -> &'static str {
        Box::leak(s.to_owned().into_boxed_str())
    }

    #[test]
    fn the_widget_page_carries_only_widget_messages() {
        let c = widget_catalog("en");
        assert!(!c.has("desk-title"));
        assert_eq!(
            c.format("desk-title", &[], &Cldr("en".into())),
            "desk-title"
        );
        let json = serde_json::to_string(&c).unwrap();
        let full = crate::i18n::source("en").unwrap();
        assert!(
            json.len() * 2 < full.len(),
            "{} of {} bytes",
            json.len(),
            full.len()
        );
        assert_eq!(serde_json::from_str::<Catalog>(&json).unwrap(), c);
    }

    #[test]
    fn numbers_select_by_value_then_category_and_strings_by_key() {
        let text = |t: &str| Part {
            t: t.into(),
            ..Part::default()
        };
        let catalog = Catalog {
            lang: "en".into(),
            messages: vec![(
                "m".into(),
                vec![Part {
                    v: "n".into(),
                    o: vec![
                        ("=0".into(), vec![text("none")]),
                        ("one".into(), vec![text("one")]),
                        ("north".into(), vec![text("up")]),
                        ("*other".into(), vec![text("many")]),
                    ],
                    ..Part::default()
                }],
            )],
        };
        let en = Cldr("en".into());
        let f = |arg: Arg| catalog.format("m", &[("n", arg)], &en);
        assert_eq!(f(Arg::from(0)), "none");
        assert_eq!(f(Arg::from(1)), "one");
        assert_eq!(f(Arg::from(7)), "many");
        assert_eq!(f(Arg::from("north")), "up");
        assert_eq!(f(Arg::from("one")), "one");
        assert_eq!(f(Arg::from("0")), "many");
        assert_eq!(catalog.format("m", &[], &en), "many");
    }

    /// Every message id the widget's code names is one it gets.
    #[test]
    fn the_widget_uses_only_listed_messages() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        let mut dirs = vec![root.join("widget")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.file_name().is_some_and(|n| n != "i18n.rs") {
                    files.push(path);
                }
            }
        }
        let mut used = Vec::new();
        for file in files {
            let code = std::fs::read_to_string(&file).unwrap();
            assert!(
                !code.contains("tr!("),
                "{} uses leptos-fluent",
                file.display()
            );
            for call in ["t(", "t_with("] {
                for (at, _) in code.match_indices(call) {
                    let before = code[..at].chars().next_back().unwrap_or(' ');
                    if before.is_alphanumeric() || before == '_' || before == '.' {
                        continue;
                    }
                    let rest = code[at + call.len()..].trim_start();
                    let Some(rest) = rest.strip_prefix('"') else {
                        continue; // an id computed at run time
                    };
                    let id = &rest[..rest.find('"').unwrap()];
                    used.push((id.to_owned(), file.display().to_string()));
                }
            }
        }
        assert!(used.len() > 30, "found only {used:?}");
        for (id, file) in used {
            assert!(
                WIDGET_MESSAGES.contains(&id.as_str()),
                "{file}: {id} is not in WIDGET_MESSAGES"
            );
        }
    }
}
