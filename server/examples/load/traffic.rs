//! The clients: visitors and agents, each one task that writes at its own
//! pace (open loop: it does not wait for acks) and reads everything the
//! server sends. Every message of the measured window carries its send time
//! in its `client_id` (`b{µs}-{who}-{n}`), so an ack or a delivery anywhere
//! gives its latency; deliveries are counted per `client_id` (exactly once?)
//! and visitors hold their conversation's `seq`s as the widget does (resume
//! from the highest contiguous one, drop what they already hold).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;

use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// What every client records into.
pub struct Stats {
    start: Instant,
    /// Whether sends now are measured (the window) or warm-up/drain.
    pub measuring: AtomicBool,
    pub sent: AtomicU64,
    acks: Mutex<Vec<u64>>,
    deliveries: Mutex<Vec<u64>>,
    acked: Mutex<HashSet<String>>,
    delivered: Mutex<HashMap<String, u32>>,
    /// `client_id` → the `seq`s it was stored under (more than one: stored twice).
    stored: Mutex<HashMap<String, BTreeSet<(i64, i64)>>>,
    pub errors: Mutex<HashMap<String, u64>>,
    pub reconnects: AtomicU64,
    /// Frames a visitor got again after a resume and dropped by `seq`.
    pub redelivered: AtomicU64,
    /// Desks that fell behind and asked for their conversations again.
    pub resyncs: AtomicU64,
    /// Messages a desk got of a conversation that is not its agent's.
    pub foreign: AtomicU64,
}

impl Stats {
    pub fn new() -> Arc<Stats> {
        Arc::new(Stats {
            start: Instant::now(),
            measuring: AtomicBool::new(false),
            sent: AtomicU64::new(0),
            acks: Mutex::default(),
            deliveries: Mutex::default(),
            acked: Mutex::default(),
            delivered: Mutex::default(),
            stored: Mutex::default(),
            errors: Mutex::default(),
            reconnects: AtomicU64::new(0),
            redelivered: AtomicU64::new(0),
            resyncs: AtomicU64::new(0),
            foreign: AtomicU64::new(0),
        })
    }

    fn micros(&self) -> u64 {
        self.start.elapsed().as_micros() as u64
    }

    /// A `client_id` stamped now (measured) or a plain one (warm-up).
    pub fn client_id(&self, who: &str, n: u64) -> String {
        if self.measuring.load(Ordering::Relaxed) {
            self.sent.fetch_add(1, Ordering::Relaxed);
            format!("b{}-{who}-{n}", self.micros())
        } else {
            format!("w-{who}-{n}")
        }
    }

    fn sent_at(client_id: &str) -> Option<u64> {
        client_id.strip_prefix('b')?.split('-').next()?.parse().ok()
    }

    fn ack(&self, m: &Stored) {
        let Some(at) = Self::sent_at(&m.client_id) else {
            return;
        };
        let first = lock(&self.acked).insert(m.client_id.clone());
        if first {
            lock(&self.acks).push(self.micros().saturating_sub(at));
        }
        self.store(m);
    }

    fn deliver(&self, m: &Stored) {
        let Some(at) = Self::sent_at(&m.client_id) else {
            return;
        };
        let mut d = lock(&self.delivered);
        let n = d.entry(m.client_id.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            lock(&self.deliveries).push(self.micros().saturating_sub(at));
        }
        drop(d);
        self.store(m);
    }

    fn store(&self, m: &Stored) {
        lock(&self.stored)
            .entry(m.client_id.clone())
            .or_default()
            .insert((m.conversation_id, m.seq));
    }

    pub fn error(&self, code: &str) {
        *lock(&self.errors).entry(code.to_owned()).or_insert(0) += 1;
    }

    /// Names a few messages delivered or stored more than once (to look
    /// into when a summary counts any).
    pub fn show_repeats(&self) {
        for (id, n) in lock(&self.delivered)
            .iter()
            .filter(|(_, n)| **n > 1)
            .take(3)
        {
            eprintln!(
                "load: {id} delivered {n} times, stored as {:?}",
                lock(&self.stored).get(id)
            );
        }
        for (id, s) in lock(&self.stored)
            .iter()
            .filter(|(_, s)| s.len() > 1)
            .take(3)
        {
            eprintln!("load: {id} stored as {s:?}");
        }
    }

    /// The run's figures.
    pub fn summary(&self, window: Duration) -> Summary {
        let sent = self.sent.load(Ordering::Relaxed);
        let acks = sorted(&self.acks);
        let deliveries = sorted(&self.deliveries);
        let delivered = lock(&self.delivered);
        Summary {
            sent,
            rate: sent as f64 / window.as_secs_f64(),
            acked: lock(&self.acked).len() as u64,
            delivered: delivered.len() as u64,
            delivered_twice: delivered.values().filter(|n| **n > 1).count() as u64,
            stored_twice: lock(&self.stored).values().filter(|s| s.len() > 1).count() as u64,
            ack: Percentiles::of(&acks),
            delivery: Percentiles::of(&deliveries),
            errors: lock(&self.errors).clone(),
            reconnects: self.reconnects.load(Ordering::Relaxed),
            redelivered: self.redelivered.load(Ordering::Relaxed),
            resyncs: self.resyncs.load(Ordering::Relaxed),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

fn sorted(v: &Mutex<Vec<u64>>) -> Vec<u64> {
    let mut v = lock(v).clone();
    v.sort_unstable();
    v
}

/// p50 / p99 / max in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Percentiles {
    pub p50: f64,
    pub p99: f64,
    pub max: f64,
}

impl Percentiles {
    fn of(sorted: &[u64]) -> Self {
        let at = |q: f64| {
            if sorted.is_empty() {
                return 0.0;
            }
            let i = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
            sorted[i] as f64 / 1000.0
        };
        Percentiles {
            p50: at(0.50),
            p99: at(0.99),
            max: at(1.0),
        }
    }
}

/// What one run measured.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub sent: u64,
    pub rate: f64,
    pub acked: u64,
    pub delivered: u64,
    pub delivered_twice: u64,
    pub stored_twice: u64,
    pub ack: Percentiles,
    pub delivery: Percentiles,
    pub errors: HashMap<String, u64>,
    pub reconnects: u64,
    pub redelivered: u64,
    pub resyncs: u64,
}

impl Summary {
    /// Messages sent in the window and never delivered.
    pub fn lost(&self) -> u64 {
        self.sent.saturating_sub(self.delivered)
    }
}

/// The part of a stored message the clients look at.
#[derive(Deserialize)]
struct Stored {
    conversation_id: i64,
    seq: i64,
    client_id: String,
    author: String,
}

#[derive(Deserialize)]
struct Event {
    #[serde(rename = "type")]
    kind: String,
    message: Option<Stored>,
    code: Option<String>,
    token: Option<String>,
    /// A desk's `history` (answer to `open`).
    messages: Option<Vec<Stored>>,
    /// A desk's fresh snapshot after it fell behind the live events.
    #[serde(default)]
    resync: bool,
}

/// Where and how a client connects.
#[derive(Clone)]
pub struct Endpoint {
    pub addr: SocketAddr,
    /// Parley (hello, tokens, cookies) or the bare relay (a path per client).
    pub relay: bool,
    /// The `Origin` the widget's page would send.
    pub origin: String,
}

/// A websocket to `path` on `e`, from `forwarded` (as a proxy would say).
pub async fn connect(
    e: &Endpoint,
    path: &str,
    cookie: Option<&str>,
    forwarded: &str,
) -> Result<Ws, String> {
    let mut req = format!("ws://{}{path}", e.addr)
        .into_client_request()
        .map_err(|e| e.to_string())?;
    let h = req.headers_mut();
    h.insert("origin", e.origin.parse().map_err(|_| "origin")?);
    h.insert("x-forwarded-for", forwarded.parse().map_err(|_| "address")?);
    if let Some(c) = cookie {
        h.insert("cookie", c.parse().map_err(|_| "cookie")?);
    }
    let (ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .map_err(|e| e.to_string())?;
    Ok(ws)
}

/// Visitor `i`'s address as its proxy reports it (one each, so the
/// per-address limits see a thousand people, not one).
pub fn visitor_address(i: usize) -> String {
    format!("10.{}.{}.{}", 1 + i / 65536, (i / 256) % 256, i % 256)
}

pub async fn send_json(ws: &mut Ws, v: &Value) -> Result<(), String> {
    ws.send(Message::text(v.to_string()))
        .await
        .map_err(|e| e.to_string())
}

/// The next text frame, parsed.
pub async fn next_json(ws: &mut Ws) -> Result<Value, String> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) => {
                return serde_json::from_str(&t).map_err(|e| e.to_string());
            }
            Some(Ok(Message::Close(c))) => return Err(format!("closed: {c:?}")),
            Some(Ok(_)) => continue,
            Some(Err(e)) => return Err(e.to_string()),
            None => return Err("closed".into()),
        }
    }
}

/// Waits for a frame of type `kind` (an `error` ends the wait).
pub async fn expect(ws: &mut Ws, kind: &str) -> Result<Value, String> {
    loop {
        let v = tokio::time::timeout(Duration::from_secs(60), next_json(ws))
            .await
            .map_err(|_| format!("no {kind} within 60 s"))??;
        if v["type"] == kind {
            return Ok(v);
        }
        if v["type"] == "error" {
            return Err(format!("refused: {v}"));
        }
    }
}

/// Where a run is: writing, letting the last acks and deliveries come in,
/// or over (the clients hand their sockets back).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Phase {
    Write,
    Drain,
    Over,
}

/// How a run paces its writers and cuts sockets.
#[derive(Clone, Copy)]
pub struct Pace {
    /// Messages per second each writer sends.
    pub per_sec: f64,
    /// Cut the visitor's socket at random every this long on average.
    pub churn: Option<Duration>,
}

/// A visitor in the run: its conversation and where it resumes.
pub struct Visitor {
    pub index: usize,
    pub endpoint: Endpoint,
    pub token: String,
    pub ws: Ws,
    /// `seq`s held (own acks and agent messages).
    pub held: BTreeSet<i64>,
}

impl Visitor {
    fn resume_from(&self) -> i64 {
        let mut expected = 1;
        for s in &self.held {
            if *s != expected {
                break;
            }
            expected += 1;
        }
        expected - 1
    }

    fn hold(&mut self, stats: &Stats, m: &Stored) -> bool {
        let fresh = self.held.insert(m.seq);
        if !fresh {
            stats.redelivered.fetch_add(1, Ordering::Relaxed);
        }
        fresh
    }

    /// Hello again with the token and the resume point (Parley only).
    async fn reconnect(&mut self) -> Result<(), String> {
        let path = if self.endpoint.relay {
            format!("/v/{}", self.index)
        } else {
            "/ws/visitor".into()
        };
        let mut ws = connect(&self.endpoint, &path, None, &visitor_address(self.index)).await?;
        if !self.endpoint.relay {
            let hello = json!({"type": "hello", "v": 1, "site": "demo", "token": self.token,
                "last_seq": self.resume_from(), "locale": "en"});
            send_json(&mut ws, &hello).await?;
        }
        self.ws = ws;
        Ok(())
    }

    /// Writes at `pace` while the phase is `Write`, reading everything,
    /// until it is `Over`.
    pub async fn run(
        mut self,
        stats: Arc<Stats>,
        pace: Pace,
        mut phase: watch::Receiver<Phase>,
        body: String,
    ) -> Self {
        let mut tick = ticker(pace.per_sec, self.index);
        let mut n = 0u64;
        let mut pending: Vec<String> = Vec::new();
        let mut cut = churn_timer(pace.churn);
        let who = format!("v{}", self.index);
        loop {
            let now = *phase.borrow();
            if now == Phase::Over {
                return self;
            }
            let writing = now == Phase::Write;
            tokio::select! {
                r = phase.changed() => { if r.is_err() { return self; } }
                _ = tick.tick(), if writing => {
                    n += 1;
                    let client_id = stats.client_id(&who, n);
                    pending.push(client_id.clone());
                    let frame = json!({"type": "send", "client_id": client_id, "body": body});
                    if send_json(&mut self.ws, &frame).await.is_err() {
                        self.resume(&stats, &pending, &body).await;
                    }
                }
                frame = self.ws.next() => {
                    let Some(Ok(Message::Text(t))) = frame else {
                        if matches!(frame, Some(Ok(_))) { continue; }
                        self.resume(&stats, &pending, &body).await;
                        continue;
                    };
                    let Ok(e) = serde_json::from_str::<Event>(&t) else { continue };
                    match (e.kind.as_str(), e.message) {
                        ("ack", Some(m)) => {
                            pending.retain(|c| *c != m.client_id);
                            self.hold(&stats, &m);
                            stats.ack(&m);
                        }
                        ("message", Some(m)) => {
                            let fresh = self.hold(&stats, &m);
                            if fresh && m.author == "agent" {
                                stats.deliver(&m);
                            }
                        }
                        ("welcome", _) => {
                            if let Some(t) = e.token { self.token = t; }
                        }
                        ("error", _) => stats.error(e.code.as_deref().unwrap_or("?")),
                        _ => {}
                    }
                }
                _ = sleep_until(cut.as_ref()), if writing => {
                    // The network drops: no close frame, the socket just goes.
                    cut = churn_timer(pace.churn);
                    self.resume(&stats, &pending, &body).await;
                }
            }
        }
    }

    /// Reconnects (retrying) and sends again what was not acked.
    async fn resume(&mut self, stats: &Stats, pending: &[String], body: &str) {
        stats.reconnects.fetch_add(1, Ordering::Relaxed);
        for attempt in 0..50u64 {
            if self.reconnect().await.is_ok() {
                for client_id in pending {
                    let frame = json!({"type": "send", "client_id": client_id, "body": body});
                    if send_json(&mut self.ws, &frame).await.is_err() {
                        break;
                    }
                }
                return;
            }
            tokio::time::sleep(Duration::from_millis(100 * (attempt + 1).min(10))).await;
        }
        stats.error("reconnect_failed");
    }
}

/// An agent in the run with the conversations it answers.
pub struct Agent {
    pub index: usize,
    pub ws: Ws,
    pub conversations: Vec<i64>,
    /// Every (conversation, `seq`) held (a repeat is dropped, as the desk does).
    pub held: HashSet<(i64, i64)>,
}

impl Agent {
    fn receive(&mut self, stats: &Stats, m: &Stored) {
        if !self.held.insert((m.conversation_id, m.seq)) {
            stats.redelivered.fetch_add(1, Ordering::Relaxed);
            return;
        }
        if m.author == "customer" && !self.conversations.contains(&m.conversation_id) {
            // Not this agent's: a desk must not hear of it.
            stats.error("delivered_to_another_agent");
            if stats.foreign.fetch_add(1, Ordering::Relaxed) < 3 {
                eprintln!(
                    "load: agent {} got {} of conversation {} (not theirs)",
                    self.index, m.client_id, m.conversation_id
                );
            }
            return;
        }
        if m.author == "customer" {
            stats.deliver(m);
        }
    }

    /// Writes at `pace` (round-robin over its conversations) while the phase
    /// is `Write`, reading everything, until it is `Over`.
    pub async fn run(
        mut self,
        stats: Arc<Stats>,
        pace: Pace,
        mut phase: watch::Receiver<Phase>,
        body: String,
    ) -> Self {
        let mut tick = ticker(pace.per_sec, 100_000 + self.index);
        let mut n = 0u64;
        let who = format!("a{}", self.index);
        loop {
            let now = *phase.borrow();
            if now == Phase::Over {
                return self;
            }
            let writing = now == Phase::Write && !self.conversations.is_empty();
            tokio::select! {
                r = phase.changed() => { if r.is_err() { return self; } }
                _ = tick.tick(), if writing => {
                    let c = self.conversations[n as usize % self.conversations.len()];
                    n += 1;
                    let client_id = stats.client_id(&who, n);
                    let frame = json!({"type": "send", "conversation_id": c, "client_id": client_id, "body": body});
                    if send_json(&mut self.ws, &frame).await.is_err() {
                        stats.error("agent_socket_closed");
                        return self;
                    }
                }
                frame = self.ws.next() => {
                    let Some(Ok(Message::Text(t))) = frame else {
                        if matches!(frame, Some(Ok(_))) { continue; }
                        stats.error("agent_socket_closed");
                        return self;
                    };
                    let Ok(e) = serde_json::from_str::<Event>(&t) else { continue };
                    match (e.kind.as_str(), e.message) {
                        ("ack", Some(m)) => stats.ack(&m),
                        ("message", Some(m)) => self.receive(&stats, &m),
                        ("history", _) => {
                            for m in e.messages.unwrap_or_default() {
                                self.receive(&stats, &m);
                            }
                        }
                        ("welcome", _) if e.resync => {
                            // Fell behind: ask for what may have been missed,
                            // as the desk does for its open conversation.
                            stats.resyncs.fetch_add(1, Ordering::Relaxed);
                            // (From the start: a missed message may lie below
                            // one that arrived; what is held is dropped again.)
                            for c in self.conversations.clone() {
                                let open = json!({"type": "open", "conversation_id": c, "after_seq": 0});
                                if send_json(&mut self.ws, &open).await.is_err() {
                                    return self;
                                }
                            }
                        }
                        ("error", _) => stats.error(e.code.as_deref().unwrap_or("?")),
                        _ => {}
                    }
                }
            }
        }
    }
}

/// A tick every `1/per_sec` seconds, starting at a phase spread by `seed`
/// (so a thousand writers do not fire together).
fn ticker(per_sec: f64, seed: usize) -> tokio::time::Interval {
    let period = Duration::from_secs_f64(1.0 / per_sec.max(0.001));
    let phase = period.mul_f64((seed as f64 * 0.618_033_988_7).fract());
    let mut t = tokio::time::interval_at(tokio::time::Instant::now() + phase, period);
    t.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    t
}

fn churn_timer(every: Option<Duration>) -> Option<tokio::time::Instant> {
    every.map(|d| tokio::time::Instant::now() + d.mul_f64(0.2 + 1.6 * rand::random::<f64>()))
}

async fn sleep_until(at: Option<&tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(*at).await,
        None => std::future::pending().await,
    }
}
