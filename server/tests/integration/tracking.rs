//! Issue 19 (R-SELF3): order tracking. An admin points the site at its
//! order-lookup endpoint; a customer's "Track my order" (verified: their
//! own orders; anonymous: with the e-mail or postcode) and an agent's
//! lookup in the case panel ask it with a signed request; the journey comes
//! back checked; failures say so with their codes; a conversation started
//! after tracking carries the order number.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp};
use parley::domain::webhooks::verify;
use serde_json::{Value, json};

/// The shop's order lookup: A-1001 belongs to user-7 (or whoever gives
/// postcode 04109); SLOW takes 20 s; BROKEN fails; anything else is unknown.
async fn shop() -> (String, Arc<Mutex<Vec<(HeaderMap, Value)>>>) {
    let seen: Arc<Mutex<Vec<(HeaderMap, Value)>>> = Default::default();
    let s = seen.clone();
    let app = axum::Router::new().route(
        "/orders",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let s = s.clone();
            async move {
                let q: Value = serde_json::from_slice(&body).unwrap();
                s.lock().unwrap().push((headers, q.clone()));
                let mine = q["user_id"] == "user-7" || q["contact"] == "04109";
                match q["order"].as_str().unwrap() {
                    "SLOW" => {
                        tokio::time::sleep(Duration::from_secs(20)).await;
                        (StatusCode::OK, "{}".to_owned())
                    }
                    "BROKEN" => (StatusCode::INTERNAL_SERVER_ERROR, String::new()),
                    "A-1001" if mine || q["requested_by"] == "staff" => (
                        StatusCode::OK,
                        json!({"order": "A-1001", "carrier": "DHL", "eta": "2026-12-04T12:00:00Z",
                            "steps": [
                                {"status": "accepted", "at": "2026-11-25T09:00:00Z", "place": "Shenzhen, CN"},
                                {"status": "in_transit", "at": "2026-11-27T15:30:00Z", "place": "Frankfurt, DE"},
                                {"status": "customs", "at": "2026-11-28T08:00:00Z", "place": "Leipzig, DE",
                                 "detail": "Held for import duties"},
                            ]})
                        .to_string(),
                    ),
                    _ => (StatusCode::NOT_FOUND, String::new()),
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/orders", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn customers_and_agents_track_orders_through_the_sites_lookup() {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut cfg = common::config(&dir);
    cfg.webhook_allow_private = true;
    let app = TestApp::start_config(cfg).await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();

    // Before the site has a lookup, the widget does not offer it.
    assert_eq!(common::widget_config(&app).await["tracking"], false);
    let mut anon = app.visitor().await;
    anon.send(json!({"type": "hello", "v": 1, "site": "demo"}))
        .await;
    anon.recv_type("welcome").await;
    anon.send(json!({"type": "track", "order": "A-1001", "contact": "04109"}))
        .await;
    assert_eq!(anon.recv_type("error").await["code"], "tracking_off");

    let (url, seen) = shop().await;
    let loc = common::admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/order-lookup",
        &[("url", &url)],
    )
    .await;
    assert_eq!(loc, "/desk/webhooks?site=demo&lookup=1");
    let page = common::get_json(&app, &admin, "/api/admin/sites/demo/webhooks").await;
    assert_eq!(page["lookup"][0], url.as_str());
    let secret = page["lookup"][1].as_str().unwrap().to_owned();
    assert_eq!(common::widget_config(&app).await["tracking"], true);

    // Anonymous: the order with its postcode; the steps come back checked.
    anon.send(json!({"type": "track", "order": "A-1001", "contact": "04109"}))
        .await;
    let t = anon.recv_type("tracking").await["tracking"].clone();
    assert_eq!(
        (t["order"].as_str(), t["carrier"].as_str()),
        (Some("A-1001"), Some("DHL"))
    );
    let kinds: Vec<&str> = t["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, vec!["accepted", "in_transit", "customs"]);
    assert_eq!(t["steps"][2]["detail"], "Held for import duties");
    let (headers, asked) = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        asked,
        json!({"order": "A-1001", "contact": "04109", "locale": "en", "requested_by": "customer"})
    );
    let sig = headers["parley-signature"].to_str().unwrap();
    assert!(verify(
        secret.as_bytes(),
        sig,
        asked.to_string().as_bytes(),
        parley::state::now_ms() / 1000
    ));
    // Someone else's postcode, a failing back-end, no postcode at all: each
    // says so (an unknown order and a slow back-end below).
    for (frame, code) in [
        (
            json!({"type": "track", "order": "A-1001", "contact": "99999"}),
            "tracking_not_found",
        ),
        (
            json!({"type": "track", "order": "BROKEN", "contact": "04109"}),
            "tracking_unavailable",
        ),
        (json!({"type": "track", "order": "A-1001"}), "invalid_frame"),
    ] {
        anon.send(frame.clone()).await;
        assert_eq!(anon.recv_type("error").await["code"], code, "{frame}");
    }
    // The budget: 5 at once, then one per 10 s.
    anon.send(json!({"type": "track", "order": "A-1001", "contact": "04109"}))
        .await;
    assert_eq!(anon.recv_type("error").await["code"], "rate_limited");

    // Signed in: their own orders, asked for by their user id; slow is unavailable.
    common::admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/privacy",
        &[("retention_days", "30"), ("new_secret", "on")],
    )
    .await;
    let html = common::get_text(&app, &admin, "/desk/security").await;
    let id_secret = common::testid_text(&html, "privacy-demo-secret").unwrap();
    let mut user = app.visitor().await;
    user.send(json!({"type": "hello", "v": 1, "site": "demo", "identity": {
        "user_id": "user-7", "hash": parley::services::personal::identity_hash(id_secret.as_bytes(), "user-7")}}))
        .await;
    assert_eq!(user.recv_type("welcome").await["verified"], true);
    user.send(json!({"type": "track", "order": "NOPE-1"})).await;
    assert_eq!(user.recv_type("error").await["code"], "tracking_not_found");
    user.send(json!({"type": "track", "order": "SLOW"})).await;
    let started = std::time::Instant::now();
    let slow = user
        .try_recv_type("error", Duration::from_secs(15))
        .await
        .expect("an answer");
    assert_eq!(slow["code"], "tracking_unavailable");
    assert!(
        started.elapsed() < Duration::from_secs(12),
        "the lookup's own timeout (5 s), not the shop's answer (20 s): {:?}",
        started.elapsed()
    );
    user.send(json!({"type": "track", "order": "A-1001"})).await;
    assert_eq!(
        user.recv_type("tracking").await["tracking"]["steps"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let (_, asked) = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        (asked["user_id"].as_str(), asked.get("contact")),
        (Some("user-7"), None)
    );

    // A conversation started after tracking carries the order number.
    user.send(
        json!({"type": "send", "client_id": "c1", "body": "My card was charged twice",
        "intake": {"category": "payment", "facts": {"what_failed": "charged twice"}}}),
    )
    .await;
    let id = user.recv_type("ack").await["message"]["conversation_id"]
        .as_i64()
        .unwrap();
    let (mut desk, _) = app.desk().await;
    let detail = common::detail_of(&mut desk, id).await;
    assert_eq!(detail["facts"]["order_number"], "A-1001");

    // The agent looks it up from the case panel.
    desk.send(json!({"type": "track_order", "conversation_id": id, "order": "A-1001"}))
        .await;
    let answer = desk.recv_type("tracking").await;
    assert_eq!(answer["conversation_id"], id);
    assert_eq!(answer["tracking"]["steps"][2]["kind"], "customs");
    let (_, asked) = seen.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        (asked["requested_by"].as_str(), asked["user_id"].as_str()),
        (Some("staff"), Some("user-7"))
    );
    desk.send(json!({"type": "track_order", "conversation_id": id, "order": "NOPE-2"}))
        .await;
    assert_eq!(
        desk.recv_type("tracking").await["code"],
        "tracking_not_found"
    );

    // Blank turns it off again.
    let loc = common::admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/order-lookup",
        &[("url", "")],
    )
    .await;
    assert_eq!(loc, "/desk/webhooks?site=demo&lookup=1");
    assert_eq!(common::widget_config(&app).await["tracking"], false);
    app.stop().await;
}

#[tokio::test]
async fn an_internal_lookup_address_is_refused_by_default() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = common::admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/order-lookup",
        &[("url", "http://10.1.2.3/orders")],
    )
    .await;
    assert_eq!(loc, "/desk/webhooks?site=demo&error=webhook_url_private");
    assert_eq!(common::widget_config(&app).await["tracking"], false);
    app.stop().await;
}

#[tokio::test]
async fn an_agent_of_another_site_cannot_look_up_a_conversations_orders() {
    let app = TestApp::start_two_sites().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let (_, _, id) = app.customer(None, "Where is NW-10452?").await;
    let loc = common::create_staff(&app, &admin, "acme-agent@x.test", "mid", "acme").await;
    assert!(loc.starts_with("/desk/staff?saved="), "{loc}");
    let cookie = app
        .login("acme-agent@x.test", "a long enough password")
        .await
        .unwrap();
    let mut desk = common::Ws::connect(app.addr, "/ws/desk", Some(&cookie), Some(&app.origin()))
        .await
        .unwrap();
    desk.send(json!({"type": "hello", "v": 1})).await;
    desk.recv_type("welcome").await;
    desk.send(json!({"type": "track_order", "conversation_id": id, "order": "NW-10452"}))
        .await;
    let refused = desk.recv_type("error").await;
    assert!(
        ["not_found", "forbidden"].contains(&refused["code"].as_str().unwrap()),
        "{refused}"
    );
    assert!(
        desk.try_recv_type("tracking", Duration::from_millis(300))
            .await
            .is_none(),
        "no answer for another site's conversation"
    );
    app.stop().await;
}
