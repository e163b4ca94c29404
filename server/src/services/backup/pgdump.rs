//! `parley backup` and `restore` on Postgres, through Postgres' own tools:
//! `pg_dump --format=custom` inside one exported snapshot (so the counts and
//! the list of customers' files match the dump exactly), and `pg_restore
//! --clean` in one transaction. The tools come from `PATH` or from Debian's
//! `/usr/lib/postgresql/<version>/bin`, the newest there.

use std::path::{Path, PathBuf};

use sqlx::{Connection, Executor, PgConnection};

/// Why a dump or restore failed.
#[derive(Debug)]
pub enum PgFail {
    /// Another session is connected to the database (a node still serving).
    Busy(i64),
    /// A tool is missing or said no.
    Tool(String),
    /// The database.
    Db(sqlx::Error),
}

impl From<sqlx::Error> for PgFail {
    fn from(e: sqlx::Error) -> Self {
        PgFail::Db(e)
    }
}

/// What a dump holds (or a restored database now holds).
#[derive(Debug, Clone, Default)]
pub struct Contents {
    /// Conversations.
    pub conversations: i64,
    /// Messages.
    pub messages: i64,
    /// The ids of the customers' files it records.
    pub attachments: Vec<String>,
}

/// Whether `url` names a Postgres database.
pub fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres:") || url.starts_with("postgresql:")
}

/// Dumps the database at `url` into `to` (created 0600 first).
pub async fn dump(url: &str, to: &Path) -> Result<Contents, PgFail> {
    let mut conn = PgConnection::connect(url).await?;
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut conn)
        .await?;
    let contents = contents(&mut conn).await?;
    crate::security::files::write_private(to, b"").map_err(|e| PgFail::Tool(e.to_string()))?;
    run(
        "pg_dump",
        &[
            "--format=custom".into(),
            format!("--snapshot={snapshot}"),
            format!("--file={}", to.display()),
            url.into(),
        ],
    )
    .await?;
    conn.execute("COMMIT").await?;
    // The dump reads back (a truncated or foreign file does not).
    run("pg_restore", &["--list".into(), to.display().to_string()]).await?;
    Ok(contents)
}

/// Replaces the contents of the database at `url` with the dump `file`,
/// in one transaction; refused while another session is connected.
pub async fn restore(url: &str, file: &Path) -> Result<Contents, PgFail> {
    run("pg_restore", &["--list".into(), file.display().to_string()]).await?;
    let mut conn = PgConnection::connect(url).await?;
    let others: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() \
         AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    )
    .fetch_one(&mut conn)
    .await?;
    if others > 0 {
        return Err(PgFail::Busy(others));
    }
    run(
        "pg_restore",
        &[
            "--clean".into(),
            "--if-exists".into(),
            "--no-owner".into(),
            "--single-transaction".into(),
            "--exit-on-error".into(),
            format!("--dbname={url}"),
            file.display().to_string(),
        ],
    )
    .await?;
    Ok(contents(&mut conn).await?)
}

async fn contents(conn: &mut PgConnection) -> Result<Contents, sqlx::Error> {
    Ok(Contents {
        conversations: sqlx::query_scalar("SELECT COUNT(*) FROM conversations")
            .fetch_one(&mut *conn)
            .await?,
        messages: sqlx::query_scalar("SELECT COUNT(*) FROM messages")
            .fetch_one(&mut *conn)
            .await?,
        attachments: sqlx::query_scalar("SELECT id FROM attachments")
            .fetch_all(&mut *conn)
            .await?,
    })
}

/// Runs Postgres' tool `name` with `args`; its complaint when it fails.
async fn run(name: &str, args: &[String]) -> Result<(), PgFail> {
    let out = tokio::process::Command::new(tool(name))
        .args(args)
        .output()
        .await
        .map_err(|e| PgFail::Tool(format!("{name}: {e} (install Postgres' client tools)")))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(PgFail::Tool(format!(
            "{name} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// `name` on `PATH`, else in the newest `/usr/lib/postgresql/*/bin`.
fn tool(name: &str) -> PathBuf {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    });
    if let Some(p) = on_path {
        return p;
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((v, e.path().join("bin").join(name)))
        })
        .filter(|(_, p)| p.is_file())
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, p)| p)
        .unwrap_or_else(|| PathBuf::from(name))
}
