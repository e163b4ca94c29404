//! Attachments as an attacker would try them: types decided by the bytes,
//! size limit with a clear code, tokens and origins checked, files kept
//! outside the web root and served only to staff with safe headers; upload
//! facts may only name the customer's own files.

use crate::common;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, PNG, TestApp};
use serde_json::{Value, json};

async fn upload(
    app: &TestApp,
    token: Option<&str>,
    origin: &str,
    name: &str,
    body: Vec<u8>,
) -> (u16, Value) {
    common::upload_from(app.addr, origin, token, name, body).await
}

#[tokio::test]
async fn uploads_are_checked_stored_apart_and_served_only_to_staff() {
    let app = TestApp::start().await;
    let (mut v, welcome) = app.hello(None, 0).await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    let origin = app.origin();

    let (status, info) = upload(
        &app,
        Some(&token),
        &origin,
        "..%2F%E7%AE%B1%E5%AD%90.jpg",
        PNG.to_vec(),
    )
    .await;
    assert_eq!(status, 201, "{info}");
    assert_eq!(info["content_type"], "image/png");
    assert_eq!(
        info["file_name"], "箱子.png",
        "path stripped, real extension"
    );
    assert_eq!(info["size"].as_u64(), Some(PNG.len() as u64));
    let id = info["id"].as_str().unwrap().to_owned();
    // Stored outside the web root, under the random id, sealed (R-SEC2):
    // the bytes on disk are not the photo's.
    let on_disk = std::fs::read(app.dir.join("attachments").join(&id)).unwrap();
    assert!(on_disk.starts_with(b"PARLEY-SEALED-FILE-1\n"));
    assert!(
        !on_disk.windows(8).any(|w| w == &PNG[..8]),
        "no plain PNG on disk"
    );
    assert_eq!(
        common::http()
            .get(app.url(&format!("/attachments/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // HTML dressed as a photo, a script, nothing at all: refused by content.
    for (name, body) in [
        ("cat.png", b"<html><script>alert(1)</script>".to_vec()),
        ("x.svg", b"<svg/>".to_vec()),
        ("e.png", Vec::new()),
    ] {
        let (status, e) = upload(&app, Some(&token), &origin, name, body).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (415, Some("attachment_type")),
            "{name}"
        );
    }
    // Too large: a clear code, just over the limit and far over it.
    let limit = 10 * 1024 * 1024;
    for size in [limit + 1, limit + 5_000_000] {
        let mut big = PNG.to_vec();
        big.resize(size, 0);
        let (status, e) = upload(&app, Some(&token), &origin, "big.png", big).await;
        assert_eq!(
            (status, e["code"].as_str()),
            (413, Some("attachment_too_large")),
            "{size}"
        );
    }
    // No token, a forged one, a foreign origin.
    assert_eq!(
        upload(&app, None, &origin, "a.png", PNG.to_vec()).await.1["code"],
        "token_invalid"
    );
    let forged = format!("{}x", &token[..token.len() - 1]);
    assert_eq!(
        upload(&app, Some(&forged), &origin, "a.png", PNG.to_vec())
            .await
            .0,
        401
    );
    let (status, e) = upload(
        &app,
        Some(&token),
        "https://evil.example",
        "a.png",
        PNG.to_vec(),
    )
    .await;
    assert_eq!(
        (status, e["code"].as_str()),
        (403, Some("origin_forbidden"))
    );

    // Only staff can fetch it, with headers that keep it inert.
    let anonymous = common::http()
        .get(app.url(&format!("/api/attachments/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let client = common::http();
    let resp = client
        .get(app.url(&format!("/api/attachments/{id}")))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let h = resp.headers().clone();
    assert_eq!(h["content-type"], "image/png");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(
        h["content-disposition"],
        "inline; filename*=UTF-8''%E7%AE%B1%E5%AD%90.png"
    );
    assert_eq!(resp.bytes().await.unwrap().as_ref(), PNG);
    for bad in ["../secret.key", "0123456789abcdef0123456789abcdef"] {
        let r = client
            .get(app.url(&format!("/api/attachments/{bad}")))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404, "{bad}");
    }

    // Another customer's upload cannot be claimed as a fact.
    let (_, other) = app.hello(None, 0).await;
    let (_, theirs) = upload(
        &app,
        other["token"].as_str(),
        &origin,
        "t.png",
        PNG.to_vec(),
    )
    .await;
    let product = |photos: &str| json!({"category": "product", "facts": {"order_number": "NW-10452", "photos": photos}});
    for bad in [
        theirs["id"].as_str().unwrap(),
        "not-an-id",
        &format!("{id},{id},{id},{id},{id},{id},{id},{id},{id},{id},{id}"),
    ] {
        v.send(json!({"type": "send", "client_id": "p1", "body": "Broken on arrival", "intake": product(bad)})).await;
        let e = v.recv_type("error").await;
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some("fact_invalid"), Some("photos")),
            "{bad}"
        );
    }
    // Their own photo: accepted, and the desk sees it among the facts.
    v.send(json!({"type": "send", "client_id": "p1", "body": "Broken on arrival", "intake": product(&id)})).await;
    let ack = v.recv_type("ack").await;
    let conversation = ack["message"]["conversation_id"].as_i64().unwrap();
    let (mut desk, _) = app.desk().await;
    desk.send(json!({"type": "open", "conversation_id": conversation}))
        .await;
    let detail = loop {
        let d = desk.recv_type("detail").await["detail"].clone();
        if d["conversation_id"] == conversation {
            break d;
        }
    };
    assert_eq!(detail["facts"]["photos"], id.as_str());
    app.stop().await;
}

/// Sends an upload's headers (declaring `length` bytes) and only the first
/// `sent` bytes of its body; the answer that came without the rest.
async fn half_upload(
    app: &TestApp,
    origin: &str,
    token: &str,
    length: usize,
    sent: usize,
) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST /api/attachments HTTP/1.1\r\nHost: {}\r\nOrigin: {origin}\r\n\
         Authorization: Bearer {token}\r\nContent-Length: {length}\r\n\r\n",
        app.addr
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&PNG[..sent.min(PNG.len())]).await.unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(3), tcp.read(&mut buf))
        .await
        .expect("answered before the body was sent")
        .unwrap();
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test]
async fn h3_refusals_come_before_the_body_is_read() {
    let app = TestApp::start().await;
    let (_v, welcome) = app.hello(None, 0).await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    // A foreign origin, a forged token, a declared 10 MiB + 1: each answered
    // at once, while 10 MiB are still "to come" (before, the server read
    // the whole body first).
    let foreign = half_upload(&app, "https://evil.example", &token, 10 << 20, 8).await;
    assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
    let forged = half_upload(&app, &app.origin(), "forged.token", 10 << 20, 8).await;
    assert!(forged.starts_with("HTTP/1.1 401"), "{forged}");
    let huge = half_upload(&app, &app.origin(), &token, (10 << 20) + 1, 8).await;
    assert!(huge.starts_with("HTTP/1.1 413"), "{huge}");
    assert!(huge.contains("attachment_too_large"));
    app.stop().await;
}

#[tokio::test]
async fn h3_uploads_are_limited_per_address_and_by_the_sites_quota() {
    // A site allowed less than one file.
    let dir = tempfile::tempdir().unwrap().keep();
    let mut cfg = common::config(&dir);
    cfg.site_storage_mb = 0;
    let app = TestApp::start_config(cfg).await;
    let (_v, welcome) = app.hello(None, 0).await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    let (status, body) = upload(&app, Some(&token), &app.origin(), "a.png", PNG.to_vec()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (507, Some("storage_quota"))
    );
    app.stop().await;

    // Per address: fresh tokens do not buy fresh uploads.
    let app = TestApp::start().await;
    let mut statuses = Vec::new();
    for _ in 0..40 {
        let (_v, w) = app.hello(None, 0).await;
        let t = w["token"].as_str().unwrap().to_owned();
        let (status, _) = upload(&app, Some(&t), &app.origin(), "a.png", PNG.to_vec()).await;
        statuses.push(status);
    }
    let created = statuses.iter().filter(|s| **s == 201).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((created, limited), (30, 10), "{statuses:?}");
    app.stop().await;
}

#[tokio::test]
async fn h3_uploads_no_conversation_names_are_deleted_after_an_hour() {
    let clock = std::sync::Arc::new(parley::state::ManualClock::default());
    clock.set(parley::state::now_ms());
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut v, welcome) = app.hello(None, 0).await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    let (_, kept) = upload(&app, Some(&token), &app.origin(), "kept.png", PNG.to_vec()).await;
    let (_, dropped) = upload(&app, Some(&token), &app.origin(), "left.png", PNG.to_vec()).await;
    let kept = kept["id"].as_str().unwrap().to_owned();
    let dropped = dropped["id"].as_str().unwrap().to_owned();
    // The kept photo goes with the customer's product question.
    v.send(
        json!({"type": "send", "client_id": "p1", "body": "It arrived broken",
        "intake": {"category": "product", "facts": {"order_number": "NW-10452", "photos": kept}}}),
    )
    .await;
    let ack = v.recv_type("ack").await;
    assert!(ack["message"]["conversation_id"].is_i64(), "{ack}");
    clock.advance(61 * 60 * 1000);
    let files = app.dir.join("attachments");
    let mut gone = false;
    for _ in 0..100 {
        if !files.join(&dropped).exists() {
            gone = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(gone, "the abandoned upload is deleted");
    assert!(files.join(&kept).exists(), "the attached one stays");
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let status = |id: String| {
        let (app, admin) = (&app, admin.clone());
        async move {
            common::http()
                .get(app.url(&format!("/api/attachments/{id}")))
                .header("cookie", admin)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(status(dropped).await, 404);
    assert_eq!(status(kept).await, 200);
    app.stop().await;
}

#[tokio::test]
async fn secrets_and_personal_data_are_private_files_from_the_start() {
    use std::os::unix::fs::PermissionsExt;
    let app = TestApp::start().await;
    let (_v, welcome) = app.hello(None, 0).await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    let (_, info) = upload(&app, Some(&token), &app.origin(), "a.png", PNG.to_vec()).await;
    let id = info["id"].as_str().unwrap();
    let mode = |p: std::path::PathBuf| {
        std::fs::metadata(&p)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
            .permissions()
            .mode()
            & 0o777
    };
    let dir = app.dir.clone();
    assert_eq!(mode(dir.clone()), 0o700);
    assert_eq!(mode(dir.join("attachments")), 0o700);
    for f in ["parley.db", "parley.db-wal", "data.keys"] {
        assert_eq!(mode(dir.join(f)), 0o600, "{f}");
    }
    assert_eq!(mode(dir.join("attachments").join(id)), 0o600);
    // A backup is as private as the database.
    let backup = dir.join("backup.db");
    parley::services::backup::backup(
        &format!("sqlite://{}", dir.join("parley.db").display()),
        parley::services::backup::Sources {
            data_dir: &dir,
            data_keys: None,
        },
        &backup,
    )
    .await
    .unwrap();
    assert_eq!(mode(backup), 0o600);
    app.stop().await;
}
