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
    let mut req = reqwest::Client::new()
        .post(app.url("/api/attachments"))
        .header("origin", origin)
        .header("x-file-name", name)
        .body(body);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
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
    // Stored outside the web root, under the random id.
    assert_eq!(
        std::fs::read(app.dir.join("attachments").join(&id)).unwrap(),
        PNG
    );
    assert_eq!(
        reqwest::get(app.url(&format!("/attachments/{id}")))
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
    let anonymous = reqwest::get(app.url(&format!("/api/attachments/{id}")))
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let client = reqwest::Client::new();
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
