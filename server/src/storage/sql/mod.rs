//! The SQL backend: one implementation of every storage trait over sqlx's
//! `Any` driver, for SQLite (the embedded default) and Postgres (several
//! nodes on one database). The SQL is written once, in the dialect both
//! read: `$n` placeholders, `ON CONFLICT`, `RETURNING`, integers for flags
//! and times; the few functions SQLite has and Postgres lacks (two-argument
//! `MAX`/`MIN`, `json_group_array`) are defined by the Postgres migrations.
//!
//! SQLite: one file under `./data/`, WAL journal, `synchronous=FULL` so that
//! a commit (and therefore an ack) survives a crash or SIGKILL. Writes go
//! through a one-connection pool (SQLite allows one writer anyway, and
//! serialising in-process avoids `SQLITE_BUSY` on lock upgrades); reads use
//! a separate small read-only pool and see every committed write (WAL).
//!
//! Postgres: one pool for reads and writes; migrations of its own
//! (`migrations/postgres`).

use std::str::FromStr;
use std::time::Duration;

use sqlx::AnyPool;
use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{StoreError, StoreResult};

mod api_keys;
mod attachments;
mod audit;
mod batch;
mod case_library;
mod cases;
mod compensation;
mod complaints;
mod conversations;
mod kb;
mod mail;
mod privacy;
mod qa;
mod reports;
mod routing;
mod rows;
mod sessions;
mod sites;
mod staff;
mod webhooks;

/// Which database a URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite:` (the default).
    Sqlite,
    /// `postgres:` or `postgresql:`.
    Postgres,
}

impl Backend {
    /// The backend of `url`, or `None` for a scheme Parley does not speak.
    pub fn of(url: &str) -> Option<Backend> {
        let scheme = url.split(':').next().unwrap_or("");
        match scheme {
            "sqlite" => Some(Backend::Sqlite),
            "postgres" | "postgresql" => Some(Backend::Postgres),
            _ => None,
        }
    }
}

/// The implementation of [`Store`](super::Store) for both backends: one file
/// per use-case trait, the row mappers in `rows.rs`.
#[derive(Clone)]
pub struct SqlStore {
    writer: AnyPool,
    reader: AnyPool,
    backend: Backend,
    /// SQLite's group commit (messages written together share an fsync).
    commits: Option<batch::GroupCommit>,
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
            _ => StoreError::Backend(e.to_string()),
        }
    }
}

fn backend_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Backend(e.to_string())
}

/// Connections Parley opens to Postgres per node (`PARLEY_PG_POOL`).
const PG_POOL_DEFAULT: u32 = 16;

impl SqlStore {
    /// Opens the database at `url` (creating a SQLite file if needed) and
    /// applies the backend's migrations.
    pub async fn open(url: &str) -> StoreResult<Self> {
        sqlx::any::install_default_drivers();
        match Backend::of(url) {
            Some(Backend::Sqlite) => Self::open_sqlite(url).await,
            Some(Backend::Postgres) => Self::open_postgres(url).await,
            None => Err(StoreError::Backend(format!(
                "unsupported database URL scheme: {}",
                url.split(':').next().unwrap_or("")
            ))),
        }
    }

    async fn open_sqlite(url: &str) -> StoreResult<Self> {
        // Create, switch to WAL (kept in the file) and migrate with the
        // SQLite driver itself, then serve through `Any`.
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        let setup = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&setup)
            .await
            .map_err(backend_error)?;
        setup.close().await;
        let base = url.split('?').next().unwrap_or(url);
        let pragmas = |pool: AnyPoolOptions| {
            pool.after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                         PRAGMA busy_timeout = 5000; \
                         PRAGMA secure_delete = ON;", // destroyed data is overwritten
                    )
                    .await?;
                    Ok(())
                })
            })
        };
        let writer = pragmas(AnyPoolOptions::new().max_connections(1))
            .connect(&format!("{base}?mode=rw"))
            .await?;
        let reader = pragmas(AnyPoolOptions::new().max_connections(4))
            .connect(&format!("{base}?mode=ro"))
            .await?;
        Ok(SqlStore {
            commits: Some(batch::GroupCommit::start(writer.clone())),
            writer,
            reader,
            backend: Backend::Sqlite,
        })
    }

    async fn open_postgres(url: &str) -> StoreResult<Self> {
        let setup = PgPoolOptions::new().max_connections(1).connect(url).await?;
        // Several nodes may start at once: the migrator takes an advisory
        // lock, so one applies and the others wait.
        sqlx::migrate!("./migrations/postgres")
            .run(&setup)
            .await
            .map_err(backend_error)?;
        setup.close().await;
        let size = std::env::var("PARLEY_PG_POOL")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(PG_POOL_DEFAULT);
        let pool = AnyPoolOptions::new()
            .max_connections(size)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(SqlStore {
            writer: pool.clone(),
            reader: pool,
            backend: Backend::Postgres,
            commits: None,
        })
    }

    /// Runs `step` in a transaction and returns its result once committed:
    /// on SQLite in the next group commit (see `batch.rs`; the step may run
    /// again if a neighbour in its batch fails, so it must only write what
    /// it is given), on Postgres in a transaction of its own.
    async fn transact<T, F>(&self, step: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: for<'c> Fn(&'c mut batch::Tx) -> futures_util::future::BoxFuture<'c, StoreResult<T>>
            + Send
            + Sync
            + 'static,
    {
        match &self.commits {
            Some(group) => group.run(step).await,
            None => batch::alone(&self.writer, step).await,
        }
    }

    /// Which database this store talks to.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Closes the pools (for SQLite, checkpointing the WAL).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}
