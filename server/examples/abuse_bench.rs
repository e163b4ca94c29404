//! Load and abuse (issue 13): 20 signed-in desks and 200 customers chatting
//! (each customer writes every 2 s: ~100 messages/s), first alone, then
//! while one anonymous visitor per frame type floods the server as fast as
//! its socket takes frames (typing, received, locale, send, contact,
//! confirm, rate, and reconnecting hellos), each from its own address.
//!
//!     cargo run --release -p parley --example abuse_bench [-- SECONDS]
//!
//! Prints, per phase: the customers' send→ack and customer→desk latency
//! (p50/p99), desk disconnects (target 0), the flood's frames and how the
//! server answered them, and the process's resident memory (the server and
//! these clients share the process; 221 client sockets add a few MB).
//! A measurement, not a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const DESKS: usize = 20;
const CUSTOMERS: usize = 200;
const WRITE_EVERY: Duration = Duration::from_secs(2);

async fn connect(addr: SocketAddr, path: &str, cookie: Option<&str>, from: &str) -> Ws {
    let mut req = format!("ws://{addr}{path}").into_client_request().unwrap();
    let h = req.headers_mut();
    h.insert("origin", format!("http://{addr}").parse().unwrap());
    h.insert("x-forwarded-for", from.parse().unwrap());
    if let Some(c) = cookie {
        h.insert("cookie", c.parse().unwrap());
    }
    tokio_tungstenite::connect_async_with_config(req, None, true)
        .await
        .unwrap()
        .0
}

async fn next_of(ws: &mut Ws, ty: &str) -> Option<Value> {
    while let Some(Ok(m)) = ws.next().await {
        if let Message::Text(t) = m {
            let v: Value = serde_json::from_str(t.as_str()).unwrap();
            if v["type"] == ty {
                return Some(v);
            }
        }
    }
    None
}

fn text(v: Value) -> Message {
    Message::Text(v.to_string().into())
}

fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn report(name: &str, mut v: Vec<f64>) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "  {name:<24} n={:<6} p50={:>7.2} ms  p99={:>7.2} ms  max={:>7.2} ms",
        v.len(),
        pct(&v, 0.5),
        pct(&v, 0.99),
        v.last().copied().unwrap_or(f64::NAN)
    );
}

/// When each customer message was sent, by client id (the desks look them up).
type Sent = Arc<Mutex<HashMap<String, Instant>>>;

/// One phase of normal traffic; returns (ack ms, customer→desk ms).
async fn chat(
    addr: SocketAddr,
    seconds: u64,
    phase: &str,
    sent: Sent,
    to_desk: Arc<Mutex<Vec<f64>>>,
) -> Vec<f64> {
    to_desk.lock().unwrap().clear();
    let acks = Arc::new(Mutex::new(Vec::new()));
    let mut tasks = Vec::new();
    for c in 0..CUSTOMERS {
        let (acks, sent, phase) = (acks.clone(), sent.clone(), phase.to_owned());
        tasks.push(tokio::spawn(async move {
            let from = format!(
                "10.{}.{}.{}",
                if phase == "calm" { 1 } else { 2 },
                c / 250,
                c % 250 + 1
            );
            let mut ws = connect(addr, "/ws/visitor", None, &from).await;
            ws.send(text(
                json!({"type": "hello", "v": 1, "site": "demo", "last_seq": 0}),
            ))
            .await
            .unwrap();
            next_of(&mut ws, "welcome").await.unwrap();
            // Spread the customers over the interval.
            tokio::time::sleep(WRITE_EVERY.mul_f64(c as f64 / CUSTOMERS as f64)).await;
            let end = Instant::now() + Duration::from_secs(seconds);
            let mut n = 0;
            while Instant::now() < end {
                let id = format!("{phase}-{c}-{n}");
                let t0 = Instant::now();
                sent.lock().unwrap().insert(id.clone(), t0);
                ws.send(text(
                    json!({"type": "send", "client_id": id, "body": "Where is my parcel?",
                    "intake": {"category": "other", "facts": {}}}),
                ))
                .await
                .unwrap();
                loop {
                    let Some(Ok(Message::Text(t))) = ws.next().await else {
                        panic!("customer socket closed");
                    };
                    let v: Value = serde_json::from_str(t.as_str()).unwrap();
                    if v["type"] == "ack" && v["client_id"] == id {
                        acks.lock().unwrap().push(t0.elapsed().as_secs_f64() * 1e3);
                        break;
                    }
                    assert_ne!(v["type"], "error", "a customer was refused: {v}");
                }
                n += 1;
                tokio::time::sleep(WRITE_EVERY.saturating_sub(t0.elapsed())).await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    acks.lock().unwrap().clone()
}

/// Counters of one flooding visitor.
#[derive(Default)]
struct Flood {
    frames: AtomicU64,
    refusals: AtomicU64,
    closes: AtomicU64,
    reconnects_refused: AtomicU64,
}

async fn flood(
    addr: SocketAddr,
    kind: &'static str,
    n: usize,
    stop: Arc<AtomicBool>,
    counters: Arc<Flood>,
) {
    let from = format!("10.66.0.{}", n + 1);
    let frames: Vec<Message> = match kind {
        "typing" => vec![
            json!({"type": "typing", "on": true}),
            json!({"type": "typing", "on": false}),
        ],
        "received" => vec![
            json!({"type": "received", "seq": 1}),
            json!({"type": "received", "seq": 1_000_000}),
        ],
        "locale" => vec![
            json!({"type": "locale", "locale": "de"}),
            json!({"type": "locale", "locale": "ja"}),
        ],
        "send" => vec![
            json!({"type": "send", "client_id": "x", "body": "spam", "intake": {"category": "other", "facts": {}}}),
        ],
        "contact" => vec![
            json!({"type": "contact", "details": {"email": "spam@example.com"}, "consent": true}),
        ],
        "confirm" => vec![json!({"type": "confirm", "solved": false})],
        "rate" => vec![json!({"type": "rate", "score": 5, "comment": "spam"})],
        _ => vec![],
    }
    .into_iter()
    .map(text)
    .collect();
    let mut token: Option<String> = None;
    while !stop.load(Ordering::Relaxed) {
        let mut ws = connect(addr, "/ws/visitor", None, &from).await;
        ws.send(text(
            json!({"type": "hello", "v": 1, "site": "demo", "token": token, "last_seq": 0}),
        ))
        .await
        .unwrap();
        match next_of(&mut ws, "welcome").await {
            Some(w) => token = w["token"].as_str().map(str::to_owned),
            None => {
                counters.reconnects_refused.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        }
        if kind == "hello" {
            // Reconnecting is the flood.
            counters.frames.fetch_add(1, Ordering::Relaxed);
            continue;
        }
        // A conversation first, so every frame type has something to act on.
        let _ = ws
            .send(text(
                json!({"type": "send", "client_id": "first", "body": "hi",
                "intake": {"category": "other", "facts": {}}}),
            ))
            .await;
        let (mut tx, mut rx) = ws.split();
        let reader = {
            let counters = counters.clone();
            tokio::spawn(async move {
                while let Some(Ok(m)) = rx.next().await {
                    match m {
                        Message::Text(t) if t.as_str().contains("rate_limited") => {
                            counters.refusals.fetch_add(1, Ordering::Relaxed);
                        }
                        Message::Close(_) => break,
                        _ => {}
                    }
                }
            })
        };
        let mut i = 0usize;
        while !stop.load(Ordering::Relaxed) && !reader.is_finished() {
            if tx.feed(frames[i % frames.len()].clone()).await.is_err() {
                break;
            }
            i += 1;
            if i.is_multiple_of(64) && tx.flush().await.is_err() {
                break;
            }
        }
        counters.frames.fetch_add(i as u64, Ordering::Relaxed);
        counters.closes.fetch_add(1, Ordering::Relaxed);
        reader.abort();
    }
}

const KINDS: [&str; 8] = [
    "typing", "received", "locale", "send", "contact", "confirm", "rate", "hello",
];

/// The attackers, in a process of their own at the lowest CPU priority (as
/// if on another machine: on this one they would otherwise take the
/// server's CPU rather than test its defences). Prints one line per kind.
async fn attackers(addr: SocketAddr, seconds: u64) {
    let stop = Arc::new(AtomicBool::new(false));
    let counters: Vec<Arc<Flood>> = KINDS.iter().map(|_| Arc::default()).collect();
    let floods: Vec<_> = KINDS
        .iter()
        .zip(&counters)
        .enumerate()
        .map(|(n, (k, c))| tokio::spawn(flood(addr, k, n, stop.clone(), c.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    for f in floods {
        let _ = tokio::time::timeout(Duration::from_secs(5), f).await;
    }
    for (k, c) in KINDS.iter().zip(&counters) {
        println!(
            "  flood {k:<9} frames written={:<8} rate_limited answers={:<6} sockets closed={:<4} hellos refused={}",
            c.frames.load(Ordering::Relaxed),
            c.refusals.load(Ordering::Relaxed),
            c.closes.load(Ordering::Relaxed),
            c.reconnects_refused.load(Ordering::Relaxed)
        );
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--attackers") {
        let addr = args[2].parse().unwrap();
        let seconds = args[3].parse().unwrap();
        attackers(addr, seconds).await;
        return;
    }
    let seconds: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(15);
    // Every simulated client speaks from its own address, as behind a proxy.
    let bench = support::start(|cfg| cfg.trusted_proxies = Some("127.0.0.1".into())).await;
    let (addr, cookie) = (bench.addr, bench.cookie.clone());

    // The desks: each reads everything; a close counts as a disconnect.
    let sent: Sent = Arc::default();
    let to_desk: Arc<Mutex<Vec<f64>>> = Arc::default();
    let disconnects = Arc::new(AtomicU64::new(0));
    let lagged = Arc::new(AtomicU64::new(0));
    for d in 0..DESKS {
        let mut ws = connect(
            addr,
            "/ws/desk",
            Some(&cookie),
            &format!("10.200.0.{}", d + 1),
        )
        .await;
        ws.send(text(json!({"type": "hello", "v": 1})))
            .await
            .unwrap();
        next_of(&mut ws, "welcome").await.unwrap();
        let (sent, to_desk, disconnects, lagged) = (
            sent.clone(),
            to_desk.clone(),
            disconnects.clone(),
            lagged.clone(),
        );
        tokio::spawn(async move {
            while let Some(Ok(m)) = ws.next().await {
                match m {
                    Message::Text(t) => {
                        let s = t.as_str();
                        if s.contains("\"resync\":true") {
                            lagged.fetch_add(1, Ordering::Relaxed);
                        }
                        if d == 0 && s.starts_with("{\"type\":\"message\"") {
                            let v: Value = serde_json::from_str(s).unwrap();
                            if let Some(id) = v["message"]["client_id"].as_str()
                                && let Some(t0) = sent.lock().unwrap().remove(id)
                            {
                                to_desk
                                    .lock()
                                    .unwrap()
                                    .push(t0.elapsed().as_secs_f64() * 1e3);
                            }
                        }
                    }
                    Message::Close(_) => break,
                    _ => {}
                }
            }
            disconnects.fetch_add(1, Ordering::Relaxed);
        });
    }

    println!(
        "{DESKS} desks, {CUSTOMERS} customers writing every {WRITE_EVERY:?}, {seconds} s per phase (release, SQLite synchronous=FULL)"
    );
    let before = rss_kib();
    let acks = chat(addr, seconds, "calm", sent.clone(), to_desk.clone()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!("without the flood:");
    report("customer send -> ack", acks);
    report("customer -> desk", to_desk.lock().unwrap().clone());
    let calm = rss_kib();
    println!(
        "  desk disconnects: {}  memory: RSS {} KiB (peak {} KiB, at start {} KiB)",
        disconnects.load(Ordering::Relaxed),
        calm.0,
        calm.1,
        before.0
    );

    let attackers = tokio::process::Command::new("nice")
        .args(["-n", "19"])
        .arg(std::env::current_exe().unwrap())
        .args(["--attackers", &addr.to_string(), &(seconds + 2).to_string()])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let acks = chat(addr, seconds, "flood", sent.clone(), to_desk.clone()).await;
    let flood_report = attackers.wait_with_output().await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!("with one visitor flooding each frame type:");
    report("customer send -> ack", acks);
    report("customer -> desk", to_desk.lock().unwrap().clone());
    let after = rss_kib();
    println!(
        "  desk disconnects: {}  desk resyncs: {}  memory: RSS {} KiB (peak {} KiB)",
        disconnects.load(Ordering::Relaxed),
        lagged.load(Ordering::Relaxed),
        after.0,
        after.1
    );
    print!("{}", String::from_utf8_lossy(&flood_report.stdout));
}
