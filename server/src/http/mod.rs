//! HTTP routes, one `router()` per area.

pub mod auth;
pub mod embed;
