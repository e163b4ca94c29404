//! SQL implementation of [`ReportStore`]: two queries per report (the
//! conversations with their clocks, transitions and complaint; their
//! ratings), each correlated lookup on an index by conversation.

use std::collections::HashMap;

use super::SqlStore;
use super::rows::{Binds, bad};
use crate::domain::metrics::{CaseFacts, ClockFacts, ComplaintFacts, region_of};
use crate::storage::{FactQuery, ReportStore, StoreResult};
use async_trait::async_trait;
use parley_app::lifecycle::{ClockPhase, Priority};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

/// The report's conversations: their first first-response clock started
/// in the period (`$1`..`$2`), on the site (`$3`), in the teams if any.
fn population(q: &FactQuery, binds: &mut Binds) -> String {
    let mut sql = format!(
        "FROM sla_clocks k JOIN conversations c ON c.id = k.conversation_id \
         WHERE k.kind = 'first_response' AND k.started_at >= {} AND k.started_at < {} \
         AND c.site_key = {} \
         AND k.id = (SELECT MIN(k2.id) FROM sla_clocks k2 \
                     WHERE k2.conversation_id = c.id AND k2.kind = 'first_response')",
        binds.int(q.from),
        binds.int(q.until),
        binds.text(&q.site),
    );
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

fn flag(condition: &str) -> String {
    format!("CAST(CASE WHEN EXISTS (SELECT 1 {condition}) THEN 1 ELSE 0 END AS BIGINT)")
}

fn clock(row: &AnyRow, prefix: &str) -> StoreResult<Option<ClockFacts>> {
    let phase: Option<String> = row.try_get(format!("{prefix}_phase").as_str())?;
    let Some(phase) = phase else {
        return Ok(None);
    };
    let due_at: Option<i64> = row.try_get(format!("{prefix}_due").as_str())?;
    Ok(Some(ClockFacts {
        phase: ClockPhase::parse(&phase).ok_or_else(|| bad("clock phase", &phase))?,
        due_at: due_at.unwrap_or(i64::MAX),
        business_ms: row.try_get(format!("{prefix}_ms").as_str())?,
    }))
}

fn facts_of(row: &AnyRow) -> StoreResult<CaseFacts> {
    let id = |name: &str| -> StoreResult<Option<String>> {
        let v: Option<i64> = row.try_get(name)?;
        Ok(v.map(|v| v.to_string()))
    };
    let priority: String = row.try_get("priority")?;
    let time_zone: Option<String> = row.try_get("time_zone")?;
    let raised_at: Option<i64> = row.try_get("raised_at")?;
    Ok(CaseFacts {
        id: row.try_get("id")?,
        opened_at: row.try_get("started_at")?,
        agent: id("agent_id")?,
        team: id("team_id")?,
        region: region_of(time_zone.as_deref()),
        language: row.try_get("locale")?,
        category: row.try_get("category")?,
        priority: Priority::parse(&priority).ok_or_else(|| bad("priority", &priority))?,
        answered: row.try_get::<i64, _>("answered")? == 1,
        first_response: clock(row, "fr")?,
        resolved: row.try_get::<i64, _>("resolved")? == 1,
        reopened: row.try_get::<i64, _>("reopened")? == 1,
        transferred: row.try_get::<i64, _>("transferred")? == 1,
        follow_up: clock(row, "fu")?,
        ratings: Vec::new(),
        complaint: raised_at
            .map(|raised_at| -> StoreResult<ComplaintFacts> {
                Ok(ComplaintFacts {
                    raised_at,
                    closed_at: row.try_get("complaint_resolved_at")?,
                })
            })
            .transpose()?,
    })
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn case_facts(&self, q: &FactQuery) -> StoreResult<Vec<CaseFacts>> {
        let mut binds = Binds::default();
        let from = population(q, &mut binds);
        let agent_message = "FROM messages m WHERE m.conversation_id = c.id AND m.author = 'agent'";
        let change = "FROM status_changes s WHERE s.conversation_id = c.id";
        let sql = format!(
            "SELECT c.id, k.started_at, k.phase AS fr_phase, k.due_at AS fr_due, k.consumed_ms AS fr_ms, \
             COALESCE(c.assignee_id, (SELECT m.agent_id {agent_message} AND m.agent_id IS NOT NULL \
                                      ORDER BY m.seq LIMIT 1)) AS agent_id, \
             c.team_id, c.time_zone, c.locale, c.category, c.priority, \
             {answered} AS answered, {resolved} AS resolved, {reopened} AS reopened, \
             {transferred} AS transferred, \
             f.phase AS fu_phase, f.due_at AS fu_due, f.consumed_ms AS fu_ms, \
             q.raised_at, q.resolved_at AS complaint_resolved_at \
             {from_population_joined} \
             ORDER BY k.started_at, c.id",
            answered = flag(agent_message),
            resolved = flag(&format!("{change} AND s.to_status = 'resolved'")),
            reopened = flag(&format!("{change} AND s.to_status = 'reopened'")),
            transferred = flag(&format!("{change} AND s.transfer = 1")),
            from_population_joined = from.replacen(
                "WHERE",
                "LEFT JOIN sla_clocks f ON f.conversation_id = c.id AND f.kind = 'follow_up' \
                 AND f.id = (SELECT MAX(f2.id) FROM sla_clocks f2 \
                             WHERE f2.conversation_id = c.id AND f2.kind = 'follow_up') \
                 LEFT JOIN complaints q ON q.conversation_id = c.id WHERE",
                1,
            ),
        );
        let rows = binds
            .apply(sqlx::query(AssertSqlSafe(sql)))
            .fetch_all(&self.reader)
            .await?;
        let mut cases = rows.iter().map(facts_of).collect::<StoreResult<Vec<_>>>()?;

        let mut binds = Binds::default();
        let from = population(q, &mut binds);
        let sql = format!(
            "SELECT r.conversation_id, r.score FROM ratings r \
             WHERE r.conversation_id IN (SELECT c.id {from}) ORDER BY r.id"
        );
        let ratings = binds
            .apply(sqlx::query(AssertSqlSafe(sql)))
            .fetch_all(&self.reader)
            .await?;
        let at: HashMap<i64, usize> = cases.iter().enumerate().map(|(i, c)| (c.id, i)).collect();
        for r in &ratings {
            let conversation: i64 = r.try_get("conversation_id")?;
            let score: i64 = r.try_get("score")?;
            if let (Some(i), Ok(score)) = (at.get(&conversation), u8::try_from(score)) {
                cases[*i].ratings.push(score);
            }
        }
        Ok(cases)
    }
}
