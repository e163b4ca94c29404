//! Backups (R-SEC6) with the real binary: `parley backup` while the server
//! serves customers, the database lost, `parley restore` (refused while a
//! server runs), and every message written before the backup is found
//! again through the widget's own resume.

use crate::common;

use std::path::Path;
use std::process::Output;

use common::{SECRET, ServerProcess, Ws, free_port};

const QUIET: std::time::Duration = std::time::Duration::from_millis(400);
use serde_json::json;

fn parley(dir: &Path, args: &[&str]) -> Output {
    parley_on(dir, None, args)
}

/// The binary's maintenance command on `database` (the data directory's
/// SQLite file when `None`).
fn parley_on(dir: &Path, database: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_parley"));
    cmd.env("PARLEY_DATA_DIR", dir)
        .env_remove("DATABASE_URL")
        .env("PARLEY_SECRET", SECRET)
        .args(args);
    if let Some(url) = database {
        cmd.env("DATABASE_URL", url);
    }
    cmd.output().unwrap()
}

async fn customer_writes(addr: std::net::SocketAddr, bodies: &[String]) -> String {
    let origin = format!("http://{addr}");
    let mut v = Ws::connect(addr, "/ws/visitor", None, Some(&origin))
        .await
        .unwrap();
    v.send(json!({"type": "hello", "v": 1, "site": "demo"}))
        .await;
    let token = v.recv_type("welcome").await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    for (i, body) in bodies.iter().enumerate() {
        v.send(json!({"type": "send", "intake": {"category": "other"}, "client_id": format!("b-{i}"), "body": body}))
            .await;
        v.recv_type("ack").await;
    }
    token
}

async fn stored_bodies(addr: std::net::SocketAddr, token: &str) -> Vec<String> {
    let origin = format!("http://{addr}");
    let mut v = Ws::connect(addr, "/ws/visitor", None, Some(&origin))
        .await
        .unwrap();
    v.send(json!({"type": "hello", "v": 1, "site": "demo", "token": token}))
        .await;
    v.recv_type("welcome").await;
    v.drain_type("message", QUIET)
        .await
        .iter()
        .map(|m| m["message"]["body"].as_str().unwrap().to_owned())
        .collect()
}

/// After a restore: every customer finds all they wrote before the backup,
/// and the one who wrote only after it finds nothing.
async fn assert_restored(server: &ServerProcess, customers: &[(String, Vec<String>)], late: &str) {
    for (token, bodies) in customers {
        let stored = stored_bodies(server.addr, token).await;
        for body in bodies {
            assert!(
                stored.contains(body),
                "{body} missing after restore: {stored:?}"
            );
        }
    }
    assert!(stored_bodies(server.addr, late).await.is_empty());
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_every_message() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = ServerProcess::spawn(dir.path(), port).await;
    let mut customers = Vec::new();
    for c in 0..3 {
        let bodies: Vec<String> = (0..5)
            .map(|i| format!("customer {c} message {i} 你好"))
            .collect();
        let token = customer_writes(server.addr, &bodies).await;
        customers.push((token, bodies));
    }

    let backup = dir.path().join("nightly.db");
    let out = parley(dir.path(), &["backup", "--to", backup.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        said.contains("3 conversations, 15 messages") && said.contains("integrity ok"),
        "{said}"
    );
    // Never over an existing file.
    let again = parley(dir.path(), &["backup", "--to", backup.to_str().unwrap()]);
    assert!(!again.status.success());

    // Written after the backup: not in it.
    let late = customer_writes(server.addr, &["after the backup".to_owned()]).await;

    // Restoring under a running server is refused.
    let refused = parley(dir.path(), &["restore", "--from", backup.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("running"));

    // The disk is lost; the backup comes back.
    server.kill9();
    for f in ["parley.db", "parley.db-wal", "parley.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(f));
    }
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, b"not a database").unwrap();
    let bad = parley(
        dir.path(),
        &["restore", "--from", garbage.to_str().unwrap()],
    );
    assert!(
        !bad.status.success(),
        "a file that is not a backup is refused"
    );
    let restored = parley(dir.path(), &["restore", "--from", backup.to_str().unwrap()]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(String::from_utf8_lossy(&restored.stdout).contains("15 messages"));

    let server = ServerProcess::spawn(dir.path(), port).await;
    assert_restored(&server, &customers, &late).await;
}

#[tokio::test]
async fn one_archive_restores_a_new_machine_with_photos_and_sealed_contacts() {
    // The old machine: a customer sends a photo of the damage and leaves
    // an e-mail address (sealed with the data keys).
    let old = tempfile::tempdir().unwrap();
    let server = ServerProcess::spawn(old.path(), free_port()).await;
    let origin = format!("http://{}", server.addr);
    let mut v = Ws::connect(server.addr, "/ws/visitor", None, Some(&origin))
        .await
        .unwrap();
    v.send(json!({"type": "hello", "v": 1, "site": "demo"}))
        .await;
    let token = v.recv_type("welcome").await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let photo = common::upload_png(server.addr, &token, "damage.png").await;
    let photo = photo["id"].as_str().unwrap().to_owned();
    v.send(
        json!({"type": "send", "client_id": "p1", "body": "It arrived broken",
        "intake": {"category": "product", "facts": {"order_number": "NW-10452", "photos": photo}}}),
    )
    .await;
    let conversation = v.recv_type("ack").await["message"]["conversation_id"]
        .as_i64()
        .unwrap();
    v.send(json!({"type": "contact", "details": {"email": "ana@example.com"}, "consent": true}))
        .await;
    v.recv_type("contact_saved").await;

    // One archive, taken while serving; then the old machine is gone.
    let keep = tempfile::tempdir().unwrap();
    let archive = keep.path().join("parley-full.tar");
    let out = parley(old.path(), &["backup", "--to", archive.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        // The customer's photo and the demo knowledge base's invoice template.
        said.contains("2 files") && said.contains("data keys included"),
        "{said}"
    );
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&archive).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    server.kill9();
    drop(old);

    // The new machine: an empty data directory, the archive restored.
    let new = tempfile::tempdir().unwrap();
    let restored = parley(
        new.path(),
        &["restore", "--from", archive.to_str().unwrap()],
    );
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let server = ServerProcess::spawn(new.path(), free_port()).await;
    let admin = common::admin_session(server.addr).await;
    // The photo opens, byte for byte.
    let bytes = common::http()
        .get(format!("http://{}/api/attachments/{photo}", server.addr))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&bytes[..], common::PNG);
    // The sealed e-mail opens with the restored keys.
    let mut desk = Ws::connect(
        server.addr,
        "/ws/desk",
        Some(&admin),
        Some(&format!("http://{}", server.addr)),
    )
    .await
    .unwrap();
    desk.send(json!({"type": "hello", "v": 1})).await;
    desk.recv_type("welcome").await;
    let detail = common::detail_of(&mut desk, conversation).await;
    assert_eq!(
        detail["contact"]["details"]["email"], "ana@example.com",
        "{detail}"
    );
    server.kill9();
}

/// The same on Postgres: `parley backup` dumps while the server serves
/// (`pg_dump` in one snapshot, inside the same archive as the keys), a
/// restore is refused while a node is connected, and after it every message
/// from before the backup is back and nothing written after it.
#[tokio::test]
async fn a_postgres_backup_taken_while_serving_restores_every_message() {
    let Some(url) = common::postgres_database("backup").await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let env = [("DATABASE_URL", url.as_str())];
    let server = ServerProcess::spawn_with_env(dir.path(), port, &env).await;
    let mut customers = Vec::new();
    for c in 0..3 {
        let bodies: Vec<String> = (0..4)
            .map(|i| format!("pg customer {c} note {i} ñ"))
            .collect();
        let token = customer_writes(server.addr, &bodies).await;
        customers.push((token, bodies));
    }
    let backup = dir.path().join("nightly.tar");
    let out = parley_on(
        dir.path(),
        Some(&url),
        &["backup", "--to", backup.to_str().unwrap()],
    );
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("3 conversations, 12 messages"), "{said}");
    let names: Vec<String> = tar::Archive::new(std::fs::File::open(&backup).unwrap())
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().display().to_string())
        .collect();
    assert!(names.contains(&"parley.pgdump".to_owned()), "{names:?}");
    assert!(names.contains(&"data.keys".to_owned()), "{names:?}");

    let late = customer_writes(server.addr, &["after the backup".to_owned()]).await;
    // Refused while a node serves: this one holds its data directory, and
    // any node (here, one whose directory is elsewhere) holds sessions.
    let refused = parley_on(
        dir.path(),
        Some(&url),
        &["restore", "--from", backup.to_str().unwrap()],
    );
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("running"));
    let elsewhere = tempfile::tempdir().unwrap();
    let refused = parley_on(
        elsewhere.path(),
        Some(&url),
        &["restore", "--from", backup.to_str().unwrap()],
    );
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("stop every Parley node"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    // A SQLite archive is not restored into Postgres.
    let sqlite_dir = tempfile::tempdir().unwrap();
    let other = ServerProcess::spawn(sqlite_dir.path(), free_port()).await;
    let sqlite_backup = sqlite_dir.path().join("sqlite.tar");
    assert!(
        parley(
            sqlite_dir.path(),
            &["backup", "--to", sqlite_backup.to_str().unwrap()]
        )
        .status
        .success()
    );
    other.kill9();

    server.kill9();
    let wrong = parley_on(
        dir.path(),
        Some(&url),
        &["restore", "--from", sqlite_backup.to_str().unwrap()],
    );
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("a SQLite backup"));
    // Give the killed node's connections a moment to be gone.
    let mut restored = None;
    for _ in 0..50 {
        let out = parley_on(
            dir.path(),
            Some(&url),
            &["restore", "--from", backup.to_str().unwrap()],
        );
        if out.status.success() {
            restored = Some(out);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let restored = restored.expect("restored once the node's sessions ended");
    assert!(
        String::from_utf8_lossy(&restored.stdout).contains("12 messages"),
        "{}",
        String::from_utf8_lossy(&restored.stdout)
    );

    let server = ServerProcess::spawn_with_env(dir.path(), port, &env).await;
    assert_restored(&server, &customers, &late).await;
}
