//! The servers under test, started as a deployment would start them, and
//! the people on them: the admin (signed in with the second factor), the
//! agents they create through the staff form, the visitors who open a
//! conversation each, and the agent who takes it by answering first.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::sync::{Semaphore, oneshot};
use tokio_tungstenite::tungstenite::Message;

use crate::traffic::{self, Agent, Endpoint, Visitor, Ws};

pub const ADMIN_EMAIL: &str = "admin@bench.local";
const ADMIN_PASSWORD: &str = "benchmark admin password";
const AGENT_PASSWORD: &str = "benchmark agent password";
const SECRET: &str = "benchmark-secret-benchmark-secret-0123456";
const KEYS: &str = "k1:00000000000000000000000000000000000000000000000000000000000000bb";
/// The one name several nodes answer to (as behind a load balancer).
pub const PUBLIC: &str = "http://parley.bench";

/// A running server process (Parley or the relay).
pub struct Node {
    pub child: Child,
    pub addr: SocketAddr,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(0)
}

/// Starts `bin` (the release `parley`) on a free port with its data in
/// `dir`, on `database` (SQLite in `dir` when `None`).
pub async fn start_parley(bin: &Path, dir: &Path, database: Option<&str>) -> Result<Node, String> {
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port())
        .parse()
        .map_err(|_| "address")?;
    let mut cmd = Command::new(bin);
    cmd.env_remove("DATABASE_URL")
        .env("PARLEY_ADDR", addr.to_string())
        .env("PARLEY_DATA_DIR", dir)
        .env("PARLEY_SECRET", SECRET)
        .env("PARLEY_DATA_KEYS", KEYS)
        .env("PARLEY_PUBLIC_URL", PUBLIC)
        .env("PARLEY_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("PARLEY_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("PARLEY_TRUSTED_PROXIES", "127.0.0.1")
        .env(
            "RUST_LOG",
            std::env::var("PARLEY_BENCH_LOG").unwrap_or_else(|_| "error".into()),
        )
        .stdout(if std::env::var_os("PARLEY_BENCH_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .stderr(Stdio::inherit());
    if let Some(url) = database {
        cmd.env("DATABASE_URL", url);
    }
    let child = cmd.spawn().map_err(|e| format!("{}: {e}", bin.display()))?;
    let node = Node { child, addr };
    healthy(addr).await?;
    Ok(node)
}

/// Starts the bare relay.
pub async fn start_relay(bin: &Path, agents: usize) -> Result<Node, String> {
    let addr: SocketAddr = format!("127.0.0.1:{}", free_port())
        .parse()
        .map_err(|_| "address")?;
    let child = Command::new(bin)
        .arg(addr.to_string())
        .arg(agents.to_string())
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            return Ok(Node { child, addr });
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Err("the relay did not start".into())
}

async fn healthy(addr: SocketAddr) -> Result<(), String> {
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if let Ok(r) = client.get(format!("http://{addr}/healthz")).send().await
            && r.status().is_success()
        {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Err(format!("parley on {addr} did not become healthy"))
}

fn http() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())
}

/// Signs in through the form from `address`; the session cookie.
async fn login(
    addr: SocketAddr,
    email: &str,
    password: &str,
    address: &str,
) -> Result<String, String> {
    let resp = http()?
        .post(format!("http://{addr}/api/auth/login"))
        .header("x-forwarded-for", address)
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let cookie = resp
        .headers()
        .get("set-cookie")
        .and_then(|c| c.to_str().ok())
        .ok_or_else(|| format!("{email} did not sign in ({})", resp.status()))?;
    Ok(cookie.split(';').next().unwrap_or("").to_owned())
}

async fn me(addr: SocketAddr, cookie: &str) -> Result<Value, String> {
    http()?
        .get(format!("http://{addr}/api/auth/me"))
        .header("cookie", cookie)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())
}

/// The admin's session, the second factor set up on the way (the key read
/// from the enrolment page, as a person scanning the QR code would).
pub async fn admin(addr: SocketAddr) -> Result<String, String> {
    let cookie = login(addr, ADMIN_EMAIL, ADMIN_PASSWORD, "10.250.0.1").await?;
    let who = me(addr, &cookie).await?;
    if who["stage"] == "signed_in" {
        return Ok(cookie);
    }
    let page = http()?
        .get(format!("http://{addr}/desk"))
        .header("cookie", &cookie)
        .send()
        .await
        .map_err(|e| e.to_string())?
        .text()
        .await
        .map_err(|e| e.to_string())?;
    let secret = page
        .split("data-testid=\"totp-secret\"")
        .nth(1)
        .and_then(|r| r.split('>').nth(1))
        .and_then(|r| r.split('<').next())
        .ok_or("no key on the enrolment page")?;
    let code = parley::security::totp::code_at(secret, parley::state::now_ms())
        .ok_or("the enrolment key does not decode")?;
    http()?
        .post(format!("http://{addr}/api/auth/totp"))
        .header("cookie", &cookie)
        .form(&[
            ("code", code.as_str()),
            ("_csrf", who["csrf"].as_str().unwrap_or("")),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok(cookie)
}

fn agent_email(j: usize) -> String {
    format!("agent{j}@bench.local")
}

/// The admin creates `count` mid agents for the demo site, each in the
/// team that answers "other" (round the clock), speaking English, with room
/// for `capacity` conversations — routing hands them the visitors.
pub async fn create_agents(
    addr: SocketAddr,
    admin: &str,
    count: usize,
    capacity: usize,
) -> Result<(), String> {
    let team = round_the_clock(addr, admin).await?;
    let csrf = me(addr, admin).await?["csrf"]
        .as_str()
        .unwrap_or("")
        .to_owned();
    for j in 0..count {
        let email = agent_email(j);
        let resp = http()?
            .post(format!("http://{addr}/api/admin/staff"))
            .header("cookie", admin)
            .header("origin", PUBLIC)
            .form(&[
                ("email", email.as_str()),
                ("name", &format!("Agent {j}")),
                ("password", AGENT_PASSWORD),
                ("role", "mid"),
                ("sites", "demo"),
                ("_csrf", &csrf),
            ])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        let to = resp
            .headers()
            .get("location")
            .and_then(|l| l.to_str().ok())
            .unwrap_or("");
        let Some(id) = to.strip_prefix("/desk/staff?saved=") else {
            return Err(format!("creating {email}: {} → {to}", resp.status()));
        };
        let team_key = format!("team.{team}");
        let resp = http()?
            .post(format!("http://{addr}/api/admin/staff/{id}/routing"))
            .header("cookie", admin)
            .header("origin", PUBLIC)
            .form(&[
                (team_key.as_str(), "on"),
                ("lang.en", "on"),
                ("skills", ""),
                ("capacity", &capacity.to_string()),
                ("_csrf", &csrf),
            ])
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if resp.status() != 303 {
            return Err(format!("routing profile of {email}: {}", resp.status()));
        }
    }
    Ok(())
}

/// The id of the demo site's round-the-clock team (from the admin's desk).
async fn round_the_clock(addr: SocketAddr, admin: &str) -> Result<i64, String> {
    let e = Endpoint {
        addr,
        relay: false,
        origin: PUBLIC.into(),
    };
    let mut ws = traffic::connect(&e, "/ws/desk", Some(admin), "10.250.0.1").await?;
    traffic::send_json(&mut ws, &json!({"type": "hello", "v": 1})).await?;
    let welcome = traffic::expect(&mut ws, "welcome").await?;
    welcome["teams"]
        .as_array()
        .and_then(|teams| {
            teams
                .iter()
                .find(|t| t["name"] == "Around the clock" && t["site"] == "demo")
        })
        .and_then(|t| t["id"].as_i64())
        .ok_or_else(|| "no round-the-clock team on the demo site".into())
}

/// Agent `j` signed in on `e`, its desk open; the agent's id.
pub async fn desk(e: &Endpoint, j: usize) -> Result<(Ws, i64), String> {
    if e.relay {
        let ws = traffic::connect(e, &format!("/a/{j}"), None, "10.251.0.1").await?;
        return Ok((ws, -1));
    }
    let address = format!("10.252.{}.{}", j / 256, j % 256);
    let cookie = login(e.addr, &agent_email(j), AGENT_PASSWORD, &address).await?;
    let mut ws = traffic::connect(e, "/ws/desk", Some(&cookie), &address).await?;
    traffic::send_json(&mut ws, &json!({"type": "hello", "v": 1})).await?;
    let welcome = traffic::expect(&mut ws, "welcome").await?;
    Ok((ws, welcome["agent"]["id"].as_i64().unwrap_or(-1)))
}

/// Visitor `i` on `e` with a conversation opened by a first message.
pub async fn visitor(e: &Endpoint, i: usize, body: &str) -> Result<(Visitor, i64), String> {
    let address = traffic::visitor_address(i);
    if e.relay {
        let ws = traffic::connect(e, &format!("/v/{i}"), None, &address).await?;
        let v = Visitor {
            index: i,
            endpoint: e.clone(),
            token: String::new(),
            ws,
            held: Default::default(),
        };
        return Ok((v, i as i64));
    }
    let mut ws = traffic::connect(e, "/ws/visitor", None, &address).await?;
    let hello = json!({"type": "hello", "v": 1, "site": "demo", "locale": "en"});
    traffic::send_json(&mut ws, &hello).await?;
    let welcome = traffic::expect(&mut ws, "welcome").await?;
    let first = json!({"type": "send", "client_id": "first", "body": body,
        "intake": {"category": "other", "facts": {}}});
    traffic::send_json(&mut ws, &first).await?;
    let ack = traffic::expect(&mut ws, "ack").await?;
    let mut held = std::collections::BTreeSet::new();
    held.insert(ack["message"]["seq"].as_i64().unwrap_or(1));
    let v = Visitor {
        index: i,
        endpoint: e.clone(),
        token: welcome["token"].as_str().unwrap_or("").to_owned(),
        ws,
        held,
    };
    Ok((v, ack["message"]["conversation_id"].as_i64().unwrap_or(0)))
}

/// Everyone on `nodes` (visitor `i` and agent `j` on node `i % n`), each
/// visitor's conversation with the agent routing gave it (on the relay:
/// agent `i % agents`).
pub async fn people(
    nodes: &[Endpoint],
    visitors: usize,
    agents: usize,
    body: &str,
) -> Result<(Vec<Visitor>, Vec<Agent>), String> {
    let gate = Arc::new(Semaphore::new(64));
    let mut desks = Vec::new();
    for j in 0..agents {
        let (e, gate) = (nodes[j % nodes.len()].clone(), gate.clone());
        desks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            desk(&e, j).await
        }));
    }
    // Desks hear of the new conversations and of who got them: their
    // sockets are read while the visitors arrive.
    let assigned = Arc::new(std::sync::Mutex::new(HashMap::<i64, usize>::new()));
    let mut reading = Vec::new();
    for (j, d) in desks.into_iter().enumerate() {
        let (ws, me) = d.await.map_err(|e| e.to_string())??;
        let (back, rx) = oneshot::channel();
        reading.push((
            back,
            tokio::spawn(watch_routing(ws, rx, (j, me), assigned.clone())),
        ));
    }
    let mut opening = Vec::new();
    for i in 0..visitors {
        let (e, gate, body) = (
            nodes[i % nodes.len()].clone(),
            gate.clone(),
            body.to_owned(),
        );
        opening.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            visitor(&e, i, &body).await
        }));
    }
    let mut visitor_list = Vec::new();
    let mut conversations = Vec::new();
    for o in opening {
        let (v, c) = o.await.map_err(|e| e.to_string())??;
        visitor_list.push(v);
        conversations.push(c);
    }
    let relay = nodes[0].relay;
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while !relay && lock(&assigned).len() < conversations.len() {
        if std::time::Instant::now() > deadline {
            return Err(format!(
                "routing gave {} of {} conversations an agent within 120 s",
                lock(&assigned).len(),
                conversations.len()
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let owner = lock(&assigned).clone();
    let mut agent_list = Vec::new();
    for (j, (back, task)) in reading.into_iter().enumerate() {
        let _ = back.send(());
        let mut ws = task.await.map_err(|e| e.to_string())?;
        let mine: Vec<i64> = conversations
            .iter()
            .enumerate()
            .filter(|(i, c)| match owner.get(c) {
                Some(o) => *o == j,
                None => i % agents == j,
            })
            .map(|(_, c)| *c)
            .collect();
        // A desk shows one case at a time: each agent has its first open,
        // so that case's panel is built and sent on every change to it.
        if let (false, Some(first)) = (relay, mine.first()) {
            let open = json!({"type": "open", "conversation_id": first, "after_seq": 0});
            traffic::send_json(&mut ws, &open).await?;
        }
        agent_list.push(Agent {
            index: j,
            ws,
            conversations: mine,
            held: Default::default(),
        });
    }
    Ok((visitor_list, agent_list))
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads desk `j` (agent id `me`) until `back` fires, noting the
/// conversations routing assigns to it; hands the socket back.
async fn watch_routing(
    mut ws: Ws,
    mut back: oneshot::Receiver<()>,
    (j, me): (usize, i64),
    assigned: Arc<std::sync::Mutex<HashMap<i64, usize>>>,
) -> Ws {
    // Live list entries can be missed by a desk that fell behind: it also
    // asks for its own list now and then, as the desk's "mine" view does.
    let mut ask = tokio::time::interval(Duration::from_secs(2));
    loop {
        tokio::select! {
            _ = &mut back => return ws,
            _ = ask.tick() => {
                let query = json!({"type": "query", "query": {"view": "mine"}});
                if traffic::send_json(&mut ws, &query).await.is_err() {
                    return ws;
                }
            }
            f = ws.next() => {
                let Some(Ok(Message::Text(t))) = f else {
                    if f.is_none() { return ws; }
                    continue;
                };
                let Ok(v) = serde_json::from_str::<Value>(&t) else { continue };
                // A live list entry, or the whole list again after the
                // desk fell behind.
                let entries = match v["type"].as_str() {
                    Some("conversation") => vec![v["summary"].clone()],
                    Some("welcome" | "inbox") => {
                        v["conversations"].as_array().cloned().unwrap_or_default()
                    }
                    _ => continue,
                };
                for s in entries {
                    if s["assignee_id"] == me && let Some(id) = s["id"].as_i64() {
                        lock(&assigned).insert(id, j);
                    }
                }
            }
        }
    }
}
