//! Issue 19, first slice: an admin makes an API key for their site (shown
//! once, listed by its first characters, revoked), and the site's back-end
//! reads its conversations with it, a page at a time; no key, a wrong or
//! revoked key, or another site's conversation get clear refusals.

use crate::common;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp};
use serde_json::Value;

/// The admin posts the key form for `site`; the status and body.
async fn make_key(app: &TestApp, cookie: &str, site: &str, form: &[(&str, &str)]) -> (u16, Value) {
    let token = common::csrf(app, cookie).await;
    let mut fields: Vec<(&str, &str)> = form.to_vec();
    fields.push(("_csrf", &token));
    let resp = common::client()
        .post(app.url(&format!("/api/admin/sites/{site}/api-keys")))
        .header("cookie", cookie)
        .header("origin", app.origin())
        .form(&fields)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// `GET path` with `key` as bearer; the status and body.
async fn call(app: &TestApp, key: Option<&str>, path: &str) -> (u16, Value) {
    let mut req = common::client().get(app.url(path));
    if let Some(k) = key {
        req = req.header("authorization", format!("Bearer {k}"));
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_site_key_reads_its_sites_conversations_page_by_page() {
    let app = TestApp::start_two_sites().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let mut ids = Vec::new();
    for text in ["first", "second", "third"] {
        ids.push(app.customer(None, text).await.2);
    }
    // Bad forms are refused with their code; a good one shows the key once.
    assert_eq!(
        make_key(
            &app,
            &admin,
            "demo",
            &[("name", "Shop"), ("scope", "admin")]
        )
        .await
        .0,
        400
    );
    let (status, body) = make_key(&app, &admin, "demo", &[("name", " "), ("scope", "read")]).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_frame"))
    );
    let (status, made) = make_key(
        &app,
        &admin,
        "demo",
        &[("name", "Shop back-end"), ("scope", "read")],
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let key = made["key"].as_str().unwrap().to_owned();
    assert!(key.starts_with("pk_") && key.len() > 40, "{key}");
    // The list shows its first characters, never the key.
    let listed = common::get_json(&app, &admin, "/api/admin/sites/demo/api-keys").await;
    let k = &listed["keys"][0];
    assert_eq!(
        (k["name"].as_str(), k["scope"].as_str()),
        (Some("Shop back-end"), Some("read"))
    );
    assert!(key.starts_with(k["prefix"].as_str().unwrap()));
    assert!(!listed.to_string().contains(&key));
    assert_eq!(k["last_used_at"], Value::Null);

    // Without a key, with a made-up one: unauthorized.
    for bad in [None, Some("pk_not-a-real-key"), Some("something else")] {
        let (status, body) = call(&app, bad, "/api/v1/conversations").await;
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some("unauthorized")),
            "{bad:?}"
        );
    }
    // Pages, newest first, with the cursor of the next.
    let (status, page) = call(&app, Some(&key), "/api/v1/conversations?limit=2").await;
    assert_eq!(status, 200, "{page}");
    let got: Vec<i64> = page["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(got, vec![ids[2], ids[1]]);
    assert_eq!(page["next"], ids[1]);
    let (_, rest) = call(
        &app,
        Some(&key),
        &format!("/api/v1/conversations?limit=2&before={}", ids[1]),
    )
    .await;
    assert_eq!(rest["conversations"][0]["id"], ids[0]);
    assert_eq!(rest["next"], Value::Null);
    for bad in ["limit=0", "limit=101", "limit=x", "before=x"] {
        let (status, body) = call(&app, Some(&key), &format!("/api/v1/conversations?{bad}")).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some("invalid_frame")),
            "{bad}"
        );
    }
    let (status, one) = call(
        &app,
        Some(&key),
        &format!("/api/v1/conversations/{}", ids[0]),
    )
    .await;
    assert_eq!(
        (status, one["conversation"]["last_message"].as_str()),
        (200, Some("first"))
    );
    assert_eq!(
        call(&app, Some(&key), "/api/v1/conversations/999999")
            .await
            .0,
        404
    );
    // Its use is recorded.
    let listed = common::get_json(&app, &admin, "/api/admin/sites/demo/api-keys").await;
    assert!(listed["keys"][0]["last_used_at"].is_i64());

    // Another site's key finds none of demo's conversations.
    let (_, acme) = make_key(
        &app,
        &admin,
        "acme",
        &[("name", "Acme"), ("scope", "write")],
    )
    .await;
    let acme_key = acme["key"].as_str().unwrap();
    assert_eq!(
        call(
            &app,
            Some(acme_key),
            &format!("/api/v1/conversations/{}", ids[0])
        )
        .await
        .0,
        404
    );
    let (_, empty) = call(&app, Some(acme_key), "/api/v1/conversations").await;
    assert_eq!(empty["conversations"].as_array().unwrap().len(), 0);

    // Revoked: refused from then on; both steps audited.
    let id = k["id"].as_i64().unwrap();
    let token = common::csrf(&app, &admin).await;
    let revoked = common::client()
        .post(app.url(&format!("/api/admin/sites/demo/api-keys/{id}/revoke")))
        .header("cookie", &admin)
        .header("origin", app.origin())
        .form(&[("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 303);
    assert_eq!(
        revoked.headers()["location"],
        format!("/desk/api-keys?site=demo&revoked={id}").as_str()
    );
    assert_eq!(call(&app, Some(&key), "/api/v1/conversations").await.0, 401);
    let audit = common::get_json(&app, &admin, "/api/admin/audit.json").await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    assert!(actions.contains(&"api_key_created") && actions.contains(&"api_key_revoked"));
    app.stop().await;
}

#[tokio::test]
async fn each_key_has_its_own_request_budget() {
    // Parley's clock stands still: no tokens come back during the test.
    let clock = std::sync::Arc::new(parley::state::ManualClock::default());
    clock.set(1_796_119_200_000);
    let app = TestApp::start_with_clock(clock.clone()).await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let (_, a) = make_key(&app, &admin, "demo", &[("name", "Busy"), ("scope", "read")]).await;
    let (_, b) = make_key(&app, &admin, "demo", &[("name", "Calm"), ("scope", "read")]).await;
    let (busy, calm) = (a["key"].as_str().unwrap(), b["key"].as_str().unwrap());
    // A burst of 100, then refusals with their code.
    let mut refused = None;
    for i in 0..130 {
        let (status, body) = call(&app, Some(busy), "/api/v1/conversations?limit=1").await;
        if status == 429 {
            assert_eq!(body["code"], "rate_limited");
            refused = Some(i);
            break;
        }
        assert_eq!(status, 200);
    }
    assert_eq!(refused, Some(100), "the busy key is slowed down after 100");
    // A second later, 20 more.
    clock.advance(1_000);
    let again = call(&app, Some(busy), "/api/v1/conversations?limit=1").await;
    assert_eq!(again.0, 200);
    // Another key of the same site is unaffected.
    assert_eq!(call(&app, Some(calm), "/api/v1/conversations").await.0, 200);
    app.stop().await;
}
