//! Column lists, row mappers and the small helpers every SQLite file shares.
//!
//! Dynamic SQL in this backend only ever splices the column-list constants of
//! this file; every value is a bind parameter.

use crate::domain::access::{Placement, Viewer};
use crate::domain::sla::{SlaClock, Target};
use crate::storage::{
    ConversationRecord, ConversationState, NewTransition, SessionInfo, SessionStage, StoreError,
    StoreResult, StoredClock, Team,
};
use parley_app::protocol::{
    AccessRequestView, AgentProfile, Author, Availability, Channel, ChatMessage, ClockKind,
    ClockPhase, ConversationStatus, ConversationSummary, NoteView, Priority, StaffRole, Tier,
};
use sqlx::any::AnyArguments;
use sqlx::any::AnyRow;
use sqlx::{Any, AssertSqlSafe, Row, Transaction};

use super::SqlStore;

/// Longest preview kept for the desk list, in characters.
pub(super) const PREVIEW_CHARS: usize = 140;

pub(super) fn status_of(s: &str) -> StoreResult<ConversationStatus> {
    ConversationStatus::parse(s).ok_or_else(|| StoreError::Backend(format!("bad status {s}")))
}

/// `NotFound` unless a statement changed exactly one row.
pub(super) fn one_row(changed: u64) -> StoreResult<()> {
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

pub(super) fn bad(what: &str, value: &str) -> StoreError {
    StoreError::Backend(format!("bad {what} {value}"))
}

/// A site setting stored as JSON in a column of `sites`.
#[derive(Clone, Copy)]
pub(super) enum SiteJson {
    SlaPolicy,
    FeeLines,
    CompensationAuthority,
    RootCauses,
}

impl SiteJson {
    pub(super) fn column(self) -> &'static str {
        match self {
            SiteJson::SlaPolicy => "sla_policy",
            SiteJson::FeeLines => "fee_lines",
            SiteJson::CompensationAuthority => "compensation_authority",
            SiteJson::RootCauses => "complaint_root_causes",
        }
    }
}

impl SqlStore {
    pub(super) async fn site_json<T: serde::de::DeserializeOwned>(
        &self,
        site: &str,
        part: SiteJson,
    ) -> StoreResult<T> {
        let sql = format!("SELECT {} FROM sites WHERE key = $1", part.column());
        let text: String = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(site)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        from_json(&text)
    }

    pub(super) async fn set_site_json<T: serde::Serialize>(
        &self,
        site: &str,
        part: SiteJson,
        value: &T,
    ) -> StoreResult<()> {
        let sql = format!("UPDATE sites SET {} = $1 WHERE key = $2", part.column());
        one_row(
            sqlx::query(AssertSqlSafe(sql))
                .bind(json(value)?)
                .bind(site)
                .execute(&self.writer)
                .await?
                .rows_affected(),
        )
    }
}

/// A 0/1 flag column (an integer in both backends) as a `bool`.
pub(super) fn flag(row: &AnyRow, column: &str) -> StoreResult<bool> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

/// `NotFound` when an update or delete touched no row.
pub(super) fn found(done: &sqlx::any::AnyQueryResult) -> StoreResult<()> {
    if done.rows_affected() == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

pub(super) fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(e.to_string()))
}

pub(super) fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Backend(e.to_string()))
}

pub(super) fn clock_of(row: &AnyRow) -> StoreResult<StoredClock> {
    let kind: String = row.try_get("kind")?;
    let phase: String = row.try_get("phase")?;
    let target: String = row.try_get("target")?;
    Ok(StoredClock {
        clock: SlaClock {
            kind: ClockKind::parse(&kind).ok_or_else(|| bad("clock kind", &kind))?,
            target: from_json::<Target>(&target)?,
            started_at: row.try_get("started_at")?,
            consumed_ms: row.try_get("consumed_ms")?,
            since: row.try_get("since")?,
            phase: ClockPhase::parse(&phase).ok_or_else(|| bad("clock phase", &phase))?,
            stopped_at: row.try_get("stopped_at")?,
        },
        due_at: row.try_get("due_at")?,
        warn_at: row.try_get("warn_at")?,
        warned: flag(row, "warned")?,
        alerted: flag(row, "alerted")?,
    })
}

/// Columns of [`agent_of`]; `FROM agents a` follows.
pub(super) const AGENT_COLUMNS: &str = "a.id, a.email, a.name, a.role, a.sites, a.languages, a.skills, a.capacity, \
     a.availability, (SELECT json_group_array(m.team_id) FROM team_members m \
        WHERE m.agent_id = a.id) AS teams";

/// Where a conversation sits (`id, site_key, team_id, assignee_id`).
pub(super) fn placement_of(row: &AnyRow) -> StoreResult<Placement> {
    Ok(Placement {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        team_id: row.try_get("team_id")?,
        assignee_id: row.try_get("assignee_id")?,
    })
}

/// A break-glass request with its requester's name.
pub(super) const ACCESS_COLUMNS: &str = "SELECT g.id, g.conversation_id, g.agent_id, a.name AS agent_name, \
     g.reason, g.requested_at, g.decision, g.expires_at FROM access_grants g \
     JOIN agents a ON a.id = g.agent_id";

pub(super) fn access_of(row: &AnyRow) -> StoreResult<AccessRequestView> {
    let decision: Option<String> = row.try_get("decision")?;
    Ok(AccessRequestView {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        agent_id: row.try_get("agent_id")?,
        agent_name: row.try_get("agent_name")?,
        reason: row.try_get("reason")?,
        requested_at: row.try_get("requested_at")?,
        status: decision.unwrap_or_else(|| "pending".into()),
        expires_at: row.try_get("expires_at")?,
    })
}

/// Columns of [`session_of`] on `agent_sessions s`.
pub(super) const SESSION_COLUMNS: &str =
    "s.token_hash, s.stage, s.created_at, s.last_seen, s.expires_at, s.ip";

pub(super) fn session_of(row: &AnyRow) -> StoreResult<SessionInfo> {
    let stage: String = row.try_get("stage")?;
    Ok(SessionInfo {
        token_hash: row.try_get("token_hash")?,
        agent: agent_of(row)?,
        stage: SessionStage::parse(&stage).ok_or_else(|| bad("stage", &stage))?,
        created_at: row.try_get("created_at")?,
        last_seen: row.try_get("last_seen")?,
        expires_at: row.try_get("expires_at")?,
        ip: row.try_get("ip")?,
    })
}

/// Open work an agent holds (their routing load).
pub(super) const OPEN_STATES: &str =
    "('assigned', 'in_progress', 'waiting_on_customer', 'reopened')";

pub(super) fn agent_of(row: &AnyRow) -> StoreResult<AgentProfile> {
    let languages: String = row.try_get("languages")?;
    let skills: String = row.try_get("skills")?;
    let teams: String = row.try_get("teams")?;
    let availability: String = row.try_get("availability")?;
    let capacity: i64 = row.try_get("capacity")?;
    let role: String = row.try_get("role")?;
    let sites: String = row.try_get("sites")?;
    let mut teams: Vec<i64> = from_json(&teams)?;
    teams.sort_unstable();
    Ok(AgentProfile {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: StaffRole::parse(&role).ok_or_else(|| bad("role", &role))?,
        sites: from_json(&sites)?,
        languages: from_json(&languages)?,
        skills: from_json(&skills)?,
        teams,
        capacity: u32::try_from(capacity).unwrap_or(0),
        availability: Availability::parse(&availability)
            .ok_or_else(|| bad("availability", &availability))?,
        connected: false,
    })
}

pub(super) const NOTE_COLUMNS: &str = "n.id, n.conversation_id, n.client_id, n.agent_id, a.name AS author_name, \
     n.body, n.mentions, n.created_at FROM notes n JOIN agents a ON a.id = n.agent_id";

pub(super) fn note_of(row: &AnyRow) -> StoreResult<NoteView> {
    let mentions: String = row.try_get("mentions")?;
    Ok(NoteView {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        client_id: row.try_get("client_id")?,
        agent_id: row.try_get("agent_id")?,
        author_name: row.try_get("author_name")?,
        body: row.try_get("body")?,
        mentions: from_json(&mentions)?,
        created_at: row.try_get("created_at")?,
    })
}

pub(super) fn team_of(row: &AnyRow) -> StoreResult<Team> {
    let calendar: String = row.try_get("calendar")?;
    Ok(Team {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        name: row.try_get("name")?,
        calendar: from_json(&calendar)?,
        supervisor_id: row.try_get("supervisor_id")?,
        on_call_id: row.try_get("on_call_id")?,
    })
}

/// Writes a record's fields, clocks and derived deadline columns; `Conflict`
/// when the stored version moved on since the record was read.
pub(super) async fn write_record(
    tx: &mut Transaction<'_, Any>,
    r: &ConversationRecord,
    transition: Option<NewTransition>,
    now: i64,
) -> StoreResult<()> {
    let running = r
        .clocks
        .iter()
        .filter(|c| c.clock.phase == ClockPhase::Running)
        .filter_map(|c| c.due_at.map(|d| (d, c)))
        .min_by_key(|(d, _)| *d);
    let breached = r.clocks.iter().any(|c| {
        c.clock.phase == ClockPhase::Breached
            || (c.clock.phase == ClockPhase::Running && c.due_at.is_some_and(|d| d <= now))
    });
    let changed = sqlx::query(
        "UPDATE conversations SET version = version + 1, state = $1, category = $2, facts = $3,          priority = $4, tier = $5, complex = $6, assignee_id = $7, team_id = $8, due_at = $9,          due_kind = $10, warn_at = $11, breached = $12, updated_at = MAX(updated_at, $13), \
         ended_at = CASE WHEN $14 IN ('resolved', 'confirmed', 'archived') \
                    THEN COALESCE(ended_at, $15) ELSE NULL END \
         WHERE id = $16 AND version = $17",
    )
    .bind(r.status.as_str())
    .bind(&r.category)
    .bind(json(&r.facts)?)
    .bind(r.priority.as_str())
    .bind(r.tier.as_str())
    .bind(i64::from(r.complex))
    .bind(r.assignee_id)
    .bind(r.team_id)
    .bind(running.map(|(d, _)| d))
    .bind(running.map(|(_, c)| c.clock.kind.as_str()))
    .bind(running.and_then(|(_, c)| c.warn_at))
    .bind(i64::from(breached))
    .bind(now)
    .bind(r.status.as_str())
    .bind(now)
    .bind(r.id)
    .bind(r.version)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(StoreError::Conflict);
    }
    if let Some(t) = &transition {
        for event in crate::domain::webhooks::of_transition(t.from, t.to, r.assignee_id) {
            super::webhooks::enqueue(
                tx,
                r.id,
                event,
                serde_json::json!({
                    "conversation_id": r.id, "from": t.from, "to": t.to,
                    "assignee_id": r.assignee_id, "team_id": r.team_id, "at": now,
                }),
                now,
            )
            .await?;
        }
    }
    sqlx::query("DELETE FROM sla_clocks WHERE conversation_id = $1")
        .bind(r.id)
        .execute(&mut **tx)
        .await?;
    if !r.clocks.is_empty() {
        // All of them in one statement (in order: they are read by id).
        let rows: Vec<String> = (0..r.clocks.len())
            .map(|i| {
                let at = i * 12;
                let params: Vec<String> = (1..=12).map(|n| format!("${}", at + n)).collect();
                format!("({})", params.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO sla_clocks (conversation_id, kind, target, started_at, consumed_ms, since, \
             phase, stopped_at, due_at, warn_at, warned, alerted) VALUES {}",
            rows.join(", ")
        );
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for c in &r.clocks {
            q = q
                .bind(r.id)
                .bind(c.clock.kind.as_str())
                .bind(json(&c.clock.target)?)
                .bind(c.clock.started_at)
                .bind(c.clock.consumed_ms)
                .bind(c.clock.since)
                .bind(c.clock.phase.as_str())
                .bind(c.clock.stopped_at)
                .bind(c.due_at)
                .bind(c.warn_at)
                .bind(i64::from(c.warned))
                .bind(i64::from(c.alerted));
        }
        q.execute(&mut **tx).await?;
    }
    if let Some(t) = transition {
        let actor = match t.actor {
            parley_app::lifecycle::Actor::Customer => "customer",
            parley_app::lifecycle::Actor::Staff => "staff",
            parley_app::lifecycle::Actor::System => "system",
        };
        sqlx::query(
            "INSERT INTO status_changes (conversation_id, from_status, to_status, agent_id, at, actor, note, transfer) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(r.id)
        .bind(t.from.as_str())
        .bind(t.to.as_str())
        .bind(t.agent_id)
        .bind(now)
        .bind(actor)
        .bind(&t.note)
        .bind(i64::from(t.transfer))
        .execute(&mut **tx)
        .await?;
        // What the reports ask of its history, kept on the conversation.
        sqlx::query(
            "UPDATE conversations SET \
               ever_resolved = CASE WHEN $2 = 1 THEN 1 ELSE ever_resolved END, \
               ever_reopened = CASE WHEN $3 = 1 THEN 1 ELSE ever_reopened END, \
               ever_transferred = CASE WHEN $4 = 1 THEN 1 ELSE ever_transferred END \
             WHERE id = $1",
        )
        .bind(r.id)
        .bind(i64::from(t.to == ConversationStatus::Resolved))
        .bind(i64::from(t.to == ConversationStatus::Reopened))
        .bind(i64::from(t.transfer))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A row's `channel`.
pub(super) fn channel_of(row: &AnyRow) -> StoreResult<Channel> {
    let channel: String = row.try_get("channel")?;
    Channel::parse(&channel).ok_or_else(|| bad("channel", &channel))
}

pub(super) fn message_of(row: &AnyRow) -> StoreResult<ChatMessage> {
    let author: String = row.try_get("author")?;
    Ok(ChatMessage {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        seq: row.try_get("seq")?,
        client_id: row.try_get("client_id")?,
        author: Author::parse(&author)
            .ok_or_else(|| StoreError::Backend(format!("bad author {author}")))?,
        author_name: row.try_get("author_name")?,
        body: row.try_get("body")?,
        sent_at: row.try_get("sent_at")?,
        notice: match row.try_get::<Option<String>, _>("notice")? {
            Some(json) => Some(serde_json::from_str(&json).map_err(|_| bad("notice", &json))?),
            None => None,
        },
        channel: channel_of(row)?,
    })
}

pub(super) fn conversation_of(row: &AnyRow) -> StoreResult<ConversationState> {
    let status: String = row.try_get("state")?;
    Ok(ConversationState {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        visitor_id: row.try_get("visitor_id")?,
        status: status_of(&status)?,
        last_seq: row.try_get("last_seq")?,
        agent_delivered_seq: row.try_get("agent_delivered_seq")?,
        agent_read_seq: row.try_get("agent_read_seq")?,
        channel: channel_of(row)?,
    })
}

/// Short, non-identifying label for an anonymous visitor.
pub(super) fn visitor_label(visitor_id: &str) -> String {
    visitor_id
        .chars()
        .take(6)
        .collect::<String>()
        .to_uppercase()
}

pub(super) fn summary_of(row: &AnyRow) -> StoreResult<ConversationSummary> {
    let status: String = row.try_get("state")?;
    let visitor_id: String = row.try_get("visitor_id")?;
    let priority: String = row.try_get("priority")?;
    let tier: String = row.try_get("tier")?;
    let due_kind: Option<String> = row.try_get("due_kind")?;
    Ok(ConversationSummary {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        status: status_of(&status)?,
        visitor_label: visitor_label(&visitor_id),
        locale: row.try_get("locale")?,
        time_zone: row.try_get("time_zone")?,
        last_message: row.try_get("last_preview")?,
        last_seq: row.try_get("last_seq")?,
        channel: channel_of(row)?,
        unread: row.try_get("unread")?,
        visitor_delivered_seq: row.try_get("visitor_delivered_seq")?,
        updated_at: row.try_get("updated_at")?,
        category: row.try_get("category")?,
        priority: Priority::parse(&priority).ok_or_else(|| bad("priority", &priority))?,
        tier: Tier::parse(&tier).ok_or_else(|| bad("tier", &tier))?,
        assignee_id: row.try_get("assignee_id")?,
        assignee_name: row.try_get("assignee_name")?,
        team: row.try_get("team_name")?,
        team_id: row.try_get("team_id")?,
        due_at: row.try_get("due_at")?,
        due_kind: due_kind.as_deref().and_then(ClockKind::parse),
        warn_at: row.try_get("warn_at")?,
        breached: flag(row, "breached")?,
        version: row.try_get("version")?,
    })
}

pub(super) const MESSAGE_COLUMNS: &str = "m.id, m.conversation_id, m.seq, m.client_id, m.author, \
     COALESCE(a.name, m.author_name) AS author_name, m.body, m.sent_at, m.notice, m.channel \
     FROM messages m LEFT JOIN agents a ON a.id = m.agent_id";

pub(super) const SUMMARY_COLUMNS: &str = "c.id, c.site_key, c.state, c.visitor_id, c.locale, c.time_zone, \
     c.last_preview, c.last_seq, c.visitor_delivered_seq, c.updated_at, c.category, c.priority, \
     c.tier, c.assignee_id, ag.name AS assignee_name, t.name AS team_name, c.team_id, c.due_at, c.due_kind, \
     c.warn_at, c.breached, c.version, c.channel, \
     (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id \
        AND m.author = 'customer' AND m.seq > c.agent_read_seq) AS unread \
     FROM conversations c LEFT JOIN agents ag ON ag.id = c.assignee_id \
     LEFT JOIN teams t ON t.id = c.team_id";

/// Values bound in order to a query assembled from fragments: each call
/// records a value and returns its placeholder (`$n`, which both backends
/// read).
#[derive(Default)]
pub(super) struct Binds(Vec<Bind>);

enum Bind {
    Text(String),
    Int(i64),
}

impl Binds {
    pub(super) fn text(&mut self, value: &str) -> String {
        self.0.push(Bind::Text(value.to_owned()));
        format!("${}", self.0.len())
    }

    pub(super) fn int(&mut self, value: i64) -> String {
        self.0.push(Bind::Int(value));
        format!("${}", self.0.len())
    }

    /// The placeholder of the value bound after these.
    pub(super) fn next_mark(&self) -> String {
        format!("${}", self.0.len() + 1)
    }

    /// Binds every recorded value to `q`, in order.
    pub(super) fn apply<'q>(
        &self,
        mut q: sqlx::query::Query<'q, Any, AnyArguments>,
    ) -> sqlx::query::Query<'q, Any, AnyArguments> {
        for b in &self.0 {
            q = match b {
                Bind::Text(s) => q.bind(s.clone()),
                Bind::Int(i) => q.bind(*i),
            };
        }
        q
    }
}

/// [`Viewer::sees`] as a SQL condition on `conversations c` (starting with
/// ` AND`); the site keys are bound through `binds`. Integer ids are spliced
/// (they are formatted `i64`s).
pub(super) fn visibility(v: &Viewer, binds: &mut Binds) -> String {
    let ids = |xs: &[i64]| {
        if xs.is_empty() {
            // `IN ()` is SQLite-only; `IN (NULL)` matches nothing in both.
            return "(NULL)".to_owned();
        }
        let list: Vec<String> = xs.iter().map(i64::to_string).collect();
        format!("({})", list.join(", "))
    };
    let mut sql = String::new();
    if !v.sites.is_empty() {
        let marks: Vec<String> = v.sites.iter().map(|s| binds.text(s)).collect();
        sql.push_str(&format!(" AND c.site_key IN ({})", marks.join(", ")));
    }
    let me = v.id;
    let scope = match v.role {
        StaffRole::Admin => None,
        StaffRole::Supervisor => {
            let teams: Vec<i64> = v.teams.iter().chain(&v.supervises).copied().collect();
            Some(format!(
                "c.assignee_id = {me} OR c.team_id IS NULL OR c.team_id IN {}",
                ids(&teams)
            ))
        }
        StaffRole::Junior | StaffRole::Mid | StaffRole::Senior => Some(format!(
            "c.assignee_id = {me} OR (c.assignee_id IS NULL AND \
             (c.team_id IS NULL OR c.team_id IN {}))",
            ids(&v.teams)
        )),
    };
    if let Some(scope) = scope {
        sql.push_str(&format!(" AND ({scope} OR c.id IN {})", ids(&v.grants)));
    }
    sql
}

pub(super) const CONVERSATION_COLUMNS: &str = "id, site_key, visitor_id, state, last_seq, \
     agent_delivered_seq, agent_read_seq, channel FROM conversations";

pub(super) const RECORD_COLUMNS: &str = "id, site_key, version, state, category, facts, priority, tier, \
     complex, assignee_id, team_id, last_seq FROM conversations";

pub(super) async fn message_by_client_id(
    tx: &mut Transaction<'_, Any>,
    conversation_id: i64,
    client_id: &str,
) -> StoreResult<Option<ChatMessage>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {MESSAGE_COLUMNS} WHERE m.conversation_id = $1 AND m.client_id = $2"
    )))
    .bind(conversation_id)
    .bind(client_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(message_of).transpose()
}
