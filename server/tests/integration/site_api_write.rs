//! Issue 19: the site's back-end writes through the API — messages as one
//! of the site's staff (a reply through the desk's workflow and compliance
//! rules) or as a bot, transitions, proactive messages to verified
//! customers (live in their widget, or waiting for their next visit) — with
//! idempotency keys, and JSON errors for every bad request.

use crate::common;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp};
use serde_json::{Value, json};

/// A request with `key`; the status, the headers and the JSON body.
async fn send(
    app: &TestApp,
    key: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
    idem: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut req = common::client()
        .request(method.parse().unwrap(), app.url(path))
        .header("authorization", format!("Bearer {key}"));
    if let Some(b) = body {
        req = req.json(&b);
    }
    if let Some(k) = idem {
        req = req.header("idempotency-key", k);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    (status, headers, resp.json().await.unwrap_or(Value::Null))
}

/// The next message event not written by the customer.
async fn staff_side(ws: &mut common::Ws) -> Value {
    loop {
        let m = ws.recv_type("message").await;
        if m["message"]["author"] != "customer" {
            return m;
        }
    }
}

fn bot(body: &str) -> Value {
    json!({"body": body, "as": {"bot": {"name": "Parcel bot"}}})
}

#[tokio::test]
async fn the_back_end_writes_as_its_staff_or_a_bot_through_the_desks_rules() {
    let app = TestApp::start_two_sites().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = common::admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/compliance",
        &[("rules.en", "!unconditional refund\nguaranteed delivery")],
    )
    .await;
    assert_eq!(loc, "/desk/staff?saved=compliance");
    let write = common::api_key(&app, &admin, "demo", "write").await;
    let read = common::api_key(&app, &admin, "demo", "read").await;
    let acme = common::api_key(&app, &admin, "acme", "write").await;
    let (mut customer, _, id) = app.customer(None, "Where is my parcel?").await;
    let path = format!("/api/v1/conversations/{id}/messages");

    // A read key may not write; another site's key finds nothing.
    let (status, _, body) = send(&app, &read, "POST", &path, Some(bot("x")), None).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let (status, _, _) = send(&app, &acme, "POST", &path, Some(bot("x")), None).await;
    assert_eq!(status, 404);

    // A bot writes: the customer sees it live under the bot's name; nobody
    // takes the conversation on. Card numbers are masked.
    let (status, _, posted) = send(
        &app,
        &write,
        "POST",
        &path,
        Some(bot(
            "Your parcel left Hamburg. Card 4111 1111 1111 1111 on file.",
        )),
        None,
    )
    .await;
    assert_eq!(status, 201, "{posted}");
    let m = &posted["message"];
    assert_eq!(
        (m["author"].as_str(), m["author_name"].as_str()),
        (Some("bot"), Some("Parcel bot"))
    );
    assert!(
        !m["body"].as_str().unwrap().contains("4111 1111 1111 1111"),
        "{m}"
    );
    let live = staff_side(&mut customer).await;
    assert_eq!(live["message"]["author"], "bot");
    assert_eq!(live["message"]["seq"], m["seq"]);
    let (_, _, one) = send(
        &app,
        &write,
        "GET",
        &format!("/api/v1/conversations/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(one["conversation"]["assignee"], Value::Null);
    assert_eq!(one["conversation"]["status"], "received");
    assert!(
        one["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "first_response")
    );

    // The site's compliance rules hold for the back-end as for the desk.
    let (status, _, body) = send(
        &app,
        &write,
        "POST",
        &path,
        Some(bot("An unconditional refund it is")),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("compliance_blocked"))
    );
    assert_eq!(body["field"], "unconditional refund");
    let warned = bot("Guaranteed delivery by Friday");
    let (status, _, body) = send(&app, &write, "POST", &path, Some(warned.clone()), None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("compliance_warning"))
    );
    let mut confirmed = warned;
    confirmed["confirm_warnings"] = json!(true);
    assert_eq!(
        send(&app, &write, "POST", &path, Some(confirmed), None)
            .await
            .0,
        201
    );

    // As a staff member: only one who works for the site; a reply takes
    // the conversation on, as from the desk.
    let loc = common::create_staff(&app, &admin, "acme-only@x.test", "mid", "acme").await;
    assert!(loc.starts_with("/desk/staff?saved="), "{loc}");
    let other = app
        .login("acme-only@x.test", "a long enough password")
        .await
        .unwrap();
    let acme_only = common::me(&app, &other).await["agent"]["id"]
        .as_i64()
        .unwrap();
    let admin_id = common::me(&app, &admin).await["agent"]["id"]
        .as_i64()
        .unwrap();
    let as_agent = |agent: i64| json!({"body": "I am on it.", "as": {"agent": {"id": agent}}});
    let (status, _, body) =
        send(&app, &write, "POST", &path, Some(as_agent(acme_only)), None).await;
    assert_eq!(
        (status, body["code"].as_str(), body["field"].as_str()),
        (403, Some("forbidden"), Some("agent_id"))
    );
    let (status, _, body) = send(&app, &write, "POST", &path, Some(as_agent(999_999)), None).await;
    assert_eq!((status, body["field"].as_str()), (404, Some("agent_id")));
    let (status, _, body) = send(&app, &write, "POST", &path, Some(as_agent(admin_id)), None).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["message"]["author"], "agent");
    let (_, _, one) = send(
        &app,
        &write,
        "GET",
        &format!("/api/v1/conversations/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(one["conversation"]["assignee"]["id"], admin_id);
    assert_eq!(one["conversation"]["status"], "in_progress");

    // Messages since a seq, a page at a time.
    let (status, _, page) = send(
        &app,
        &read,
        "GET",
        &format!("{path}?after=1&limit=2"),
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{page}");
    let seqs: Vec<i64> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, vec![2, 3]);
    assert_eq!(page["next_after"], 3);
    for bad in ["after=-1", "limit=0", "limit=201", "after=x", "nonsense=1"] {
        let (status, _, body) =
            send(&app, &read, "GET", &format!("{path}?{bad}"), None, None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some("invalid_frame")),
            "{bad}"
        );
    }

    // An Idempotency-Key: the repeat gets the first answer; another request
    // with it is a conflict; a malformed one is refused.
    let first = send(
        &app,
        &write,
        "POST",
        &path,
        Some(bot("Out for delivery.")),
        Some("ship-1"),
    )
    .await;
    let again = send(
        &app,
        &write,
        "POST",
        &path,
        Some(bot("Out for delivery.")),
        Some("ship-1"),
    )
    .await;
    assert_eq!((first.0, again.0), (201, 201));
    assert_eq!(first.2, again.2);
    assert_eq!(first.2["message"]["client_id"], "ship-1");
    assert_eq!(again.1["idempotent-replayed"], "true");
    assert!(first.1.get("idempotent-replayed").is_none());
    let other = send(
        &app,
        &write,
        "POST",
        &path,
        Some(bot("Delivered.")),
        Some("ship-1"),
    )
    .await;
    assert_eq!(
        (other.0, other.2["code"].as_str()),
        (409, Some("idempotency_conflict"))
    );
    let bad = send(
        &app,
        &write,
        "POST",
        &path,
        Some(bot("x")),
        Some("no spaces allowed"),
    )
    .await;
    assert_eq!(
        (bad.0, bad.2["field"].as_str()),
        (400, Some("Idempotency-Key"))
    );
    let (_, _, all) = send(&app, &read, "GET", &path, None, None).await;
    let outs = all["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["body"] == "Out for delivery.")
        .count();
    assert_eq!(outs, 1, "stored once");

    // Malformed requests: JSON errors with their codes, nothing stored.
    let raw = |ct: &'static str, body: Vec<u8>| {
        let url = app.url(&path);
        let write = write.clone();
        async move {
            let r = common::client()
                .post(url)
                .header("authorization", format!("Bearer {write}"))
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap_or(Value::Null))
        }
    };
    assert_eq!(
        raw("application/json", b"{not json".to_vec()).await,
        (400, json!({"code": "invalid_json"}))
    );
    assert_eq!(raw("text/plain", b"{}".to_vec()).await.0, 415);
    assert_eq!(
        raw(
            "application/json",
            br#"{"body":"x","as":{"bot":{"name":"b"}},"extra":1}"#.to_vec()
        )
        .await,
        (400, json!({"code": "invalid_frame"}))
    );
    assert_eq!(
        raw(
            "application/json",
            br#"{"body":"x","as":{"robot":{}}}"#.to_vec()
        )
        .await
        .1["code"],
        "invalid_frame"
    );
    let huge = serde_json::to_vec(&bot(&"x".repeat(70_000))).unwrap();
    assert_eq!(
        raw("application/json", huge).await,
        (413, json!({"code": "frame_too_large"}))
    );
    let (status, _, body) = send(&app, &write, "POST", &path, Some(bot("   ")), None).await;
    assert_eq!(
        (status, body["code"].as_str(), body["field"].as_str()),
        (400, Some("message_empty"), Some("body"))
    );
    let (status, _, body) = send(
        &app,
        &write,
        "POST",
        &path,
        Some(json!({"body": "x", "as": {"bot": {"name": " "}}})),
        None,
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("bot_name")));
    let (status, _, body) = send(
        &app,
        &write,
        "POST",
        "/api/v1/conversations/abc/messages",
        Some(bot("x")),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_frame"))
    );

    // Transitions: resolve, not twice, reopen; a read key may not.
    let resolve = format!("/api/v1/conversations/{id}/resolve");
    assert_eq!(send(&app, &read, "POST", &resolve, None, None).await.0, 403);
    let (status, _, moved) = send(&app, &write, "POST", &resolve, None, None).await;
    assert_eq!(
        (status, moved["conversation"]["status"].as_str()),
        (200, Some("resolved")),
        "{moved}"
    );
    let (status, _, body) = send(&app, &write, "POST", &resolve, None, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("invalid_transition"))
    );
    let (status, _, moved) = send(
        &app,
        &write,
        "POST",
        &format!("/api/v1/conversations/{id}/reopen"),
        None,
        None,
    )
    .await;
    assert_eq!(
        (status, moved["conversation"]["status"].as_str()),
        (200, Some("reopened"))
    );
    assert_eq!(send(&app, &acme, "POST", &resolve, None, None).await.0, 404);
    // The customer heard of each step.
    let mut heard = Vec::new();
    while heard.last().map(String::as_str) != Some("reopened") {
        heard.push(
            customer.recv_type("status").await["status"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    for step in ["in_progress", "resolved", "reopened"] {
        assert!(heard.iter().any(|s| s == step), "{heard:?}");
    }

    // Every write is audited under its key.
    let audit = common::get_json(&app, &admin, "/api/admin/audit.json").await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"api_message") && actions.contains(&"api_transition"),
        "{actions:?}"
    );
    app.stop().await;
}

#[tokio::test]
async fn proactive_messages_reach_a_verified_customer_live_or_on_their_next_visit() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    common::admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/privacy",
        &[("retention_days", "30"), ("new_secret", "on")],
    )
    .await;
    let page = common::get_text(&app, &admin, "/desk/security").await;
    let secret = common::testid_text(&page, "privacy-demo-secret").unwrap();
    let identity = |id: &str| json!({"user_id": id, "hash": parley::services::personal::identity_hash(secret.as_bytes(), id)});
    let write = common::api_key(&app, &admin, "demo", "write").await;

    // Signed in on the shop with the widget open, no conversation yet.
    let mut widget = app.visitor().await;
    widget
        .send(json!({"type": "hello", "v": 1, "site": "demo", "identity": identity("user-7")}))
        .await;
    let welcome = widget.recv_type("welcome").await;
    assert_eq!(welcome["conversation_id"], Value::Null);
    let (status, _, posted) = send(
        &app,
        &write,
        "POST",
        "/api/v1/customers/user-7/messages",
        Some(bot(
            "Your parcel is held in customs in Germany: 3–5 days more. Here is a 5% coupon.",
        )),
        None,
    )
    .await;
    assert_eq!(status, 201, "{posted}");
    assert_eq!(posted["opened"], true);
    let id = posted["conversation_id"].as_i64().unwrap();
    let live = staff_side(&mut widget).await;
    assert_eq!(live["message"]["conversation_id"], id);
    assert_eq!(live["message"]["author_name"], "Parcel bot");
    // Nobody owns it and no clock runs until the customer answers.
    let (_, _, one) = send(
        &app,
        &write,
        "GET",
        &format!("/api/v1/conversations/{id}"),
        None,
        None,
    )
    .await;
    assert_eq!(one["clocks"], json!([]));
    widget
        .send(json!({"type": "send", "client_id": "c1", "body": "Thanks, which coupon?"}))
        .await;
    assert_eq!(
        widget.recv_type("ack").await["message"]["conversation_id"],
        id
    );
    let (_, _, one) = send(
        &app,
        &write,
        "GET",
        &format!("/api/v1/conversations/{id}"),
        None,
        None,
    )
    .await;
    assert!(
        one["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["kind"] == "first_response"),
        "{one}"
    );
    // A second notice goes into the same conversation.
    let (_, _, second) = send(
        &app,
        &write,
        "POST",
        "/api/v1/customers/user-7/messages",
        Some(bot("Cleared customs.")),
        None,
    )
    .await;
    assert_eq!(
        (
            second["opened"].as_bool(),
            second["conversation_id"].as_i64()
        ),
        (Some(false), Some(id))
    );
    assert_eq!(
        staff_side(&mut widget).await["message"]["body"],
        "Cleared customs."
    );

    // A customer who has never come: the notice waits for their visit.
    let (status, _, waiting) = send(
        &app,
        &write,
        "POST",
        "/api/v1/customers/user-9/messages",
        Some(bot("Your order shipped.")),
        Some("notice-9"),
    )
    .await;
    assert_eq!((status, waiting["opened"].as_bool()), (201, Some(true)));
    let theirs = waiting["conversation_id"].as_i64().unwrap();
    let (status, _, customer) =
        send(&app, &write, "GET", "/api/v1/customers/user-9", None, None).await;
    assert_eq!(status, 200, "{customer}");
    assert_eq!(
        (customer["user_id"].as_str(), customer["tier"].as_str()),
        (Some("user-9"), Some("ordinary"))
    );
    assert_eq!(customer["conversations"][0]["id"], theirs);
    let mut later = app.visitor().await;
    later
        .send(json!({"type": "hello", "v": 1, "site": "demo", "identity": identity("user-9")}))
        .await;
    let welcome = later.recv_type("welcome").await;
    assert_eq!(welcome["conversation_id"], theirs);
    assert_eq!(
        later.recv_type("message").await["message"]["body"],
        "Your order shipped."
    );

    // Unknown or malformed user ids; a sender checked before anything is made.
    assert_eq!(
        send(&app, &write, "GET", "/api/v1/customers/nobody", None, None)
            .await
            .0,
        404
    );
    let long = "u".repeat(201);
    let (status, _, body) = send(
        &app,
        &write,
        "GET",
        &format!("/api/v1/customers/{long}"),
        None,
        None,
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (400, Some("user_id")));
    let (status, _, _) = send(
        &app,
        &write,
        "POST",
        "/api/v1/customers/user-10/messages",
        Some(json!({"body": "hi", "as": {"agent": {"id": 999_999}}})),
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        send(&app, &write, "GET", "/api/v1/customers/user-10", None, None)
            .await
            .0,
        404,
        "nothing made"
    );
    let audit = common::get_json(&app, &admin, "/api/admin/audit.json").await;
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "api_proactive")
    );
    app.stop().await;
}

#[tokio::test]
async fn the_openapi_document_lists_every_operation_with_its_key_and_errors() {
    let app = TestApp::start().await;
    let resp = common::client()
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let doc: Value = resp.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let mut ops: Vec<String> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            ops.push(format!("{} {path}", method.to_uppercase()));
            assert_eq!(op["security"], json!([{"api_key": []}]), "{method} {path}");
            for status in ["400", "401", "403", "404", "429"] {
                assert!(
                    op["responses"][status].is_object(),
                    "{method} {path} {status}"
                );
            }
        }
    }
    ops.sort();
    assert_eq!(
        ops,
        vec![
            "GET /api/v1/conversations",
            "GET /api/v1/conversations/{id}",
            "GET /api/v1/conversations/{id}/messages",
            "GET /api/v1/customers/{user_id}",
            "GET /api/v1/kb/articles",
            "GET /api/v1/kb/articles/{id}",
            "GET /api/v1/reports",
            "GET /api/v1/reports.csv",
            "POST /api/v1/conversations/{id}/messages",
            "POST /api/v1/conversations/{id}/reopen",
            "POST /api/v1/conversations/{id}/resolve",
            "POST /api/v1/customers/{user_id}/messages",
            "POST /api/v1/kb/articles",
            "POST /api/v1/kb/articles/{id}",
        ]
    );
    // The error codes are the product's.
    let codes = &doc["components"]["schemas"]["ErrorBody"]["properties"]["code"]["enum"];
    assert!(
        codes
            .as_array()
            .unwrap()
            .contains(&json!("idempotency_conflict"))
    );
    app.stop().await;
}

#[tokio::test]
async fn the_reference_page_shows_every_operation_in_the_readers_language() {
    let app = TestApp::start().await;
    for (lang, heading) in [
        ("en", "Parameters"),
        ("de", "Parameter"),
        ("ja", "パラメーター"),
    ] {
        let resp = common::client()
            .get(app.url("/api/v1/docs"))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        assert!(
            resp.headers()["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("default-src 'none'")
        );
        let html = resp.text().await.unwrap();
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        assert!(html.contains(&format!("<h3>{heading}</h3>")), "{lang}");
        assert_eq!(html.matches("data-testid=\"api-operation\"").count(), 14);
        assert!(html.contains("POST /api/v1/customers/{user_id}/messages"));
        assert!(html.contains("id=\"type-NewMessage\""));
        assert!(
            html.contains("\"idempotency_conflict\""),
            "error codes listed"
        );
    }
    let ar = common::client()
        .get(app.url("/api/v1/docs"))
        .header("accept-language", "ar-EG,ar;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ar.contains("dir=\"rtl\""));
    app.stop().await;
}
