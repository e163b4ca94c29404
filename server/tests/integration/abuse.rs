//! Issue 13, abuse (H4): anonymous visitors flooding the frames that used to
//! be free — `typing`, `received`, `locale`, reconnects — while a desk and a
//! normal customer go about their work. Before, each `received` was an
//! fsynced write and a broadcast to every desk; now only changes are
//! written or broadcast, every kind has a per-visitor budget that survives
//! reconnecting, and a socket that keeps flooding is closed.

use crate::common;

use std::time::{Duration, Instant};

use common::{TestApp, Ws, say};
use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

/// Sends `n` raw frames as fast as the socket takes them; how many went.
async fn flood(ws: &mut Ws, frames: &[String], n: usize) -> usize {
    let mut sent = 0;
    for i in 0..n {
        let frame = &frames[i % frames.len()];
        if ws
            .inner
            .feed(Message::Text(frame.as_str().into()))
            .await
            .is_err()
        {
            break;
        }
        sent += 1;
        if i % 256 == 255 && ws.inner.flush().await.is_err() {
            break;
        }
    }
    let _ = ws.inner.flush().await;
    sent
}

#[tokio::test]
async fn a_flood_of_free_frames_neither_stalls_desks_nor_customers() {
    let app = TestApp::start().await;
    let (mut desk, _) = app.desk().await;
    // The attacker has a conversation (so receipts and typing would count).
    let (mut attacker, token, attacker_conversation) =
        app.customer(None, "a question to get a room").await;
    let frames: Vec<String> = [
        json!({"type": "typing", "on": true}),
        json!({"type": "received", "seq": 1}),
        json!({"type": "typing", "on": false}),
        json!({"type": "received", "seq": 999_999}),
        json!({"type": "locale", "locale": "de"}),
        json!({"type": "locale", "locale": "ja"}),
    ]
    .iter()
    .map(|f| f.to_string())
    .collect();
    let started = Instant::now();
    let sent = flood(&mut attacker, &frames, 30_000).await;
    // The socket is told `rate_limited` and, flooding on, is closed.
    let mut told = false;
    let closed = loop {
        match attacker.try_recv(Duration::from_secs(5)).await {
            Some(f) if f["code"] == "rate_limited" => told = true,
            Some(_) => continue,
            None => break true,
        }
    };
    assert!(told && closed, "sent {sent}");
    // Reconnecting with the token does not buy a fresh budget for long.
    let mut refused_hello = false;
    for _ in 0..30 {
        let mut again = app.visitor().await;
        again
            .send(json!({"type": "hello", "v": 1, "site": "demo", "token": token, "last_seq": 0}))
            .await;
        let first = again.recv().await;
        if first["type"] == "error" {
            assert_eq!(first["code"], "rate_limited");
            refused_hello = true;
            break;
        }
        flood(&mut again, &frames, 500).await;
    }
    assert!(refused_hello, "reconnects are limited per visitor");
    eprintln!(
        "flood: {sent} frames in {:?}, then 30 reconnects",
        started.elapsed()
    );

    // Meanwhile a normal customer writes: the desk sees the new conversation
    // at once, and the desk was never closed.
    let t0 = Instant::now();
    let (mut normal, _, id) = app.customer(None, "my parcel is late").await;
    let ack_ms = t0.elapsed().as_millis();
    let seen = loop {
        let f = desk
            .try_recv(Duration::from_secs(5))
            .await
            .expect("the desk stays open and hears the new conversation");
        assert_ne!(f["code"], "lagged", "{f}");
        if f["type"] == "conversation" && f["summary"]["id"] == id {
            break t0.elapsed();
        }
    };
    eprintln!("normal customer: ack {ack_ms} ms, on the desk after {seen:?}");
    assert!(seen < Duration::from_secs(3), "{seen:?}");
    say(&mut normal, "m2", "still there?").await;
    // The attacker's receipt never passed what was delivered to them.
    let (mut check, _) = app.desk().await;
    let d = common::detail_of(&mut check, attacker_conversation).await;
    assert_eq!(d["conversation_id"], attacker_conversation);
    app.stop().await;
}

#[tokio::test]
async fn repeated_typing_and_receipts_are_coalesced_not_refused() {
    // (Beyond 60 frames at once, 20 a second, any frame counts against the
    // socket: the flood test above shows those refused and the socket closed.)
    let app = TestApp::start().await;
    let (mut desk, _) = app.desk().await;
    let (mut v, _, id) = app.customer(None, "hello there").await;
    // The same state again and again (within the socket's budget of 60
    // frames at once): one broadcast, no refusal.
    let frames = vec![json!({"type": "typing", "on": true}).to_string()];
    flood(&mut v, &frames, 25).await;
    let receipts = vec![json!({"type": "received", "seq": 1}).to_string()];
    flood(&mut v, &receipts, 25).await;
    let mut typing_events = 0;
    while let Some(f) = desk.try_recv(Duration::from_millis(800)).await {
        if f["type"] == "typing" && f["conversation_id"] == id {
            typing_events += 1;
        }
    }
    assert_eq!(typing_events, 1, "only the change is forwarded");
    assert!(
        v.try_recv_type("error", Duration::from_millis(300))
            .await
            .is_none(),
        "repeats are not refusals"
    );
    say(&mut v, "m2", "and a real message").await;
    app.stop().await;
}

/// Writes `head` a byte a second (never finishing), then reads: how long
/// until the server hangs up, and what it said.
async fn slow_client(
    addr: std::net::SocketAddr,
    head: &'static [u8],
    pause: Duration,
) -> (Duration, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let (mut read, mut write) = tcp.split();
    let writer = async {
        for b in head.iter().cycle() {
            if write.write_all(&[*b]).await.is_err() {
                return;
            }
            tokio::time::sleep(pause).await;
        }
    };
    let mut answer = Vec::new();
    let reader = async {
        let _ = tokio::time::timeout(Duration::from_secs(40), read.read_to_end(&mut answer)).await;
    };
    tokio::select! {
        () = writer => {}
        () = reader => {}
    }
    (
        started.elapsed(),
        String::from_utf8_lossy(&answer).into_owned(),
    )
}

#[tokio::test]
async fn slow_loris_clients_are_cut_off() {
    let app = TestApp::start().await;
    // Headers a byte a second: cut after the header timeout (10 s).
    let headers = slow_client(
        app.addr,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        Duration::from_secs(1),
    );
    // A body that stops coming: cut after the body's idle timeout (10 s).
    let body = async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut tcp = tokio::net::TcpStream::connect(app.addr).await.unwrap();
        let started = Instant::now();
        tcp.write_all(
            b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=a",
        )
        .await
        .unwrap();
        let mut answer = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(40), tcp.read_to_end(&mut answer)).await;
        (
            started.elapsed(),
            String::from_utf8_lossy(&answer).into_owned(),
        )
    };
    let ((h_took, _), (b_took, b_answer)) = tokio::join!(headers, body);
    eprintln!("slow headers cut after {h_took:?}; stalled body answered after {b_took:?}");
    assert!(
        h_took >= Duration::from_secs(9) && h_took < Duration::from_secs(15),
        "{h_took:?}"
    );
    assert!(
        b_took >= Duration::from_secs(9) && b_took < Duration::from_secs(15),
        "{b_took:?}: {b_answer}"
    );
    // The server is fine afterwards.
    common::wait_healthy(app.addr).await;
    app.stop().await;
}

/// A hello without a token from `from` (through the trusted proxy); the
/// first frame's type and code.
async fn new_visitor_from(app: &TestApp, from: &str) -> (String, String) {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    let mut req = format!("ws://{}/ws/visitor", app.addr)
        .into_client_request()
        .unwrap();
    req.headers_mut()
        .insert("origin", app.origin().parse().unwrap());
    req.headers_mut()
        .insert("x-forwarded-for", from.parse().unwrap());
    let (inner, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    let mut v = Ws { inner };
    v.send(json!({"type": "hello", "v": 1, "site": "demo"}))
        .await;
    let f = v.recv().await;
    (
        f["type"].as_str().unwrap_or("").to_owned(),
        f["code"].as_str().unwrap_or("").to_owned(),
    )
}

#[tokio::test]
async fn one_ipv6_subscriber_cannot_rotate_addresses_for_fresh_budgets() {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut cfg = common::config(&dir);
    cfg.trusted_proxies = Some("127.0.0.1".into());
    let app = TestApp::start_config(cfg).await;
    // 300 new visitors, each from another address of one /64 …
    for i in 0..300u32 {
        let from = format!("2001:db8:aa:bb:{:x}:{:x}::1", i / 256, i % 256);
        assert_eq!(new_visitor_from(&app, &from).await.0, "welcome", "{i}");
    }
    // … and the next, from yet another address of it, is refused.
    assert_eq!(
        new_visitor_from(&app, "2001:db8:aa:bb:ffff:1:2:3").await,
        ("error".to_owned(), "rate_limited".to_owned())
    );
    // Another /64 has its own budget.
    assert_eq!(
        new_visitor_from(&app, "2001:db8:aa:bc::1").await.0,
        "welcome"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_desk_that_falls_behind_is_resynchronised_not_disconnected() {
    // A hub holding a single event: a customer's message in a case the desk
    // shows publishes several at once, so the desk falls behind on purpose.
    let dir = tempfile::tempdir().unwrap().keep();
    let mut cfg = common::config(&dir);
    cfg.hub_capacity = 1;
    let app = TestApp::start_config(cfg).await;
    let (mut desk, _) = app.desk().await;
    let (_v, _, id) = app.customer(None, "is anyone there?").await;
    // The desk shows the case: each change then publishes its list entry
    // and its case panel together.
    common::show(&mut desk, id).await;
    for tier in ["core", "important", "ordinary", "core"] {
        desk.send(json!({"type": "set_customer", "conversation_id": id, "tier": tier}))
            .await;
    }
    // Before: closed with `lagged`. Now: a fresh snapshot on the same socket,
    // which lists the new conversation.
    let resync = loop {
        let f = desk
            .try_recv(Duration::from_secs(5))
            .await
            .expect("the desk stays open");
        assert_ne!(f["code"], "lagged", "{f}");
        if f["type"] == "welcome" {
            break f;
        }
    };
    assert_eq!(resync["resync"], true);
    assert!(
        resync["conversations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id),
        "{resync}"
    );
    // The same socket keeps working.
    let d = common::detail_of(&mut desk, id).await;
    assert_eq!(d["conversation_id"], id);
    app.stop().await;
}
