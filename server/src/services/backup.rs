//! Online backups and restores of the SQLite database (R-SEC6).
//!
//! `parley backup --to FILE` copies a consistent snapshot while Parley keeps
//! serving: SQLite's `VACUUM INTO` reads one transaction's view of the
//! database (WAL readers never block the writer) into a fresh, compacted
//! file, which is then opened and checked (`integrity_check`, migrations
//! present) before the command reports success.
//!
//! `parley restore --from FILE` checks the backup the same way and puts it
//! in place of the database atomically (copy beside it, rename), removing
//! the old WAL. It refuses while a Parley process holds the data
//! directory's lock: restoring under a running server would lose writes.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;

/// What a backup or restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The file written.
    pub path: PathBuf,
    /// Its size.
    pub bytes: u64,
    /// Conversations in it.
    pub conversations: i64,
    /// Messages in it.
    pub messages: i64,
}

/// Why a backup or restore failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// Only SQLite files can be backed up this way.
    #[error("not a SQLite database URL: {0}")]
    NotSqlite(String),
    /// The target exists (backups never overwrite).
    #[error("{0} exists; choose a new file")]
    Exists(PathBuf),
    /// A server holds the data directory.
    #[error("a Parley server is running on this data directory; stop it first")]
    Running,
    /// The file is not a sound Parley database.
    #[error("not a sound Parley backup: {0}")]
    Unsound(String),
    /// Files.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// SQLite.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// The database file of a `sqlite:` URL.
pub fn sqlite_path(url: &str) -> Result<PathBuf, BackupError> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .ok_or_else(|| BackupError::NotSqlite(url.split(':').next().unwrap_or("").into()))?;
    let path = rest.split('?').next().unwrap_or(rest);
    if path.is_empty() || path == ":memory:" {
        return Err(BackupError::NotSqlite(url.into()));
    }
    Ok(PathBuf::from(path))
}

/// The lock file a running server holds in its data directory.
pub fn lock_path(data_dir: &Path) -> PathBuf {
    data_dir.join("parley.lock")
}

/// Takes the data directory's lock for the life of the returned file;
/// `Running` if another process holds it.
pub fn lock(data_dir: &Path) -> Result<std::fs::File, BackupError> {
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(data_dir))?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(BackupError::Running),
        Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

/// Opens `path` read-only and checks it is a sound Parley database.
async fn check(path: &Path) -> Result<Report, BackupError> {
    let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .read_only(true)
        .connect()
        .await?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await?;
    if verdict != "ok" {
        return Err(BackupError::Unsound(verdict));
    }
    let migrations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| BackupError::Unsound("no Parley schema".into()))?;
    if migrations == 0 {
        return Err(BackupError::Unsound("no Parley schema".into()));
    }
    let conversations: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM conversations")
        .fetch_one(&mut conn)
        .await?;
    let messages: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages")
        .fetch_one(&mut conn)
        .await?;
    Ok(Report {
        path: path.to_path_buf(),
        bytes: std::fs::metadata(path)?.len(),
        conversations,
        messages,
    })
}

/// Writes a consistent snapshot of the database at `url` to `to`.
pub async fn backup(url: &str, to: &Path) -> Result<Report, BackupError> {
    let db = sqlite_path(url)?;
    if to.exists() {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    // VACUUM INTO fills an existing empty file: created 0600 first, the
    // copy of everyone's data is never readable by others.
    crate::security::files::write_private(to, b"")?;
    let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))?
        .read_only(true)
        .connect()
        .await?;
    sqlx::query("VACUUM INTO ?")
        .bind(to.display().to_string())
        .execute(&mut conn)
        .await?;
    check(to).await
}

/// Replaces the database at `url` with the backup `from` (server stopped).
pub async fn restore(url: &str, data_dir: &Path, from: &Path) -> Result<Report, BackupError> {
    let db = sqlite_path(url)?;
    let _lock = lock(data_dir)?;
    let report = check(from).await?;
    let staged = db.with_extension("db.restoring");
    std::fs::copy(from, &staged)?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&staged, &db)?;
    Ok(Report { path: db, ..report })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_path("sqlite://data/parley.db").unwrap(),
            PathBuf::from("data/parley.db")
        );
        assert_eq!(
            sqlite_path("sqlite:/abs/p.db?mode=rwc").unwrap(),
            PathBuf::from("/abs/p.db")
        );
        assert!(sqlite_path("postgres://x").is_err());
        assert!(sqlite_path("sqlite::memory:").is_err());
    }

    #[test]
    fn one_process_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let held = lock(dir.path()).unwrap();
        assert!(matches!(lock(dir.path()), Err(BackupError::Running)));
        drop(held);
        assert!(lock(dir.path()).is_ok());
    }
}
