//! SQLite implementation of [`ConversationStore`].

use std::sync::Arc;

use super::SqlStore;
use super::batch::Tx;
use super::rows::*;
use crate::domain::access::{Placement, Viewer};
use crate::storage::{
    Appended, ConversationRecord, ConversationState, ConversationStore, NewConversation,
    NewMessage, NewTransition, StoreError, StoreResult,
};
use async_trait::async_trait;
use parley_app::inbox::{InboxQuery, InboxSort, InboxView, SlaFilter};
use parley_app::protocol::{ChatMessage, ConversationSummary};
use sqlx::{AssertSqlSafe, Row};

#[async_trait]
impl ConversationStore for SqlStore {
    async fn touch_visitor(&self, site: &str, visitor_id: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO visitors (id, site_key, created_at, last_seen) VALUES ($1, $2, $3, $4) \
             ON CONFLICT(id) DO UPDATE SET last_seen = excluded.last_seen",
        )
        .bind(visitor_id)
        .bind(site)
        .bind(now)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn latest_conversation(
        &self,
        site: &str,
        visitor_id: &str,
    ) -> StoreResult<Option<ConversationState>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CONVERSATION_COLUMNS} WHERE site_key = $1 AND visitor_id = $2 ORDER BY id DESC LIMIT 1"
        )))
        .bind(site)
        .bind(visitor_id)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(conversation_of).transpose()
    }

    async fn create_conversation(&self, c: NewConversation<'_>) -> StoreResult<ConversationState> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO conversations (site_key, visitor_id, state, locale, time_zone, category, \
             facts, priority, team_id, created_at, updated_at, tier, channel) \
             VALUES ($1, $2, 'received', $3, $4, $5, $6, $7, $8, $9, $10, \
               COALESCE((SELECT tier FROM visitors WHERE id = $11), 'ordinary'), $12) RETURNING {CONVERSATION_COLUMNS_RETURNING}",
            CONVERSATION_COLUMNS_RETURNING = "id, site_key, visitor_id, state, last_seq, \
                agent_delivered_seq, agent_read_seq, channel"
        )))
        .bind(c.site)
        .bind(c.visitor_id)
        .bind(c.locale)
        .bind(c.time_zone)
        .bind(c.category)
        .bind(json(c.facts)?)
        .bind(c.priority.as_str())
        .bind(c.team_id)
        .bind(c.now)
        .bind(c.now)
        .bind(c.visitor_id)
        .bind(c.channel.as_str())
        .fetch_one(&mut *tx)
        .await?;
        let created = conversation_of(&row)?;
        super::webhooks::enqueue(
            &mut tx,
            created.id,
            crate::domain::webhooks::Event::ConversationCreated,
            serde_json::json!({ "conversation": {
                "id": created.id, "status": created.status, "category": c.category,
                "priority": c.priority, "locale": c.locale, "time_zone": c.time_zone,
                "created_at": c.now,
            }}),
            c.now,
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn set_customer_context(
        &self,
        id: i64,
        locale: Option<&str>,
        time_zone: Option<&str>,
    ) -> StoreResult<()> {
        one_row(
            sqlx::query(
            "UPDATE conversations SET locale = COALESCE($1, locale), time_zone = COALESCE($2, time_zone) \
             WHERE id = $3",
        )
        .bind(locale)
        .bind(time_zone)
        .bind(id)
        .execute(&self.writer)
        .await?
        .rows_affected(),
        )
    }

    async fn conversation(&self, id: i64) -> StoreResult<ConversationState> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CONVERSATION_COLUMNS} WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?;
        conversation_of(&row)
    }

    async fn append_message(
        &self,
        m: NewMessage<'_>,
        record: Option<(&ConversationRecord, Option<NewTransition>)>,
    ) -> StoreResult<Appended> {
        let step = Arc::new(AppendStep {
            conversation_id: m.conversation_id,
            client_id: m.client_id.to_owned(),
            author: m.author.as_str(),
            agent_id: m.agent_id,
            body: m.body.to_owned(),
            now: m.now,
            policy_version: m.policy_version,
            notice: m
                .notice
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| StoreError::Backend(e.to_string()))?,
            author_name: m.author_name.map(str::to_owned),
            channel: m.channel.as_str(),
            record: record.map(|(r, t)| (r.clone(), t)),
            lock_row: self.backend() == super::Backend::Postgres,
        });
        self.transact(move |tx| {
            let step = step.clone();
            Box::pin(async move { step.write(tx).await })
        })
        .await
    }

    async fn messages_after(
        &self,
        conversation_id: i64,
        after_seq: i64,
        limit: i64,
    ) -> StoreResult<Vec<ChatMessage>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MESSAGE_COLUMNS} WHERE m.conversation_id = $1 AND m.seq > $2 ORDER BY m.seq LIMIT $3"
        )))
        .bind(conversation_id)
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(message_of).collect()
    }

    async fn summary(&self, id: i64) -> StoreResult<ConversationSummary> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} WHERE c.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?;
        summary_of(&row)
    }

    async fn summaries(
        &self,
        viewer: &Viewer,
        limit: i64,
    ) -> StoreResult<Vec<ConversationSummary>> {
        let mut binds = Binds::default();
        let clause = visibility(viewer, &mut binds);
        let limit = binds.int(limit);
        let q = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} WHERE 1 = 1{clause} ORDER BY c.updated_at DESC, c.id DESC LIMIT {limit}"
        )));
        let rows = binds.apply(q).fetch_all(&self.reader).await?;
        rows.iter().map(summary_of).collect()
    }

    async fn inbox(
        &self,
        query: &InboxQuery,
        viewer: &Viewer,
        now: i64,
        limit: i64,
    ) -> StoreResult<Vec<ConversationSummary>> {
        // Only constant fragments (and integer ids) are spliced; every value
        // is bound.
        let mut binds = Binds::default();
        let clause = visibility(viewer, &mut binds);
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} WHERE 1 = 1{clause}");
        if !query.closed {
            sql.push_str(" AND c.state NOT IN ('resolved', 'confirmed', 'archived')");
        }
        match query.view {
            InboxView::All => {}
            InboxView::Mine => {
                sql.push_str(&format!(" AND c.assignee_id = {}", binds.int(viewer.id)))
            }
            InboxView::Unassigned => sql.push_str(" AND c.assignee_id IS NULL"),
        }
        let texts = [
            ("t.name", query.team.as_deref()),
            ("c.category", query.category.as_deref()),
            ("c.locale", query.locale.as_deref()),
            ("c.priority", query.priority.map(|p| p.as_str())),
            ("c.tier", query.tier.map(|t| t.as_str())),
            ("c.channel", query.channel.map(|c| c.as_str())),
        ];
        for (column, value) in texts {
            if let Some(value) = value {
                sql.push_str(&format!(" AND {column} = {}", binds.text(value)));
            }
        }
        match query.sla {
            None => {}
            Some(SlaFilter::Breached) => {
                sql.push_str(&format!(
                    " AND (c.breached = 1 OR c.due_at <= {})",
                    binds.int(now)
                ));
            }
            Some(SlaFilter::DueSoon) => {
                let now = binds.int(now);
                sql.push_str(&format!(" AND c.warn_at <= {now} AND c.due_at > {now}"));
            }
        }
        // Deadline order runs as two index-friendly queries (with deadline
        // by `due_at`, then without by activity) instead of one sort of
        // every matching row.
        let parts: &[&str] = match query.sort {
            InboxSort::Activity => &[" ORDER BY c.updated_at DESC, c.id DESC"],
            InboxSort::Due => &[
                " AND c.due_at IS NOT NULL ORDER BY c.due_at, c.id",
                " AND c.due_at IS NULL ORDER BY c.updated_at DESC, c.id DESC",
            ],
        };
        let limit_mark = binds.next_mark();
        let mut out = Vec::new();
        for part in parts {
            let left = limit - out.len() as i64;
            if left <= 0 {
                break;
            }
            let q = sqlx::query(AssertSqlSafe(format!("{sql}{part} LIMIT {limit_mark}")));
            for row in binds.apply(q).bind(left).fetch_all(&self.reader).await? {
                out.push(summary_of(&row)?);
            }
        }
        Ok(out)
    }

    async fn mark_visitor_delivered(&self, id: i64, seq: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "UPDATE conversations SET visitor_delivered_seq = \
             MAX(visitor_delivered_seq, MIN($1, last_seq)) WHERE id = $2 RETURNING visitor_delivered_seq",
        )
        .bind(seq)
        .bind(id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?)
    }

    async fn mark_agent_received(&self, id: i64, seq: i64, read: bool) -> StoreResult<(i64, i64)> {
        let row = sqlx::query(
            "UPDATE conversations SET \
             agent_delivered_seq = MAX(agent_delivered_seq, MIN($1, last_seq)), \
             agent_read_seq = CASE WHEN $2 = 1 THEN MAX(agent_read_seq, MIN($1, last_seq)) \
                                   ELSE agent_read_seq END \
             WHERE id = $3 RETURNING agent_delivered_seq, agent_read_seq",
        )
        .bind(seq)
        .bind(i64::from(read))
        .bind(id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }

    async fn placement(&self, conversation_id: i64) -> StoreResult<Placement> {
        let row = sqlx::query(
            "SELECT id, site_key, team_id, assignee_id FROM conversations WHERE id = $1",
        )
        .bind(conversation_id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?;
        placement_of(&row)
    }

    async fn visitor_placements(
        &self,
        site: &str,
        visitor_id: &str,
    ) -> StoreResult<Vec<Placement>> {
        let rows = sqlx::query(
            "SELECT id, site_key, team_id, assignee_id FROM conversations \
             WHERE site_key = $1 AND visitor_id = $2 ORDER BY id",
        )
        .bind(site)
        .bind(visitor_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(placement_of).collect()
    }
}

/// A message to append, owned (it waits in the group-commit queue).
struct AppendStep {
    conversation_id: i64,
    client_id: String,
    author: &'static str,
    agent_id: Option<i64>,
    body: String,
    now: i64,
    policy_version: Option<i64>,
    /// The system message's notice, as JSON.
    notice: Option<String>,
    /// A bot's display name.
    author_name: Option<String>,
    /// Where it came from.
    channel: &'static str,
    record: Option<(ConversationRecord, Option<NewTransition>)>,
    /// Lock the conversation's row first (Postgres: appends to one
    /// conversation from several connections then take turns; SQLite's one
    /// writer takes turns anyway).
    lock_row: bool,
}

impl AppendStep {
    /// Stores the message (or finds it stored: the same `client_id` again)
    /// with its conversation's next `seq`, and the record with it.
    async fn write(&self, tx: &mut Tx) -> StoreResult<Appended> {
        if self.lock_row {
            sqlx::query("SELECT id FROM conversations WHERE id = $1 FOR UPDATE")
                .bind(self.conversation_id)
                .fetch_optional(&mut **tx)
                .await?;
        }
        // The next seq, unless this client_id is stored already (a re-send).
        let seq: Option<i64> = sqlx::query_scalar(
            "INSERT INTO messages (conversation_id, seq, client_id, author, agent_id, body, sent_at, \
               policy_version, notice, author_name, channel) \
             SELECT id, last_seq + 1, $2, $3, $4, $5, $6, $7, $8, $9, $10 FROM conversations WHERE id = $1 \
             ON CONFLICT (conversation_id, client_id) DO NOTHING RETURNING seq",
        )
        .bind(self.conversation_id)
        .bind(&self.client_id)
        .bind(self.author)
        .bind(self.agent_id)
        .bind(&self.body)
        .bind(self.now)
        .bind(self.policy_version)
        .bind(&self.notice)
        .bind(&self.author_name)
        .bind(self.channel)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(seq) = seq else {
            let existing = message_by_client_id(tx, self.conversation_id, &self.client_id)
                .await?
                .ok_or(StoreError::NotFound)?;
            return Ok(Appended {
                message: existing,
                created: false,
            });
        };
        let preview: String = self.body.chars().take(PREVIEW_CHARS).collect();
        // An answer of staff is kept on the conversation for the reports.
        sqlx::query(
            "UPDATE conversations SET last_seq = $1, updated_at = $2, last_preview = $3, \
               staff_answered = CASE WHEN $5 = 1 THEN 1 ELSE staff_answered END, \
               first_answer_by = CASE WHEN $5 = 1 THEN COALESCE(first_answer_by, $6) \
                                      ELSE first_answer_by END \
             WHERE id = $4",
        )
        .bind(seq)
        .bind(self.now)
        .bind(&preview)
        .bind(self.conversation_id)
        .bind(i64::from(self.author == "agent"))
        .bind(self.agent_id)
        .execute(&mut **tx)
        .await?;
        if let Some((r, transition)) = &self.record {
            write_record(tx, r, transition.clone(), self.now).await?;
        }
        let message = message_by_client_id(tx, self.conversation_id, &self.client_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        if self.author == "agent" {
            // A reply the customer may not see in the widget waits to be mailed.
            super::mail::note_reply(tx, self.conversation_id, seq, self.now).await?;
        }
        super::webhooks::enqueue(
            tx,
            self.conversation_id,
            crate::domain::webhooks::Event::MessageCreated,
            serde_json::json!({ "conversation_id": self.conversation_id, "message": &message }),
            self.now,
        )
        .await?;
        Ok(Appended {
            message,
            created: true,
        })
    }
}
