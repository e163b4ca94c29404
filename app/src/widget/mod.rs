//! The customer widget, served at `/widget?site=KEY&host=ORIGIN[&langs=..]`
//! inside the iframe that `embed.js` creates.
//!
//! The server answers that address with a small page carrying the site's
//! configuration and the reader's messages ([`crate::api::WidgetBoot`]; the
//! embedding page's origin is in the address);
//! this module's own WASM bundle (feature `widget-only`, built by `run.sh`)
//! renders the widget from them in the browser. It keeps the anonymous
//! visitor's signed token and any unacknowledged messages in the iframe
//! origin's local storage, talks to `/ws/visitor`, and only ever posts to the
//! embedding page's origin (`host`).

#[cfg(feature = "widget-only")]
pub(crate) mod i18n;
#[cfg(feature = "widget-only")]
mod language;

#[cfg(feature = "widget-only")]
mod commands;
#[cfg(feature = "widget-only")]
mod components;
#[cfg(feature = "widget-only")]
pub(crate) mod dom;
#[cfg(feature = "widget-only")]
mod session;
#[cfg(feature = "widget-only")]
mod state;

/// Entry point of the widget's WASM: reads what the page carries, makes its
/// messages active and builds the widget.
#[cfg(feature = "widget-only")]
#[wasm_bindgen::prelude::wasm_bindgen(start)]
pub fn start() {
    let Some(boot) = crate::client::boot_data::<crate::api::WidgetBoot>("parley-boot") else {
        return;
    };
    i18n::install(boot.messages);
    let config = boot.config;
    // The embedding page's origin: the only one the widget posts to.
    let host = crate::client::query_param("host").unwrap_or_default();
    crate::client::set_accent(&config.accent);
    state::write(|s| {
        s.config = config;
        s.host = host;
    });
    components::mount();
    // The document follows the language: title, `lang` and direction.
    dom::root().bind(|| {
        let locale = i18n::language();
        crate::client::set_document_language(
            &i18n::format("widget-title", &[]),
            &locale,
            crate::locale::is_rtl(&locale),
        );
    });
}
