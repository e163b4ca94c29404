//! SQLite implementation of [`RoutingStore`].

use super::SqlStore;
use super::rows::*;
use crate::domain::routing::{Candidate, Presence, Waiting};
use crate::domain::sla::SlaPolicy;
use crate::storage::{
    AgentRouting, CategoryRecord, PendingAlert, RoutingStore, StaffStore, StoreError, StoreResult,
    Team,
};
use async_trait::async_trait;
use parley_app::protocol::{AgentProfile, Availability, ClockKind, Priority, Tier};
use sqlx::{AssertSqlSafe, Row};

#[async_trait]
impl RoutingStore for SqlStore {
    async fn teams(&self, site: &str) -> StoreResult<Vec<Team>> {
        let rows = sqlx::query("SELECT * FROM teams WHERE site_key = $1 ORDER BY id")
            .bind(site)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(team_of).collect()
    }

    async fn team(&self, id: i64) -> StoreResult<Team> {
        let row = sqlx::query("SELECT * FROM teams WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        team_of(&row)
    }

    async fn upsert_team(&self, team: &Team) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO teams (site_key, name, calendar, supervisor_id, on_call_id) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT(site_key, name) DO UPDATE SET calendar = excluded.calendar, \
             supervisor_id = excluded.supervisor_id, on_call_id = excluded.on_call_id RETURNING id",
        )
        .bind(&team.site)
        .bind(&team.name)
        .bind(json(&team.calendar)?)
        .bind(team.supervisor_id)
        .bind(team.on_call_id)
        .fetch_one(&self.writer)
        .await?)
    }

    async fn categories(&self, site: &str) -> StoreResult<Vec<CategoryRecord>> {
        let rows = sqlx::query("SELECT * FROM categories WHERE site_key = $1 ORDER BY position")
            .bind(site)
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| {
                let names: String = r.try_get("names")?;
                let fields: String = r.try_get("fields")?;
                let priority: String = r.try_get("priority")?;
                Ok(CategoryRecord {
                    category: parley_app::intake::Category {
                        key: r.try_get("key")?,
                        names: from_json(&names)?,
                        priority: Priority::parse(&priority)
                            .ok_or_else(|| bad("priority", &priority))?,
                        complaint: flag(r, "complaint")?,
                        fields: from_json(&fields)?,
                    },
                    team_id: r.try_get("team_id")?,
                    skill: r.try_get("skill")?,
                })
            })
            .collect()
    }

    async fn set_categories(&self, site: &str, categories: &[CategoryRecord]) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query("DELETE FROM categories WHERE site_key = $1")
            .bind(site)
            .execute(&mut *tx)
            .await?;
        for (position, c) in categories.iter().enumerate() {
            sqlx::query(
                "INSERT INTO categories (site_key, key, position, names, priority, complaint, fields, \
                 team_id, skill) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(site)
            .bind(&c.category.key)
            .bind(position as i64)
            .bind(json(&c.category.names)?)
            .bind(c.category.priority.as_str())
            .bind(i64::from(c.category.complaint))
            .bind(json(&c.category.fields)?)
            .bind(c.team_id)
            .bind(&c.skill)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn sla_policy(&self, site: &str) -> StoreResult<SlaPolicy> {
        self.site_json(site, SiteJson::SlaPolicy).await
    }

    async fn set_sla_policy(&self, site: &str, policy: &SlaPolicy) -> StoreResult<()> {
        self.set_site_json(site, SiteJson::SlaPolicy, policy).await
    }

    async fn set_availability(
        &self,
        agent_id: i64,
        availability: Availability,
    ) -> StoreResult<AgentProfile> {
        let changed = sqlx::query("UPDATE agents SET availability = $1 WHERE id = $2")
            .bind(availability.as_str())
            .bind(agent_id)
            .execute(&self.writer)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.agent(agent_id).await
    }

    async fn set_agent_routing(
        &self,
        agent_id: i64,
        routing: &AgentRouting,
    ) -> StoreResult<AgentProfile> {
        let mut tx = self.writer.begin().await?;
        let changed = sqlx::query(
            "UPDATE agents SET languages = $1, skills = $2, capacity = $3, sites = $4 WHERE id = $5",
        )
        .bind(json(&routing.languages)?)
        .bind(json(&routing.skills)?)
        .bind(i64::from(routing.capacity))
        .bind(json(&routing.sites)?)
        .bind(agent_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM team_members WHERE agent_id = $1")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        for team in &routing.teams {
            sqlx::query(
                "INSERT INTO team_members (team_id, agent_id) VALUES ($1, $2) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(team)
            .bind(agent_id)
            .execute(&mut *tx)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
                other => other.into(),
            })?;
        }
        tx.commit().await?;
        self.agent(agent_id).await
    }

    async fn routing_snapshot(&self, site: &str) -> StoreResult<(Vec<Candidate>, Vec<Waiting>)> {
        let staff = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS}, a.last_assigned_at, \
               (SELECT COUNT(*) FROM conversations x WHERE x.assignee_id = a.id \
                  AND x.state IN {OPEN_STATES}) AS load \
             FROM agents a WHERE a.id IN ( \
               SELECT m.agent_id FROM team_members m JOIN teams t ON t.id = m.team_id \
                 WHERE t.site_key = $1 \
               UNION SELECT v.owner_id FROM visitors v \
                 WHERE v.site_key = $1 AND v.owner_id IS NOT NULL)"
        )))
        .bind(site)
        .fetch_all(&self.writer)
        .await?;
        let candidates = staff
            .iter()
            .map(|r| {
                let agent = agent_of(r)?;
                let load: i64 = r.try_get("load")?;
                Ok(Candidate {
                    id: agent.id,
                    languages: agent.languages,
                    skills: agent.skills,
                    teams: agent.teams,
                    capacity: agent.capacity,
                    load: u32::try_from(load).unwrap_or(u32::MAX),
                    presence: match agent.availability {
                        Availability::Available => Presence::Available,
                        Availability::Away => Presence::Unavailable,
                    },
                    last_assigned_at: r.try_get("last_assigned_at")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let rows = sqlx::query(
            "SELECT c.id, c.team_id, c.locale, c.tier, c.priority, c.created_at, v.owner_id, \
               cat.skill \
             FROM conversations c JOIN visitors v ON v.id = c.visitor_id \
             LEFT JOIN categories cat ON cat.site_key = c.site_key AND cat.key = c.category \
             WHERE c.site_key = $1 AND c.assignee_id IS NULL \
               AND c.state IN ('received', 'reopened') AND c.bot_holding = 0 \
               AND EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id \
                 AND m.author = 'customer')",
        )
        .bind(site)
        .fetch_all(&self.writer)
        .await?;
        let waiting = rows
            .iter()
            .map(|r| {
                let tier: String = r.try_get("tier")?;
                let priority: String = r.try_get("priority")?;
                Ok(Waiting {
                    id: r.try_get("id")?,
                    team_id: r.try_get("team_id")?,
                    locale: r.try_get("locale")?,
                    skill: r.try_get("skill")?,
                    tier: Tier::parse(&tier).ok_or_else(|| bad("tier", &tier))?,
                    priority: Priority::parse(&priority)
                        .ok_or_else(|| bad("priority", &priority))?,
                    owner_id: r.try_get("owner_id")?,
                    since: r.try_get("created_at")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok((candidates, waiting))
    }

    async fn touch_assigned(&self, agent_id: i64, now: i64) -> StoreResult<()> {
        sqlx::query("UPDATE agents SET last_assigned_at = MAX(last_assigned_at, $1) WHERE id = $2")
            .bind(now)
            .bind(agent_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn pending_alerts(&self, now: i64) -> StoreResult<Vec<PendingAlert>> {
        let rows = sqlx::query(
            "SELECT k.conversation_id, c.team_id, k.kind, k.due_at, CASE WHEN k.due_at <= $1 THEN 1 ELSE 0 END AS breached \
             FROM sla_clocks k JOIN conversations c ON c.id = k.conversation_id \
             WHERE k.phase = 'running' AND ((k.warned = 0 AND k.warn_at <= $1) \
                OR (k.alerted = 0 AND k.due_at <= $1)) ORDER BY k.due_at LIMIT 500",
        )
        .bind(now)
        .fetch_all(&self.writer)
        .await?;
        rows.iter()
            .map(|r| {
                let kind: String = r.try_get("kind")?;
                Ok(PendingAlert {
                    conversation_id: r.try_get("conversation_id")?,
                    team_id: r.try_get("team_id")?,
                    kind: ClockKind::parse(&kind).ok_or_else(|| bad("clock kind", &kind))?,
                    breached: flag(r, "breached")?,
                    due_at: r.try_get("due_at")?,
                })
            })
            .collect()
    }

    async fn mark_alerted(&self, alert: &PendingAlert) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE sla_clocks SET warned = 1, alerted = CASE WHEN $1 = 1 THEN 1 ELSE alerted END \
             WHERE conversation_id = $2 AND kind = $3 AND phase = 'running'",
        )
        .bind(i64::from(alert.breached))
        .bind(alert.conversation_id)
        .bind(alert.kind.as_str())
        .execute(&mut *tx)
        .await?;
        if alert.breached {
            sqlx::query("UPDATE conversations SET breached = 1 WHERE id = $1")
                .bind(alert.conversation_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn next_alert_at(&self, now: i64) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(t) FROM (\
               SELECT MIN(warn_at) AS t FROM sla_clocks WHERE phase = 'running' AND warned = 0 AND warn_at > $1 \
               UNION ALL \
               SELECT MIN(due_at) FROM sla_clocks WHERE phase = 'running' AND alerted = 0 AND due_at > $1) AS pending",
        )
        .bind(now)
        .fetch_one(&self.reader)
        .await?)
    }
}
