//! Shared server state handed to every handler.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use parley_app::api::SiteDirectory;

use crate::domain::rate::TokenBucket;
use crate::realtime::hub::Hub;
use crate::storage::Store;

/// Values fixed at start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `scheme://host:port` where the widget and desk are served.
    pub public_origin: String,
    /// A second loopback name for the same server (`localhost` ↔ `127.0.0.1`),
    /// so the demo host page is a different origin from the widget.
    pub demo_origin: Option<String>,
    /// Key for visitor tokens.
    pub secret: Vec<u8>,
    /// Whether cookies get `Secure`.
    pub secure_cookies: bool,
}

/// Everything a handler needs.
#[derive(Clone)]
pub struct AppState {
    /// Persistence.
    pub store: Arc<dyn Store>,
    /// Live fan-out.
    pub hub: Arc<Hub>,
    /// Fixed settings.
    pub settings: Arc<Settings>,
    /// Widget configuration per site, for the pages.
    pub sites: SiteDirectory,
    /// Allowed origins per site (for `frame-ancestors`).
    pub site_origins: Arc<std::sync::RwLock<HashMap<String, Vec<String>>>>,
    /// Message rate limits per visitor.
    pub visitor_rates: Arc<Mutex<HashMap<String, TokenBucket>>>,
    /// Leptos settings.
    pub leptos: LeptosOptions,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// Wall-clock time, Unix milliseconds. The only clock read in the server;
/// domain code receives `now` from here.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl AppState {
    /// Takes a token from `visitor_id`'s bucket.
    pub fn allow_visitor_message(&self, visitor_id: &str, now: i64) -> bool {
        let Ok(mut rates) = self.visitor_rates.lock() else {
            return false;
        };
        if rates.len() > 10_000 {
            rates.retain(|_, b| now - b.last_used() < 60_000);
        }
        rates
            .entry(visitor_id.to_owned())
            .or_insert_with(|| TokenBucket::for_visitor(now))
            .try_take(now)
    }
}
