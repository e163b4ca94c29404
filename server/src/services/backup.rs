//! Online backups and restores of the SQLite database (R-SEC6).
//!
//! `parley backup --to FILE` copies a consistent snapshot while Parley keeps
//! serving: SQLite's `VACUUM INTO` reads one transaction's view of the
//! database (WAL readers never block the writer) into a fresh, compacted
//! file, which is then opened and checked (`integrity_check`, migrations
//! present) before the command reports success.
//!
//! The backup is one archive (tar, 0600) with the snapshot, the keys that
//! open sealed personal data and every customer file the snapshot records,
//! so a new machine can be restored from it alone.
//!
//! `parley restore --from FILE` checks the backup the same way and puts it
//! in place of the database atomically (copy beside it, rename), removing
//! the old WAL, and puts the keys and files in the data directory. It refuses while a Parley process holds the data
//! directory's lock: restoring under a running server would lose writes.
//!
//! On Postgres (`pgdump.rs`) the archive holds `pg_dump`'s custom-format
//! dump in place of the SQLite file, taken in one exported snapshot with the
//! counts and attachment list; a restore replaces the database's contents
//! with `pg_restore --clean` in one transaction and refuses while any other
//! session (a node still serving) is connected to the database.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;

mod pgdump;

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
    /// Customers' files in it.
    pub files: usize,
    /// Whether it carries the keys that open sealed personal data.
    pub keys: bool,
}

/// What a full backup takes besides the database: the data directory's
/// keys and customers' files.
#[derive(Debug, Clone, Copy)]
pub struct Sources<'a> {
    /// The data directory (`data.keys`, `secret.key`, `attachments/`).
    pub data_dir: &'a Path,
    /// `PARLEY_DATA_KEYS`, when the keys come from the environment.
    pub data_keys: Option<&'a str>,
}

/// Names inside a backup archive.
const DB_ENTRY: &str = "parley.db";
/// Postgres' dump, in place of [`DB_ENTRY`].
const PG_ENTRY: &str = "parley.pgdump";
const KEYS_ENTRY: &str = "data.keys";
const SECRET_ENTRY: &str = "secret.key";
const FILES_PREFIX: &str = "attachments/";

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
    /// `pg_dump` or `pg_restore` is missing or failed.
    #[error("{0}")]
    Tool(String),
}

impl From<pgdump::PgFail> for BackupError {
    fn from(e: pgdump::PgFail) -> Self {
        match e {
            pgdump::PgFail::Busy(n) => BackupError::Tool(format!(
                "{n} other session(s) are connected to the database: stop every Parley node first"
            )),
            pgdump::PgFail::Tool(text) => BackupError::Tool(text),
            pgdump::PgFail::Db(e) => BackupError::Db(e),
        }
    }
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
        files: 0,
        keys: false,
    })
}

/// The ids of the attachments a database records.
async fn attachment_ids(path: &Path) -> Result<Vec<String>, BackupError> {
    let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .read_only(true)
        .connect()
        .await?;
    Ok(sqlx::query_scalar("SELECT id FROM attachments")
        .fetch_all(&mut conn)
        .await?)
}

/// Writes one archive (tar) at `to` holding everything a restore on a new
/// machine needs: a consistent snapshot of the database taken while Parley
/// serves (`VACUUM INTO`), the keys that open sealed personal data
/// (`data.keys` or `PARLEY_DATA_KEYS`), the visitor-token key file if there
/// is one, and every customer file the snapshot records. 0600 from the
/// first byte: it holds everyone's data and the keys to it.
pub async fn backup(url: &str, sources: Sources<'_>, to: &Path) -> Result<Report, BackupError> {
    if to.exists() {
        return Err(BackupError::Exists(to.to_path_buf()));
    }
    if pgdump::is_postgres(url) {
        let dump = PathBuf::from(format!("{}.pgdump.part", to.display()));
        let taken = pgdump::dump(url, &dump).await.map_err(BackupError::from);
        let written = taken.and_then(|contents| {
            let ids = contents.attachments;
            write_archive((&dump, PG_ENTRY), sources, &ids, to).map(|(files, keys)| Report {
                path: to.to_path_buf(),
                bytes: std::fs::metadata(to).map(|m| m.len()).unwrap_or(0),
                conversations: contents.conversations,
                messages: contents.messages,
                files,
                keys,
            })
        });
        let _ = std::fs::remove_file(&dump);
        if written.is_err() {
            let _ = std::fs::remove_file(to);
        }
        return written;
    }
    let db = sqlite_path(url)?;
    // The snapshot first, beside the archive; VACUUM INTO fills an existing
    // empty (0600) file.
    let snapshot = PathBuf::from(format!("{}.db.part", to.display()));
    let _ = std::fs::remove_file(&snapshot);
    crate::security::files::write_private(&snapshot, b"")?;
    let taken = async {
        let mut conn = SqliteConnectOptions::from_str(&format!("sqlite://{}", db.display()))?
            .read_only(true)
            .connect()
            .await?;
        sqlx::query("VACUUM INTO ?")
            .bind(snapshot.display().to_string())
            .execute(&mut conn)
            .await?;
        let report = check(&snapshot).await?;
        let ids = attachment_ids(&snapshot).await?;
        Ok::<_, BackupError>((report, ids))
    }
    .await;
    let written = match taken {
        Ok((report, ids)) => {
            write_archive((&snapshot, DB_ENTRY), sources, &ids, to).map(|(files, keys)| Report {
                path: to.to_path_buf(),
                bytes: std::fs::metadata(to).map(|m| m.len()).unwrap_or(0),
                files,
                keys,
                ..report
            })
        }
        Err(e) => Err(e),
    };
    let _ = std::fs::remove_file(&snapshot);
    if written.is_err() {
        let _ = std::fs::remove_file(to);
    }
    written
}

/// The archive itself; returns (files, whether keys went in).
fn write_archive(
    (snapshot, entry): (&Path, &str),
    sources: Sources<'_>,
    ids: &[String],
    to: &Path,
) -> Result<(usize, bool), BackupError> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(to)?;
    let mut tar = tar::Builder::new(file);
    tar.mode(tar::HeaderMode::Deterministic);
    tar.append_path_with_name(snapshot, entry)?;
    let keys = match sources.data_keys {
        Some(text) => Some(text.as_bytes().to_vec()),
        None => std::fs::read(sources.data_dir.join(KEYS_ENTRY)).ok(),
    };
    if let Some(keys) = &keys {
        append_bytes(&mut tar, KEYS_ENTRY, keys)?;
    }
    if let Ok(secret) = std::fs::read(sources.data_dir.join(SECRET_ENTRY)) {
        append_bytes(&mut tar, SECRET_ENTRY, &secret)?;
    }
    let mut files = 0;
    for id in ids.iter().filter(|id| crate::domain::attachment::is_id(id)) {
        let path = sources.data_dir.join("attachments").join(id);
        // Files never change once stored; one deleted since the snapshot
        // (retention, an abandoned upload) is simply not there.
        if path.exists() {
            tar.append_path_with_name(&path, format!("{FILES_PREFIX}{id}"))?;
            files += 1;
        }
    }
    tar.into_inner()?.sync_all()?;
    Ok((files, keys.is_some()))
}

fn append_bytes<W: std::io::Write>(
    tar: &mut tar::Builder<W>,
    name: &str,
    bytes: &[u8],
) -> std::io::Result<()> {
    let mut header = tar::Header::new_gnu();
    header.set_size(bytes.len() as u64);
    header.set_mode(0o600);
    header.set_cksum();
    tar.append_data(&mut header, name, bytes)
}

/// Replaces the database at `url` with the backup `from` (server stopped):
/// an archive from [`backup`] (database, keys, customers' files — enough
/// for a new machine), or a bare database file from older versions.
pub async fn restore(url: &str, data_dir: &Path, from: &Path) -> Result<Report, BackupError> {
    let postgres = pgdump::is_postgres(url);
    let db = if postgres {
        PathBuf::from(url.split('@').next_back().unwrap_or("postgres"))
    } else {
        sqlite_path(url)?
    };
    let _lock = lock(data_dir)?;
    let mut magic = [0u8; 16];
    {
        use std::io::Read;
        let _ = std::fs::File::open(from)?.read(&mut magic)?;
    }
    if !postgres && &magic == b"SQLite format 3\0" {
        let report = check(from).await?;
        put_database(from, &db)?;
        return Ok(Report { path: db, ..report });
    }
    let staging = data_dir.join(".restoring");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    crate::security::files::private_dir(&staging.join("attachments"))?;
    let unpacked = async {
        let (files, keys, entry) = unpack(from, &staging)?;
        let report = match (entry, postgres) {
            (PG_ENTRY, true) => {
                let contents = pgdump::restore(url, &staging.join(PG_ENTRY)).await?;
                Report {
                    path: db.clone(),
                    bytes: std::fs::metadata(from)?.len(),
                    conversations: contents.conversations,
                    messages: contents.messages,
                    files: 0,
                    keys: false,
                }
            }
            (DB_ENTRY, false) => {
                let report = check(&staging.join(DB_ENTRY)).await?;
                put_database(&staging.join(DB_ENTRY), &db)?;
                report
            }
            (_, true) => {
                return Err(BackupError::Unsound(
                    "a SQLite backup; restore it with a sqlite: DATABASE_URL".into(),
                ));
            }
            (_, false) => {
                return Err(BackupError::Unsound(
                    "a Postgres backup; restore it with a postgres: DATABASE_URL".into(),
                ));
            }
        };
        for name in [KEYS_ENTRY, SECRET_ENTRY] {
            let new = staging.join(name);
            if new.exists() {
                let old = data_dir.join(name);
                if old.exists() && std::fs::read(&old)? != std::fs::read(&new)? {
                    std::fs::rename(&old, data_dir.join(format!("{name}.before-restore")))?;
                }
                std::fs::rename(&new, &old)?;
            }
        }
        let files_dir = data_dir.join("attachments");
        crate::security::files::private_dir(&files_dir)?;
        for entry in std::fs::read_dir(staging.join("attachments"))? {
            let entry = entry?;
            std::fs::rename(entry.path(), files_dir.join(entry.file_name()))?;
        }
        Ok::<_, BackupError>(Report {
            path: db.clone(),
            files,
            keys,
            ..report
        })
    }
    .await;
    let _ = std::fs::remove_dir_all(&staging);
    unpacked
}

/// Unpacks an archive into `staging`, accepting only the names a backup
/// writes (no paths of its own choosing); returns (files, keys present,
/// which database entry it holds).
fn unpack(from: &Path, staging: &Path) -> Result<(usize, bool, &'static str), BackupError> {
    let mut archive = tar::Archive::new(std::fs::File::open(from)?);
    let mut files = 0;
    let mut keys = false;
    let mut database = None;
    for entry in archive.entries()? {
        let mut entry = entry?;
        let name = entry.path()?.to_string_lossy().into_owned();
        let target = match name.as_str() {
            DB_ENTRY => {
                database = Some(DB_ENTRY);
                staging.join(DB_ENTRY)
            }
            PG_ENTRY => {
                database = Some(PG_ENTRY);
                staging.join(PG_ENTRY)
            }
            KEYS_ENTRY => {
                keys = true;
                staging.join(KEYS_ENTRY)
            }
            SECRET_ENTRY => staging.join(SECRET_ENTRY),
            other => match other.strip_prefix(FILES_PREFIX) {
                Some(id) if crate::domain::attachment::is_id(id) => {
                    files += 1;
                    staging.join("attachments").join(id)
                }
                _ => {
                    return Err(BackupError::Unsound(format!("unexpected entry {other:?}")));
                }
            },
        };
        let mut out = std::fs::OpenOptions::new();
        {
            use std::os::unix::fs::OpenOptionsExt;
            out.write(true).create_new(true).mode(0o600);
        }
        std::io::copy(&mut entry, &mut out.open(&target)?)?;
    }
    let Some(database) = database else {
        return Err(BackupError::Unsound("no database in the archive".into()));
    };
    Ok((files, keys, database))
}

/// Puts the database file `from` in place of `db` atomically (a copy beside
/// it, renamed), dropping the old journal.
fn put_database(from: &Path, db: &Path) -> Result<(), BackupError> {
    let staged = db.with_extension("db.restoring");
    let _ = std::fs::remove_file(&staged);
    crate::security::files::write_private(&staged, &std::fs::read(from)?)?;
    for suffix in ["-wal", "-shm"] {
        let side = PathBuf::from(format!("{}{suffix}", db.display()));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::rename(&staged, db)?;
    Ok(())
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
