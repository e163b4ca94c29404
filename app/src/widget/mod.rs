//! The customer widget, served at `/widget?site=KEY&host=ORIGIN[&lang=..]`
//! inside the iframe that `embed.js` creates.
//!
//! It keeps the anonymous visitor's signed token and any unacknowledged
//! messages in the iframe origin's local storage, talks to `/ws/visitor`, and
//! only ever posts to the embedding page's origin (`host`).

mod commands;
mod components;
#[cfg(feature = "hydrate")]
mod session;
mod state;

pub use components::WidgetPage;
