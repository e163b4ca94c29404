//! Issue 19: webhooks. An admin registers an endpoint for chosen events;
//! every delivery is signed (`Parley-Signature`), written to an outbox in
//! the event's own transaction, retried with backoff while the receiver is
//! down and given up (the endpoint flagged) after a day; the log shows each
//! attempt and can send one again; internal addresses are refused unless
//! the operator allows them; nothing is lost across a Parley restart.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::common;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp};
use parley::domain::webhooks::verify;
use serde_json::{Value, json};

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Hit {
    headers: HashMap<String, String>,
    body: String,
    answered: u16,
}

/// A back-end's webhook receiver on 127.0.0.1: records every request and
/// answers with the status it is set to (503 while "down").
#[derive(Clone)]
struct Receiver {
    addr: SocketAddr,
    hits: Arc<Mutex<Vec<Hit>>>,
    answer: Arc<AtomicU16>,
}

impl Receiver {
    async fn start(port: u16) -> Receiver {
        let hits: Arc<Mutex<Vec<Hit>>> = Default::default();
        let answer = Arc::new(AtomicU16::new(200));
        let (h, a) = (hits.clone(), answer.clone());
        let app = axum::Router::new().route(
            "/hooks",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let (h, a) = (h.clone(), a.clone());
                async move {
                    let answered = a.load(Ordering::SeqCst);
                    h.lock().unwrap().push(Hit {
                        headers: headers
                            .iter()
                            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
                            .collect(),
                        body: String::from_utf8_lossy(&body).into_owned(),
                        answered,
                    });
                    StatusCode::from_u16(answered).unwrap()
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { addr, hits, answer }
    }

    fn url(&self) -> String {
        format!("http://{}/hooks", self.addr)
    }

    fn taken(&self) -> Vec<Hit> {
        self.hits
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h.answered < 300)
            .cloned()
            .collect()
    }

    /// Waits until `pred` holds of the requests taken (2xx answers).
    async fn wait_for(&self, what: &str, pred: impl Fn(&[Hit]) -> bool) -> Vec<Hit> {
        for _ in 0..200 {
            let taken = self.taken();
            if pred(&taken) {
                return taken;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{what}: the receiver got {:#?}", self.hits.lock().unwrap());
    }
}

fn events(hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| h.headers["parley-event"].clone())
        .collect()
}

/// The admin adds an endpoint with `events` (all when empty); the redirect.
async fn add_endpoint(app: &TestApp, cookie: &str, url: &str, events: &[&str]) -> String {
    let mut form: Vec<(&str, &str)> = vec![("url", url)];
    for e in events {
        form.push(("events", e));
    }
    common::admin_form(app, cookie, "/api/admin/sites/demo/webhooks", &form).await
}

async fn endpoints(app: &TestApp, cookie: &str) -> Value {
    common::get_json(app, cookie, "/api/admin/sites/demo/webhooks").await
}

#[tokio::test]
async fn internal_addresses_and_malformed_urls_are_refused_by_default() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    for (url, code) in [
        ("http://127.0.0.1:9/hooks", "webhook_url_private"),
        (
            "http://169.254.169.254/latest/meta-data",
            "webhook_url_private",
        ),
        ("http://localhost/hooks", "webhook_url_private"),
        ("http://[::1]/hooks", "webhook_url_private"),
        ("ftp://shop.example/hooks", "webhook_url_invalid"),
        ("https://user:pw@shop.example/hooks", "webhook_url_invalid"),
    ] {
        let loc = add_endpoint(&app, &admin, url, &["message.created"]).await;
        assert_eq!(
            loc,
            format!("/desk/webhooks?site=demo&error={code}"),
            "{url}"
        );
    }
    let loc = add_endpoint(
        &app,
        &admin,
        "https://shop.example/hooks",
        &["no.such.event"],
    )
    .await;
    assert_eq!(loc, "/desk/webhooks?site=demo&error=invalid_frame");
    let loc = add_endpoint(&app, &admin, "https://shop.example/hooks", &[]).await;
    assert_eq!(
        loc, "/desk/webhooks?site=demo&error=invalid_frame",
        "at least one event"
    );
    for i in 0..10 {
        let loc = add_endpoint(
            &app,
            &admin,
            &format!("https://shop.example/h{i}"),
            &["rating.created"],
        )
        .await;
        assert!(loc.contains("added="), "{loc}");
    }
    let loc = add_endpoint(
        &app,
        &admin,
        "https://shop.example/h11",
        &["rating.created"],
    )
    .await;
    assert_eq!(loc, "/desk/webhooks?site=demo&error=webhook_limit");
    // An agent may not; another site's admin path is not found.
    let agent = common::agent_session(&app, &admin, "ag@x.test").await;
    let token = common::csrf(&app, &agent).await;
    let resp = common::client()
        .post(app.url("/api/admin/sites/demo/webhooks"))
        .header("cookie", &agent)
        .header("origin", app.origin())
        .form(&[
            ("url", "https://shop.example/x"),
            ("events", "message.created"),
            ("_csrf", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 403);
    app.stop().await;
}

#[tokio::test]
async fn deliveries_are_signed_retried_while_the_receiver_is_down_and_given_up_after_a_day() {
    let clock = Arc::new(parley::state::ManualClock::default());
    clock.set(1_796_119_200_000);
    let dir = tempfile::tempdir().unwrap().keep();
    let mut cfg = common::config(&dir);
    cfg.clock = Some(clock.clone());
    cfg.webhook_allow_private = true;
    let app = TestApp::start_config(cfg).await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let receiver = Receiver::start(0).await;
    let loc = add_endpoint(
        &app,
        &admin,
        &receiver.url(),
        &[
            "conversation.created",
            "message.created",
            "conversation.resolved",
        ],
    )
    .await;
    assert_eq!(loc, "/desk/webhooks?site=demo&added=1");
    let listed = endpoints(&app, &admin).await;
    let secret = listed["endpoints"][0]["secret"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert!(!common::db_text(&app).contains(&secret), "stored sealed");

    // A customer writes: the conversation and the message arrive, signed.
    let (mut customer, _, id) = app.customer(None, "Where is my parcel?").await;
    let got = receiver
        .wait_for("created and message", |h| h.len() >= 2)
        .await;
    let mut names = events(&got);
    names.sort();
    assert_eq!(names, vec!["conversation.created", "message.created"]);
    let now_secs = clock.get() / 1000;
    for hit in &got {
        let sig = &hit.headers["parley-signature"];
        assert!(
            verify(secret.as_bytes(), sig, hit.body.as_bytes(), now_secs),
            "{sig}"
        );
        assert!(!verify(b"whsec_wrong", sig, hit.body.as_bytes(), now_secs));
        assert_eq!(hit.headers["content-type"], "application/json");
        let body: Value = serde_json::from_str(&hit.body).unwrap();
        assert_eq!(body["event"], hit.headers["parley-event"].as_str());
        assert_eq!(body["id"], hit.headers["parley-event-id"].as_str());
        assert_eq!(body["site"], "demo");
    }
    let message: Value = got
        .iter()
        .find(|h| h.headers["parley-event"] == "message.created")
        .map(|h| serde_json::from_str(&h.body).unwrap())
        .unwrap();
    assert_eq!(message["data"]["message"]["body"], "Where is my parcel?");
    assert_eq!(message["data"]["conversation_id"], id);

    // The receiver is down: the delivery waits, then arrives once it is back.
    receiver.answer.store(503, Ordering::SeqCst);
    common::say(&mut customer, "c2", "Hello?").await;
    for _ in 0..100 {
        if receiver
            .hits
            .lock()
            .unwrap()
            .iter()
            .any(|h| h.answered == 503)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The attempt is recorded after the receiver answered: wait for it.
    let mut listed = endpoints(&app, &admin).await;
    for _ in 0..100 {
        if listed["endpoints"][0]["deliveries"][0]["attempts"].as_i64() == Some(1) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        listed = endpoints(&app, &admin).await;
    }
    let log = &listed["endpoints"][0]["deliveries"];
    assert_eq!(log[0]["event"], "message.created");
    assert_eq!(
        (log[0]["attempts"].as_i64(), log[0]["last_status"].as_i64()),
        (Some(1), Some(503))
    );
    assert!(log[0]["delivered_at"].is_null());
    receiver.answer.store(200, Ordering::SeqCst);
    clock.advance(10_000);
    let got = receiver.wait_for("the retry", |h| h.len() >= 3).await;
    let body: Value = serde_json::from_str(&got[2].body).unwrap();
    assert_eq!(body["data"]["message"]["body"], "Hello?");
    // Each event was taken once.
    let mut ids: Vec<String> = got
        .iter()
        .map(|h| h.headers["parley-event-id"].clone())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), got.len());

    // Down for good: tried with backoff, given up after a day, the
    // endpoint flagged; a redelivery later gets through.
    receiver.answer.store(500, Ordering::SeqCst);
    common::say(&mut customer, "c3", "Anyone?").await;
    for _ in 0..26 {
        clock.advance(60 * 60 * 1000);
        tokio::time::sleep(Duration::from_millis(80)).await;
    }
    // (The admin's session ended meanwhile.)
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let flagged = endpoints(&app, &admin).await;
    let e = &flagged["endpoints"][0];
    assert!(e["failing_since"].is_i64(), "{e}");
    let given_up = &e["deliveries"][0];
    assert!(given_up["gave_up_at"].is_i64(), "{given_up}");
    let attempts = given_up["attempts"].as_i64().unwrap();
    assert!((5..40).contains(&attempts), "{attempts} attempts in a day");
    assert_eq!(given_up["last_status"], 500);
    receiver.answer.store(200, Ordering::SeqCst);
    let before = receiver.taken().len();
    let loc = common::admin_form(
        &app,
        &admin,
        &format!(
            "/api/admin/sites/demo/webhooks/deliveries/{}/redeliver",
            given_up["id"]
        ),
        &[],
    )
    .await;
    assert!(
        loc.starts_with("/desk/webhooks?site=demo&redelivered="),
        "{loc}"
    );
    let got = receiver
        .wait_for("the redelivery", |h| h.len() > before)
        .await;
    let last: Value = serde_json::from_str(&got.last().unwrap().body).unwrap();
    assert_eq!(last["data"]["message"]["body"], "Anyone?");
    let mut healthy = Value::Null;
    for _ in 0..50 {
        healthy = endpoints(&app, &admin).await;
        if healthy["endpoints"][0]["failing_since"].is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        healthy["endpoints"][0]["failing_since"].is_null(),
        "a success clears the flag"
    );

    // An empty form adds nothing; a resolution is sent.
    let resolve = common::admin_form(&app, &admin, "/api/admin/sites/demo/webhooks", &[]).await;
    assert!(
        resolve.contains("error="),
        "an empty form adds nothing: {resolve}"
    );
    let (mut desk, _) = app.desk().await;
    common::reply(&mut desk, id, "a-1", "It is on its way.").await;
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    receiver
        .wait_for("the resolution", |h| {
            events(h).contains(&"conversation.resolved".to_owned())
        })
        .await;

    // Removed: nothing more is sent.
    let loc =
        common::admin_form(&app, &admin, "/api/admin/sites/demo/webhooks/1/remove", &[]).await;
    assert_eq!(loc, "/desk/webhooks?site=demo&removed=1");
    let count = receiver.hits.lock().unwrap().len();
    common::say(&mut customer, "c4", "Still there?").await;
    clock.advance(1_000);
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(receiver.hits.lock().unwrap().len(), count);
    let audit = common::get_json(&app, &admin, "/api/admin/audit.json").await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    for a in ["webhook_added", "webhook_redelivered", "webhook_removed"] {
        assert!(actions.contains(&a), "{a}");
    }
    app.stop().await;
}

#[tokio::test]
async fn nothing_is_lost_when_parley_restarts_while_the_receiver_is_down() {
    let dir = tempfile::tempdir().unwrap();
    let port = common::free_port();
    let env = [("PARLEY_WEBHOOK_ALLOW_PRIVATE", "on")];
    let server = common::ServerProcess::spawn_with_env(dir.path(), port, &env).await;
    let admin = common::admin_session(server.addr).await;
    // The receiver's port, closed for now.
    let hook_port = common::free_port();
    let base = format!("http://{}", server.addr);
    let token: Value = common::client()
        .get(format!("{base}/api/auth/me"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let resp = common::client()
        .post(format!("{base}/api/admin/sites/demo/webhooks"))
        .header("cookie", &admin)
        .header("origin", &base)
        .form(&[
            (
                "url",
                format!("http://127.0.0.1:{hook_port}/hooks").as_str(),
            ),
            ("events", "message.created"),
            ("_csrf", token["csrf"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["location"],
        "/desk/webhooks?site=demo&added=1"
    );
    let mut v = common::Ws::connect(server.addr, "/ws/visitor", None, Some(&base))
        .await
        .unwrap();
    v.send(json!({"type": "hello", "v": 1, "site": "demo"}))
        .await;
    v.recv_type("welcome").await;
    v.send(
        json!({"type": "send", "client_id": "m1", "body": "Before the crash",
        "intake": {"category": "other", "facts": {}}}),
    )
    .await;
    v.recv_type("ack").await;
    // Parley dies before the receiver is back; the delivery is in the outbox.
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.kill9();
    let receiver = Receiver::start(hook_port).await;
    let server = common::ServerProcess::spawn_with_env(dir.path(), port, &env).await;
    // Its first retry is due 10 s after the failed attempt.
    let got = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let taken = receiver.taken();
            if !taken.is_empty() {
                return taken;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    })
    .await
    .expect("delivered after the restart");
    let body: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(body["data"]["message"]["body"], "Before the crash");
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert_eq!(receiver.taken().len(), 1, "exactly once");
    drop(server);
}
