//! Personal data as the issue asks, checked in the real files: card numbers
//! typed by a customer or an agent never reach the database (nor its WAL)
//! nor the log of the real binary.

use crate::common;

use common::{ServerProcess, Ws, admin_session, db_text, detail_of, free_port};
use serde_json::json;

/// Every way the test typed a card, and the bare digits.
const CARDS: [&str; 4] = [
    "4111 1111 1111 1111",
    "5555555555554444",
    "3782-822463-10005",
    "６０１１０００９９０１３９４２４",
];

fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + '0' as u32),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn card_numbers_never_reach_the_database_or_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let log = dir.path().join("parley.log");
    let server = ServerProcess::spawn_logging(dir.path(), port, Some(&log)).await;
    let addr = server.addr;
    let origin = format!("http://{addr}");

    // The customer: in a message and in the payment form's facts.
    let mut v = Ws::connect(addr, "/ws/visitor", None, Some(&origin))
        .await
        .unwrap();
    v.send(json!({"type": "hello", "v": 1, "site": "demo", "locale": "en"}))
        .await;
    let welcome = v.recv_type("welcome").await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    v.send(json!({
        "type": "send", "client_id": "m1",
        "body": format!("Charged twice on {}!", CARDS[0]),
        "intake": {"category": "payment", "facts": {
            "order_number": "A-1001",
            "what_failed": format!("card {} declined", CARDS[1]),
        }},
    }))
    .await;
    let ack = v.recv_type("ack").await;
    let id = ack["message"]["conversation_id"].as_i64().unwrap();
    assert_eq!(
        ack["message"]["body"],
        "Charged twice on 4111 11•• •••• 1111!"
    );
    // A file named after a card.
    let up = common::upload_png(addr, &token, "card 5555555555554444.png").await;
    assert_eq!(up["file_name"], "card 555555••••••4444.png");

    // A wrong password on the way (it must not reach the log either).
    assert_eq!(
        common::login(addr, common::ADMIN_EMAIL, "Sup3r-Secret-Guess!").await,
        None
    );
    // The agent: a reply, an internal note and a corrected fact.
    let cookie = admin_session(addr).await;
    let mut desk = Ws::connect(addr, "/ws/desk", Some(&cookie), Some(&origin))
        .await
        .unwrap();
    desk.send(json!({"type": "hello", "v": 1})).await;
    desk.recv_type("welcome").await;
    desk.send(json!({"type": "open", "conversation_id": id}))
        .await;
    let history = desk.recv_type("history").await;
    assert!(history.to_string().contains("4111 11•• •••• 1111"));
    let detail = desk.recv_type("detail").await;
    assert_eq!(
        detail["detail"]["facts"]["what_failed"],
        "card 555555••••••4444 declined"
    );
    desk.send(
        json!({"type": "send", "conversation_id": id, "client_id": "r1",
        "body": format!("Is it the Amex {}?", CARDS[2])}),
    )
    .await;
    let reply = desk.recv_type("ack").await;
    assert_eq!(
        reply["message"]["body"],
        "Is it the Amex 3782-82••••-•0005?"
    );
    desk.send(
        json!({"type": "note", "conversation_id": id, "client_id": "n1",
        "body": format!("customer also gave {}", CARDS[3])}),
    )
    .await;
    let note = desk.recv_type("note").await;
    assert_eq!(
        note["note"]["body"],
        "customer also gave ６０１１００••••••９４２４"
    );
    desk.send(json!({"type": "set_facts", "conversation_id": id,
        "facts": {"what_failed": format!("second card {}", CARDS[0])}}))
        .await;
    loop {
        let d = desk.recv_type("detail").await;
        if d["detail"]["facts"]["what_failed"] == "second card 4111 11•• •••• 1111" {
            break;
        }
    }
    // The customer sees the agent's reply masked too.
    loop {
        let m = v.recv_type("message").await;
        if m["message"]["author"] == "agent" {
            assert_eq!(m["message"]["body"], "Is it the Amex 3782-82••••-•0005?");
            break;
        }
    }
    server.kill9();

    // Nothing of the originals in the database files or the log.
    let mut files = vec![log.clone()];
    for name in ["parley.db", "parley.db-wal"] {
        let p = dir.path().join(name);
        if p.exists() {
            files.push(p);
        }
    }
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for card in CARDS {
            assert!(!text.contains(card), "{card} in {}", f.display());
            assert!(
                !text.contains(&digits(card)),
                "{} in {}",
                digits(card),
                f.display()
            );
        }
    }
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert!(
        log_text.contains("card number masked"),
        "the masking itself is logged"
    );
}

use std::sync::Arc;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, admin_form};
use parley::state::ManualClock;
use serde_json::Value;

const DAY: i64 = 24 * 3600 * 1000;

#[tokio::test]
async fn contact_details_need_consent_and_are_stored_encrypted_with_rotating_keys() {
    let app = TestApp::start().await;
    let (mut v, token, id) = app.customer(None, "Hello, my parcel").await;
    let details = json!({"name": "Ana López", "email": "ana.lopez@example.com",
        "phone": "+34 612 345 678", "address": "Calle Mayor 1, 28013 Madrid"});

    // No consent, no storage; malformed e-mail named; before any conversation refused.
    v.send(json!({"type": "contact", "details": details, "consent": false}))
        .await;
    assert_eq!(v.recv_type("error").await["code"], "consent_required");
    let mut bad = details.clone();
    bad["email"] = json!("ana at example");
    v.send(json!({"type": "contact", "details": bad, "consent": true}))
        .await;
    let e = v.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("contact_invalid"), Some("email"))
    );
    let (mut fresh, _) = app.hello(None, 0).await;
    fresh
        .send(json!({"type": "contact", "details": details, "consent": true}))
        .await;
    assert_eq!(fresh.recv_type("error").await["code"], "invalid_frame");

    v.send(json!({"type": "contact", "details": details, "consent": true}))
        .await;
    let saved = v.recv_type("contact_saved").await;
    assert_eq!(
        saved["fields"],
        json!(["name", "email", "phone", "address"])
    );

    // Sealed at rest: none of it in the database files, each value naming its key.
    let text = db_text(&app);
    for value in [
        "Ana López",
        "ana.lopez@example.com",
        "612 345 678",
        "Calle Mayor",
    ] {
        assert!(!text.contains(value), "{value} stored in the clear");
    }
    // The consent is recorded with the conversation; staff see the details.
    let (mut desk, _) = app.desk().await;
    let detail = detail_of(&mut desk, id).await;
    assert_eq!(detail["contact"]["details"], details);
    assert!(detail["contact"]["consent_at"].as_i64().is_some());
    let (_, welcome) = app.hello(Some(&token), 0).await;
    assert_eq!(welcome["contact_on_file"], true);

    // Key rotation: a new key first; old values still open, new ones use it.
    let dir = app.stop().await;
    let old = std::fs::read_to_string(dir.join("data.keys")).unwrap();
    let old_line = old
        .lines()
        .find(|l| l.starts_with("k1:"))
        .unwrap()
        .to_owned();
    let mut cfg = common::config(&dir);
    cfg.data_keys = Some(format!("k2:{},{old_line}", "ab".repeat(32)));
    let app = TestApp::start_config(cfg).await;
    let (mut desk, _) = app.desk().await;
    assert_eq!(
        detail_of(&mut desk, id).await["contact"]["details"],
        details
    );
    let (mut v, _, _) = app.customer(Some(&token), "Hello, my parcel").await;
    v.send(json!({"type": "contact", "details": {"phone": "+34 699 000 111"}, "consent": true}))
        .await;
    v.recv_type("contact_saved").await;
    let d = detail_of(&mut desk, id).await;
    assert_eq!(d["contact"]["details"]["phone"], "+34 699 000 111");
    assert_eq!(
        d["contact"]["details"]["email"], "ana.lopez@example.com",
        "merged, not replaced"
    );
    assert!(
        db_text(&app).contains("k2:"),
        "new values sealed with the new key"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_site_can_require_identities_its_back_end_signed() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/privacy",
        &[
            ("retention_days", "30"),
            ("identity_required", "on"),
            ("new_secret", "on"),
        ],
    )
    .await;
    assert_eq!(loc, "/desk/security?saved=privacy");
    let page = common::get_text(&app, &admin, "/desk/security").await;
    let secret = common::testid_text(&page, "privacy-demo-secret")
        .expect("the secret is shown to the admin");
    assert_eq!(secret.len(), 64);
    assert!(!db_text(&app).contains(&secret), "stored sealed");

    let hello =
        |identity: Value| json!({"type": "hello", "v": 1, "site": "demo", "identity": identity});
    // None where one is required, or a forged one: refused, connection closed.
    for identity in [
        Value::Null,
        json!({"user_id": "user-42", "hash": "00".repeat(32)}),
        json!({"user_id": "user-43", "hash": parley::services::personal::identity_hash(secret.as_bytes(), "user-42")}),
    ] {
        let mut v = app.visitor().await;
        v.send(hello(identity.clone())).await;
        assert_eq!(
            v.recv_type("error").await["code"],
            "identity_invalid",
            "{identity}"
        );
        assert_eq!(
            v.closed().await.unwrap().reason.as_str(),
            "identity_invalid"
        );
    }
    let good = json!({"user_id": "user-42",
        "hash": parley::services::personal::identity_hash(secret.as_bytes(), "user-42")});
    let mut v = app.visitor().await;
    v.send(hello(good)).await;
    let welcome = v.recv_type("welcome").await;
    assert_eq!(welcome["verified"], true);
    v.send(json!({"type": "send", "client_id": "a", "body": "hi", "intake": {"category": "other", "facts": {}}}))
        .await;
    let id = v.recv_type("ack").await["message"]["conversation_id"]
        .as_i64()
        .unwrap();
    let (mut desk, _) = app.desk().await;
    assert_eq!(
        detail_of(&mut desk, id).await["contact"]["verified_user"],
        "user-42"
    );

    // M4, a shared browser: user 43 signs in on the same page, whose widget
    // still holds user 42's token. They get a fresh visitor: not 42's
    // conversation replayed, and 42's case still shows 42.
    let token = welcome["token"].as_str().unwrap().to_owned();
    let other = json!({"user_id": "user-43",
        "hash": parley::services::personal::identity_hash(secret.as_bytes(), "user-43")});
    let mut b = app.visitor().await;
    b.send(
        json!({"type": "hello", "v": 1, "site": "demo", "token": token,
        "last_seq": 0, "identity": other}),
    )
    .await;
    let w = b.recv_type("welcome").await;
    assert_ne!(w["visitor_id"], welcome["visitor_id"], "a fresh visitor");
    assert!(w["conversation_id"].is_null(), "{w}");
    assert!(
        b.try_recv_type("message", std::time::Duration::from_millis(500))
            .await
            .is_none(),
        "nothing of user 42's conversation"
    );
    assert_eq!(
        detail_of(&mut desk, id).await["contact"]["verified_user"],
        "user-42",
        "42's case is still 42's"
    );
    // The same user with the same token is the same visitor.
    let again = json!({"user_id": "user-42",
        "hash": parley::services::personal::identity_hash(secret.as_bytes(), "user-42")});
    let mut a = app.visitor().await;
    a.send(
        json!({"type": "hello", "v": 1, "site": "demo", "token": token,
        "last_seq": 0, "identity": again}),
    )
    .await;
    let w = a.recv_type("welcome").await;
    assert_eq!(w["conversation_id"], id);
    app.stop().await;
}

#[tokio::test]
async fn a_verified_user_is_one_customer_on_every_browser() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/privacy",
        &[("retention_days", "30"), ("new_secret", "on")],
    )
    .await;
    let page = common::get_text(&app, &admin, "/desk/security").await;
    let secret = common::testid_text(&page, "privacy-demo-secret").unwrap();
    let user = |id: &str| json!({"user_id": id, "hash": parley::services::personal::identity_hash(secret.as_bytes(), id)});
    let hello = |token: Option<&str>, identity: Value| json!({"type": "hello", "v": 1, "site": "demo", "token": token, "last_seq": 0, "identity": identity});
    // Their phone.
    let mut phone = app.visitor().await;
    phone.send(hello(None, user("user-7"))).await;
    let first = phone.recv_type("welcome").await;
    phone
        .send(
            json!({"type": "send", "client_id": "p1", "body": "Sent from my phone",
            "intake": {"category": "other", "facts": {}}}),
        )
        .await;
    let id = phone.recv_type("ack").await["message"]["conversation_id"]
        .as_i64()
        .unwrap();
    // Their laptop, never used before: the same customer, the same
    // conversation, its history, and it goes on there.
    let mut laptop = app.visitor().await;
    laptop.send(hello(None, user("user-7"))).await;
    let second = laptop.recv_type("welcome").await;
    assert_eq!(second["visitor_id"], first["visitor_id"]);
    assert_eq!(second["conversation_id"], id);
    assert_eq!(
        laptop.recv_type("message").await["message"]["body"],
        "Sent from my phone"
    );
    laptop
        .send(json!({"type": "send", "client_id": "l1", "body": "And now from my laptop"}))
        .await;
    assert_eq!(
        laptop.recv_type("ack").await["message"]["conversation_id"],
        id
    );
    // The phone sees it live: one conversation.
    loop {
        let m = phone.recv_type("message").await;
        if m["message"]["body"] == "And now from my laptop" {
            assert_eq!(m["message"]["conversation_id"], id);
            break;
        }
    }
    // The desk sees one customer.
    let (mut desk, _) = app.desk().await;
    let detail = detail_of(&mut desk, id).await;
    assert_eq!(detail["contact"]["verified_user"], "user-7");
    // No second customer record with a second case for the laptop.
    assert_eq!(detail["history"].as_array().unwrap().len(), 0, "{detail}");

    // Anonymous visitors stay per browser.
    let mut anon = app.visitor().await;
    anon.send(hello(None, Value::Null)).await;
    let w = anon.recv_type("welcome").await;
    assert_ne!(w["visitor_id"], first["visitor_id"]);
    assert!(w["conversation_id"].is_null());
    // Another user on the phone (user 7's token): never 7's history, and
    // their own record on every device after that.
    let token = first["token"].as_str().unwrap();
    let mut shared = app.visitor().await;
    shared.send(hello(Some(token), user("user-8"))).await;
    let eight = shared.recv_type("welcome").await;
    assert_ne!(eight["visitor_id"], first["visitor_id"]);
    assert!(eight["conversation_id"].is_null());
    let mut tablet = app.visitor().await;
    tablet.send(hello(None, user("user-8"))).await;
    assert_eq!(
        tablet.recv_type("welcome").await["visitor_id"],
        eight["visitor_id"]
    );
    app.stop().await;
}

#[tokio::test]
async fn retention_destroys_exactly_what_is_due_and_records_it() {
    let clock = Arc::new(ManualClock::default());
    let t0 = 1_800_000_000_000;
    clock.set(t0);
    let app = TestApp::start_with_clock(clock.clone()).await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/privacy",
        &[("retention_days", "30")],
    )
    .await;
    // Two customers; one case is closed now, the other stays open.
    let (mut closed, _, done_id) = app.customer(None, "Hello, my parcel").await;
    closed
        .send(json!({"type": "contact", "details": {"email": "gone@example.com"}, "consent": true}))
        .await;
    closed.recv_type("contact_saved").await;
    let (_open, _, open_id) = app.customer(None, "Hello, my parcel").await;
    let (mut desk, _) = app.desk().await;
    desk.send(json!({"type": "note", "conversation_id": done_id, "client_id": "n", "body": "VIP, call back"}))
        .await;
    desk.recv_type("note").await;
    desk.send(json!({"type": "send", "conversation_id": done_id, "client_id": "r", "body": "Found it, on its way."}))
        .await;
    desk.recv_type("ack").await;
    desk.send(json!({"type": "transition", "conversation_id": done_id, "action": "resolve"}))
        .await;
    loop {
        let f = desk.recv().await;
        assert_ne!(f["type"], "error", "{f}");
        if f["type"] == "conversation"
            && f["summary"]["id"] == done_id
            && f["summary"]["status"] == "resolved"
        {
            break;
        }
    }

    // Weeks pass (sessions expire meanwhile: sign in again to look).
    let records = || async {
        let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
        common::get_json(&app, &admin, "/api/admin/destructions.json").await
    };
    // A day before the period ends: nothing destroyed.
    clock.advance(29 * DAY);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(records().await, json!([]));
    let (mut desk, _) = app.desk().await;
    assert_eq!(
        detail_of(&mut desk, done_id).await["contact"]["details"]["email"],
        "gone@example.com"
    );

    // Past it: the closed case's texts, notes and the customer's details go.
    clock.advance(2 * DAY);
    let records = loop {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let r = records().await;
        if r.as_array().is_some_and(|a| !a.is_empty()) {
            break r;
        }
    };
    let records = records.as_array().unwrap();
    assert_eq!(records.len(), 1, "only what is due: {records:?}");
    assert_eq!(records[0]["conversation_id"], done_id);
    assert_eq!(records[0]["rule"], "retention:30d");
    assert_eq!(records[0]["what"]["contact_records"], 1);
    assert_eq!(records[0]["what"]["notes"], 1);
    assert!(
        !records[0].to_string().contains("gone@example.com"),
        "records hold no data"
    );
    let (mut desk, _) = app.desk().await;
    desk.send(json!({"type": "open", "conversation_id": done_id}))
        .await;
    let history = desk.recv_type("history").await;
    assert!(
        history["messages"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["body"] == "")
    );
    let d = detail_of(&mut desk, done_id).await;
    assert!(d["contact"].is_null() && d["notes"].as_array().unwrap().is_empty());
    // The open case is untouched.
    desk.send(json!({"type": "open", "conversation_id": open_id}))
        .await;
    let history = loop {
        let h = desk.recv_type("history").await;
        if h["conversation_id"] == open_id {
            break h;
        }
    };
    assert_eq!(history["messages"][0]["body"], "Hello, my parcel");
    app.stop().await;
}

#[tokio::test]
async fn an_admin_exports_and_erases_a_customer_on_request() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let (mut v, _, id) = app.customer(None, "Hello, my parcel").await;
    v.send(json!({"type": "contact", "details": {"name": "Li Wei"}, "consent": true}))
        .await;
    v.recv_type("contact_saved").await;
    let export: Value = common::get_json(
        &app,
        &admin,
        &format!("/api/admin/conversations/{id}/customer.json"),
    )
    .await;
    assert_eq!(export["contact"]["details"]["name"], "Li Wei");
    assert_eq!(
        export["conversations"][0]["messages"][0]["body"],
        "Hello, my parcel"
    );
    // Agents may not export.
    let agent = common::agent_session(&app, &admin, "ag@test.local").await;
    let refused = common::http()
        .get(app.url(&format!("/api/admin/conversations/{id}/customer.json")))
        .header("cookie", &agent)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    let loc = admin_form(
        &app,
        &admin,
        &format!("/api/admin/conversations/{id}/erase"),
        &[("confirm", "on")],
    )
    .await;
    assert_eq!(loc, format!("/desk?c={id}"));
    let after: Value = common::get_json(
        &app,
        &admin,
        &format!("/api/admin/conversations/{id}/customer.json"),
    )
    .await;
    assert!(after["contact"].is_null());
    assert_eq!(after["conversations"][0]["messages"][0]["body"], "");
    assert!(!db_text(&app).contains("Hello, my parcel"));
    let audit = common::get_text(&app, &admin, "/api/admin/audit.json").await;
    for action in [
        "customer_exported",
        "customer_erased",
        "data_destroyed",
        "consent_recorded",
    ] {
        assert!(audit.contains(action), "{action}");
    }
    app.stop().await;
}
