//! Pure rules: no I/O, no clock reads (`now` is always passed in).

pub mod access;
pub mod api_access;
pub mod attachment;
pub mod audit_review;
pub mod bot;
pub mod calendar;
pub mod case_library;
pub mod compensation;
pub mod complaint;
pub mod html;
pub mod kb;
pub mod mail;
pub mod metrics;
pub mod qa;
pub mod rate;
pub mod retention;
pub mod retry;
pub mod routing;
pub mod setup;
pub mod site;
pub mod sla;
pub mod throttle;
pub mod token;
pub mod tracking;
pub mod webhooks;
