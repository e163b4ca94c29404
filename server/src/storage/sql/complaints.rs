//! SQL implementation of [`ComplaintStore`].

use super::SqlStore;
use super::rows::{Binds, SiteJson, bad, visitor_label};
use crate::domain::complaint::Steps;
use crate::storage::{
    ComplaintQuery, ComplaintRecord, ComplaintStep, ComplaintStore, NewComplaint, StoreError,
    StoreResult,
};
use async_trait::async_trait;
use parley_app::complaints::{RootCause, Severity};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

const COLUMNS: &str = "k.id, k.site_key, k.conversation_id, k.category, k.summary, k.severity, \
     k.owner_id, o.name AS owner_name, k.team_id, k.raised_by, k.raised_at, k.registered_at, \
     k.investigated_at, k.resolved_at, k.answered_at, k.followed_up_at, k.root_cause, k.result, \
     k.version, c.visitor_id, c.team_id AS conversation_team, c.assignee_id AS conversation_assignee \
     FROM complaints k JOIN conversations c ON c.id = k.conversation_id \
     LEFT JOIN agents o ON o.id = k.owner_id";

fn record_of(row: &AnyRow) -> StoreResult<ComplaintRecord> {
    let severity: String = row.try_get("severity")?;
    Ok(ComplaintRecord {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        conversation_id: row.try_get("conversation_id")?,
        category: row.try_get("category")?,
        summary: row.try_get("summary")?,
        severity: Severity::parse(&severity).ok_or_else(|| bad("severity", &severity))?,
        owner_id: row.try_get("owner_id")?,
        owner_name: row.try_get("owner_name")?,
        team_id: row.try_get("team_id")?,
        raised_by: row.try_get("raised_by")?,
        steps: Steps {
            raised_at: row.try_get("raised_at")?,
            registered_at: row.try_get("registered_at")?,
            investigated_at: row.try_get("investigated_at")?,
            resolved_at: row.try_get("resolved_at")?,
            answered_at: row.try_get("answered_at")?,
            followed_up_at: row.try_get("followed_up_at")?,
        },
        root_cause: row.try_get("root_cause")?,
        result: row.try_get("result")?,
        version: row.try_get("version")?,
        customer: visitor_label(&row.try_get::<String, _>("visitor_id")?),
        conversation_team: row.try_get("conversation_team")?,
        conversation_assignee: row.try_get("conversation_assignee")?,
    })
}

#[async_trait]
impl ComplaintStore for SqlStore {
    async fn raise_complaint(&self, c: NewComplaint<'_>) -> StoreResult<(ComplaintRecord, bool)> {
        let mut tx = self.writer.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO complaints (site_key, conversation_id, category, summary, severity, \
             team_id, raised_by, raised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (conversation_id) DO NOTHING RETURNING id",
        )
        .bind(c.site)
        .bind(c.conversation_id)
        .bind(c.category)
        .bind(c.summary)
        .bind(c.severity.as_str())
        .bind(c.team_id)
        .bind(c.raised_by)
        .bind(c.now)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = id {
            sqlx::query(
                "INSERT INTO complaint_steps (complaint_id, action, agent_id, at, note) \
                 VALUES ($1, 'raised', $2, $3, '')",
            )
            .bind(id)
            .bind(c.raised_by)
            .bind(c.now)
            .execute(&mut *tx)
            .await?;
            super::webhooks::enqueue(
                &mut tx,
                c.conversation_id,
                crate::domain::webhooks::Event::ComplaintCreated,
                serde_json::json!({ "complaint": {
                    "id": id, "conversation_id": c.conversation_id, "category": c.category,
                    "severity": c.severity.as_str(), "summary": c.summary, "raised_at": c.now,
                }}),
                c.now,
            )
            .await?;
        }
        tx.commit().await?;
        let record = self
            .complaint_of(c.conversation_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((record, id.is_some()))
    }

    async fn complaint(&self, id: i64) -> StoreResult<ComplaintRecord> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {COLUMNS} WHERE k.id = $1")))
            .bind(id)
            .fetch_optional(&self.writer)
            .await?
            .ok_or(StoreError::NotFound)?;
        record_of(&row)
    }

    async fn complaint_of(&self, conversation_id: i64) -> StoreResult<Option<ComplaintRecord>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} WHERE k.conversation_id = $1 OR k.id = \
             (SELECT complaint_id FROM complaint_conversations WHERE conversation_id = $1)"
        )))
        .bind(conversation_id)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(record_of).transpose()
    }

    async fn link_complaint(
        &self,
        id: i64,
        conversation_id: i64,
        agent_id: i64,
        at: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let taken: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM complaints WHERE conversation_id = $1 UNION \
             SELECT complaint_id FROM complaint_conversations WHERE conversation_id = $1",
        )
        .bind(conversation_id)
        .fetch_optional(&mut *tx)
        .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict);
        }
        sqlx::query(
            "INSERT INTO complaint_conversations (complaint_id, conversation_id, linked_by, \
             linked_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(conversation_id)
        .bind(agent_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO complaint_steps (complaint_id, action, agent_id, at, note) \
             VALUES ($1, 'linked', $2, $3, $4)",
        )
        .bind(id)
        .bind(agent_id)
        .bind(at)
        .bind(format!("#{conversation_id}"))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn complaint_links(&self, id: i64) -> StoreResult<Vec<i64>> {
        let ids = sqlx::query_scalar(
            "SELECT conversation_id FROM complaint_conversations WHERE complaint_id = $1 \
             ORDER BY linked_at, conversation_id",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?;
        Ok(ids)
    }

    async fn complaints(&self, q: &ComplaintQuery) -> StoreResult<Vec<ComplaintRecord>> {
        let mut binds = Binds::default();
        let mut sql = format!("SELECT {COLUMNS} WHERE 1 = 1");
        if !q.sites.is_empty() {
            let marks: Vec<String> = q.sites.iter().map(|s| binds.text(s)).collect();
            sql.push_str(&format!(" AND k.site_key IN ({})", marks.join(", ")));
        }
        if let Some(from) = q.from {
            sql.push_str(&format!(" AND k.raised_at >= {}", binds.int(from)));
        }
        if let Some(until) = q.until {
            sql.push_str(&format!(" AND k.raised_at < {}", binds.int(until)));
        }
        if q.open_only {
            sql.push_str(" AND k.followed_up_at IS NULL");
        }
        sql.push_str(&format!(
            " ORDER BY k.raised_at DESC, k.id DESC LIMIT {}",
            binds.int(q.limit)
        ));
        let rows = binds
            .apply(sqlx::query(AssertSqlSafe(sql)))
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(record_of).collect()
    }

    async fn update_complaint(
        &self,
        next: &ComplaintRecord,
        step: &ComplaintStep,
    ) -> StoreResult<ComplaintRecord> {
        let mut tx = self.writer.begin().await?;
        let s = &next.steps;
        let changed = sqlx::query(
            "UPDATE complaints SET summary = $1, severity = $2, owner_id = $3, registered_at = $4, \
             investigated_at = $5, resolved_at = $6, answered_at = $7, followed_up_at = $8, \
             root_cause = $9, result = $10, version = version + 1 WHERE id = $11 AND version = $12",
        )
        .bind(&next.summary)
        .bind(next.severity.as_str())
        .bind(next.owner_id)
        .bind(s.registered_at)
        .bind(s.investigated_at)
        .bind(s.resolved_at)
        .bind(s.answered_at)
        .bind(s.followed_up_at)
        .bind(&next.root_cause)
        .bind(&next.result)
        .bind(next.id)
        .bind(next.version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM complaints WHERE id = $1")
                .bind(next.id)
                .fetch_optional(&mut *tx)
                .await?;
            return Err(match exists {
                Some(_) => StoreError::Conflict,
                None => StoreError::NotFound,
            });
        }
        sqlx::query(
            "INSERT INTO complaint_steps (complaint_id, action, agent_id, at, note) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(next.id)
        .bind(&step.action)
        .bind(step.agent_id)
        .bind(step.at)
        .bind(&step.note)
        .execute(&mut *tx)
        .await?;
        super::webhooks::enqueue(
            &mut tx,
            next.conversation_id,
            crate::domain::webhooks::Event::ComplaintUpdated,
            serde_json::json!({ "complaint": {
                "id": next.id, "conversation_id": next.conversation_id, "step": &step.action,
                "severity": next.severity.as_str(), "result": &next.result,
                "root_cause": &next.root_cause, "at": step.at,
            }}),
            step.at,
        )
        .await?;
        tx.commit().await?;
        self.complaint(next.id).await
    }

    async fn complaint_steps(&self, id: i64) -> StoreResult<Vec<ComplaintStep>> {
        let rows = sqlx::query(
            "SELECT s.action, s.agent_id, a.name AS agent_name, s.at, s.note \
             FROM complaint_steps s LEFT JOIN agents a ON a.id = s.agent_id \
             WHERE s.complaint_id = $1 ORDER BY s.id",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ComplaintStep {
                    action: r.try_get("action")?,
                    agent_id: r.try_get("agent_id")?,
                    agent_name: r.try_get("agent_name")?,
                    at: r.try_get("at")?,
                    note: r.try_get("note")?,
                })
            })
            .collect()
    }

    async fn mark_complaint_alert(
        &self,
        id: i64,
        clock: &str,
        breached: bool,
        at: i64,
    ) -> StoreResult<bool> {
        let inserted = sqlx::query(
            "INSERT INTO complaint_alerts (complaint_id, clock, breached, at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (complaint_id, clock, breached) DO NOTHING",
        )
        .bind(id)
        .bind(clock)
        .bind(i64::from(breached))
        .bind(at)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(inserted == 1)
    }

    async fn complaint_alerts(&self, id: i64) -> StoreResult<Vec<(String, bool)>> {
        let rows = sqlx::query(
            "SELECT clock, breached FROM complaint_alerts WHERE complaint_id = $1 ORDER BY at",
        )
        .bind(id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("clock")?, r.try_get::<i64, _>("breached")? != 0)))
            .collect()
    }

    async fn root_causes(&self, site: &str) -> StoreResult<Vec<RootCause>> {
        self.site_json(site, SiteJson::RootCauses).await
    }

    async fn set_root_causes(&self, site: &str, causes: &[RootCause]) -> StoreResult<()> {
        self.set_site_json(site, SiteJson::RootCauses, &causes)
            .await
    }

    async fn conversations_opened(&self, site: &str, from: i64, until: i64) -> StoreResult<i64> {
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversations WHERE site_key = $1 AND created_at >= $2 \
             AND created_at < $3",
        )
        .bind(site)
        .bind(from)
        .bind(until)
        .fetch_one(&self.reader)
        .await?;
        Ok(n)
    }
}
