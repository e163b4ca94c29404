//! The Parley server: axum + Leptos SSR, the websocket hub, storage.
//!
//! `main.rs` only parses [`config::Config`] and calls [`run`], which tests call
//! too, on port 0 with a temporary SQLite file.

pub mod cluster;
pub mod config;
pub mod domain;
pub mod error;
pub mod events;
pub mod http;
pub mod realtime;
pub mod search;
pub mod security;
pub mod serve;
pub mod services;
pub mod smtp;
pub mod state;
pub mod storage;

use std::future::Future;
use std::sync::Arc;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, file_and_error_handler, generate_route_list};
use parley_app::app::{App, shell};
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;

use crate::config::Config;
use crate::services::bootstrap::{self, BootstrapError};
use crate::state::{AppState, Settings};
use crate::storage::sql::SqlStore;

/// The other loopback name for `origin`, so a demo page can be cross-origin.
pub fn alternate_loopback(origin: &str) -> Option<String> {
    if origin.contains("://127.0.0.1") {
        Some(origin.replacen("://127.0.0.1", "://localhost", 1))
    } else if origin.contains("://localhost") {
        Some(origin.replacen("://localhost", "://127.0.0.1", 1))
    } else {
        None
    }
}

/// Builds state, applies migrations, seeds first-start data and serves until
/// `shutdown` resolves.
pub async fn run(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), BootstrapError> {
    let local = listener.local_addr()?;
    let public_origin = config
        .public_url
        .clone()
        .map(|u| u.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| format!("http://{local}"));
    // Keys, the database and customers' files live here: 0700, files 0600.
    security::files::private_dir(&config.data_dir)?;
    // One server per data directory; `parley restore` waits for it to stop.
    let _lock = services::backup::lock(&config.data_dir)
        .map_err(|e| BootstrapError::Config(e.to_string()))?;
    let store = open_store(&config).await?;
    let settings = settings(&config, public_origin)?;
    bootstrap::seed(store.as_ref(), &config, &settings).await?;
    let leptos = LeptosOptions::builder()
        .output_name(config.output_name.clone())
        .site_root(config.site_root.clone())
        .site_pkg_dir(config.site_pkg_dir.clone())
        .site_addr(local)
        .build();
    let clock = config
        .clock
        .clone()
        .map(state::Clock::manual)
        .unwrap_or_default();
    let ja = ja_dictionary(&config);
    let index = || {
        search::KbIndex::new(&ja)
            .map(Arc::new)
            .map_err(|e| BootstrapError::Config(e.to_string()))
    };
    let (kb, cases) = (index()?, index()?);
    let mut state = AppState::new(
        store.clone(),
        settings,
        clock,
        config.hub_capacity,
        leptos,
        (kb, cases),
    );
    // On Postgres, other nodes may serve the same sites: live events,
    // presence and job turns go through the database.
    let mut cluster_tasks = Vec::new();
    if store.backend() == storage::sql::Backend::Postgres {
        let (cluster, tasks) = cluster::Cluster::join(
            &config.database_url(),
            state.hub.clone(),
            state.desks.clone(),
        )
        .await
        .map_err(|e| BootstrapError::Config(format!("joining the cluster: {e}")))?;
        state.cluster = Some(cluster);
        cluster_tasks = tasks;
    }
    let (case_tx, case_rx) = tokio::sync::mpsc::unbounded_channel();
    // Other nodes' panel changes are built here for this node's desks.
    state.hub.panel_updates(case_tx.clone());
    state.case_updates = Some(case_tx);
    services::site_directory::reload(&state).await?;
    services::kb::load(&state).await?;
    services::case_library::load(&state).await?;
    let jobs = services::jobs::Jobs::start(&state, case_rx);
    let smtp = match config.smtp_listen {
        Some(addr) => {
            let listener = TcpListener::bind(addr).await?;
            tracing::info!(addr = %listener.local_addr()?, domain = %state.settings.mail.domain, "Parley receiving mail");
            Some(smtp::start(state.clone(), listener))
        }
        None => None,
    };

    tracing::info!(%local, "Parley listening");
    serve::serve(listener, app(state), shutdown).await;
    drop(jobs);
    if let Some(smtp) = smtp {
        smtp.abort();
    }
    for task in cluster_tasks {
        task.abort();
    }
    store.close().await;
    Ok(())
}

/// The Japanese dictionary: `PARLEY_JA_DICT`, else the one `./run.sh`
/// fetches, else none (Japanese is then cut into character pairs).
fn ja_dictionary(config: &Config) -> search::JaDictionary {
    let folder = config.ja_dictionary.clone().or_else(|| {
        let fetched = std::path::PathBuf::from(".tools/ipadic/dict");
        fetched.join("matrix.def").exists().then_some(fetched)
    });
    match folder {
        Some(f) => search::JaDictionary::at(f),
        None => {
            tracing::warn!(
                "no Japanese dictionary (PARLEY_JA_DICT): Japanese search cuts text into character pairs"
            );
            search::JaDictionary::none()
        }
    }
}

/// The database `DATABASE_URL` names (`sqlite:` or `postgres:`), migrated.
async fn open_store(config: &Config) -> Result<Arc<SqlStore>, BootstrapError> {
    let database_url = config.database_url();
    if storage::sql::Backend::of(&database_url).is_none() {
        return Err(BootstrapError::Config(format!(
            "unsupported DATABASE_URL scheme (sqlite or postgres): {}",
            database_url.split(':').next().unwrap_or("")
        )));
    }
    if let Ok(db) = services::backup::sqlite_path(&database_url) {
        security::files::ensure_private_file(&db)?;
    }
    Ok(Arc::new(SqlStore::open(&database_url).await?))
}

/// The fixed settings: keys (loaded or created in the data directory),
/// origins, trusted proxies, limits.
fn settings(config: &Config, public_origin: String) -> Result<Settings, BootstrapError> {
    let secret = bootstrap::load_secret(config.secret.as_deref(), &config.data_dir)?;
    let keyring = security::seal::Keyring::load(config.data_keys.as_deref(), &config.data_dir)
        .map_err(|e| BootstrapError::Config(format!("data keys: {e}")))?;
    let trusted_proxies = security::client_addr::TrustedProxies::parse(
        config.trusted_proxies.as_deref().unwrap_or_default(),
    )
    .map_err(|e| BootstrapError::Config(format!("PARLEY_TRUSTED_PROXIES: {e}")))?;
    let mail_ca = match &config.mail_ca {
        Some(path) => Some(std::fs::read(path).map_err(|e| {
            BootstrapError::Config(format!("PARLEY_MAIL_CA {}: {e}", path.display()))
        })?),
        None => None,
    };
    let mail_domain = config
        .mail_domain
        .clone()
        .or_else(|| {
            url::Url::parse(&public_origin)
                .ok()?
                .host_str()
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "localhost".into())
        .to_ascii_lowercase();
    Ok(Settings {
        secure_cookies: public_origin.starts_with("https://"),
        demo_origin: alternate_loopback(&public_origin),
        public_origin,
        secret,
        attachments_dir: config.data_dir.join("attachments"),
        keyring,
        trusted_proxies,
        site_storage_bytes: i64::try_from(config.site_storage_mb.saturating_mul(1 << 20))
            .unwrap_or(i64::MAX),
        demo: config.demo,
        webhook_allow_private: config.webhook_allow_private,
        mail: state::MailSettings {
            smtp_url: config.smtp_url.clone().filter(|u| !u.trim().is_empty()),
            domain: mail_domain,
            grace_ms: i64::try_from(config.mail_grace_secs.saturating_mul(1000))
                .unwrap_or(i64::MAX),
            imap_url: config.imap_url.clone().filter(|u| !u.trim().is_empty()),
            imap_poll_ms: i64::try_from(config.imap_poll_secs.max(1).saturating_mul(1000))
                .unwrap_or(i64::MAX),
            ca_pem: mail_ca,
        },
    })
}

/// Every route: the pages (Leptos), the HTTP API areas, the two sockets, and
/// the layers in the order they apply (outermost last).
fn app(state: AppState) -> Router {
    let leptos = state.leptos.clone();
    let routes = generate_route_list(App);
    let sites = state.sites.clone();
    let page_data = parley_app::api::PageSource(Arc::new(http::pages::Pages(state.clone())));
    let pages: Router<AppState> = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .merge(http::embed::router())
        .merge(http::auth::router())
        .merge(http::admin::router())
        .merge(http::staff::router())
        .merge(http::setup::router())
        .merge(http::security::router())
        .merge(http::privacy::router())
        .merge(http::complaints::router())
        .merge(http::reports::router())
        .merge(http::qa::router())
        .merge(http::api_v1::router(state.clone()))
        .merge(http::webhooks::router())
        .merge(http::help::router())
        .merge(http::mail::router())
        .merge(http::kb::router())
        .merge(http::sites::router())
        .merge(http::widget::router(&leptos.site_root))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(sites.clone());
                provide_context(page_data.clone());
                http::embed::content_security_policy();
            },
            {
                let leptos = leptos.clone();
                move || shell(leptos.clone())
            },
        )
        .fallback(file_and_error_handler::<AppState, _>(shell))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            serve::REQUEST_TIMEOUT,
        ))
        // Uploads may take longer on a slow line (after the layer above,
        // so it does not apply to them).
        .merge(
            http::attachments::router().layer(TimeoutLayer::with_status_code(
                axum::http::StatusCode::REQUEST_TIMEOUT,
                serve::UPLOAD_TIMEOUT,
            )),
        )
        .layer(from_fn_with_state(state.clone(), http::guard::admin_gate))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(state.clone(), http::embed::page_headers))
        .layer(from_fn_with_state(state.clone(), http::csrf::attach_agent));
    pages
        .route("/ws/visitor", get(realtime::visitor::handler))
        .route("/ws/desk", get(realtime::desk::handler))
        .with_state(state)
}
