//! Measures the loopback round trip of one message: the customer sends, the
//! server stores it durably (SQLite, synchronous=FULL) and fans it out, a
//! signed-in desk receives it and replies, the widget receives the reply.
//! Also the one-way customer→desk latency and the ack latency.
//!
//!     cargo run --release -p parley --example roundtrip [-- ROUNDS]
//!
//! Prints p50/p90/p99/max in milliseconds. A measurement, not a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Instant;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn next_of(ws: &mut Ws, ty: &str) -> Value {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(t.as_str()).unwrap();
                assert_ne!(v["type"], "error", "refused while waiting for {ty}: {v}");
                if v["type"] == ty {
                    return v;
                }
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => panic!("socket error while waiting for {ty}: {e}"),
            None => panic!("socket closed while waiting for {ty}"),
        }
    }
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut v: Vec<f64>) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{name:<28} n={:<5} p50={:>6.2} ms  p90={:>6.2} ms  p99={:>6.2} ms  max={:>6.2} ms",
        v.len(),
        pct(&v, 0.5),
        pct(&v, 0.9),
        pct(&v, 0.99),
        v[v.len() - 1]
    );
}

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(300);
    let bench = support::start(|_| {}).await;
    let (addr, cookie) = (bench.addr, bench.cookie.clone());

    let mut req = format!("ws://{addr}/ws/desk")
        .into_client_request()
        .unwrap();
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    // Browsers set TCP_NODELAY on their sockets; so do these clients.
    let (mut desk, _) = tokio_tungstenite::connect_async_with_config(req, None, true)
        .await
        .unwrap();
    desk.send(Message::Text(
        json!({"type": "hello", "v": 1}).to_string().into(),
    ))
    .await
    .unwrap();
    next_of(&mut desk, "welcome").await;

    let mut ack_ms = Vec::new();
    let mut one_way_ms = Vec::new();
    let mut round_ms = Vec::new();
    // Visitors take turns so the per-visitor message limit never interferes;
    // at most 250 of them (new visitors per address are limited to 300).
    let mut tokens: Vec<Option<String>> = vec![None; 250];
    for i in 0..rounds {
        let slot = i % tokens.len();
        let (mut visitor, _) = tokio_tungstenite::connect_async_with_config(
            format!("ws://{addr}/ws/visitor"),
            None,
            true,
        )
        .await
        .unwrap();
        visitor
            .send(Message::Text(
                json!({"type": "hello", "v": 1, "site": "demo", "token": tokens[slot]})
                    .to_string()
                    .into(),
            ))
            .await
            .unwrap();
        let welcome = next_of(&mut visitor, "welcome").await;
        tokens[slot] = welcome["token"].as_str().map(str::to_owned);
        let t0 = Instant::now();
        visitor
            .send(Message::Text(
                json!({"type": "send", "intake": {"category": "other"}, "client_id": format!("b{i}"), "body": "ping"})
                    .to_string()
                    .into(),
            ))
            .await
            .unwrap();
        let ack = next_of(&mut visitor, "ack").await;
        ack_ms.push(t0.elapsed().as_secs_f64() * 1e3);
        let got = loop {
            let m = next_of(&mut desk, "message").await;
            if m["message"]["client_id"] == format!("b{i}") {
                break m;
            }
        };
        one_way_ms.push(t0.elapsed().as_secs_f64() * 1e3);
        let cid = got["message"]["conversation_id"].as_i64().unwrap();
        assert_eq!(cid, ack["message"]["conversation_id"].as_i64().unwrap());
        desk.send(Message::Text(
            json!({"type": "send", "conversation_id": cid, "client_id": format!("r{i}"), "body": "pong"}).to_string().into(),
        ))
        .await
        .unwrap();
        next_of(&mut visitor, "message").await;
        round_ms.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    println!("loopback, SQLite synchronous=FULL, {rounds} rounds:");
    report("customer send -> ack", ack_ms);
    report("customer -> desk", one_way_ms);
    report("customer -> desk -> customer", round_ms);
}
