//! SQLite implementation of [`CaseStore`].

use super::SqlStore;
use super::rows::*;
use crate::storage::{
    CaseStore, ConversationRecord, NewRating, NewTransition, StoreError, StoreResult,
};
use async_trait::async_trait;
use parley_app::protocol::{ConversationSummary, NoteView, Priority, Tier, TransitionView};
use parley_app::rating::RatingView;
use sqlx::{AssertSqlSafe, Row};

#[async_trait]
impl CaseStore for SqlStore {
    async fn record(&self, id: i64) -> StoreResult<ConversationRecord> {
        // One snapshot for the row and its clocks, off the writer.
        let mut tx = self.reader.begin().await?;
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {RECORD_COLUMNS} WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let clocks = sqlx::query("SELECT * FROM sla_clocks WHERE conversation_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        let status: String = row.try_get("state")?;
        let facts: String = row.try_get("facts")?;
        let priority: String = row.try_get("priority")?;
        let tier: String = row.try_get("tier")?;
        Ok(ConversationRecord {
            id: row.try_get("id")?,
            site: row.try_get("site_key")?,
            version: row.try_get("version")?,
            status: status_of(&status)?,
            category: row.try_get("category")?,
            facts: from_json(&facts)?,
            priority: Priority::parse(&priority).ok_or_else(|| bad("priority", &priority))?,
            tier: Tier::parse(&tier).ok_or_else(|| bad("tier", &tier))?,
            complex: flag(&row, "complex")?,
            assignee_id: row.try_get("assignee_id")?,
            team_id: row.try_get("team_id")?,
            last_seq: row.try_get("last_seq")?,
            clocks: clocks.iter().map(clock_of).collect::<StoreResult<_>>()?,
        })
    }

    async fn save_record(
        &self,
        record: &ConversationRecord,
        transition: Option<NewTransition>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        write_record(&mut tx, record, transition, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn transitions(&self, id: i64) -> StoreResult<Vec<TransitionView>> {
        let rows = sqlx::query(
            "SELECT s.from_status, s.to_status, s.actor, s.at, s.note, a.name AS agent_name \
             FROM status_changes s LEFT JOIN agents a ON a.id = s.agent_id \
             WHERE s.conversation_id = $1 ORDER BY s.id",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let from: String = r.try_get("from_status")?;
                let to: String = r.try_get("to_status")?;
                Ok(TransitionView {
                    from: status_of(&from)?,
                    to: status_of(&to)?,
                    agent_name: r.try_get("agent_name")?,
                    actor: r.try_get("actor")?,
                    at: r.try_get("at")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    async fn add_note(
        &self,
        conversation_id: i64,
        client_id: &str,
        agent_id: i64,
        body: &str,
        mentions: &[i64],
        now: i64,
    ) -> StoreResult<(NoteView, bool)> {
        let inserted = sqlx::query(
            "INSERT INTO notes (conversation_id, client_id, agent_id, body, mentions, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (conversation_id, client_id) DO NOTHING",
        )
        .bind(conversation_id)
        .bind(client_id)
        .bind(agent_id)
        .bind(body)
        .bind(json(&mentions)?)
        .bind(now)
        .execute(&self.writer)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
            other => other.into(),
        })?
        .rows_affected()
            == 1;
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {NOTE_COLUMNS} WHERE n.conversation_id = $1 AND n.client_id = $2"
        )))
        .bind(conversation_id)
        .bind(client_id)
        .fetch_one(&self.writer)
        .await?;
        Ok((note_of(&row)?, inserted))
    }

    async fn notes(&self, conversation_id: i64) -> StoreResult<Vec<NoteView>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {NOTE_COLUMNS} WHERE n.conversation_id = $1 ORDER BY n.id"
        )))
        .bind(conversation_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(note_of).collect()
    }

    async fn rate(&self, conversation_id: i64, rating: &NewRating<'_>) -> StoreResult<RatingView> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query("SELECT state, assignee_id FROM conversations WHERE id = $1")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let status: String = row.try_get("state")?;
        if !parley_app::rating::may_rate(status_of(&status)?) {
            return Err(StoreError::NotFound);
        }
        let resolution: i64 = sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MAX(id) FROM status_changes WHERE conversation_id = $1 AND to_status = 'resolved'",
        )
        .bind(conversation_id)
        .fetch_one(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let agent_id: Option<i64> = row.try_get("assignee_id")?;
        sqlx::query(
            "INSERT INTO ratings (conversation_id, resolution_id, score, comment, agent_id, locale, \
             rated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(conversation_id)
        .bind(resolution)
        .bind(i64::from(rating.score))
        .bind(rating.comment)
        .bind(agent_id)
        .bind(rating.locale)
        .bind(rating.now)
        .execute(&mut *tx)
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
            other => other.into(),
        })?;
        super::webhooks::enqueue(
            &mut tx,
            conversation_id,
            crate::domain::webhooks::Event::RatingCreated,
            serde_json::json!({ "conversation_id": conversation_id, "rating": {
                "score": rating.score, "comment": rating.comment, "agent_id": agent_id,
                "locale": rating.locale, "rated_at": rating.now,
            }}),
            rating.now,
        )
        .await?;
        tx.commit().await?;
        Ok(RatingView {
            score: rating.score,
            comment: rating.comment.to_owned(),
            agent_id,
            locale: rating.locale.map(str::to_owned),
            rated_at: rating.now,
        })
    }

    async fn ratings(&self, conversation_id: i64) -> StoreResult<Vec<RatingView>> {
        let rows = sqlx::query(
            "SELECT score, comment, agent_id, locale, rated_at FROM ratings \
             WHERE conversation_id = $1 ORDER BY id",
        )
        .bind(conversation_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let score: i64 = r.try_get("score")?;
                Ok(RatingView {
                    score: u8::try_from(score)
                        .map_err(|_| StoreError::Backend(format!("rating score {score}")))?,
                    comment: r.try_get("comment")?,
                    agent_id: r.try_get("agent_id")?,
                    locale: r.try_get("locale")?,
                    rated_at: r.try_get("rated_at")?,
                })
            })
            .collect()
    }

    async fn latest_resolution_rated(&self, conversation_id: i64) -> StoreResult<bool> {
        let rated: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM ratings WHERE resolution_id = (SELECT MAX(id) \
             FROM status_changes WHERE conversation_id = $1 AND to_status = 'resolved')",
        )
        .bind(conversation_id)
        .fetch_one(&self.reader)
        .await?;
        Ok(rated > 0)
    }

    async fn set_customer_profile(
        &self,
        conversation_id: i64,
        tier: Tier,
        owner_id: Option<i64>,
    ) -> StoreResult<()> {
        one_row(
            sqlx::query(
                "UPDATE visitors SET tier = $1, owner_id = $2 \
             WHERE id = (SELECT visitor_id FROM conversations WHERE id = $3)",
            )
            .bind(tier.as_str())
            .bind(owner_id)
            .bind(conversation_id)
            .execute(&self.writer)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
                other => other.into(),
            })?
            .rows_affected(),
        )
    }

    async fn customer_owner(&self, conversation_id: i64) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT v.owner_id FROM conversations c JOIN visitors v ON v.id = c.visitor_id \
             WHERE c.id = $1",
        )
        .bind(conversation_id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?)
    }

    async fn customer_history(
        &self,
        conversation_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<ConversationSummary>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} WHERE c.visitor_id = \
               (SELECT visitor_id FROM conversations WHERE id = $1) AND c.id <> $1 \
             ORDER BY c.id DESC LIMIT $2"
        )))
        .bind(conversation_id)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(summary_of).collect()
    }
}
