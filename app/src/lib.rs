//! Parley's browser side and everything the browser shares with the server.
//!
//! * [`protocol`], [`error`], [`timeline`]: the websocket protocol, error codes
//!   and resume rules — pure, used by the WASM clients, the server and tests.
//! * [`desk`]: Leptos pages (SSR + hydrate); [`widget`]: the customer widget
//!   (rendered in the browser only); [`components`]: pieces both use.
//! * [`i18n`]: Fluent resources for every visible string; [`locale`]: which
//!   locale a reader gets (pure, shared by SSR and hydration).
//! * `client` (feature `hydrate`): browser websocket and storage plumbing.

#![recursion_limit = "256"]

pub mod api;
#[cfg(not(feature = "widget-only"))]
pub mod app;
pub mod canned;
pub mod catalog;
#[cfg(feature = "browser")]
pub mod client;
pub mod compensation;
pub mod complaints;
pub mod compliance;
pub mod components;
#[cfg(not(feature = "widget-only"))]
pub mod desk;
pub mod error;
pub mod fees;
pub mod i18n;
pub mod inbox;
pub mod intake;
pub mod kb;
pub mod lifecycle;
pub mod locale;
pub mod notices;
pub mod protocol;
pub mod qa;
pub mod rating;
pub mod redact;
pub mod reports;
pub mod timeline;
pub mod tracking;
pub mod widget;

/// Entry point of the staff desk's WASM bundle.
#[cfg(all(feature = "hydrate", not(feature = "widget-only")))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
