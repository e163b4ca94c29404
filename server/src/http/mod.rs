//! HTTP routes, one `router()` per area.

pub mod admin;
pub mod api_v1;
pub mod attachments;
pub mod auth;
pub mod complaints;
pub mod csrf;
pub mod embed;
mod fields;
pub mod form_json;
pub mod guard;
pub mod help;
mod help_feedback;
mod help_page;
pub mod kb;
pub mod mail;
pub mod pages;
pub mod privacy;
pub mod qa;
pub mod reports;
pub mod security;
pub mod setup;
pub mod sites;
pub mod staff;
pub mod webhooks;
pub mod widget;

/// A form body as handlers receive it (unit tests of the form parsers).
#[cfg(test)]
pub(crate) fn test_form(pairs: &[(&str, &str)]) -> std::collections::HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}
