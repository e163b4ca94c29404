//! Fluent wiring: every user-visible string of the widget, the desk and the
//! embed loader comes from `app/locales/<lang>/main.ftl`.
//!
//! The desk's WASM and the server use the compiled-in resources (through
//! leptos-fluent, and [`lookup`] outside a Leptos context, e.g. for
//! `embed.js`). The customer widget carries none of them: the server hands it
//! the messages it shows in the reader's language, compiled
//! (`widget_catalog`),
//! and [`t`] / [`t_with`] read them there (`widget::i18n`).

#[cfg(not(feature = "widget-only"))]
use fluent_bundle::FluentValue;
#[cfg(not(feature = "widget-only"))]
use fluent_templates::{Loader, static_loader};
#[cfg(not(feature = "widget-only"))]
use leptos::prelude::*;
#[cfg(not(feature = "widget-only"))]
use leptos_fluent::leptos_fluent;

use crate::error::ErrorCode;

#[cfg(not(feature = "widget-only"))]
static_loader! {
    pub static TRANSLATIONS = {
        locales: "./locales",
        fallback_language: "en",
        // Numbers in messages (counts, minutes, queue places) are written the
        // way each language's readers expect, e.g. 12,345 / 12.345.
        customise: |bundle| bundle.set_formatter(Some(format_number)),
    };
}

pub use crate::catalog::Arg;

#[cfg(not(feature = "widget-only"))]
impl From<&Arg> for FluentValue<'static> {
    fn from(a: &Arg) -> FluentValue<'static> {
        match a {
            Arg::Str(s) => FluentValue::from(s.clone()),
            Arg::Num(n) => FluentValue::from(*n),
        }
    }
}

/// Fluent's hook for numbers: whole numbers with default options go through
/// the language's own formatter (grouping separators, digits); anything
/// else keeps Fluent's plain output. Identifiers (conversation numbers) are
/// passed to messages as strings, so they are never grouped.
#[cfg(not(feature = "widget-only"))]
pub(crate) fn format_number<M: fluent_bundle::memoizer::MemoizerKind>(
    value: &FluentValue,
    memoizer: &M,
) -> Option<String> {
    use fluent_bundle::types::FluentNumberOptions;
    let FluentValue::Number(n) = value else {
        return None;
    };
    let whole = n.value.fract() == 0.0 && n.value.abs() < 9.0e15;
    if !whole || n.options != FluentNumberOptions::default() {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)] // whole and below 2^53, checked above
    let int = n.value as i64;
    memoizer
        .with_try_get_threadsafe::<NumberFormat, _, _>((), |f| f.format(int))
        .ok()
        .flatten()
}

/// One language's number formatter, memoized per bundle: ICU4X when the
/// server renders, the browser's `Intl.NumberFormat` in the client.
#[cfg(not(feature = "widget-only"))]
struct NumberFormat {
    #[cfg(feature = "ssr")]
    icu: icu_decimal::DecimalFormatter,
    #[cfg(all(feature = "browser", not(feature = "ssr")))]
    locale: String,
}

#[cfg(not(feature = "widget-only"))]
impl intl_memoizer::Memoizable for NumberFormat {
    type Args = ();
    type Error = ();

    #[allow(unused_variables)] // `lang` is unused when neither side is built
    fn construct(lang: fluent_templates::LanguageIdentifier, _: ()) -> Result<Self, Self::Error> {
        #[cfg(feature = "ssr")]
        {
            let locale =
                icu_locale_core::Locale::try_from_str(&lang.to_string()).map_err(|_| ())?;
            icu_decimal::DecimalFormatter::try_new((&locale).into(), Default::default())
                .map(|icu| NumberFormat { icu })
                .map_err(|_| ())
        }
        #[cfg(all(feature = "browser", not(feature = "ssr")))]
        {
            Ok(NumberFormat {
                locale: lang.to_string(),
            })
        }
        #[cfg(not(any(feature = "ssr", feature = "browser")))]
        {
            Err(())
        }
    }
}

#[cfg(not(feature = "widget-only"))]
impl NumberFormat {
    #[allow(unused_variables, clippy::unused_self)]
    fn format(&self, value: i64) -> Option<String> {
        #[cfg(feature = "ssr")]
        {
            Some(
                self.icu
                    .format_to_string(&icu_decimal::input::Decimal::from(value)),
            )
        }
        #[cfg(all(feature = "browser", not(feature = "ssr")))]
        {
            #[allow(clippy::cast_precision_loss)] // |value| < 2^53
            crate::client::format_number(value as f64, &self.locale)
        }
        #[cfg(not(any(feature = "ssr", feature = "browser")))]
        {
            None
        }
    }
}

/// Locales shipped in this build, as BCP 47 tags.
pub const LOCALES: &[&str] = crate::locale::SHIPPED;

/// Provides the i18n context to `children`.
#[cfg(not(feature = "widget-only"))]
#[component]
pub fn I18nProvider(children: Children) -> impl IntoView {
    leptos_fluent! {
        children: children(),
        translations: [TRANSLATIONS],
        locales: "./locales",
        languages: "./locales/languages.json",
        default_language: "en",
        sync_html_tag_lang: true,
        sync_html_tag_dir: true,
        url_param: "lang",
        initial_language_from_url_param: true,
        cookie_name: "parley-lang",
        cookie_attrs: "Path=/; Max-Age=31536000; SameSite=Lax",
        initial_language_from_cookie: true,
        set_language_to_cookie: true,
        initial_language_from_accept_language_header: true,
        initial_language_from_navigator: true,
    }
}

/// The message `id` in the active language (reactive: read in a closure, the
/// text follows a switch of language). Ids built at run time (one per setup
/// field) must each appear written out somewhere in the code, for the
/// locale tests.
pub fn t(id: &str) -> String {
    #[cfg(feature = "widget-only")]
    {
        crate::widget::i18n::format(id, &[])
    }
    #[cfg(not(feature = "widget-only"))]
    {
        expect_context::<leptos_fluent::I18n>().tr(id)
    }
}

/// The message `id` with arguments, e.g. `t_with("upload-remove", &[("name", name.into())])`.
pub fn t_with(id: &str, args: &[(&'static str, Arg)]) -> String {
    #[cfg(feature = "widget-only")]
    {
        crate::widget::i18n::format(id, args)
    }
    #[cfg(not(feature = "widget-only"))]
    {
        let args = args
            .iter()
            .map(|(k, v)| (std::borrow::Cow::Borrowed(*k), FluentValue::from(v)))
            .collect();
        expect_context::<leptos_fluent::I18n>().tr_with_args(id, &args)
    }
}

/// Translates an error code in the active language.
pub fn error_text(code: ErrorCode) -> String {
    t(&code.fluent_id())
}

/// The active language tag, e.g. `zh-CN`.
pub fn active_language() -> String {
    #[cfg(feature = "widget-only")]
    {
        crate::widget::i18n::language()
    }
    #[cfg(not(feature = "widget-only"))]
    {
        expect_context::<leptos_fluent::I18n>()
            .language
            .get()
            .id
            .to_string()
    }
}

/// Server-side lookup outside a Leptos context (e.g. for `embed.js`).
#[cfg(not(feature = "widget-only"))]
pub fn lookup(locale: &str, id: &str) -> String {
    let lang = locale
        .parse()
        .unwrap_or_else(|_| fluent_templates::LanguageIdentifier::default());
    TRANSLATIONS.lookup(&lang, id)
}

/// [`lookup`] with arguments.
#[cfg(not(feature = "widget-only"))]
pub fn lookup_args(locale: &str, id: &str, args: &[(&'static str, Arg)]) -> String {
    let lang = locale
        .parse()
        .unwrap_or_else(|_| fluent_templates::LanguageIdentifier::default());
    let args = args
        .iter()
        .map(|(k, v)| (std::borrow::Cow::Borrowed(*k), FluentValue::from(v)))
        .collect();
    TRANSLATIONS.lookup_with_args(&lang, id, &args)
}

/// Activates `tag` (a shipped locale; anything else is ignored). The
/// widget switches through `widget::language`.
#[cfg(not(feature = "widget-only"))]
pub fn activate_language(tag: &str) {
    {
        let i18n = expect_context::<leptos_fluent::I18n>();
        if let Some(lang) = i18n
            .languages
            .iter()
            .find(|l| l.id.to_string().eq_ignore_ascii_case(tag))
            && i18n.language.get_untracked() != *lang
        {
            i18n.language.set(lang);
        }
    }
}

/// The display name (endonym) of a shipped locale.
pub fn language_name(tag: &str) -> String {
    crate::locale::endonym(tag).unwrap_or(tag).to_owned()
}

/// Each shipped locale's Fluent source, as compiled in.
#[cfg(any(feature = "ssr", test))]
const SOURCES: [(&str, &str); 6] = [
    ("en", include_str!("../locales/en/main.ftl")),
    ("zh-CN", include_str!("../locales/zh-CN/main.ftl")),
    ("es", include_str!("../locales/es/main.ftl")),
    ("de", include_str!("../locales/de/main.ftl")),
    ("ja", include_str!("../locales/ja/main.ftl")),
    ("ar", include_str!("../locales/ar/main.ftl")),
];

/// The Fluent source of a shipped locale.
#[cfg(any(feature = "ssr", test))]
pub fn source(locale: &str) -> Option<&'static str> {
    SOURCES.iter().find(|(l, _)| *l == locale).map(|(_, s)| *s)
}

/// Whether `id` is the message of an error a customer can be told.
#[cfg(any(feature = "ssr", test))]
fn customer_error(id: &str) -> bool {
    ErrorCode::ALL
        .iter()
        .any(|c| !c.staff_only() && c.fluent_id() == id)
}

/// The messages the customer widget shows (`catalog::WIDGET_MESSAGES`
/// and every error a customer can be told) in `locale` (English for a
/// locale not shipped), compiled for the widget (see [`crate::catalog`]):
/// what the widget page carries. A message using anything the widget's
/// formatter does not know (functions, references to other messages) is
/// left out, and a test keeps every widget message compiling in every
/// locale.
#[cfg(any(feature = "ssr", test))]
pub fn widget_catalog(locale: &str) -> crate::catalog::Catalog {
    use crate::catalog::{Catalog, WIDGET_MESSAGES};
    use fluent_syntax::ast;
    let lang = if source(locale).is_some() {
        locale
    } else {
        "en"
    };
    let text = source(lang).unwrap_or_default();
    let resource =
        fluent_syntax::parser::parse_runtime(text).unwrap_or_else(|(partial, _)| partial);
    let mut messages: Vec<(String, Vec<crate::catalog::Part>)> = resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            ast::Entry::Message(m)
                if WIDGET_MESSAGES.contains(&m.id.name) || customer_error(m.id.name) =>
            {
                Some((m.id.name.to_owned(), compile_pattern(m.value.as_ref()?)?))
            }
            _ => None,
        })
        .collect();
    messages.sort_by(|a, b| a.0.cmp(&b.0));
    Catalog {
        lang: lang.to_owned(),
        messages,
    }
}

/// One Fluent pattern as the widget formats it: the same elements, with
/// fluent-bundle's isolation rule applied (placeables of a pattern of more
/// than one element, except string literals, are isolated).
#[cfg(any(feature = "ssr", test))]
fn compile_pattern(
    pattern: &fluent_syntax::ast::Pattern<&str>,
) -> Option<Vec<crate::catalog::Part>> {
    use crate::catalog::Part;
    use fluent_syntax::ast::{Expression, InlineExpression, PatternElement, VariantKey};
    let several = pattern.elements.len() > 1;
    pattern
        .elements
        .iter()
        .map(|element| match element {
            PatternElement::TextElement { value } => Some(Part {
                t: (*value).to_owned(),
                ..Part::default()
            }),
            PatternElement::Placeable { expression } => match expression {
                Expression::Inline(InlineExpression::StringLiteral { value }) => Some(Part {
                    t: fluent_syntax::unicode::unescape_unicode_to_string(value).into_owned(),
                    ..Part::default()
                }),
                Expression::Inline(InlineExpression::VariableReference { id }) => Some(Part {
                    v: id.name.to_owned(),
                    i: several,
                    ..Part::default()
                }),
                Expression::Select {
                    selector: InlineExpression::VariableReference { id },
                    variants,
                } => {
                    let o = variants
                        .iter()
                        .map(|variant| {
                            let key = match &variant.key {
                                VariantKey::Identifier { name } => (*name).to_owned(),
                                // Whole numbers only: the widget compares them as such.
                                VariantKey::NumberLiteral { value } => {
                                    format!("={}", value.parse::<i64>().ok()?)
                                }
                            };
                            let key = if variant.default {
                                format!("*{key}")
                            } else {
                                key
                            };
                            Some((key, compile_pattern(&variant.value)?))
                        })
                        .collect::<Option<Vec<_>>>()?;
                    Some(Part {
                        v: id.name.to_owned(),
                        o,
                        i: several,
                        ..Part::default()
                    })
                }
                _ => None,
            },
        })
        .collect()
}

/// A whole number as `locale` writes it (ICU4X), as the server's Fluent
/// bundles write numbers.
#[cfg(feature = "ssr")]
pub fn format_integer(locale: &str, value: i64) -> Option<String> {
    let locale = icu_locale_core::Locale::try_from_str(locale).ok()?;
    let f = icu_decimal::DecimalFormatter::try_new((&locale).into(), Default::default()).ok()?;
    Some(f.format_to_string(&icu_decimal::input::Decimal::from(value)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    use fluent_syntax::ast;
    use std::collections::BTreeMap;

    fn resource(locale: &str) -> ast::Resource<String> {
        let path = format!("{}/locales/{locale}/main.ftl", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        fluent_syntax::parser::parse(text)
            .unwrap_or_else(|(_, errors)| panic!("{locale}: {errors:?}"))
    }

    fn collect_vars(pattern: &ast::Pattern<String>, out: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let ast::PatternElement::Placeable { expression } = element {
                collect_expression(expression, out);
            }
        }
    }

    fn collect_expression(expression: &ast::Expression<String>, out: &mut BTreeSet<String>) {
        match expression {
            ast::Expression::Select { selector, variants } => {
                collect_inline(selector, out);
                for v in variants {
                    collect_vars(&v.value, out);
                }
            }
            ast::Expression::Inline(inline) => collect_inline(inline, out),
        }
    }

    fn collect_inline(inline: &ast::InlineExpression<String>, out: &mut BTreeSet<String>) {
        match inline {
            ast::InlineExpression::VariableReference { id } => {
                out.insert(id.name.clone());
            }
            ast::InlineExpression::Placeable { expression } => collect_expression(expression, out),
            _ => {}
        }
    }

    /// Message id → the variables it uses.
    fn messages(locale: &str) -> BTreeMap<String, BTreeSet<String>> {
        resource(locale)
            .body
            .iter()
            .filter_map(|e| match e {
                ast::Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(value) = &m.value {
                        collect_vars(value, &mut vars);
                    }
                    Some((m.id.name.clone(), vars))
                }
                _ => None,
            })
            .collect()
    }

    fn message_ids(locale: &str) -> BTreeSet<String> {
        messages(locale).into_keys().collect()
    }

    fn sources(dir: &std::path::Path, out: &mut String) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "js") {
                out.push_str(&std::fs::read_to_string(&path).unwrap());
            }
        }
    }

    #[test]
    fn every_error_code_is_translated_in_every_locale() {
        for locale in LOCALES {
            let ids = message_ids(locale);
            for code in ErrorCode::ALL {
                assert!(
                    ids.contains(&code.fluent_id()),
                    "{locale} lacks {}",
                    code.fluent_id()
                );
            }
        }
    }

    #[test]
    fn every_locale_has_exactly_the_english_messages_with_the_same_variables() {
        let en = messages("en");
        for locale in LOCALES {
            let other = messages(locale);
            let missing: Vec<_> = en.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<_> = other.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{locale}: missing {missing:?}, extra {extra:?}"
            );
            for (id, vars) in &en {
                assert_eq!(
                    &other[id], vars,
                    "{locale}: variables of {id} differ from en"
                );
            }
        }
    }

    #[test]
    fn every_message_is_used_somewhere() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut code = String::new();
        sources(&root.join("src"), &mut code);
        sources(&root.join("../server/src"), &mut code);
        let unused: Vec<String> = message_ids("en")
            .into_iter()
            .filter(|id| !id.starts_with("error-"))
            .filter(|id| !code.contains(&format!("\"{id}\"")))
            .collect();
        assert!(unused.is_empty(), "messages nobody uses: {unused:?}");
        // Error messages are used through ErrorCode::fluent_id; each must map to a code.
        let error_ids: BTreeSet<String> = ErrorCode::ALL.iter().map(|c| c.fluent_id()).collect();
        for id in message_ids("en")
            .into_iter()
            .filter(|id| id.starts_with("error-"))
        {
            assert!(error_ids.contains(&id), "{id} has no ErrorCode");
        }
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let ar = resource("ar");
        let unread = ar
            .body
            .iter()
            .find_map(|e| match e {
                ast::Entry::Message(m) if m.id.name == "conversation-unread" => m.value.clone(),
                _ => None,
            })
            .unwrap();
        let mut keys = BTreeSet::new();
        for element in &unread.elements {
            if let ast::PatternElement::Placeable {
                expression: ast::Expression::Select { variants, .. },
            } = element
            {
                for v in variants {
                    if let ast::VariantKey::Identifier { name } = &v.key {
                        keys.insert(name.clone());
                    }
                }
            }
        }
        let want: BTreeSet<String> = ["zero", "one", "two", "few", "many", "other"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(keys, want, "Arabic needs all six plural categories");
        for (locale, count, expected) in [
            ("ar", 2, "رسالتان غير مقروءتين"),
            ("ar", 3, "3 رسائل غير مقروءة"),
            ("ar", 11, "11 رسالة غير مقروءة"),
            ("en", 1, "1 unread message"),
            ("de", 2, "2 ungelesene Nachrichten"),
            ("ja", 1, "未読 1 件"),
        ] {
            let lang: fluent_templates::LanguageIdentifier = locale.parse().unwrap();
            let mut args = std::collections::HashMap::new();
            args.insert(
                std::borrow::Cow::from("count"),
                fluent_templates::fluent_bundle::FluentValue::from(count),
            );
            let text = TRANSLATIONS.lookup_with_args(&lang, "conversation-unread", &args);
            assert_eq!(
                text.replace(['\u{2068}', '\u{2069}'], ""),
                expected,
                "{locale} {count}"
            );
        }
    }

    fn with_arg(
        locale: &str,
        id: &str,
        name: &'static str,
        value: impl Into<FluentValue<'static>>,
    ) -> String {
        let lang: fluent_templates::LanguageIdentifier = locale.parse().unwrap();
        let args = std::collections::HashMap::from([(std::borrow::Cow::from(name), value.into())]);
        TRANSLATIONS
            .lookup_with_args(&lang, id, &args)
            .replace(['\u{2068}', '\u{2069}'], "")
    }

    use fluent_templates::fluent_bundle::FluentValue;

    #[test]
    fn numbers_in_messages_are_grouped_per_language_and_ids_are_not() {
        for (locale, expected) in [
            ("en", "12,345 entries"),
            ("de", "12.345 Einträge"),
            ("ja", "12,345 件"),
        ] {
            assert_eq!(with_arg(locale, "audit-count", "count", 12_345), expected);
        }
        // Spanish groups only from five digits (CLDR minimum grouping).
        assert!(with_arg("es", "audit-count", "count", 1_234).starts_with("1234 "));
        assert!(with_arg("es", "audit-count", "count", 12_345).starts_with("12.345 "));
        assert!(with_arg("zh-CN", "audit-count", "count", 12_345).contains("12,345"));
        // CLDR's default for `ar` is Latin digits with Arabic-script text
        // (Chromium's Intl says the same, so server and browser agree).
        assert_eq!(
            with_arg("ar", "audit-count", "count", 12_345),
            "عدد السجلات: 12,345"
        );
        // Small numbers and plural selection are unchanged.
        assert_eq!(
            with_arg("en", "conversation-unread", "count", 1),
            "1 unread message"
        );
        // Fractions keep Fluent's own output (no message takes one today).
        assert_eq!(with_arg("en", "audit-count", "count", 2.5), "2.5 entries");
        // Conversation numbers are identifiers: passed as strings, never grouped.
        assert!(with_arg("en", "access-denied", "id", "12345").contains("#12345"));
    }

    #[test]
    fn server_lookup_uses_the_locale_and_falls_back_to_english() {
        assert_eq!(lookup("zh-CN", "widget-launcher"), "在线咨询");
        assert_eq!(lookup("en", "widget-launcher"), "Chat with us");
        assert_eq!(lookup("xx", "widget-launcher"), "Chat with us");
    }
}

#[cfg(test)]
mod catalog_tests {
    use crate::catalog::*;
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
            let mut customers = 0;
            for code in crate::error::ErrorCode::ALL {
                // Staff-only errors stay out of the customer's download.
                assert_eq!(
                    c.has(&code.fluent_id()),
                    !code.staff_only(),
                    "{lang}: {code:?}"
                );
                customers += usize::from(!code.staff_only());
            }
            assert_eq!(c.messages.len(), WIDGET_MESSAGES.len() + customers);
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
                } else {
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
