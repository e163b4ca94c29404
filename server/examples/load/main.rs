//! The load benchmark (issue 17): in one run on this machine, side by side,
//! a bare tokio-tungstenite relay (the floor), Parley on SQLite, Parley on
//! Postgres with one node and with two — 1,000 visitors and 100 agents
//! writing 2,000 messages a second (then more, as far as it goes): send→ack
//! and send→other side p50/p99/max, messages lost, server CPU and RSS; then
//! the memory of 18,000 idle visitor sockets and delivery while 1,000
//! visitors' sockets are cut at random. Not a test: it prints figures.
//!
//! `./run.sh measure` runs it; by hand:
//! `cargo build --release -p parley --bin parley --example relay --example load`
//! `target/release/examples/load --parley target/release/parley --relay target/release/examples/relay [--postgres URL]`
//!
//! The visitors sit behind `PARLEY_TRUSTED_PROXIES` with an address each
//! (as real traffic through a proxy), so the per-address limits meet a
//! thousand people rather than one. The client runs on the same machine and
//! its CPU is not the servers': the figures are of both together.

mod parley;
mod resources;
mod traffic;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use clap::Parser;
use tokio::sync::watch;

use resources::Usage;
use traffic::{Agent, Endpoint, Pace, Phase, Stats, Summary, Visitor};

#[derive(Parser, Clone)]
struct Args {
    /// The release `parley` binary.
    #[arg(long, default_value = "target/release/parley")]
    parley: PathBuf,
    /// The relay example's binary.
    #[arg(long, default_value = "target/release/examples/relay")]
    relay: PathBuf,
    /// A Postgres server's admin URL (its `postgres` database); the runs on
    /// Postgres make databases there. Without it they are skipped.
    #[arg(long, env = "PARLEY_BENCH_POSTGRES")]
    postgres: Option<String>,
    #[arg(long, default_value_t = 1000)]
    visitors: usize,
    #[arg(long, default_value_t = 100)]
    agents: usize,
    /// Offered rates (messages per second, half from visitors up to one
    /// each a second, the rest from agents), in order.
    #[arg(long, value_delimiter = ',', default_value = "500,1000,2000")]
    rates: Vec<u32>,
    /// Seconds measured at each rate (after 2 s of warm-up).
    #[arg(long, default_value_t = 15)]
    secs: u64,
    /// Idle visitor sockets for the memory figure (0: skip).
    #[arg(long, default_value_t = 18_000)]
    idle: usize,
    /// Seconds of writing while sockets are cut (0: skip).
    #[arg(long, default_value_t = 20)]
    churn_secs: u64,
    /// Bytes of each message's text.
    #[arg(long, default_value_t = 120)]
    size: usize,
    /// Only these targets (relay, sqlite, pg1, pg2, idle, churn).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

impl Args {
    fn wants(&self, what: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| o == what)
    }

    fn body(&self) -> String {
        "Where is my parcel? It left the warehouse in Rotterdam last week. "
            .repeat(self.size / 60 + 1)
            .chars()
            .take(self.size)
            .collect()
    }
}

/// One line of the table.
struct Row {
    target: String,
    offered: u32,
    summary: Summary,
    usage: Usage,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Err(e) = run(args).await {
        eprintln!("load: {e}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    println!(
        "load: {} visitors + {} agents, {}-byte messages, {} s at each of {:?} msg/s",
        args.visitors, args.agents, args.size, args.secs, args.rates
    );
    if args.wants("relay") {
        let node = parley::start_relay(&args.relay, args.agents).await?;
        let e = endpoint(node.addr, true);
        rows.extend(measure(&args, "relay", &[e], &[node.child.id()], false).await?);
    }
    if args.wants("sqlite") {
        let node = parley::start_parley(&args.parley, &tmp.path().join("sqlite"), None).await?;
        let e = setup_admin(node.addr, &args).await?;
        rows.extend(measure(&args, "parley sqlite", &[e], &[node.child.id()], false).await?);
    }
    if let Some(pg) = &args.postgres {
        for nodes in [1usize, 2] {
            if !args.wants(&format!("pg{nodes}")) {
                continue;
            }
            let url = resources::postgres_database(pg, &format!("bench_pg{nodes}")).await?;
            let mut running = Vec::new();
            for n in 0..nodes {
                let dir = tmp.path().join(format!("pg{nodes}-{n}"));
                running.push(parley::start_parley(&args.parley, &dir, Some(&url)).await?);
            }
            let first = setup_admin(running[0].addr, &args).await?;
            let mut endpoints = vec![first];
            endpoints.extend(running[1..].iter().map(|n| endpoint(n.addr, false)));
            let pids: Vec<u32> = running.iter().map(|n| n.child.id()).collect();
            let name = format!("parley pg {nodes} node{}", if nodes > 1 { "s" } else { "" });
            rows.extend(measure(&args, &name, &endpoints, &pids, true).await?);
        }
    } else {
        println!("load: Postgres runs skipped (no --postgres / PARLEY_BENCH_POSTGRES)");
    }
    print_table(&rows);
    if args.idle > 0 && args.wants("idle") {
        let node = parley::start_parley(&args.parley, &tmp.path().join("idle"), None).await?;
        resources::idle(node.addr, node.child.id(), args.idle).await?;
    }
    if args.churn_secs > 0 && args.wants("churn") {
        let node = parley::start_parley(&args.parley, &tmp.path().join("churn"), None).await?;
        let e = setup_admin(node.addr, &args).await?;
        churn(&args, e).await?;
    }
    Ok(())
}

fn endpoint(addr: std::net::SocketAddr, relay: bool) -> Endpoint {
    Endpoint {
        addr,
        relay,
        origin: parley::PUBLIC.into(),
    }
}

/// The admin signs in and creates the agents (through node `addr`).
async fn setup_admin(addr: std::net::SocketAddr, args: &Args) -> Result<Endpoint, String> {
    let started = Instant::now();
    let admin = parley::admin(addr).await?;
    let capacity = args.visitors.div_ceil(args.agents.max(1)) + 2;
    parley::create_agents(addr, &admin, args.agents, capacity).await?;
    println!(
        "load: {} agents created in {:.1} s",
        args.agents,
        started.elapsed().as_secs_f64()
    );
    Ok(endpoint(addr, false))
}

/// Everyone connected, then each rate in turn on the same people.
async fn measure(
    args: &Args,
    target: &str,
    nodes: &[Endpoint],
    pids: &[u32],
    postgres: bool,
) -> Result<Vec<Row>, String> {
    let started = Instant::now();
    let body = args.body();
    let (mut visitors, mut agents) =
        parley::people(nodes, args.visitors, args.agents, &body).await?;
    println!(
        "load: {target}: {} visitors with a conversation each, {} desks, in {:.1} s",
        visitors.len(),
        agents.len(),
        started.elapsed().as_secs_f64()
    );
    let mut rows = Vec::new();
    for &rate in &args.rates {
        let visitor_rate = (f64::from(rate) / 2.0 / args.visitors as f64).min(1.0);
        let agent_rate =
            (f64::from(rate) - visitor_rate * args.visitors as f64) / args.agents as f64;
        let before = Usage::sample(pids, postgres);
        let stats = Stats::new();
        let (v, a) = window(
            visitors,
            agents,
            &stats,
            (visitor_rate, agent_rate, None),
            args.secs,
            &body,
        )
        .await;
        (visitors, agents) = (v, a);
        let usage = Usage::sample(pids, postgres).since(&before);
        let summary = stats.summary(Duration::from_secs(args.secs));
        stats.show_repeats();
        println!(
            "load: {target} at {rate} msg/s: {}",
            one_line(&summary, &usage)
        );
        rows.push(Row {
            target: target.into(),
            offered: rate,
            summary,
            usage,
        });
    }
    Ok(rows)
}

/// 2 s of warm-up, `secs` measured, then up to 20 s for the last acks and
/// deliveries; the people handed back for the next window.
async fn window(
    visitors: Vec<Visitor>,
    agents: Vec<Agent>,
    stats: &Arc<Stats>,
    (visitor_rate, agent_rate, churn): (f64, f64, Option<Duration>),
    secs: u64,
    body: &str,
) -> (Vec<Visitor>, Vec<Agent>) {
    let (phase, rx) = watch::channel(Phase::Write);
    let vt: Vec<_> = visitors
        .into_iter()
        .map(|v| {
            let pace = Pace {
                per_sec: visitor_rate,
                churn,
            };
            tokio::spawn(v.run(stats.clone(), pace, rx.clone(), body.to_owned()))
        })
        .collect();
    let at: Vec<_> = agents
        .into_iter()
        .map(|a| {
            let pace = Pace {
                per_sec: agent_rate,
                churn: None,
            };
            tokio::spawn(a.run(stats.clone(), pace, rx.clone(), body.to_owned()))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    stats.measuring.store(true, Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(secs)).await;
    stats.measuring.store(false, Ordering::Relaxed);
    let _ = phase.send(Phase::Drain);
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        let s = stats.summary(Duration::from_secs(secs));
        if s.acked >= s.sent && s.delivered >= s.sent {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = phase.send(Phase::Over);
    let mut visitors = Vec::new();
    for t in vt {
        if let Ok(v) = t.await {
            visitors.push(v);
        }
    }
    let mut agents = Vec::new();
    for t in at {
        if let Ok(a) = t.await {
            agents.push(a);
        }
    }
    (visitors, agents)
}

/// A visitor's socket is cut every this many seconds on average.
const CHURN_EVERY_SECS: u64 = 5;

/// Writing while visitors' sockets are cut at random every ~5 s.
async fn churn(args: &Args, e: Endpoint) -> Result<(), String> {
    let body = args.body();
    let (visitors, agents) = parley::people(&[e], args.visitors, args.agents, &body).await?;
    let stats = Stats::new();
    let every = Some(Duration::from_secs(CHURN_EVERY_SECS));
    // 200 messages a second in all while ~200 sockets a second are cut.
    let (visitor_rate, agent_rate) = (0.1, 0.1 * args.visitors as f64 / args.agents as f64);
    window(
        visitors,
        agents,
        &stats,
        (visitor_rate, agent_rate, every),
        args.churn_secs,
        &body,
    )
    .await;
    let s = stats.summary(Duration::from_secs(args.churn_secs));
    stats.show_repeats();
    let pct = if s.sent == 0 {
        0.0
    } else {
        100.0 * (s.delivered - s.delivered_twice.min(s.delivered)) as f64 / s.sent as f64
    };
    println!(
        "load: churn: {} visitors cut at random every ~{CHURN_EVERY_SECS} s while writing ({} s): {} messages sent, \
         {} acked, {} delivered ({pct:.2}% exactly once), {} delivered twice, {} stored twice, \
         {} lost; {} reconnects, {} repeats dropped by seq; errors {:?}",
        args.visitors,
        args.churn_secs,
        s.sent,
        s.acked,
        s.delivered,
        s.delivered_twice,
        s.stored_twice,
        s.lost(),
        s.reconnects,
        s.redelivered,
        s.errors
    );
    Ok(())
}

fn one_line(s: &Summary, u: &Usage) -> String {
    format!(
        "{:.0} msg/s sent, ack p50 {:.2} / p99 {:.2} / max {:.1} ms, other side p50 {:.2} / p99 {:.2} / max {:.1} ms, \
         lost {}, unacked {}, twice {}, desk resyncs {}, CPU {:.0}%, RSS {:.0} MB{}{}",
        s.rate,
        s.ack.p50,
        s.ack.p99,
        s.ack.max,
        s.delivery.p50,
        s.delivery.p99,
        s.delivery.max,
        s.lost(),
        s.sent.saturating_sub(s.acked),
        s.delivered_twice + s.stored_twice,
        s.resyncs,
        u.cpu_percent,
        u.rss_mb,
        u.db_cpu_percent
            .map(|c| format!(", Postgres CPU {c:.0}%"))
            .unwrap_or_default(),
        if s.errors.is_empty() {
            String::new()
        } else {
            format!(", errors {:?}", s.errors)
        }
    )
}

fn print_table(rows: &[Row]) {
    println!();
    println!(
        "{:<22} {:>7} {:>7} | {:>26} | {:>26} | {:>5} {:>7} | {:>6} {:>7} {:>6}",
        "target",
        "offered",
        "sent/s",
        "send→ack p50/p99/max ms",
        "send→other p50/p99/max ms",
        "lost",
        "unacked",
        "CPU%",
        "RSS MB",
        "pg CPU"
    );
    for r in rows {
        let s = &r.summary;
        println!(
            "{:<22} {:>7} {:>7.0} | {:>26} | {:>26} | {:>5} {:>7} | {:>6.0} {:>7.0} {:>6}",
            r.target,
            r.offered,
            s.rate,
            format!("{:.2} / {:.2} / {:.1}", s.ack.p50, s.ack.p99, s.ack.max),
            format!(
                "{:.2} / {:.2} / {:.1}",
                s.delivery.p50, s.delivery.p99, s.delivery.max
            ),
            s.lost(),
            s.sent.saturating_sub(s.acked),
            r.usage.cpu_percent,
            r.usage.rss_mb,
            r.usage
                .db_cpu_percent
                .map(|c| format!("{c:.0}"))
                .unwrap_or_else(|| "-".into()),
        );
    }
    let p99 = |target: &str, rate: u32| {
        rows.iter()
            .find(|r| r.target == target && r.offered == rate)
            .map(|r| r.summary.ack.p99)
    };
    if let (Some(floor), Some(sqlite)) = (p99("relay", 2000), p99("parley sqlite", 2000)) {
        let goal = sqlite <= 10.0 && sqlite <= 2.0 * floor.max(0.001);
        println!(
            "goal at 2,000 msg/s on SQLite: ack p99 ≤ 10 ms and ≤ 2× the relay's ({floor:.2} ms): {sqlite:.2} ms — {}",
            if goal { "met" } else { "NOT met" }
        );
    }
    println!();
}
