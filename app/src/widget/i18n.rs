//! The widget's messages: the Fluent messages it shows, in one language at a
//! time. The server puts the reader's language in the widget page (see
//! [`WIDGET_MESSAGES`] and `i18n::widget_messages`), and the widget fetches
//! another one from `/widget/messages?lang=` only when the customer switches.
//! So the bundle carries neither the other five languages nor the desk's
//! messages, and nothing of leptos-fluent.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

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

/// One language's widget messages, ready to format.
pub struct Catalog {
    bundle: FluentBundle<FluentResource>,
    lang: String,
}

impl Catalog {
    /// Parses `ftl` (the widget's messages in `lang`). Entries Fluent cannot
    /// parse are skipped (their ids then show as themselves); `None` when
    /// `lang` is not a language tag.
    pub fn parse(lang: &str, ftl: String) -> Option<Catalog> {
        let id: fluent_templates::LanguageIdentifier = lang.parse().ok()?;
        let resource = FluentResource::try_new(ftl).unwrap_or_else(|(partial, _)| partial);
        let mut bundle = FluentBundle::new(vec![id]);
        bundle.set_formatter(Some(crate::i18n::format_number));
        // Only duplicate ids fail here; the first definition is kept.
        let _ = bundle.add_resource(resource);
        Some(Catalog {
            bundle,
            lang: lang.to_owned(),
        })
    }

    /// The catalog's language tag, e.g. `zh-CN`.
    pub fn language(&self) -> &str {
        &self.lang
    }

    /// The message `id` with `args`; the id itself when it is missing.
    pub fn format(&self, id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let args = (!args.is_empty()).then(|| {
            let mut out = FluentArgs::with_capacity(args.len());
            for (name, value) in args {
                out.set(*name, value.clone());
            }
            out
        });
        let mut errors = Vec::new();
        self.bundle
            .format_pattern(pattern, args.as_ref(), &mut errors)
            .into_owned()
    }
}

/// The active catalog. A switch of language refreshes the page, so every
/// text binding reads the new language.
#[cfg(feature = "widget-only")]
mod active {
    use std::cell::RefCell;

    use fluent_bundle::FluentValue;

    use super::Catalog;

    thread_local! {
        static CATALOG: RefCell<Option<Catalog>> = const { RefCell::new(None) };
    }

    /// Makes `catalog` the active one.
    pub fn install(catalog: Catalog) {
        CATALOG.with(|c| *c.borrow_mut() = Some(catalog));
        crate::widget::dom::refresh();
    }

    /// The active language tag (`en` before any).
    pub fn language() -> String {
        CATALOG.with(|c| {
            c.borrow()
                .as_ref()
                .map_or_else(|| "en".to_owned(), |c| c.language().to_owned())
        })
    }

    /// The message `id` in the active language.
    pub fn format(id: &str, args: &[(&'static str, FluentValue<'static>)]) -> String {
        CATALOG.with(|c| {
            c.borrow()
                .as_ref()
                .map_or_else(|| id.to_owned(), |c| c.format(id, args))
        })
    }

    /// Fetches `tag`'s messages and makes them active.
    pub fn switch(tag: &'static str) {
        if language() == tag {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let url = format!("/widget/messages?lang={tag}");
            if let Some(ftl) = crate::client::fetch_text(&url).await
                && let Some(catalog) = Catalog::parse(tag, ftl)
            {
                install(catalog);
            }
        });
    }
}

#[cfg(feature = "widget-only")]
pub use active::{format, install, language, switch};

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog(lang: &str) -> Catalog {
        Catalog::parse(lang, crate::i18n::widget_messages(lang)).unwrap()
    }

    fn plain(s: String) -> String {
        s.replace(['\u{2068}', '\u{2069}'], "")
    }

    #[test]
    fn every_locale_has_every_widget_message_and_error() {
        for lang in crate::locale::SHIPPED {
            let c = catalog(lang);
            for id in WIDGET_MESSAGES {
                assert!(c.bundle.has_message(id), "{lang} lacks {id}");
            }
            for code in crate::error::ErrorCode::ALL {
                assert!(c.bundle.has_message(&code.fluent_id()), "{lang}: {code:?}");
            }
        }
    }

    #[test]
    fn the_widget_page_carries_only_widget_messages() {
        let ftl = crate::i18n::widget_messages("en");
        assert!(
            !ftl.contains("desk-"),
            "desk messages leaked into the widget"
        );
        let c = catalog("en");
        assert_eq!(c.format("desk-title", &[]), "desk-title");
        let full = crate::i18n::source("en").unwrap();
        assert!(
            ftl.len() * 2 < full.len(),
            "{} of {} bytes",
            ftl.len(),
            full.len()
        );
    }

    #[test]
    fn formats_arguments_plurals_and_missing_ids() {
        let en = catalog("en");
        assert_eq!(
            plain(en.format("widget-rating-star", &[("score", 4.into())])),
            plain(crate::i18n::lookup_args(
                "en",
                "widget-rating-star",
                &[("score", 4.into())]
            ))
        );
        assert_eq!(en.format("no-such-message", &[]), "no-such-message");
        let ar = catalog("ar");
        for n in [0, 1, 2, 3, 11, 100] {
            assert_eq!(
                plain(ar.format(
                    "widget-queue-position",
                    &[("position", n.into()), ("waiting", n.into())]
                )),
                plain(crate::i18n::lookup_args(
                    "ar",
                    "widget-queue-position",
                    &[("position", n.into()), ("waiting", n.into())]
                )),
                "ar {n}"
            );
        }
    }

    #[test]
    fn a_broken_entry_spoils_only_itself() {
        let c =
            Catalog::parse("en", "good = Fine\nbad = { $x\nlater = Also fine\n".into()).unwrap();
        assert_eq!(c.format("good", &[]), "Fine");
        assert_eq!(c.format("later", &[]), "Also fine");
        assert!(Catalog::parse("not a tag!", String::new()).is_none());
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
