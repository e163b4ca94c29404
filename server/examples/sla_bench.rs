//! Measures the SLA engine and the inbox at 100k open conversations:
//!
//! 1. pure evaluation: deadlines (`due_at`, `warn_at`) and standing of 100k
//!    running clocks on four regional calendars (split shifts, overnight
//!    shifts, holidays, DST zones);
//! 2. SQLite: 100k conversations with their clocks in one file, then the
//!    escalation watcher's queries and inbox views with filters, each
//!    repeated and reported as p50/max;
//! 3. a routing round over that queue: reading the snapshot (waiting
//!    conversations, staff with their loads), the plan, queue positions.
//!
//!     cargo run --release -p parley --example sla_bench [-- N]
//!
//! A measurement, not a test. The fixture is bulk-loaded with plain SQL in
//! one transaction (the server's own writes are one transaction per change).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use chrono::DateTime;
use parley::domain::calendar::{BusinessCalendar, CalendarSpec, ShiftSpec};
use parley::domain::routing;
use parley::domain::sla::{SlaClock, SlaPolicy, Target};
use parley::storage::prelude::*;
use parley::storage::sql::SqlStore;
use parley_app::inbox::{InboxQuery, InboxSort, InboxView, SlaFilter};
use parley_app::lifecycle::{ClockKind, Priority, Tier};

fn calendars() -> Vec<BusinessCalendar> {
    let week = |tz: &str, shifts: &[(&str, &str)], days: &[&str], closures: &[&str]| {
        let spec = CalendarSpec {
            time_zone: tz.into(),
            shifts: days
                .iter()
                .flat_map(|d| {
                    shifts.iter().map(|(s, e)| ShiftSpec {
                        day: (*d).into(),
                        start: (*s).into(),
                        end: (*e).into(),
                    })
                })
                .collect(),
            closures: closures.iter().map(|c| (*c).into()).collect(),
        };
        BusinessCalendar::try_from(&spec).unwrap()
    };
    let weekdays = ["mon", "tue", "wed", "thu", "fri"];
    vec![
        week(
            "Asia/Shanghai",
            &[("09:00", "12:00"), ("13:00", "18:00")],
            &weekdays,
            &["2026-12-01"],
        ),
        week(
            "Europe/Berlin",
            &[("08:00", "17:00")],
            &weekdays,
            &["2026-12-25", "2026-12-26"],
        ),
        week(
            "America/New_York",
            &[("22:00", "06:00")],
            &weekdays,
            &["2026-11-26"],
        ),
        BusinessCalendar::always_open(chrono_tz::UTC),
    ]
}

fn p50_max(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (v[v.len() / 2], v[v.len() - 1])
}

#[tokio::main]
async fn main() {
    let n: i64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let now = DateTime::parse_from_rfc3339("2026-11-25T09:30:00Z")
        .unwrap()
        .timestamp_millis();
    let cals = calendars();
    let policy = SlaPolicy::default();

    // 1. Pure evaluation.
    let clocks: Vec<(usize, SlaClock)> = (0..n)
        .map(|i| {
            let started = now - (i * 7_919) % (3 * 86_400_000);
            let target = [
                Target::Minutes(5),
                Target::Minutes(30),
                Target::Minutes(480),
                Target::WorkingDays(3),
            ][(i % 4) as usize];
            let kind = [
                ClockKind::FirstResponse,
                ClockKind::NextResponse,
                ClockKind::Resolution,
                ClockKind::FollowUp,
            ][(i % 4) as usize];
            let mut c = SlaClock::start(kind, target, started);
            c.consumed_ms = (i % 13) * 60_000;
            ((i % 4) as usize, c)
        })
        .collect();
    let t = Instant::now();
    let deadlines: Vec<(Option<i64>, Option<i64>)> = clocks
        .iter()
        .map(|(k, c)| {
            (
                c.due_at(&cals[*k]),
                c.warn_at(&cals[*k], policy.warn_percent),
            )
        })
        .collect();
    let compute = t.elapsed();
    let t = Instant::now();
    let mut late = 0usize;
    for (k, c) in &clocks {
        if c.standing(&cals[*k], &policy, now) == parley::domain::sla::Standing::Breached {
            late += 1;
        }
    }
    let standing = t.elapsed();
    let t = Instant::now();
    let stored_compare = deadlines
        .iter()
        .filter(|(d, _)| d.is_some_and(|d| d <= now))
        .count();
    let compare = t.elapsed();
    println!("SLA engine, {n} running clocks on 4 calendars:");
    println!(
        "  compute due_at + warn_at (done on every change): {:>8.1} ms total, {:>6.2} µs per clock",
        compute.as_secs_f64() * 1e3,
        compute.as_secs_f64() * 1e6 / n as f64
    );
    println!(
        "  standing at now from the calendar:               {:>8.1} ms total ({late} breached)",
        standing.as_secs_f64() * 1e3
    );
    println!(
        "  standing from stored due_at (what the server does): {:>5.2} ms total ({stored_compare} breached)",
        compare.as_secs_f64() * 1e3
    );

    // 2. SQLite at 100k conversations.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let url = format!("sqlite://{}", path.display());
    let store = SqlStore::open(&url).await.unwrap();
    store.close().await;
    {
        use sqlx::{Connection, SqliteConnection};
        let mut db = SqliteConnection::connect(&url).await.unwrap();
        let t = Instant::now();
        let mut tx = db.begin().await.unwrap();
        sqlx::query("INSERT INTO sites (key, name, created_at) VALUES ('shop', 'Shop', 0)")
            .execute(&mut *tx)
            .await
            .unwrap();
        for name in ["APAC", "EMEA", "Americas", "Global"] {
            sqlx::query("INSERT INTO teams (site_key, name, calendar) VALUES ('shop', ?, '{\"time_zone\":\"UTC\",\"shifts\":[]}')")
                .bind(name).execute(&mut *tx).await.unwrap();
        }
        for a in 1..=50i64 {
            sqlx::query("INSERT INTO agents (id, email, name, password_hash, role, created_at) VALUES (?, ?, ?, 'x', 'agent', 0)")
                .bind(a).bind(format!("a{a}@x")).bind(format!("Agent {a}")).execute(&mut *tx).await.unwrap();
            // Routing profile: one regional team each, two languages, capacity 5.
            let langs = ["en", "zh-CN", "es", "de", "ja", "ar"];
            sqlx::query(
                "UPDATE agents SET languages = ?, skills = '[]', capacity = 5 WHERE id = ?",
            )
            .bind(format!(
                "[\"{}\",\"{}\"]",
                langs[(a % 6) as usize],
                langs[((a + 1) % 6) as usize]
            ))
            .bind(a)
            .execute(&mut *tx)
            .await
            .unwrap();
            sqlx::query("INSERT INTO team_members (team_id, agent_id) VALUES (?, ?)")
                .bind(a % 4 + 1)
                .bind(a)
                .execute(&mut *tx)
                .await
                .unwrap();
        }
        let states = [
            "received",
            "assigned",
            "in_progress",
            "waiting_on_customer",
            "resolved",
            "confirmed",
            "archived",
        ];
        let categories = [
            "logistics",
            "product",
            "payment",
            "fees",
            "business",
            "complaint",
            "other",
        ];
        let locales = ["en", "zh-CN", "es", "de", "ja", "ar"];
        for i in 0..n {
            let (due, warn) = deadlines[i as usize];
            let state = states[(i % 7) as usize];
            let open = !matches!(state, "resolved" | "confirmed" | "archived");
            sqlx::query("INSERT INTO visitors (id, site_key, created_at, last_seen) VALUES (?, 'shop', 0, 0)")
                .bind(format!("v{i}")).execute(&mut *tx).await.unwrap();
            sqlx::query(
                "INSERT INTO conversations (id, site_key, visitor_id, state, locale, last_seq, last_preview, created_at, updated_at, \
                 category, priority, tier, assignee_id, team_id, due_at, due_kind, warn_at, breached) \
                 VALUES (?, 'shop', ?, ?, ?, 3, 'Where is my parcel?', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(i + 1)
            .bind(format!("v{i}"))
            .bind(state)
            .bind(locales[(i % 6) as usize])
            .bind(now - i * 1000)
            .bind(now - (i * 7_919) % 86_400_000)
            .bind(categories[(i % 7) as usize])
            .bind(Priority::ALL[(i % 3) as usize].as_str())
            .bind(Tier::ALL[(i % 3) as usize].as_str())
            .bind(if i % 4 == 0 { None } else { Some(i % 50 + 1) })
            .bind((i % 4) + 1)
            .bind(if open { due } else { None })
            .bind(if open && due.is_some() { Some("first_response") } else { None })
            .bind(if open { warn } else { None })
            .bind(open && due.is_some_and(|d| d <= now))
            .execute(&mut *tx)
            .await
            .unwrap();
            let (_, c) = &clocks[i as usize];
            sqlx::query(
                "INSERT INTO sla_clocks (conversation_id, kind, target, started_at, consumed_ms, since, phase, due_at, warn_at) \
                 VALUES (?, ?, '{\"unit\":\"minutes\",\"value\":30}', ?, ?, ?, ?, ?, ?)",
            )
            .bind(i + 1)
            .bind(c.kind.as_str())
            .bind(c.started_at)
            .bind(c.consumed_ms)
            .bind(c.since)
            .bind(if open { "running" } else { "met" })
            .bind(due)
            .bind(warn)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        println!(
            "\nSQLite fixture: {n} conversations + {n} clocks loaded in {:.1} s",
            t.elapsed().as_secs_f64()
        );
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        println!("  database file {:.1} MB", size as f64 / 1e6);
        sqlx::query("ANALYZE").execute(&mut db).await.unwrap();
        db.close().await.unwrap();
    }
    let store = SqlStore::open(&url).await.unwrap();
    let runs = 20;
    async fn time<F, Fut, T>(runs: usize, f: F) -> (f64, f64, T)
    where
        F: Fn() -> Fut,
        Fut: std::future::Future<Output = T>,
    {
        let mut v = Vec::new();
        let mut last = None;
        for _ in 0..runs {
            let t = Instant::now();
            last = Some(f().await);
            v.push(t.elapsed().as_secs_f64() * 1e3);
        }
        let (p50, max) = p50_max(v);
        (p50, max, last.unwrap())
    }
    println!("\nEscalation watcher queries ({runs} runs each):");
    let (p50, max, alerts) = time(runs, || store.pending_alerts(now)).await;
    println!(
        "  pending_alerts(now)        p50 {p50:>7.2} ms  max {max:>7.2} ms  ({} rows, capped at 500)",
        alerts.unwrap().len()
    );
    let (p50, max, next) = time(runs, || store.next_alert_at(now)).await;
    println!(
        "  next_alert_at(now)         p50 {p50:>7.2} ms  max {max:>7.2} ms  (next at {:?})",
        next.unwrap()
    );

    println!("\nInbox views, first 200 rows ({runs} runs each):");
    let views: Vec<(&str, InboxQuery)> = vec![
        ("all open, by activity", InboxQuery::default()),
        (
            "all open, by deadline",
            InboxQuery {
                sort: InboxSort::Due,
                ..InboxQuery::default()
            },
        ),
        (
            "mine, by deadline",
            InboxQuery {
                view: InboxView::Mine,
                sort: InboxSort::Due,
                ..InboxQuery::default()
            },
        ),
        (
            "unassigned, by activity",
            InboxQuery {
                view: InboxView::Unassigned,
                ..InboxQuery::default()
            },
        ),
        (
            "overdue, by deadline",
            InboxQuery {
                sla: Some(SlaFilter::Breached),
                sort: InboxSort::Due,
                ..InboxQuery::default()
            },
        ),
        (
            "due soon, by deadline",
            InboxQuery {
                sla: Some(SlaFilter::DueSoon),
                sort: InboxSort::Due,
                ..InboxQuery::default()
            },
        ),
        (
            "team EMEA + payment + de",
            InboxQuery {
                team: Some("EMEA".into()),
                category: Some("payment".into()),
                locale: Some("de".into()),
                ..InboxQuery::default()
            },
        ),
        (
            "urgent + core, by deadline",
            InboxQuery {
                priority: Some(Priority::Urgent),
                tier: Some(Tier::Core),
                sort: InboxSort::Due,
                ..InboxQuery::default()
            },
        ),
        (
            "everything incl. closed",
            InboxQuery {
                closed: true,
                ..InboxQuery::default()
            },
        ),
    ];
    // An agent of every team: the visibility rule applies as for real staff.
    let viewer = parley::domain::access::Viewer {
        id: 7,
        role: parley_app::protocol::StaffRole::Mid,
        teams: (1..=20).collect(),
        ..Default::default()
    };
    for (name, q) in views {
        let (p50, max, rows) = time(runs, || store.inbox(&q, &viewer, now, 200)).await;
        println!(
            "  {name:<28} p50 {p50:>7.2} ms  max {max:>7.2} ms  ({} rows)",
            rows.unwrap().len()
        );
    }

    // 3. One routing round's reading and deciding over the same database
    // (the server runs one per new conversation and per staff change).
    let (p50, max, snapshot) = time(runs, || store.routing_snapshot("shop")).await;
    let (candidates, waiting) = snapshot.unwrap();
    println!(
        "\nRouting round ({} waiting, {} staff; {runs} runs):",
        waiting.len(),
        candidates.len()
    );
    println!("  snapshot (queue + staff loads)  p50 {p50:>7.2} ms  max {max:>7.2} ms");
    let team_calendars: std::collections::HashMap<i64, BusinessCalendar> = cals
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, c)| (i as i64 + 1, c))
        .collect();
    let mut available = candidates.clone();
    for c in &mut available {
        c.presence = routing::Presence::Available;
        c.load = 0;
    }
    let t = Instant::now();
    let plan = routing::plan(
        &waiting,
        routing::Staff {
            candidates: available,
            calendars: &team_calendars,
        },
        now,
    );
    let planned = t.elapsed();
    let t = Instant::now();
    let positions = routing::queue_positions(&waiting);
    let placed = t.elapsed();
    println!(
        "  plan (rules over the whole queue) {:>7.2} ms  ({} assigned)",
        planned.as_secs_f64() * 1e3,
        plan.len()
    );
    println!(
        "  queue positions for every waiter  {:>7.2} ms  ({} placed)",
        placed.as_secs_f64() * 1e3,
        positions.len()
    );
    store.close().await;
}
