//! Service reports at scale (issue 21): 100,000 conversations over a year
//! with 1,000,000 messages, their first-response and follow-up clocks,
//! transitions (resolutions, reopenings, transfers), 20,000 ratings and
//! 3,000 complaints, bulk-loaded into a running Parley's SQLite file; then
//! the reports page (`/desk/reports`, rendered on the server) and the CSV
//! export (`/api/reports.csv`) are fetched as the admin, for the last 30
//! days and for the whole year, and their latency printed as p50/p99.
//!
//!     cargo run --release -p parley --example report_bench [-- CONVERSATIONS]
//!
//! A measurement, not a test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::Instant;

use sqlx::{Connection, SqliteConnection};

/// One bound value of a bulk insert.
#[derive(Clone)]
enum V {
    I(i64),
    T(String),
    N,
}

/// Inserts `rows` into `table (columns)` 400 rows a statement.
async fn bulk(db: &mut SqliteConnection, table: &str, columns: &str, rows: &[Vec<V>]) {
    let width = columns.split(',').count();
    for chunk in rows.chunks(400) {
        let marks = vec![format!("({})", vec!["?"; width].join(", ")); chunk.len()].join(", ");
        let sql = format!("INSERT INTO {table} ({columns}) VALUES {marks}");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for v in row {
                q = match v {
                    V::I(i) => q.bind(*i),
                    V::T(t) => q.bind(t.clone()),
                    V::N => q.bind(None::<i64>),
                };
            }
        }
        q.execute(&mut *db).await.unwrap();
    }
}

fn pct(sorted: &[f64], p: usize) -> f64 {
    sorted[((sorted.len() * p).div_ceil(100)).max(1) - 1]
}

#[tokio::main]
async fn main() {
    let n: i64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let bench = support::start(|_| {}).await;
    let path = bench._dir.path().join("parley.db");
    let url = format!("sqlite://{}", path.display());
    let mut db = SqliteConnection::connect(&url).await.unwrap();
    let teams: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM teams WHERE site_key = 'demo' ORDER BY id")
            .fetch_all(&mut db)
            .await
            .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let year = 365 * 86_400_000i64;
    let start = now - year;
    let t = Instant::now();
    let mut tx = db.begin().await.unwrap();
    let agents: Vec<Vec<V>> = (0..50)
        .map(|a| {
            vec![
                V::I(10_000 + a),
                V::T(format!("bench{a}@x")),
                V::T(format!("Agent {a}")),
                V::T("x".into()),
                V::T("mid".into()),
                V::I(0),
            ]
        })
        .collect();
    bulk(
        &mut tx,
        "agents",
        "id, email, name, password_hash, role, created_at",
        &agents,
    )
    .await;
    let zones = [
        "Europe/Berlin",
        "Asia/Shanghai",
        "America/New_York",
        "Africa/Cairo",
        "Australia/Sydney",
    ];
    let locales = ["en", "zh-CN", "es", "de", "ja", "ar"];
    let categories = [
        "logistics",
        "product",
        "payment",
        "fees",
        "business",
        "complaint",
        "other",
    ];
    let priorities = ["urgent", "routine", "consultation"];
    let (
        mut visitors,
        mut conversations,
        mut clocks,
        mut messages,
        mut changes,
        mut ratings,
        mut complaints,
    ) = (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut change_id = 1_000_000i64;
    let messages_per = 10;
    for i in 0..n {
        let id = 1_000_000 + i;
        let opened = start + i * (year / n);
        let agent = 10_000 + i % 50;
        let answered = i % 20 != 0;
        let resolved = i % 10 < 8;
        visitors.push(vec![
            V::T(format!("bv{i}")),
            V::T("demo".into()),
            V::I(opened),
            V::I(opened),
        ]);
        conversations.push(vec![
            V::I(id),
            V::T("demo".into()),
            V::T(format!("bv{i}")),
            V::T(if resolved { "resolved" } else { "in_progress" }.into()),
            V::T(locales[(i % 6) as usize].into()),
            V::T(zones[(i % 5) as usize].into()),
            V::I(opened),
            V::I(opened + 3_600_000),
            V::T(categories[(i % 7) as usize].into()),
            V::T(priorities[(i % 3) as usize].into()),
            if i % 7 == 0 { V::N } else { V::I(agent) },
            V::I(teams[(i as usize) % teams.len()]),
            V::I(messages_per),
            V::I(i64::from(answered)),
            if answered { V::I(agent) } else { V::N },
            V::I(i64::from(resolved)),
            V::I(i64::from(resolved && i % 13 == 0)),
            V::I(i64::from(i % 11 == 0)),
        ]);
        let first_ms = (i * 7_919) % 7_200_000;
        let late = first_ms > 3_600_000;
        clocks.push(vec![
            V::I(id),
            V::T("first_response".into()),
            V::T("{\"unit\":\"minutes\",\"value\":60}".into()),
            V::I(opened),
            V::I(if answered { first_ms } else { 0 }),
            V::I(opened),
            V::T(
                if !answered {
                    "running"
                } else if late {
                    "breached"
                } else {
                    "met"
                }
                .into(),
            ),
            if answered {
                V::I(opened + first_ms)
            } else {
                V::N
            },
            V::I(opened + 3_600_000),
        ]);
        if resolved && i % 3 == 0 {
            clocks.push(vec![
                V::I(id),
                V::T("follow_up".into()),
                V::T("{\"unit\":\"working_days\",\"value\":2}".into()),
                V::I(opened + 86_400_000),
                V::I(0),
                V::I(opened + 86_400_000),
                V::T(if i % 9 == 0 { "breached" } else { "met" }.into()),
                V::I(opened + 2 * 86_400_000),
                V::I(opened + 3 * 86_400_000),
            ]);
        }
        for s in 0..messages_per {
            let staff = s % 2 == 1 && answered;
            messages.push(vec![
                V::I(id),
                V::I(s + 1),
                V::T(format!("m{s}")),
                V::T(if staff { "agent" } else { "customer" }.into()),
                if staff { V::I(agent) } else { V::N },
                V::T("Where is my parcel? It left Shenzhen a week ago.".into()),
                V::I(opened + s * 60_000),
            ]);
        }
        let mut change = |from: &str, to: &str, at: i64, transfer: bool| {
            change_id += 1;
            changes.push(vec![
                V::I(change_id),
                V::I(id),
                V::T(from.into()),
                V::T(to.into()),
                V::I(agent),
                V::I(at),
                V::T("staff".into()),
                V::I(i64::from(transfer)),
            ]);
            change_id
        };
        change("received", "assigned", opened + 1_000, false);
        if i % 11 == 0 {
            change("assigned", "assigned", opened + 2_000, true);
        }
        if resolved {
            let resolution = change("in_progress", "resolved", opened + 3_600_000, false);
            if i % 13 == 0 {
                change("resolved", "reopened", opened + 7_200_000, false);
            }
            if ratings.len() < 20_000 && i % 4 == 0 {
                ratings.push(vec![
                    V::I(id),
                    V::I(resolution),
                    V::I(5 - (i % 5) / 2),
                    V::T(String::new()),
                    V::I(agent),
                    V::I(opened + 3_700_000),
                ]);
            }
        }
        if i % 33 == 0 {
            complaints.push(vec![
                V::T("demo".into()),
                V::I(id),
                V::T("late".into()),
                V::T("ordinary".into()),
                V::I(opened + 60_000),
                if i % 2 == 0 {
                    V::I(opened + 60_000 + (i % 48) * 3_600_000)
                } else {
                    V::N
                },
            ]);
        }
    }
    bulk(
        &mut tx,
        "visitors",
        "id, site_key, created_at, last_seen",
        &visitors,
    )
    .await;
    bulk(
        &mut tx,
        "conversations",
        "id, site_key, visitor_id, state, locale, time_zone, created_at, updated_at, category, priority, \
         assignee_id, team_id, last_seq, staff_answered, first_answer_by, ever_resolved, ever_reopened, ever_transferred",
        &conversations,
    )
    .await;
    bulk(
        &mut tx,
        "sla_clocks",
        "conversation_id, kind, target, started_at, consumed_ms, since, phase, stopped_at, due_at",
        &clocks,
    )
    .await;
    bulk(
        &mut tx,
        "messages",
        "conversation_id, seq, client_id, author, agent_id, body, sent_at",
        &messages,
    )
    .await;
    bulk(
        &mut tx,
        "status_changes",
        "id, conversation_id, from_status, to_status, agent_id, at, actor, transfer",
        &changes,
    )
    .await;
    bulk(
        &mut tx,
        "ratings",
        "conversation_id, resolution_id, score, comment, agent_id, rated_at",
        &ratings,
    )
    .await;
    bulk(
        &mut tx,
        "complaints",
        "site_key, conversation_id, summary, severity, raised_at, resolved_at",
        &complaints,
    )
    .await;
    tx.commit().await.unwrap();
    sqlx::query("ANALYZE").execute(&mut db).await.unwrap();
    // A copy of the fixture to study the queries with `sqlite3`.
    if let Ok(copy) = std::env::var("REPORT_BENCH_COPY") {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "VACUUM INTO '{}'",
            copy.replace('\'', "")
        )))
        .execute(&mut db)
        .await
        .unwrap();
        println!("fixture copied to {copy}");
        return;
    }
    db.close().await.unwrap();
    println!(
        "fixture: {n} conversations, {} messages, {} clocks, {} transitions, {} ratings, {} complaints loaded in {:.1} s ({:.0} MB)",
        messages.len(),
        clocks.len(),
        changes.len(),
        ratings.len(),
        complaints.len(),
        t.elapsed().as_secs_f64(),
        std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1e6
    );

    // The storage query alone (what the page and the export both start with).
    {
        use parley::storage::prelude::*;
        let store = parley::storage::sql::SqlStore::open(&url).await.unwrap();
        let mut times = vec![];
        for _ in 0..5 {
            let t = Instant::now();
            let facts = store
                .case_facts(&parley::storage::FactQuery {
                    site: "demo".into(),
                    teams: None,
                    from: start - 86_400_000,
                    until: now + 86_400_000,
                })
                .await
                .unwrap();
            assert_eq!(facts.len() as i64, n);
            let q = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            let all = parley::domain::metrics::Figures::of(&facts, now);
            let by = parley::domain::metrics::slices(
                &facts,
                parley::domain::metrics::Dimension::Agent,
                now,
            );
            assert!(all.conversations as i64 == n && !by.is_empty());
            times.push((q, t.elapsed().as_secs_f64() * 1e3));
        }
        times.sort_by(|a, b| a.0.total_cmp(&b.0));
        println!(
            "storage: the year's facts p50 {:.1} ms; figures and slices computed in {:.1} ms",
            times[2].0, times[2].1
        );
        store.close().await;
    }
    let http = reqwest::Client::new();
    let day = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .unwrap()
            .format("%Y-%m-%d")
            .to_string()
    };
    let month = format!(
        "site=demo&tz=UTC&from={}&until={}",
        day(now - 29 * 86_400_000),
        day(now)
    );
    let whole = format!(
        "site=demo&tz=UTC&from={}&until={}&period=month",
        day(start),
        day(now)
    );
    for (what, path) in [
        (
            "reports page, last 30 days",
            format!("/desk/reports?{month}"),
        ),
        ("reports page, the year", format!("/desk/reports?{whole}")),
        (
            "reports page, the year by team",
            format!("/desk/reports?{whole}&by=team"),
        ),
        (
            "CSV export, last 30 days",
            format!("/api/reports.csv?{month}"),
        ),
        ("CSV export, the year", format!("/api/reports.csv?{whole}")),
        (
            "CSV export, the year's trend",
            format!("/api/reports.csv?{whole}&table=trend"),
        ),
    ] {
        let mut times = vec![];
        let mut size = 0;
        for _ in 0..20 {
            let t = Instant::now();
            let resp = http
                .get(format!("http://{}{path}", bench.addr))
                .header("cookie", &bench.cookie)
                .send()
                .await
                .unwrap();
            assert!(resp.status().is_success(), "{path}: {}", resp.status());
            size = resp.bytes().await.unwrap().len();
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{what:<34} p50 {:>7.1} ms  p99 {:>7.1} ms  ({size} bytes)",
            pct(&times, 50),
            pct(&times, 99)
        );
    }
}
