//! SQL implementation of [`ReportStore`]: three range scans per report
//! (the conversations by when their first-response clock started, with
//! what the write paths keep on each — answered, resolved, reopened,
//! transferred — and their complaint; the follow-up clocks; the ratings),
//! joined in memory.
//!
//! A year's report reads 100,000 rows, and the database driver's cost is
//! per row (about 10 µs, ten times SQLite's own), so each scan comes back
//! as one row: every column's values joined by U+001F (values here are
//! numbers, enum names, locale tags, zone names and topic keys, which
//! never hold it). Measured by `examples/report_bench.rs`.

use std::collections::{HashMap, HashSet};

use super::rows::{Binds, bad};
use super::{Backend, SqlStore};
use crate::domain::metrics::{CaseFacts, ClockFacts, ComplaintFacts, region_of};
use crate::storage::{FactQuery, ReportStore, StoreResult};
use async_trait::async_trait;
use parley_app::lifecycle::{ClockPhase, Priority};
use sqlx::AssertSqlSafe;

const SEP: char = '\u{1f}';

/// The site (`c.site_key`) and, for a supervisor, their teams and the
/// general queue, as a condition on `conversations c`.
fn scope(q: &FactQuery, binds: &mut Binds) -> String {
    let mut sql = format!("c.site_key = {}", binds.text(&q.site));
    if let Some(teams) = &q.teams {
        let marks: Vec<String> = teams.iter().map(|t| binds.int(*t)).collect();
        sql.push_str(&format!(
            " AND (c.team_id IS NULL OR c.team_id IN ({}))",
            if marks.is_empty() {
                "NULL".to_owned()
            } else {
                marks.join(", ")
            }
        ));
    }
    sql
}

/// `SELECT` of each of `columns` over every row of `from`, aggregated
/// into one text per column (in the same row order for all).
fn packed(backend: Backend, columns: &[&str], from: &str) -> String {
    let aggregate = match backend {
        Backend::Sqlite => "group_concat",
        Backend::Postgres => "string_agg",
    };
    let fields = columns
        .iter()
        .map(|c| format!("{aggregate}(COALESCE(CAST({c} AS TEXT), ''), '{SEP}')"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("SELECT {fields} {from}")
}

/// The rows of a [`packed`] query, each with one value per column.
struct Unpacked(Vec<Vec<String>>);

impl Unpacked {
    fn rows(&self) -> usize {
        self.0.first().map_or(0, Vec::len)
    }

    fn get(&self, row: usize, column: usize) -> &str {
        &self.0[column][row]
    }
}

impl SqlStore {
    async fn unpacked(&self, sql: String, binds: &Binds, width: usize) -> StoreResult<Unpacked> {
        let row = binds
            .apply(sqlx::query(AssertSqlSafe(sql)))
            .fetch_one(&self.reader)
            .await?;
        let mut columns = Vec::with_capacity(width);
        for i in 0..width {
            let text: Option<String> = sqlx::Row::try_get(&row, i)?;
            let values: Vec<String> = match text {
                None => Vec::new(),
                Some(t) => t.split(SEP).map(str::to_owned).collect(),
            };
            columns.push(values);
        }
        let rows = columns.first().map_or(0, Vec::len);
        if columns.iter().any(|c| c.len() != rows) {
            return Err(bad("packed report", "columns of unequal length"));
        }
        Ok(Unpacked(columns))
    }
}

fn int(s: &str) -> StoreResult<Option<i64>> {
    if s.is_empty() {
        return Ok(None);
    }
    s.parse().map(Some).map_err(|_| bad("number", s))
}

fn text(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// A clock from its phase, deadline and business time.
fn clock(phase: &str, due: &str, business: &str) -> StoreResult<Option<ClockFacts>> {
    if phase.is_empty() {
        return Ok(None);
    }
    Ok(Some(ClockFacts {
        phase: ClockPhase::parse(phase).ok_or_else(|| bad("clock phase", phase))?,
        due_at: int(due)?.unwrap_or(i64::MAX),
        business_ms: int(business)?.unwrap_or(0),
    }))
}

const CASE_COLUMNS: [&str; 16] = [
    "c.id",
    "k.started_at",
    "k.id",
    "k.phase",
    "k.due_at",
    "k.consumed_ms",
    "COALESCE(c.assignee_id, c.first_answer_by)",
    "c.team_id",
    "c.time_zone",
    "c.locale",
    "c.category",
    "c.priority",
    "c.staff_answered + 2 * c.ever_resolved + 4 * c.ever_reopened + 8 * c.ever_transferred",
    "p.raised_at",
    "p.resolved_at",
    "q.score",
];

/// Row `r` of the [`CASE_COLUMNS`]: the clock's id (it orders ties) and
/// the conversation's facts. The agent is the owner, else who answered
/// first.
fn facts_of(u: &Unpacked, r: usize) -> StoreResult<(i64, CaseFacts)> {
    let f = |c: usize| u.get(r, c);
    let flags = int(f(12))?.unwrap_or(0);
    let id = int(f(0))?.ok_or_else(|| bad("conversation", f(0)))?;
    let opened_at = int(f(1))?.ok_or_else(|| bad("clock start", f(1)))?;
    let raised_at = int(f(13))?;
    Ok((
        int(f(2))?.unwrap_or(0),
        CaseFacts {
            id,
            opened_at,
            agent: text(f(6)),
            team: text(f(7)),
            region: region_of(Some(f(8))),
            language: text(f(9)),
            category: text(f(10)),
            priority: Priority::parse(f(11)).ok_or_else(|| bad("priority", f(11)))?,
            answered: flags & 1 != 0,
            first_response: clock(f(3), f(4), f(5))?,
            resolved: flags & 2 != 0,
            reopened: flags & 4 != 0,
            transferred: flags & 8 != 0,
            follow_up: None,
            ratings: Vec::new(),
            complaint: raised_at
                .map(|raised_at| -> StoreResult<ComplaintFacts> {
                    Ok(ComplaintFacts {
                        raised_at,
                        closed_at: int(f(14))?,
                    })
                })
                .transpose()?,
            qa_score: int(f(15))?.and_then(|s| u32::try_from(s).ok()),
        },
    ))
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn case_facts(&self, q: &FactQuery) -> StoreResult<Vec<CaseFacts>> {
        let backend = self.backend();
        let mut binds = Binds::default();
        let columns = CASE_COLUMNS;
        let from = format!(
            "FROM sla_clocks k JOIN conversations c ON c.id = k.conversation_id \
             LEFT JOIN complaints p ON p.conversation_id = c.id \
             LEFT JOIN qa_reviews q ON q.conversation_id = c.id \
             WHERE k.kind = 'first_response' AND k.started_at >= {} AND k.started_at < {} AND {}",
            binds.int(q.from),
            binds.int(q.until),
            scope(q, &mut binds),
        );
        let rows = self
            .unpacked(packed(backend, &columns, &from), &binds, columns.len())
            .await?;
        let mut read = (0..rows.rows())
            .map(|r| facts_of(&rows, r))
            .collect::<StoreResult<Vec<_>>>()?;
        read.sort_by_key(|(clock, c)| (c.opened_at, *clock));
        // A conversation counts once, from its first first-response clock.
        let mut seen = HashSet::new();
        let mut cases: Vec<CaseFacts> = read
            .into_iter()
            .map(|(_, c)| c)
            .filter(|c| seen.insert(c.id))
            .collect();
        let at: HashMap<i64, usize> = cases.iter().enumerate().map(|(i, c)| (c.id, i)).collect();

        // Follow-ups start after the conversation opened: the latest counts.
        let mut binds = Binds::default();
        let from = format!(
            "FROM sla_clocks k JOIN conversations c ON c.id = k.conversation_id \
             WHERE k.kind = 'follow_up' AND k.started_at >= {} AND {}",
            binds.int(q.from),
            scope(q, &mut binds),
        );
        let columns = [
            "k.conversation_id",
            "k.id",
            "k.phase",
            "k.due_at",
            "k.consumed_ms",
        ];
        let follow_ups = self
            .unpacked(packed(backend, &columns, &from), &binds, columns.len())
            .await?;
        let mut order: Vec<usize> = (0..follow_ups.rows()).collect();
        order.sort_by_key(|r| int(follow_ups.get(*r, 1)).ok().flatten());
        for r in order {
            let f = |c: usize| follow_ups.get(r, c);
            if let Some(i) = int(f(0))?.and_then(|id| at.get(&id)) {
                cases[*i].follow_up = clock(f(2), f(3), f(4))?;
            }
        }

        // Ratings come after the conversation opened.
        let mut binds = Binds::default();
        let from = format!(
            "FROM ratings r JOIN conversations c ON c.id = r.conversation_id \
             WHERE r.rated_at >= {} AND {}",
            binds.int(q.from),
            scope(q, &mut binds),
        );
        let columns = ["r.conversation_id", "r.id", "r.score"];
        let ratings = self
            .unpacked(packed(backend, &columns, &from), &binds, columns.len())
            .await?;
        let mut order: Vec<usize> = (0..ratings.rows()).collect();
        order.sort_by_key(|r| int(ratings.get(*r, 1)).ok().flatten());
        for r in order {
            let score = int(ratings.get(r, 2))?.and_then(|s| u8::try_from(s).ok());
            let case = int(ratings.get(r, 0))?.and_then(|id| at.get(&id));
            if let (Some(i), Some(score)) = (case, score) {
                cases[*i].ratings.push(score);
            }
        }
        Ok(cases)
    }
}
