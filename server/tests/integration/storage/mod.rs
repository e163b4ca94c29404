//! The storage conformance suite: every method of every use-case trait of
//! `parley::storage`, checked through `dyn Store` only — never through a
//! backend's own types or SQL — so that a second backend is proven by adding
//! it to [`backends`] and running the same suite.
//!
//! One file per trait (as in `server/src/storage/`), `visibility.rs` for the
//! two rules that exist twice (the access rule in `domain/access.rs` and the
//! inbox predicate in `app/src/inbox.rs`, each mirrored in the backend's
//! queries) as property tests for every role, and `coverage.rs`, which fails
//! when a trait method has no call in this suite.

use std::future::Future;
use std::sync::Arc;

use parley::domain::calendar::CalendarSpec;
use parley::domain::sla::{SlaClock, Target};
use parley::storage::sql::SqlStore;
use parley::storage::{NewConversation, Store, StoredClock, Team};
use parley_app::intake::Facts;
use parley_app::protocol::{ClockKind, Priority, StaffRole};

mod api_keys;
mod attachments;
mod audit;
mod cases;
mod compensation;
mod complaints;
mod conversations;
mod coverage;
mod kb;
mod mail;
mod privacy;
mod qa;
mod reports;
mod routing;
mod sessions;
mod sites;
mod staff;
mod visibility;
mod webhooks;

/// A fresh, empty store of one backend.
pub struct Backend {
    /// For failure messages.
    pub name: &'static str,
    /// The store under test.
    pub store: Arc<dyn Store>,
    /// Keeps the backend's files alive for the test.
    _dir: tempfile::TempDir,
}

/// One fresh store per backend: SQLite in a temporary file, and Postgres in
/// a new database of the test server when there is one
/// ([`crate::common::postgres_database`]).
pub async fn backends() -> Vec<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("conformance.db").display());
    let store: Arc<dyn Store> = Arc::new(SqlStore::open(&url).await.unwrap());
    let mut out = vec![Backend {
        name: "sqlite",
        store,
        _dir: dir,
    }];
    if let Some(url) = crate::common::postgres_database("conformance").await {
        let store: Arc<dyn Store> = Arc::new(SqlStore::open(&url).await.unwrap());
        out.push(Backend {
            name: "postgres",
            store,
            _dir: tempfile::tempdir().unwrap(),
        });
    }
    out
}

/// Runs `check` against a fresh store of every backend; the backend's name
/// is printed first so that a failure says which one broke the contract.
pub async fn each<F, Fut>(check: F)
where
    F: Fn(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    for backend in backends().await {
        eprintln!("backend: {}", backend.name);
        check(backend.store.clone()).await;
    }
}

/// An instant well after the migrations' seed data.
pub const T0: i64 = 1_800_000_000_000;

/// Adds a site `key` with no texts.
pub async fn site(store: &dyn Store, key: &str) {
    store
        .upsert_site(&crate::common::site(key, &format!("Shop {key}")), T0)
        .await
        .unwrap();
}

/// Creates a staff account; its id.
pub async fn agent(store: &dyn Store, email: &str, role: StaffRole, sites: &[&str]) -> i64 {
    let sites: Vec<String> = sites.iter().map(|s| s.to_string()).collect();
    store
        .create_agent(email, email, "$argon2id$stub", role, &sites, T0)
        .await
        .unwrap()
        .id
}

/// Creates a team of `site` with an always-open calendar; its id.
pub async fn team(store: &dyn Store, site: &str, name: &str, supervisor: Option<i64>) -> i64 {
    store
        .upsert_team(&Team {
            id: 0,
            site: site.into(),
            name: name.into(),
            calendar: CalendarSpec {
                time_zone: "UTC".into(),
                shifts: vec![],
                closures: vec![],
            },
            supervisor_id: supervisor,
            on_call_id: None,
        })
        .await
        .unwrap()
}

/// Starts a conversation of a new visitor `visitor` of `site` in `team`;
/// its id.
pub async fn conversation(store: &dyn Store, site: &str, visitor: &str, team: Option<i64>) -> i64 {
    store.touch_visitor(site, visitor, T0).await.unwrap();
    store
        .create_conversation(NewConversation {
            channel: Default::default(),
            site,
            visitor_id: visitor,
            locale: Some("en"),
            time_zone: Some("Europe/Berlin"),
            category: None,
            facts: &Facts::new(),
            priority: Priority::Routine,
            team_id: team,
            now: T0,
        })
        .await
        .unwrap()
        .id
}

/// A running 30-minute clock of `kind` due at `due`, with its warning
/// `warn_before` ms earlier, nothing announced yet.
pub fn running_clock(kind: ClockKind, due: i64, warn_before: i64) -> StoredClock {
    StoredClock {
        clock: SlaClock::start(kind, Target::Minutes(30), due - 1_800_000),
        due_at: Some(due),
        warn_at: Some(due - warn_before),
        warned: false,
        alerted: false,
    }
}
