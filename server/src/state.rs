//! Shared server state handed to every handler.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use parley_app::api::SiteDirectory;

use crate::domain::rate::{TokenBucket, VisitorFrameKind};
use crate::domain::throttle::{AccountFailures, FailureWindow};
use crate::events::Hub;
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
    /// Where uploaded files are kept (outside the web root).
    pub attachments_dir: std::path::PathBuf,
    /// Keys sealing secrets and personal data at rest.
    pub keyring: crate::security::seal::Keyring,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: crate::security::client_addr::TrustedProxies,
    /// Bytes of customers' files each site may hold.
    pub site_storage_bytes: i64,
    /// Whether the demo site's host page `/demo` is served.
    pub demo: bool,
    /// Whether webhook endpoints may be on internal addresses.
    pub webhook_allow_private: bool,
    /// E-mail as a channel.
    pub mail: MailSettings,
}

/// E-mail as a channel: where mail goes out and which domain Parley's
/// addresses are on.
#[derive(Debug, Clone)]
pub struct MailSettings {
    /// The relay (`PARLEY_SMTP_URL`); `None`: no mail is sent.
    pub smtp_url: Option<String>,
    /// The domain of the sites' support and the conversations' reply
    /// addresses (`PARLEY_MAIL_DOMAIN`).
    pub domain: String,
    /// How long a reply waits before it is mailed (Unix ms).
    pub grace_ms: i64,
    /// The mailbox inbound mail is collected from (`PARLEY_IMAP_URL`);
    /// `None`: not polled.
    pub imap_url: Option<String>,
    /// How often it is polled (ms).
    pub imap_poll_ms: i64,
    /// Certificates (PEM) trusted beside the web's roots for the relay and
    /// the mailbox (`PARLEY_MAIL_CA`: a private mail server's CA).
    pub ca_pem: Option<Vec<u8>>,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            smtp_url: None,
            domain: "localhost".into(),
            grace_ms: crate::domain::mail::DEFAULT_GRACE_MS,
            imap_url: None,
            imap_poll_ms: 30_000,
            ca_pem: None,
        }
    }
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
    /// Allowed origins per enabled site (for `frame-ancestors`).
    pub site_origins: Arc<std::sync::RwLock<HashMap<String, Vec<String>>>>,
    /// The store's site change mark the directory was loaded at.
    pub sites_loaded: Arc<std::sync::atomic::AtomicI64>,
    /// The time source (wall clock, or a manual one in tests).
    pub clock: Clock,
    /// Message rate limits per visitor.
    pub visitor_rates: Arc<Mutex<HashMap<String, TokenBucket>>>,
    /// New conversations per visitor token and new visitor tokens per address.
    pub creation_rates: Arc<Mutex<HashMap<String, TokenBucket>>>,
    /// Recent failed sign-ins per source (address or trusted device).
    pub sign_in_failures: Arc<Mutex<HashMap<String, FailureWindow>>>,
    /// Failures of e-mails that name no account (see
    /// [`crate::domain::throttle::AccountFailures`]).
    pub unknown_accounts: Arc<Mutex<HashMap<String, AccountFailures>>>,
    /// One sign-in step at a time per e-mail: check the lock, verify, count
    /// — so parallel guesses see each other's failures.
    pub account_turns: Arc<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>>,
    /// Uploads being received at once (each holds a file handle and a
    /// connection); beyond, `rate_limited`.
    pub uploads: Arc<tokio::sync::Semaphore>,
    /// Where Argon2 runs: a few threads and a bounded queue, so memory
    /// stays bounded under a flood of sign-ins.
    pub hashing: crate::security::hashing::HashPool,
    /// Open desk sockets per agent: an agent is reachable (and routable)
    /// while at least one is connected.
    pub desks: Arc<Mutex<HashMap<i64, u32>>>,
    /// Serialises routing rounds so two never hand out the same seat.
    pub routing: Arc<tokio::sync::Mutex<()>>,
    /// Sites with a round asked for that has not started yet: a burst of
    /// new conversations makes one more round, not one each (the waiting
    /// round reads the queue when it starts, so it sees them all).
    pub routing_pending: Arc<Mutex<std::collections::HashSet<String>>>,
    /// Conversations whose list entry and case panel are still to be
    /// published after a step (by `case_panel::publish_cases`); `None`
    /// publishes inline.
    pub case_updates: Option<tokio::sync::mpsc::UnboundedSender<crate::events::CaseUpdate>>,
    /// The other nodes on the same Postgres database (`None`: this node is
    /// alone, as with SQLite).
    pub cluster: Option<Arc<crate::cluster::Cluster>>,
    /// Each site's SLA targets, teams and topics as every step reads them.
    pub site_rules: Arc<SiteRulesCache>,
    /// Wakes the webhook job (a delivery queued to go now).
    pub webhook_wake: Arc<tokio::sync::Notify>,
    /// Every site's published articles, searchable.
    pub kb: Arc<crate::search::KbIndex>,
    /// The knowledge base's change-feed position the index reflects.
    pub kb_mark: Arc<std::sync::atomic::AtomicI64>,
    /// Every site's case library, searchable the same way.
    pub cases: Arc<crate::search::KbIndex>,
    /// The case library's change-feed position that index reflects.
    pub cases_mark: Arc<std::sync::atomic::AtomicI64>,
    /// Leptos settings.
    pub leptos: LeptosOptions,
}

impl AppState {
    /// State around `store` with empty per-process tables (rate limits,
    /// sign-in throttles, open desks) and no background publisher for case
    /// updates (they are published inline until [`AppState::case_updates`]
    /// is set).
    pub fn new(
        store: Arc<dyn Store>,
        settings: Settings,
        clock: Clock,
        hub_capacity: usize,
        leptos: LeptosOptions,
        (kb, cases): (Arc<crate::search::KbIndex>, Arc<crate::search::KbIndex>),
    ) -> AppState {
        AppState {
            store,
            hub: Arc::new(Hub::with_capacity(hub_capacity)),
            settings: Arc::new(settings),
            sites: Default::default(),
            site_origins: Default::default(),
            sites_loaded: Default::default(),
            clock,
            visitor_rates: Default::default(),
            creation_rates: Default::default(),
            sign_in_failures: Default::default(),
            unknown_accounts: Default::default(),
            account_turns: Default::default(),
            uploads: Arc::new(tokio::sync::Semaphore::new(MAX_CONCURRENT_UPLOADS)),
            webhook_wake: Default::default(),
            kb,
            kb_mark: Default::default(),
            cases,
            cases_mark: Default::default(),
            hashing: crate::security::hashing::HashPool::new(
                MAX_CONCURRENT_HASHES,
                MAX_WAITING_HASHES,
            ),
            desks: Default::default(),
            routing: Default::default(),
            routing_pending: Default::default(),
            case_updates: None,
            cluster: None,
            site_rules: Default::default(),
            leptos,
        }
    }
}

/// A site's configuration that every workflow step reads: its SLA targets,
/// regional teams (with their calendars) and topics.
#[derive(Debug, Clone)]
pub struct SiteRules {
    /// Response and resolution targets.
    pub policy: crate::domain::sla::SlaPolicy,
    /// Regional teams.
    pub teams: Vec<crate::storage::Team>,
    /// Topics, each with its team and skill.
    pub categories: Vec<crate::storage::CategoryRecord>,
}

/// [`SiteRules`] per site, read from storage once and dropped whenever the
/// site directory reloads: at once after a setup change on this node,
/// within the directory's follow interval after one on another node.
#[derive(Debug, Default)]
pub struct SiteRulesCache {
    entries: std::sync::RwLock<HashMap<String, Arc<SiteRules>>>,
    /// Moves on at every drop: rules read before it are not kept.
    generation: std::sync::atomic::AtomicU64,
}

impl SiteRulesCache {
    /// The rules of `site`, if read since the last drop.
    pub fn get(&self, site: &str) -> Option<Arc<SiteRules>> {
        self.entries.read().ok().and_then(|e| e.get(site).cloned())
    }

    /// The generation to pass to [`SiteRulesCache::keep`] (read it before
    /// reading the rules).
    pub fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Keeps `rules` of `site`, read at `generation` — unless the cache was
    /// dropped meanwhile (they may predate the change).
    pub fn keep(&self, site: &str, rules: Arc<SiteRules>, generation: u64) {
        if let Ok(mut e) = self.entries.write()
            && self.generation() == generation
        {
            e.insert(site.to_owned(), rules);
        }
    }

    /// Drops every site's rules (their configuration changed).
    pub fn drop_all(&self) {
        if let Ok(mut e) = self.entries.write() {
            self.generation
                .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            e.clear();
        }
    }
}

/// Uploads received at once, at most.
pub const MAX_CONCURRENT_UPLOADS: usize = 16;
/// Most Argon2 hashes computed at once (each takes ~19 MiB).
pub const MAX_CONCURRENT_HASHES: usize = 2;
/// Most sign-ins waiting for a hash; beyond, `too_many_attempts`.
pub const MAX_WAITING_HASHES: usize = 64;

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos.clone()
    }
}

/// Where the server reads the time. Domain code never reads it: services
/// pass `now` in. Tests use [`Clock::manual`] to drive SLA deadlines without
/// sleeping.
#[derive(Clone, Default)]
pub struct Clock {
    manual: Option<Arc<ManualClock>>,
}

/// A clock that only moves when told to.
#[derive(Debug, Default)]
pub struct ManualClock {
    now: std::sync::atomic::AtomicI64,
    changed: tokio::sync::Notify,
}

impl ManualClock {
    /// Sets the time (Unix ms) and wakes whoever waits on the clock.
    pub fn set(&self, now: i64) {
        self.now.store(now, std::sync::atomic::Ordering::SeqCst);
        self.changed.notify_waiters();
    }

    /// Moves the time forward.
    pub fn advance(&self, ms: i64) {
        self.now.fetch_add(ms, std::sync::atomic::Ordering::SeqCst);
        self.changed.notify_waiters();
    }

    /// The current manual time.
    pub fn get(&self) -> i64 {
        self.now.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Clock {
    /// A clock driven by `manual`.
    pub fn manual(manual: Arc<ManualClock>) -> Self {
        Clock {
            manual: Some(manual),
        }
    }

    /// Now, Unix ms.
    pub fn now(&self) -> i64 {
        match &self.manual {
            Some(m) => m.get(),
            None => now_ms(),
        }
    }

    /// Resolves when `deadline` (Unix ms) is reached, or earlier when a
    /// manual clock moves (callers re-check), or after `max_wait_ms` of real time.
    pub async fn sleep_until(&self, deadline: Option<i64>, max_wait_ms: i64) {
        let now = self.now();
        let wait = deadline.map_or(max_wait_ms, |d| (d - now).clamp(0, max_wait_ms));
        let sleep = tokio::time::sleep(std::time::Duration::from_millis(wait.max(0) as u64));
        match &self.manual {
            Some(m) => {
                tokio::select! {
                    () = sleep => {}
                    () = m.changed.notified() => {}
                }
            }
            None => sleep.await,
        }
    }
}

/// Wall-clock time, Unix milliseconds. Only [`Clock`] and start-up code read it.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

impl AppState {
    /// The origins `site`'s pages may be served from (empty: none allowed).
    pub fn allowed_origins(&self, site: &str) -> Vec<String> {
        self.site_origins
            .read()
            .ok()
            .and_then(|m| m.get(site).cloned())
            .unwrap_or_default()
    }

    /// The client's address as text: the socket's peer, or behind a trusted
    /// reverse proxy the address it forwarded (see
    /// [`crate::security::client_addr`]).
    pub fn client_ip(&self, peer: std::net::SocketAddr, headers: &axum::http::HeaderMap) -> String {
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        self.settings
            .trusted_proxies
            .client(peer.ip(), &forwarded)
            .to_string()
    }

    /// Takes a token from `visitor_id`'s message bucket.
    pub fn allow_visitor_message(&self, visitor_id: &str, now: i64) -> bool {
        self.allow_visitor_frame(visitor_id, VisitorFrameKind::Send, now)
    }

    /// Takes a token from `visitor_id`'s bucket for frames of `kind` (kept
    /// across reconnects: the visitor, not the socket, has the budget).
    pub fn allow_visitor_frame(&self, visitor_id: &str, kind: VisitorFrameKind, now: i64) -> bool {
        let mut rates = self.visitor_rates.lock().unwrap_or_else(|p| p.into_inner());
        if rates.len() > 50_000 {
            rates.retain(|_, b| now - b.last_used() < 60_000);
        }
        let key = if kind == VisitorFrameKind::Send {
            visitor_id.to_owned()
        } else {
            format!("{}:{visitor_id}", kind.as_str())
        };
        rates
            .entry(key)
            .or_insert_with(|| TokenBucket::for_frame(kind, now))
            .try_take(now)
    }

    /// Takes a token from the creation bucket `key` (made by `new` if absent).
    pub fn allow_creation(&self, key: &str, now: i64, new: fn(i64) -> TokenBucket) -> bool {
        let mut rates = self
            .creation_rates
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if rates.len() > 50_000 {
            rates.retain(|_, b| now - b.last_used() < 3_600_000);
        }
        rates
            .entry(key.to_owned())
            .or_insert_with(|| new(now))
            .try_take(now)
    }

    /// A sign-in attempt from `source`, counted as a failure before it is
    /// verified; `Err(retry_after_ms)` while the source must wait.
    pub fn sign_in_attempt(&self, source: &str, now: i64) -> Result<(), i64> {
        let mut map = self
            .sign_in_failures
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, w| !w.is_idle(now));
        }
        map.entry(source.to_owned()).or_default().attempt(now)
    }

    /// An attempt of `source` turned out right but is not a sign-in yet
    /// (the code is still due): it no longer counts as a failure.
    pub fn sign_in_forgive(&self, source: &str) {
        let mut map = self
            .sign_in_failures
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if let Some(w) = map.get_mut(source) {
            w.forgive();
        }
    }

    /// Waits for the sign-in turn of `email` (see [`AppState::account_turns`]).
    pub async fn account_turn(&self, email: &str) -> tokio::sync::OwnedMutexGuard<()> {
        let turn = {
            let mut map = self.account_turns.lock().unwrap_or_else(|p| p.into_inner());
            if map.len() > 1_000 {
                map.retain(|_, t| Arc::strong_count(t) > 1);
            }
            map.entry(email.to_lowercase()).or_default().clone()
        };
        turn.lock_owned().await
    }

    /// Whether the unknown e-mail `email` answers "locked" at `now`.
    pub fn unknown_locked(&self, email: &str, now: i64) -> bool {
        let map = self
            .unknown_accounts
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        map.get(&email.to_lowercase())
            .is_some_and(|f| f.locked(now))
    }

    /// Counts a failure of the unknown e-mail `email`.
    pub fn unknown_failed(&self, email: &str, now: i64) {
        let mut map = self
            .unknown_accounts
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if map.len() > 10_000 {
            map.retain(|_, f| !f.is_stale(now));
        }
        map.entry(email.to_lowercase()).or_default().fail(now);
    }

    /// A source signed in: its failures are forgiven.
    pub fn sign_in_succeeded(&self, source: &str) {
        let mut map = self
            .sign_in_failures
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        map.remove(source);
    }

    /// Counts a desk socket of `agent_id`; `true` when it is their first.
    pub fn desk_connected(&self, agent_id: i64) -> bool {
        let mut desks = self.desks.lock().unwrap_or_else(|p| p.into_inner());
        let n = desks.entry(agent_id).or_insert(0);
        *n += 1;
        let first = *n == 1;
        drop(desks);
        if first && let Some(c) = &self.cluster {
            c.presence_changed();
        }
        first
    }

    /// Forgets a desk socket of `agent_id`; `true` when it was their last.
    pub fn desk_disconnected(&self, agent_id: i64) -> bool {
        let mut desks = self.desks.lock().unwrap_or_else(|p| p.into_inner());
        match desks.get_mut(&agent_id) {
            Some(n) if *n > 1 => {
                *n -= 1;
                false
            }
            Some(_) => {
                desks.remove(&agent_id);
                drop(desks);
                if let Some(c) = &self.cluster {
                    c.presence_changed();
                }
                true
            }
            None => false,
        }
    }

    /// Whether a desk of `agent_id` is connected, here or on another node.
    pub fn is_connected(&self, agent_id: i64) -> bool {
        let here = self
            .desks
            .lock()
            .map(|d| d.contains_key(&agent_id))
            .unwrap_or(false);
        here || self
            .cluster
            .as_ref()
            .is_some_and(|c| c.remote_desk(agent_id))
    }

    /// Whether any desk is connected, here or on another node.
    pub fn any_desk_connected(&self) -> bool {
        let here = self.desks.lock().map(|d| !d.is_empty()).unwrap_or(false);
        here || self.cluster.as_ref().is_some_and(|c| c.any_remote_desk())
    }

    /// This node's turn at `job` if no other node is at it now (`None`:
    /// skip this round, another node does it).
    pub async fn take_turn(&self, job: crate::cluster::Job) -> Option<crate::cluster::Turn> {
        match &self.cluster {
            None => Some(crate::cluster::Turn::alone()),
            Some(c) => c.exclusive(job).await.map(crate::cluster::Turn::held),
        }
    }

    /// Waits for this node's turn at `job` (work that must happen).
    pub async fn wait_turn(
        &self,
        job: crate::cluster::Job,
    ) -> Result<crate::cluster::Turn, crate::storage::StoreError> {
        match &self.cluster {
            None => Ok(crate::cluster::Turn::alone()),
            Some(c) => c
                .serialise(job)
                .await
                .map(crate::cluster::Turn::held)
                .map_err(|e| crate::storage::StoreError::Backend(e.to_string())),
        }
    }
}
