//! What the servers spend: CPU time and resident memory from `/proc`, the
//! Postgres server's processes summed; a fresh Postgres database per run;
//! and the memory of idle visitor sockets.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use tokio::sync::Semaphore;

use crate::traffic::{self, Endpoint};

/// Clock ticks per second of `/proc/*/stat` times (USER_HZ, 100 on Linux).
const TICKS: f64 = 100.0;

/// CPU ticks used so far (or since a sample) and resident memory now.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    at: Option<Instant>,
    ticks: u64,
    db_ticks: Option<u64>,
    /// Percent of one core over the window.
    pub cpu_percent: f64,
    /// The Postgres server's processes, percent of one core.
    pub db_cpu_percent: Option<f64>,
    /// Resident memory of the Parley processes, summed.
    pub rss_mb: f64,
}

impl Usage {
    pub fn sample(pids: &[u32], postgres: bool) -> Usage {
        Usage {
            at: Some(Instant::now()),
            ticks: pids.iter().map(|p| ticks(*p)).sum(),
            db_ticks: postgres.then(postgres_ticks),
            rss_mb: pids.iter().map(|p| rss_kb(*p)).sum::<u64>() as f64 / 1024.0,
            ..Usage::default()
        }
    }

    /// This sample against an earlier one: CPU over the time between.
    pub fn since(mut self, before: &Usage) -> Usage {
        let secs = match (self.at, before.at) {
            (Some(a), Some(b)) => a.duration_since(b).as_secs_f64().max(0.001),
            _ => 1.0,
        };
        let pct = |t: u64| t as f64 / TICKS / secs * 100.0;
        self.cpu_percent = pct(self.ticks.saturating_sub(before.ticks));
        self.db_cpu_percent = match (self.db_ticks, before.db_ticks) {
            (Some(a), Some(b)) => Some(pct(a.saturating_sub(b))),
            _ => None,
        };
        self
    }
}

/// utime + stime of `pid` (fields 14 and 15 of `/proc/pid/stat`).
fn ticks(pid: u32) -> u64 {
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return 0;
    };
    // The command name may hold spaces: count fields after its ')'.
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let get = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    get(11) + get(12)
}

/// Resident memory of `pid` in KiB.
pub fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU ticks of every process named `postgres`.
fn postgres_ticks() -> u64 {
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return 0;
    };
    dir.filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|c| c.trim() == "postgres")
        })
        .map(ticks)
        .sum()
}

/// A fresh database on the server at `admin` (its `postgres` database).
pub async fn postgres_database(admin: &str, prefix: &str) -> Result<String, String> {
    use sqlx::{Connection, Executor};
    let name = format!("{prefix}_{}", hex::encode(rand::random::<[u8; 4]>()));
    let mut conn = sqlx::PgConnection::connect(admin)
        .await
        .map_err(|e| format!("{admin}: {e}"))?;
    conn.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await
        .map_err(|e| e.to_string())?;
    let base = admin.rsplit_once('/').ok_or("no database in the URL")?.0;
    Ok(format!("{base}/{name}"))
}

/// `count` visitors connect, say hello and stay idle: the server's memory
/// per socket (RSS after less RSS before, over `count`).
pub async fn idle(addr: SocketAddr, pid: u32, count: usize) -> Result<(), String> {
    let e = Endpoint {
        addr,
        relay: false,
        origin: crate::parley::PUBLIC.into(),
    };
    // Warm the server (one visitor in and out) before the baseline.
    drop(hello(&e, 0).await?);
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_kb(pid);
    let started = Instant::now();
    let gate = Arc::new(Semaphore::new(256));
    let mut tasks = Vec::with_capacity(count);
    for i in 1..=count {
        let (e, gate) = (e.clone(), gate.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = gate.acquire_owned().await;
            hello(&e, i).await
        }));
    }
    let mut sockets = Vec::with_capacity(count);
    let mut failed = 0;
    for t in tasks {
        match t.await {
            Ok(Ok(ws)) => sockets.push(ws),
            _ => failed += 1,
        }
    }
    let connected = started.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let after = rss_kb(pid);
    let per = (after.saturating_sub(before)) as f64 * 1024.0 / sockets.len().max(1) as f64;
    println!(
        "load: idle: {} visitor sockets open and welcomed in {:.1} s ({failed} failed); server RSS {:.0} → {:.0} MB: {:.1} KB per socket (target ≤ 16 KB)",
        sockets.len(),
        connected.as_secs_f64(),
        before as f64 / 1024.0,
        after as f64 / 1024.0,
        per / 1024.0
    );
    drop(sockets);
    Ok(())
}

async fn hello(e: &Endpoint, i: usize) -> Result<traffic::Ws, String> {
    let mut ws = traffic::connect(e, "/ws/visitor", None, &traffic::visitor_address(i)).await?;
    let hello = json!({"type": "hello", "v": 1, "site": "demo", "locale": "en"});
    traffic::send_json(&mut ws, &hello).await?;
    traffic::expect(&mut ws, "welcome").await?;
    Ok(ws)
}
