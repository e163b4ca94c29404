//! Fluent wiring: every user-visible string of the widget, the desk and the
//! embed loader comes from `app/locales/<lang>/main.ftl`.
//!
//! The same compiled-in resources serve the WASM client (through
//! leptos-fluent) and the server (through [`lookup`], e.g. for `embed.js`).

use fluent_templates::{Loader, static_loader};
use leptos::prelude::*;
use leptos_fluent::leptos_fluent;

use crate::error::ErrorCode;

static_loader! {
    pub static TRANSLATIONS = {
        locales: "./locales",
        fallback_language: "en",
    };
}

/// Locales shipped in this build, as BCP 47 tags.
pub const LOCALES: &[&str] = &["en", "zh-CN"];

/// Provides the i18n context to `children`.
#[component]
pub fn I18nProvider(children: Children) -> impl IntoView {
    leptos_fluent! {
        children: children(),
        translations: [TRANSLATIONS],
        locales: "./locales",
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

/// Translates an error code in the active language.
pub fn error_text(code: ErrorCode) -> String {
    expect_context::<leptos_fluent::I18n>().tr(&code.fluent_id())
}

/// The active language tag, e.g. `zh-CN`.
pub fn active_language() -> String {
    expect_context::<leptos_fluent::I18n>()
        .language
        .get()
        .id
        .to_string()
}

/// Server-side lookup outside a Leptos context (e.g. for `embed.js`).
pub fn lookup(locale: &str, id: &str) -> String {
    let lang = locale
        .parse()
        .unwrap_or_else(|_| fluent_templates::LanguageIdentifier::default());
    TRANSLATIONS.lookup(&lang, id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn message_ids(locale: &str) -> BTreeSet<String> {
        let path = format!("{}/locales/{locale}/main.ftl", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(text.as_str()).unwrap();
        resource
            .body
            .iter()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
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
    fn every_locale_has_exactly_the_english_messages() {
        let en = message_ids("en");
        for locale in LOCALES {
            assert_eq!(message_ids(locale), en, "{locale} differs from en");
        }
    }

    #[test]
    fn server_lookup_uses_the_locale_and_falls_back_to_english() {
        assert_eq!(lookup("zh-CN", "widget-launcher"), "在线咨询");
        assert_eq!(lookup("en", "widget-launcher"), "Chat with us");
        assert_eq!(lookup("xx", "widget-launcher"), "Chat with us");
    }
}
