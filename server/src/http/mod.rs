//! HTTP routes, one `router()` per area.

pub mod admin;
pub mod attachments;
pub mod auth;
pub mod embed;
pub mod staff;
