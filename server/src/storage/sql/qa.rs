//! SQL implementation of [`QaStore`].

use async_trait::async_trait;
use sqlx::Row;

use super::SqlStore;
use super::rows::bad;
use crate::domain::qa::Criterion;
use crate::storage::{
    ClosedCase, NewSample, QaReview, QaSample, QaStore, QaWeek, ScoredCriterion, StoreResult,
};

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredCriterion {
    key: String,
    weight: u32,
}

const REVIEW_COLUMNS: &str = "r.conversation_id, r.site_key, r.week, r.agent_id, \
     g.name AS agent_name, r.reviewer_id, v.name AS reviewer_name, r.criteria, r.score, \
     r.comment, r.reviewed_at";

const REVIEW_JOINS: &str = "JOIN agents v ON v.id = r.reviewer_id \
     LEFT JOIN agents g ON g.id = r.agent_id";

fn review_of(r: &sqlx::any::AnyRow) -> StoreResult<QaReview> {
    let criteria: String = r.try_get("criteria")?;
    let score: i64 = r.try_get("score")?;
    Ok(QaReview {
        conversation_id: r.try_get("conversation_id")?,
        site: r.try_get("site_key")?,
        week: r.try_get("week")?,
        agent_id: r.try_get("agent_id")?,
        agent_name: r.try_get("agent_name")?,
        reviewer_id: r.try_get("reviewer_id")?,
        reviewer_name: r.try_get("reviewer_name")?,
        criteria: serde_json::from_str::<Vec<ScoredCriterion>>(&criteria)
            .map_err(|_| bad("review criteria", &criteria))?,
        score: u32::try_from(score).map_err(|_| bad("score", &score.to_string()))?,
        comment: r.try_get("comment")?,
        at: r.try_get("reviewed_at")?,
    })
}

fn week_of(r: &sqlx::any::AnyRow) -> StoreResult<QaWeek> {
    Ok(QaWeek {
        site: r.try_get("site_key")?,
        week: r.try_get("week")?,
        seed: r.try_get("seed")?,
        time_zone: r.try_get("time_zone")?,
        drawn_at: r.try_get("drawn_at")?,
        complete_at: r.try_get("complete_at")?,
    })
}

#[async_trait]
impl QaStore for SqlStore {
    async fn qa_sheet(&self, site: &str) -> StoreResult<Option<Vec<Criterion>>> {
        let text: Option<String> =
            sqlx::query_scalar("SELECT criteria FROM qa_sheets WHERE site_key = $1")
                .bind(site)
                .fetch_optional(&self.reader)
                .await?;
        text.map(|t| {
            serde_json::from_str::<Vec<StoredCriterion>>(&t)
                .map(|c| {
                    c.into_iter()
                        .map(|c| Criterion {
                            key: c.key,
                            weight: c.weight,
                        })
                        .collect()
                })
                .map_err(|_| bad("score sheet", &t))
        })
        .transpose()
    }

    async fn set_qa_sheet(
        &self,
        site: &str,
        sheet: &[Criterion],
        by: i64,
        at: i64,
    ) -> StoreResult<()> {
        let json = serde_json::to_string(
            &sheet
                .iter()
                .map(|c| StoredCriterion {
                    key: c.key.clone(),
                    weight: c.weight,
                })
                .collect::<Vec<_>>(),
        )
        .map_err(|e| bad("score sheet", &e.to_string()))?;
        sqlx::query(
            "INSERT INTO qa_sheets (site_key, criteria, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (site_key) DO UPDATE SET \
             criteria = excluded.criteria, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at",
        )
        .bind(site)
        .bind(json)
        .bind(by)
        .bind(at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn closed_between(
        &self,
        site: &str,
        from: i64,
        until: i64,
    ) -> StoreResult<Vec<ClosedCase>> {
        let rows = sqlx::query(
            "SELECT c.id, COALESCE(c.assignee_id, c.first_answer_by) AS agent, c.team_id, \
             MAX(s.at) AS closed_at \
             FROM status_changes s JOIN conversations c ON c.id = s.conversation_id \
             WHERE s.to_status = 'resolved' AND s.at >= $1 AND s.at < $2 AND c.site_key = $3 \
             GROUP BY c.id, c.assignee_id, c.first_answer_by, c.team_id ORDER BY c.id",
        )
        .bind(from)
        .bind(until)
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ClosedCase {
                    id: r.try_get("id")?,
                    agent: r.try_get("agent")?,
                    team: r.try_get("team_id")?,
                    closed_at: r.try_get("closed_at")?,
                })
            })
            .collect()
    }

    async fn qa_week(&self, site: &str, week: &str) -> StoreResult<Option<QaWeek>> {
        let row = sqlx::query("SELECT * FROM qa_weeks WHERE site_key = $1 AND week = $2")
            .bind(site)
            .bind(week)
            .fetch_optional(&self.reader)
            .await?;
        row.as_ref().map(week_of).transpose()
    }

    async fn open_qa_week(&self, w: &QaWeek) -> StoreResult<QaWeek> {
        sqlx::query(
            "INSERT INTO qa_weeks (site_key, week, seed, time_zone, drawn_at, complete_at) \
             VALUES ($1, $2, $3, $4, $5, NULL) ON CONFLICT (site_key, week) DO NOTHING",
        )
        .bind(&w.site)
        .bind(&w.week)
        .bind(w.seed)
        .bind(&w.time_zone)
        .bind(w.drawn_at)
        .execute(&self.writer)
        .await?;
        let row = sqlx::query("SELECT * FROM qa_weeks WHERE site_key = $1 AND week = $2")
            .bind(&w.site)
            .bind(&w.week)
            .fetch_one(&self.writer)
            .await?;
        week_of(&row)
    }

    async fn add_qa_samples(
        &self,
        site: &str,
        week: &str,
        samples: &[NewSample],
        at: i64,
        complete_at: Option<i64>,
    ) -> StoreResult<u64> {
        let mut tx = self.writer.begin().await?;
        let mut added = 0;
        for s in samples {
            added += sqlx::query(
                "INSERT INTO qa_samples (site_key, week, conversation_id, agent_id, added_by, added_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (site_key, week, conversation_id) DO NOTHING",
            )
            .bind(site)
            .bind(week)
            .bind(s.conversation_id)
            .bind(s.agent_id)
            .bind(s.added_by)
            .bind(at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        if let Some(done) = complete_at {
            sqlx::query(
                "UPDATE qa_weeks SET complete_at = $1 \
                 WHERE site_key = $2 AND week = $3 AND complete_at IS NULL",
            )
            .bind(done)
            .bind(site)
            .bind(week)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    async fn qa_samples(&self, site: &str, week: &str) -> StoreResult<Vec<QaSample>> {
        let samples = sqlx::query(
            "SELECT s.conversation_id, s.agent_id, g.name AS agent_name, c.team_id, \
             b.name AS added_by_name, s.added_at \
             FROM qa_samples s JOIN conversations c ON c.id = s.conversation_id \
             LEFT JOIN agents g ON g.id = s.agent_id LEFT JOIN agents b ON b.id = s.added_by \
             WHERE s.site_key = $1 AND s.week = $2 ORDER BY s.conversation_id",
        )
        .bind(site)
        .bind(week)
        .fetch_all(&self.reader)
        .await?;
        let reviews = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REVIEW_COLUMNS} FROM qa_reviews r {REVIEW_JOINS} \
             WHERE r.site_key = $1 AND r.week = $2"
        )))
        .bind(site)
        .bind(week)
        .fetch_all(&self.reader)
        .await?;
        let mut reviews = reviews
            .iter()
            .map(review_of)
            .collect::<StoreResult<Vec<_>>>()?;
        samples
            .iter()
            .map(|r| {
                let id: i64 = r.try_get("conversation_id")?;
                let agent: Option<i64> = r.try_get("agent_id")?;
                let name: Option<String> = r.try_get("agent_name")?;
                let review = reviews
                    .iter()
                    .position(|v| v.conversation_id == id)
                    .map(|i| reviews.swap_remove(i));
                Ok(QaSample {
                    conversation_id: id,
                    agent: agent.map(|a| (a, name.unwrap_or_default())),
                    team: r.try_get("team_id")?,
                    added_by: r.try_get("added_by_name")?,
                    added_at: r.try_get("added_at")?,
                    review,
                })
            })
            .collect()
    }

    async fn save_qa_review(&self, r: &QaReview) -> StoreResult<bool> {
        let criteria =
            serde_json::to_string(&r.criteria).map_err(|e| bad("review", &e.to_string()))?;
        let done = sqlx::query(
            "INSERT INTO qa_reviews (conversation_id, site_key, week, agent_id, reviewer_id, \
             criteria, score, comment, reviewed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (conversation_id) DO NOTHING",
        )
        .bind(r.conversation_id)
        .bind(&r.site)
        .bind(&r.week)
        .bind(r.agent_id)
        .bind(r.reviewer_id)
        .bind(criteria)
        .bind(i64::from(r.score))
        .bind(&r.comment)
        .bind(r.at)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn qa_reviews_of(&self, agent: i64, limit: i64) -> StoreResult<Vec<QaReview>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REVIEW_COLUMNS} FROM qa_reviews r {REVIEW_JOINS} \
             WHERE r.agent_id = $1 ORDER BY r.reviewed_at DESC, r.conversation_id DESC LIMIT $2"
        )))
        .bind(agent)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(review_of).collect()
    }
}
