//! SQLite backend: one file under `./data/`, WAL journal, `synchronous=FULL`
//! so that a commit (and therefore an ack) survives a crash or SIGKILL.
//!
//! Writes go through a one-connection pool: SQLite allows one writer anyway,
//! and serialising in-process avoids `SQLITE_BUSY` on lock upgrades. Reads use
//! a separate small pool and see every committed write (WAL).

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use parley_app::protocol::{
    AccessRequestView, AgentProfile, Author, Availability, ChatMessage, ClockKind, ClockPhase,
    ConversationStatus, ConversationSummary, NoteView, Priority, StaffRole, Tier, TransitionView,
};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, Row, Sqlite, Transaction};

// Dynamic SQL below only ever splices the column-list constants of this file;
// every value is a bind parameter.

use super::{
    AgentCredentials, AgentRouting, Appended, AttachmentRecord, AuditFilter, AuditRecord,
    CategoryRecord, ConversationRecord, ConversationState, DestructionRecord, Ended, NewConsent,
    NewConversation, NewMessage, NewRating, NewSession, NewTransition, PendingAlert, SealedContact,
    SessionInfo, SessionStage, Site, Store, StoreError, StoreResult, StoredClock, Team, TotpState,
};
use crate::domain::access::{Placement, Viewer};
use crate::domain::routing::{Candidate, Presence, Waiting};
use crate::domain::sla::{SlaClock, SlaPolicy, Target};
use parley_app::canned::CannedReply;
use parley_app::compliance::{CompliancePolicy, PhraseRule, RuleAction};
use parley_app::fees::FeeLine;
use parley_app::inbox::{InboxQuery, InboxSort, InboxView, SlaFilter};
use parley_app::rating::RatingView;

/// Longest preview kept for the desk list, in characters.
const PREVIEW_CHARS: usize = 140;

/// The SQLite implementation of [`Store`].
#[derive(Clone)]
pub struct SqliteStore {
    writer: SqlitePool,
    reader: SqlitePool,
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict,
            _ => StoreError::Backend(e.to_string()),
        }
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` and applies migrations.
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Destroyed personal data is overwritten, not left in free pages.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(5));
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::migrate!("./migrations/sqlite")
            .run(&writer)
            .await
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options.read_only(true))
            .await?;
        Ok(SqliteStore { writer, reader })
    }

    /// Closes both pools (checkpointing the WAL).
    pub async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

fn status_of(s: &str) -> StoreResult<ConversationStatus> {
    ConversationStatus::parse(s).ok_or_else(|| StoreError::Backend(format!("bad status {s}")))
}

fn bad(what: &str, value: &str) -> StoreError {
    StoreError::Backend(format!("bad {what} {value}"))
}

/// A site setting stored as JSON in a column of `sites`.
#[derive(Clone, Copy)]
enum SiteJson {
    SlaPolicy,
    FeeLines,
}

impl SiteJson {
    fn column(self) -> &'static str {
        match self {
            SiteJson::SlaPolicy => "sla_policy",
            SiteJson::FeeLines => "fee_lines",
        }
    }
}

impl SqliteStore {
    async fn site_json<T: serde::de::DeserializeOwned>(
        &self,
        site: &str,
        part: SiteJson,
    ) -> StoreResult<T> {
        let sql = format!("SELECT {} FROM sites WHERE key = ?", part.column());
        let text: String = sqlx::query_scalar(AssertSqlSafe(sql))
            .bind(site)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        from_json(&text)
    }

    async fn set_site_json<T: serde::Serialize>(
        &self,
        site: &str,
        part: SiteJson,
        value: &T,
    ) -> StoreResult<()> {
        let sql = format!("UPDATE sites SET {} = ? WHERE key = ?", part.column());
        let changed = sqlx::query(AssertSqlSafe(sql))
            .bind(json(value)?)
            .bind(site)
            .execute(&self.writer)
            .await?
            .rows_affected();
        if changed == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }
}

/// `NotFound` when an update or delete touched no row.
fn found(done: &sqlx::sqlite::SqliteQueryResult) -> StoreResult<()> {
    if done.rows_affected() == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Backend(e.to_string()))
}

fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> StoreResult<T> {
    serde_json::from_str(text).map_err(|e| StoreError::Backend(e.to_string()))
}

fn clock_of(row: &SqliteRow) -> StoreResult<StoredClock> {
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
        warned: row.try_get("warned")?,
        alerted: row.try_get("alerted")?,
    })
}

/// Columns of [`agent_of`]; `FROM agents a` follows.
const AGENT_COLUMNS: &str = "a.id, a.email, a.name, a.role, a.sites, a.languages, a.skills, a.capacity, \
     a.availability, (SELECT json_group_array(m.team_id) FROM team_members m \
        WHERE m.agent_id = a.id) AS teams";

/// Where a conversation sits (`id, site_key, team_id, assignee_id`).
fn placement_of(row: &SqliteRow) -> StoreResult<Placement> {
    Ok(Placement {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        team_id: row.try_get("team_id")?,
        assignee_id: row.try_get("assignee_id")?,
    })
}

/// A break-glass request with its requester's name.
const ACCESS_COLUMNS: &str = "SELECT g.id, g.conversation_id, g.agent_id, a.name AS agent_name, \
     g.reason, g.requested_at, g.decision, g.expires_at FROM access_grants g \
     JOIN agents a ON a.id = g.agent_id";

fn access_of(row: &SqliteRow) -> StoreResult<AccessRequestView> {
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
const SESSION_COLUMNS: &str =
    "s.token_hash, s.stage, s.created_at, s.last_seen, s.expires_at, s.ip";

fn session_of(row: &SqliteRow) -> StoreResult<SessionInfo> {
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
const OPEN_STATES: &str = "('assigned', 'in_progress', 'waiting_on_customer', 'reopened')";

fn agent_of(row: &SqliteRow) -> StoreResult<AgentProfile> {
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

const NOTE_COLUMNS: &str = "n.id, n.conversation_id, n.client_id, n.agent_id, a.name AS author_name, \
     n.body, n.mentions, n.created_at FROM notes n JOIN agents a ON a.id = n.agent_id";

fn note_of(row: &SqliteRow) -> StoreResult<NoteView> {
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

fn team_of(row: &SqliteRow) -> StoreResult<Team> {
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
async fn write_record(
    tx: &mut Transaction<'_, Sqlite>,
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
        "UPDATE conversations SET version = version + 1, state = ?, category = ?, facts = ?,          priority = ?, tier = ?, complex = ?, assignee_id = ?, team_id = ?, due_at = ?,          due_kind = ?, warn_at = ?, breached = ?, updated_at = MAX(updated_at, ?), \
         ended_at = CASE WHEN ? IN ('resolved', 'confirmed', 'archived') \
                    THEN COALESCE(ended_at, ?) ELSE NULL END \
         WHERE id = ? AND version = ?",
    )
    .bind(r.status.as_str())
    .bind(&r.category)
    .bind(json(&r.facts)?)
    .bind(r.priority.as_str())
    .bind(r.tier.as_str())
    .bind(r.complex)
    .bind(r.assignee_id)
    .bind(r.team_id)
    .bind(running.map(|(d, _)| d))
    .bind(running.map(|(_, c)| c.clock.kind.as_str()))
    .bind(running.and_then(|(_, c)| c.warn_at))
    .bind(breached)
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
    sqlx::query("DELETE FROM sla_clocks WHERE conversation_id = ?")
        .bind(r.id)
        .execute(&mut **tx)
        .await?;
    for c in &r.clocks {
        sqlx::query(
            "INSERT INTO sla_clocks (conversation_id, kind, target, started_at, consumed_ms, since,              phase, stopped_at, due_at, warn_at, warned, alerted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
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
        .bind(c.warned)
        .bind(c.alerted)
        .execute(&mut **tx)
        .await?;
    }
    if let Some(t) = transition {
        let actor = match t.actor {
            parley_app::lifecycle::Actor::Customer => "customer",
            parley_app::lifecycle::Actor::Staff => "staff",
            parley_app::lifecycle::Actor::System => "system",
        };
        sqlx::query(
            "INSERT INTO status_changes (conversation_id, from_status, to_status, agent_id, at, actor, note) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(r.id)
        .bind(t.from.as_str())
        .bind(t.to.as_str())
        .bind(t.agent_id)
        .bind(now)
        .bind(actor)
        .bind(&t.note)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn message_of(row: &SqliteRow) -> StoreResult<ChatMessage> {
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
    })
}

fn conversation_of(row: &SqliteRow) -> StoreResult<ConversationState> {
    let status: String = row.try_get("state")?;
    Ok(ConversationState {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        visitor_id: row.try_get("visitor_id")?,
        status: status_of(&status)?,
        last_seq: row.try_get("last_seq")?,
        agent_delivered_seq: row.try_get("agent_delivered_seq")?,
        agent_read_seq: row.try_get("agent_read_seq")?,
    })
}

/// Short, non-identifying label for an anonymous visitor.
pub fn visitor_label(visitor_id: &str) -> String {
    visitor_id
        .chars()
        .take(6)
        .collect::<String>()
        .to_uppercase()
}

fn summary_of(row: &SqliteRow) -> StoreResult<ConversationSummary> {
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
        breached: row.try_get("breached")?,
    })
}

const MESSAGE_COLUMNS: &str = "m.id, m.conversation_id, m.seq, m.client_id, m.author, \
     a.name AS author_name, m.body, m.sent_at \
     FROM messages m LEFT JOIN agents a ON a.id = m.agent_id";

const SUMMARY_COLUMNS: &str = "c.id, c.site_key, c.state, c.visitor_id, c.locale, c.time_zone, \
     c.last_preview, c.last_seq, c.visitor_delivered_seq, c.updated_at, c.category, c.priority, \
     c.tier, c.assignee_id, ag.name AS assignee_name, t.name AS team_name, c.team_id, c.due_at, c.due_kind, \
     c.warn_at, c.breached, \
     (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id \
        AND m.author = 'customer' AND m.seq > c.agent_read_seq) AS unread \
     FROM conversations c LEFT JOIN agents ag ON ag.id = c.assignee_id \
     LEFT JOIN teams t ON t.id = c.team_id";

/// [`Viewer::sees`] as a SQL condition on `conversations c` (starting with
/// ` AND`), with the site keys to bind in order. Integer ids are spliced
/// (they are formatted `i64`s); texts are bound.
fn visibility(v: &Viewer) -> (String, Vec<String>) {
    let ids = |xs: &[i64]| {
        let list: Vec<String> = xs.iter().map(i64::to_string).collect();
        format!("({})", list.join(", "))
    };
    let mut sql = String::new();
    if !v.sites.is_empty() {
        let marks = vec!["?"; v.sites.len()].join(", ");
        sql.push_str(&format!(" AND c.site_key IN ({marks})"));
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
    (sql, v.sites.clone())
}

const CONVERSATION_COLUMNS: &str = "id, site_key, visitor_id, state, last_seq, \
     agent_delivered_seq, agent_read_seq FROM conversations";

const RECORD_COLUMNS: &str = "id, site_key, version, state, category, facts, priority, tier, \
     complex, assignee_id, team_id, last_seq FROM conversations";

async fn message_by_client_id(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: i64,
    client_id: &str,
) -> StoreResult<Option<ChatMessage>> {
    let row = sqlx::query(AssertSqlSafe(format!(
        "SELECT {MESSAGE_COLUMNS} WHERE m.conversation_id = ? AND m.client_id = ?"
    )))
    .bind(conversation_id)
    .bind(client_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.as_ref().map(message_of).transpose()
}

#[async_trait]
impl Store for SqliteStore {
    async fn upsert_site(&self, site: &Site, now: i64) -> StoreResult<()> {
        let origins = serde_json::to_string(&site.allowed_origins)
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let languages = serde_json::to_string(&site.languages)
            .map_err(|e| StoreError::Backend(e.to_string()))?;
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO sites (key, name, default_locale, allowed_origins, languages, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET name = excluded.name, \
             default_locale = excluded.default_locale, allowed_origins = excluded.allowed_origins, \
             languages = excluded.languages",
        )
        .bind(&site.key)
        .bind(&site.name)
        .bind(&site.default_locale)
        .bind(origins)
        .bind(languages)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        for (kind, texts) in [
            ("greeting", &site.greetings),
            ("away", &site.away),
            ("confirm", &site.confirm),
            ("rating", &site.rating),
        ] {
            for (locale, body) in texts {
                sqlx::query(
                    "INSERT INTO site_texts (site_key, kind, locale, body) VALUES (?, ?, ?, ?) \
                     ON CONFLICT(site_key, kind, locale) DO UPDATE SET body = excluded.body",
                )
                .bind(&site.key)
                .bind(kind)
                .bind(locale)
                .bind(body)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn sites(&self) -> StoreResult<Vec<Site>> {
        let rows = sqlx::query(
            "SELECT key, name, default_locale, allowed_origins, languages FROM sites ORDER BY key",
        )
        .fetch_all(&self.reader)
        .await?;
        let texts = sqlx::query(
            "SELECT site_key, kind, locale, body FROM site_texts \
             WHERE kind IN ('greeting', 'away', 'confirm', 'rating') ORDER BY locale",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let key: String = r.try_get("key")?;
                let origins: String = r.try_get("allowed_origins")?;
                let languages: String = r.try_get("languages")?;
                let of_kind = |kind: &str| {
                    texts
                        .iter()
                        .filter(|t| {
                            t.try_get::<String, _>("site_key").ok().as_deref() == Some(&key)
                                && t.try_get::<String, _>("kind").ok().as_deref() == Some(kind)
                        })
                        .map(|t| Ok((t.try_get("locale")?, t.try_get("body")?)))
                        .collect::<StoreResult<Vec<_>>>()
                };
                let greetings = of_kind("greeting")?;
                let away = of_kind("away")?;
                let confirm = of_kind("confirm")?;
                let rating = of_kind("rating")?;
                Ok(Site {
                    name: r.try_get("name")?,
                    default_locale: r.try_get("default_locale")?,
                    allowed_origins: serde_json::from_str(&origins).unwrap_or_default(),
                    languages: serde_json::from_str(&languages).unwrap_or_default(),
                    greetings,
                    away,
                    confirm,
                    rating,
                    key,
                })
            })
            .collect()
    }

    async fn set_site_text(
        &self,
        site: &str,
        kind: &str,
        locale: &str,
        body: Option<&str>,
    ) -> StoreResult<()> {
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sites WHERE key = ?")
            .bind(site)
            .fetch_optional(&self.writer)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        match body {
            Some(body) => {
                sqlx::query(
                    "INSERT INTO site_texts (site_key, kind, locale, body) VALUES (?, ?, ?, ?) \
                     ON CONFLICT(site_key, kind, locale) DO UPDATE SET body = excluded.body",
                )
                .bind(site)
                .bind(kind)
                .bind(locale)
                .bind(body)
                .execute(&self.writer)
                .await?;
            }
            None => {
                sqlx::query(
                    "DELETE FROM site_texts WHERE site_key = ? AND kind = ? AND locale = ?",
                )
                .bind(site)
                .bind(kind)
                .bind(locale)
                .execute(&self.writer)
                .await?;
            }
        }
        Ok(())
    }

    async fn count_agents(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM agents")
            .fetch_one(&self.reader)
            .await?)
    }

    async fn create_agent(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        role: StaffRole,
        sites: &[String],
        now: i64,
    ) -> StoreResult<AgentProfile> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agents (email, name, password_hash, role, sites, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(email)
        .bind(name)
        .bind(password_hash)
        .bind(role.as_str())
        .bind(json(&sites)?)
        .bind(now)
        .fetch_one(&self.writer)
        .await?;
        self.agent(id).await
    }

    async fn agent_by_email(&self, email: &str) -> StoreResult<Option<AgentCredentials>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS}, a.password_hash, a.failed_logins, a.locked_until, \
             a.totp_secret IS NOT NULL AS totp_enabled, a.password_reset_required \
             FROM agents a WHERE a.email = ?"
        )))
        .bind(email)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            Ok(AgentCredentials {
                profile: agent_of(&r)?,
                password_hash: r.try_get("password_hash")?,
                failed_logins: r.try_get("failed_logins")?,
                locked_until: r.try_get("locked_until")?,
                totp_enabled: r.try_get("totp_enabled")?,
                password_reset_required: r.try_get("password_reset_required")?,
            })
        })
        .transpose()
    }

    async fn set_password(&self, agent_id: i64, password_hash: &str) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE agents SET password_hash = ?, password_reset_required = 0 WHERE id = ?",
        )
        .bind(password_hash)
        .bind(agent_id)
        .execute(&self.writer)
        .await?;
        found(&done)
    }

    async fn require_password_change(&self, agent_id: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE agents SET password_reset_required = 1 WHERE id = ?")
            .bind(agent_id)
            .execute(&self.writer)
            .await?;
        found(&done)
    }

    async fn create_session(&self, n: &NewSession<'_>) -> StoreResult<()> {
        sqlx::query("DELETE FROM agent_sessions WHERE expires_at <= ?")
            .bind(n.now)
            .execute(&self.writer)
            .await?;
        sqlx::query(
            "INSERT INTO agent_sessions (token_hash, agent_id, created_at, expires_at, stage, \
             last_seen, ip) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(n.token_hash)
        .bind(n.agent_id)
        .bind(n.now)
        .bind(n.expires_at)
        .bind(n.stage.as_str())
        .bind(n.now)
        .bind(n.ip)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: i64) -> StoreResult<Option<SessionInfo>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS}, {SESSION_COLUMNS} FROM agent_sessions s \
             JOIN agents a ON a.id = s.agent_id WHERE s.token_hash = ? AND s.expires_at > ?"
        )))
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(session_of).transpose()
    }

    async fn touch_session(&self, token_hash: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE agent_sessions SET last_seen = ? WHERE token_hash = ? AND last_seen < ?",
        )
        .bind(now)
        .bind(token_hash)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn set_session_stage(&self, token_hash: &str, stage: SessionStage) -> StoreResult<()> {
        sqlx::query("UPDATE agent_sessions SET stage = ? WHERE token_hash = ?")
            .bind(stage.as_str())
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM agent_sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn revoke_sessions(&self, agent_id: i64, keep: Option<&str>) -> StoreResult<u64> {
        let done = sqlx::query(
            "DELETE FROM agent_sessions WHERE agent_id = ? AND token_hash IS NOT COALESCE(?, '')",
        )
        .bind(agent_id)
        .bind(keep)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected())
    }

    async fn sessions_of(&self, agent_id: i64, now: i64) -> StoreResult<Vec<SessionInfo>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS}, {SESSION_COLUMNS} FROM agent_sessions s \
             JOIN agents a ON a.id = s.agent_id WHERE s.agent_id = ? AND s.expires_at > ? \
             ORDER BY s.created_at DESC"
        )))
        .bind(agent_id)
        .bind(now)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(session_of).collect()
    }

    async fn record_login_failure(
        &self,
        agent_id: i64,
        lock_until: Option<i64>,
    ) -> StoreResult<i64> {
        let n: i64 = sqlx::query_scalar(
            "UPDATE agents SET failed_logins = failed_logins + 1, \
             locked_until = COALESCE(?, locked_until) WHERE id = ? RETURNING failed_logins",
        )
        .bind(lock_until)
        .bind(agent_id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(n)
    }

    async fn clear_login_failures(&self, agent_id: i64) -> StoreResult<()> {
        sqlx::query("UPDATE agents SET failed_logins = 0, locked_until = 0 WHERE id = ?")
            .bind(agent_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn totp(&self, agent_id: i64) -> StoreResult<TotpState> {
        let row = sqlx::query(
            "SELECT totp_secret, totp_pending, totp_last_step FROM agents WHERE id = ?",
        )
        .bind(agent_id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(TotpState {
            secret: row.try_get("totp_secret")?,
            pending: row.try_get("totp_pending")?,
            last_step: row.try_get("totp_last_step")?,
        })
    }

    async fn begin_totp_pending(&self, agent_id: i64, sealed: &str) -> StoreResult<String> {
        sqlx::query_scalar(
            "UPDATE agents SET totp_pending = COALESCE(totp_pending, ?) WHERE id = ? \
             RETURNING totp_pending",
        )
        .bind(sealed)
        .bind(agent_id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn enable_totp(
        &self,
        agent_id: i64,
        sealed: &str,
        recovery_hashes: &[String],
        reveal: &str,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE agents SET totp_secret = ?, totp_pending = NULL, totp_enabled_at = ?, \
             recovery_reveal = ? WHERE id = ?",
        )
        .bind(sealed)
        .bind(now)
        .bind(reveal)
        .bind(agent_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE agent_id = ?")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        for h in recovery_hashes {
            sqlx::query("INSERT INTO recovery_codes (agent_id, code_hash) VALUES (?, ?)")
                .bind(agent_id)
                .bind(h)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn take_recovery_reveal(&self, agent_id: i64) -> StoreResult<Option<String>> {
        let mut tx = self.writer.begin().await?;
        let reveal: Option<Option<String>> =
            sqlx::query_scalar("SELECT recovery_reveal FROM agents WHERE id = ?")
                .bind(agent_id)
                .fetch_optional(&mut *tx)
                .await?;
        sqlx::query("UPDATE agents SET recovery_reveal = NULL WHERE id = ?")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(reveal.flatten())
    }

    async fn use_totp_step(&self, agent_id: i64, step: i64) -> StoreResult<bool> {
        let done =
            sqlx::query("UPDATE agents SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?")
                .bind(step)
                .bind(agent_id)
                .bind(step)
                .execute(&self.writer)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn use_recovery_code(
        &self,
        agent_id: i64,
        code_hash: &str,
        now: i64,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE recovery_codes SET used_at = ? \
             WHERE agent_id = ? AND code_hash = ? AND used_at IS NULL",
        )
        .bind(now)
        .bind(agent_id)
        .bind(code_hash)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn recovery_codes_left(&self, agent_id: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM recovery_codes WHERE agent_id = ? AND used_at IS NULL",
        )
        .bind(agent_id)
        .fetch_one(&self.reader)
        .await?)
    }

    async fn disable_totp(&self, agent_id: i64) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE agents SET totp_secret = NULL, totp_pending = NULL, totp_enabled_at = NULL, \
             recovery_reveal = NULL, totp_last_step = 0 WHERE id = ?",
        )
        .bind(agent_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM recovery_codes WHERE agent_id = ?")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn mfa_required(&self) -> StoreResult<Vec<StaffRole>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT role FROM mfa_policy WHERE required = 1")
                .fetch_all(&self.reader)
                .await?;
        Ok(rows.iter().filter_map(|r| StaffRole::parse(r)).collect())
    }

    async fn set_mfa_required(&self, role: StaffRole, required: bool) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO mfa_policy (role, required) VALUES (?, ?) \
             ON CONFLICT(role) DO UPDATE SET required = excluded.required",
        )
        .bind(role.as_str())
        .bind(required)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn viewer(&self, agent_id: i64, now: i64) -> StoreResult<Viewer> {
        let profile = self.agent(agent_id).await?;
        let supervises: Vec<i64> =
            sqlx::query_scalar("SELECT id FROM teams WHERE supervisor_id = ? ORDER BY id")
                .bind(agent_id)
                .fetch_all(&self.writer)
                .await?;
        let grants: Vec<i64> = sqlx::query_scalar(
            "SELECT DISTINCT conversation_id FROM access_grants \
             WHERE agent_id = ? AND decision = 'approved' AND expires_at > ? ORDER BY 1",
        )
        .bind(agent_id)
        .bind(now)
        .fetch_all(&self.writer)
        .await?;
        Ok(Viewer {
            id: profile.id,
            role: profile.role,
            sites: profile.sites,
            teams: profile.teams,
            supervises,
            grants,
        })
    }

    async fn placement(&self, conversation_id: i64) -> StoreResult<Placement> {
        let row = sqlx::query(
            "SELECT id, site_key, team_id, assignee_id FROM conversations WHERE id = ?",
        )
        .bind(conversation_id)
        .fetch_optional(&self.writer)
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
             WHERE site_key = ? AND visitor_id = ? ORDER BY id",
        )
        .bind(site)
        .bind(visitor_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(placement_of).collect()
    }

    async fn save_contact(
        &self,
        site: &str,
        visitor_id: &str,
        c: &SealedContact,
        consent: &NewConsent<'_>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO customer_contacts (site_key, visitor_id, name, email, phone, address, \
             updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT(site_key, visitor_id) DO UPDATE SET \
             name = COALESCE(excluded.name, name), email = COALESCE(excluded.email, email), \
             phone = COALESCE(excluded.phone, phone), address = COALESCE(excluded.address, address), \
             updated_at = excluded.updated_at",
        )
        .bind(site)
        .bind(visitor_id)
        .bind(&c.name)
        .bind(&c.email)
        .bind(&c.phone)
        .bind(&c.address)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO consents (conversation_id, purpose, fields, locale, at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(consent.conversation_id)
        .bind(consent.purpose)
        .bind(json(&consent.fields)?)
        .bind(consent.locale)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn contact(
        &self,
        site: &str,
        visitor_id: &str,
    ) -> StoreResult<Option<(SealedContact, Option<i64>)>> {
        let row = sqlx::query(
            "SELECT name, email, phone, address, \
             (SELECT MAX(k.at) FROM consents k JOIN conversations c ON c.id = k.conversation_id \
              WHERE c.site_key = cc.site_key AND c.visitor_id = cc.visitor_id) AS consent_at \
             FROM customer_contacts cc WHERE site_key = ? AND visitor_id = ?",
        )
        .bind(site)
        .bind(visitor_id)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            Ok((
                SealedContact {
                    name: r.try_get("name")?,
                    email: r.try_get("email")?,
                    phone: r.try_get("phone")?,
                    address: r.try_get("address")?,
                },
                r.try_get("consent_at")?,
            ))
        })
        .transpose()
    }

    async fn set_verified_user(&self, visitor_id: &str, sealed: Option<&str>) -> StoreResult<()> {
        sqlx::query("UPDATE visitors SET verified_user = ? WHERE id = ?")
            .bind(sealed)
            .bind(visitor_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn verified_user(&self, visitor_id: &str) -> StoreResult<Option<String>> {
        let v: Option<Option<String>> =
            sqlx::query_scalar("SELECT verified_user FROM visitors WHERE id = ?")
                .bind(visitor_id)
                .fetch_optional(&self.reader)
                .await?;
        Ok(v.flatten())
    }

    async fn site_identity(&self, site: &str) -> StoreResult<(Option<String>, bool)> {
        let row = sqlx::query("SELECT identity_secret, identity_required FROM sites WHERE key = ?")
            .bind(site)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((
            row.try_get("identity_secret")?,
            row.try_get("identity_required")?,
        ))
    }

    async fn set_site_identity(
        &self,
        site: &str,
        sealed: Option<&str>,
        required: bool,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE sites SET identity_secret = ?, identity_required = ? WHERE key = ?",
        )
        .bind(sealed)
        .bind(required)
        .bind(site)
        .execute(&self.writer)
        .await?;
        found(&done)
    }

    async fn retention_days(&self, site: &str) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT retention_days FROM sites WHERE key = ?")
            .bind(site)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn set_retention_days(&self, site: &str, days: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE sites SET retention_days = ? WHERE key = ?")
            .bind(days)
            .bind(site)
            .execute(&self.writer)
            .await?;
        found(&done)
    }

    async fn ended_conversations(&self, limit: i64) -> StoreResult<Vec<Ended>> {
        let rows = sqlx::query(
            "SELECT c.id, c.site_key, c.ended_at, s.retention_days FROM conversations c \
             JOIN sites s ON s.key = c.site_key \
             WHERE c.ended_at IS NOT NULL AND c.destroyed_at IS NULL \
             ORDER BY c.ended_at LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Ended {
                    id: r.try_get("id")?,
                    site: r.try_get("site_key")?,
                    ended_at: r.try_get("ended_at")?,
                    retention_days: r.try_get("retention_days")?,
                })
            })
            .collect()
    }

    async fn destroy_conversation(
        &self,
        conversation_id: i64,
        rule: &str,
        actor_id: Option<i64>,
        now: i64,
    ) -> StoreResult<(Vec<String>, serde_json::Value)> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query("SELECT site_key, visitor_id FROM conversations WHERE id = ?")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let site: String = row.try_get("site_key")?;
        let visitor: String = row.try_get("visitor_id")?;
        let messages =
            sqlx::query("UPDATE messages SET body = '' WHERE conversation_id = ? AND body != ''")
                .bind(conversation_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        let notes = sqlx::query("DELETE FROM notes WHERE conversation_id = ?")
            .bind(conversation_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let handoffs = sqlx::query(
            "UPDATE status_changes SET note = NULL WHERE conversation_id = ? AND note IS NOT NULL",
        )
        .bind(conversation_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // Scores stay (they hold nothing personal); the customer's words go.
        let rating_comments = sqlx::query(
            "UPDATE ratings SET comment = '' WHERE conversation_id = ? AND comment != ''",
        )
        .bind(conversation_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query(
            "UPDATE conversations SET facts = '{}', last_preview = NULL, destroyed_at = ? WHERE id = ?",
        )
        .bind(now)
        .bind(conversation_id)
        .execute(&mut *tx)
        .await?;
        // The customer's own data goes with their last live conversation.
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversations WHERE site_key = ? AND visitor_id = ? \
             AND destroyed_at IS NULL",
        )
        .bind(&site)
        .bind(&visitor)
        .fetch_one(&mut *tx)
        .await?;
        let (mut contacts, mut files) = (0u64, Vec::new());
        if live == 0 {
            contacts =
                sqlx::query("DELETE FROM customer_contacts WHERE site_key = ? AND visitor_id = ?")
                    .bind(&site)
                    .bind(&visitor)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            sqlx::query("UPDATE visitors SET verified_user = NULL WHERE id = ?")
                .bind(&visitor)
                .execute(&mut *tx)
                .await?;
            files = sqlx::query_scalar(
                "SELECT id FROM attachments WHERE site_key = ? AND visitor_id = ?",
            )
            .bind(&site)
            .bind(&visitor)
            .fetch_all(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM attachments WHERE site_key = ? AND visitor_id = ?")
                .bind(&site)
                .bind(&visitor)
                .execute(&mut *tx)
                .await?;
        }
        let what = serde_json::json!({
            "message_texts": messages,
            "notes": notes,
            "handoff_notes": handoffs,
            "rating_comments": rating_comments,
            "facts": 1,
            "contact_records": contacts,
            "attachments": files.len(),
        });
        sqlx::query(
            "INSERT INTO destruction_records (at, rule, site_key, conversation_id, actor_id, what) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(now)
        .bind(rule)
        .bind(&site)
        .bind(conversation_id)
        .bind(actor_id)
        .bind(what.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        // Old page versions in the WAL go too.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.writer)
            .await?;
        Ok((files, what))
    }

    async fn destruction_records(&self, limit: i64) -> StoreResult<Vec<DestructionRecord>> {
        let rows = sqlx::query(
            "SELECT id, at, rule, site_key, conversation_id, actor_id, what FROM destruction_records \
             ORDER BY id DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let what: String = r.try_get("what")?;
                Ok(DestructionRecord {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    rule: r.try_get("rule")?,
                    site: r.try_get("site_key")?,
                    conversation_id: r.try_get("conversation_id")?,
                    actor_id: r.try_get("actor_id")?,
                    what: from_json(&what)?,
                })
            })
            .collect()
    }

    async fn customer_conversations(&self, site: &str, visitor_id: &str) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM conversations WHERE site_key = ? AND visitor_id = ? ORDER BY id",
        )
        .bind(site)
        .bind(visitor_id)
        .fetch_all(&self.reader)
        .await?)
    }

    async fn conversation_visitor(&self, conversation_id: i64) -> StoreResult<(String, String)> {
        let row = sqlx::query("SELECT site_key, visitor_id FROM conversations WHERE id = ?")
            .bind(conversation_id)
            .fetch_optional(&self.writer)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((row.try_get("site_key")?, row.try_get("visitor_id")?))
    }

    async fn create_access_request(
        &self,
        agent_id: i64,
        conversation_id: i64,
        reason: &str,
        now: i64,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO access_grants (agent_id, conversation_id, reason, requested_at) \
             VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(agent_id)
        .bind(conversation_id)
        .bind(reason)
        .bind(now)
        .fetch_one(&self.writer)
        .await?)
    }

    async fn access_request(&self, id: i64) -> StoreResult<AccessRequestView> {
        let row = sqlx::query(AssertSqlSafe(format!("{ACCESS_COLUMNS} WHERE g.id = ?")))
            .bind(id)
            .fetch_optional(&self.writer)
            .await?
            .ok_or(StoreError::NotFound)?;
        access_of(&row)
    }

    async fn decide_access(
        &self,
        id: i64,
        approver: i64,
        approve: bool,
        expires_at: Option<i64>,
        now: i64,
    ) -> StoreResult<AccessRequestView> {
        let done = sqlx::query(
            "UPDATE access_grants SET decision = ?, approved_by = ?, approved_at = ?, expires_at = ? \
             WHERE id = ? AND decision IS NULL",
        )
        .bind(if approve { "approved" } else { "denied" })
        .bind(approver)
        .bind(if approve { Some(now) } else { None })
        .bind(if approve { expires_at } else { None })
        .bind(id)
        .execute(&self.writer)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        self.access_request(id).await
    }

    async fn open_access_requests(&self, now: i64) -> StoreResult<Vec<AccessRequestView>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{ACCESS_COLUMNS} WHERE g.decision IS NULL \
             OR (g.decision = 'approved' AND g.expires_at > ?) ORDER BY g.id DESC LIMIT 200"
        )))
        .bind(now)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(access_of).collect()
    }

    async fn audit(&self, e: &AuditRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, actor, action, site_key, conversation_id, \
             detail, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(e.at)
        .bind(e.actor_id)
        .bind(&e.actor)
        .bind(&e.action)
        .bind(&e.site)
        .bind(e.conversation_id)
        .bind(e.detail.to_string())
        .bind(&e.ip)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn audit_log(&self, f: &AuditFilter, limit: i64) -> StoreResult<Vec<AuditRecord>> {
        let rows = sqlx::query(
            "SELECT id, at, actor_id, actor, action, site_key, conversation_id, detail, ip \
             FROM audit_log WHERE (?1 IS NULL OR action = ?1) \
             AND (?2 IS NULL OR actor = ?2 COLLATE NOCASE) \
             AND (?3 IS NULL OR conversation_id = ?3) AND (?4 IS NULL OR at >= ?4) \
             AND (?5 IS NULL OR at < ?5) ORDER BY at DESC, id DESC LIMIT ?6",
        )
        .bind(&f.action)
        .bind(&f.actor)
        .bind(f.conversation_id)
        .bind(f.from)
        .bind(f.until)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let detail: String = r.try_get("detail")?;
                Ok(AuditRecord {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    actor_id: r.try_get("actor_id")?,
                    actor: r.try_get("actor")?,
                    action: r.try_get("action")?,
                    site: r.try_get("site_key")?,
                    conversation_id: r.try_get("conversation_id")?,
                    detail: from_json(&detail)?,
                    ip: r.try_get("ip")?,
                })
            })
            .collect()
    }

    async fn touch_visitor(&self, site: &str, visitor_id: &str, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO visitors (id, site_key, created_at, last_seen) VALUES (?, ?, ?, ?) \
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
            "SELECT {CONVERSATION_COLUMNS} WHERE site_key = ? AND visitor_id = ? ORDER BY id DESC LIMIT 1"
        )))
        .bind(site)
        .bind(visitor_id)
        .fetch_optional(&self.writer)
        .await?;
        row.as_ref().map(conversation_of).transpose()
    }

    async fn create_conversation(&self, c: NewConversation<'_>) -> StoreResult<ConversationState> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "INSERT INTO conversations (site_key, visitor_id, state, locale, time_zone, category, \
             facts, priority, team_id, created_at, updated_at, tier) \
             VALUES (?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, \
               COALESCE((SELECT tier FROM visitors WHERE id = ?), 'ordinary')) RETURNING {CONVERSATION_COLUMNS_RETURNING}",
            CONVERSATION_COLUMNS_RETURNING = "id, site_key, visitor_id, state, last_seq, \
                agent_delivered_seq, agent_read_seq"
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
        .fetch_one(&self.writer)
        .await?;
        conversation_of(&row)
    }

    async fn set_customer_context(
        &self,
        id: i64,
        locale: Option<&str>,
        time_zone: Option<&str>,
    ) -> StoreResult<()> {
        let changed = sqlx::query(
            "UPDATE conversations SET locale = COALESCE(?, locale), time_zone = COALESCE(?, time_zone) \
             WHERE id = ?",
        )
        .bind(locale)
        .bind(time_zone)
        .bind(id)
        .execute(&self.writer)
        .await?
        .rows_affected();
        if changed == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn conversation(&self, id: i64) -> StoreResult<ConversationState> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {CONVERSATION_COLUMNS} WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        conversation_of(&row)
    }

    async fn append_message(
        &self,
        m: NewMessage<'_>,
        record: Option<(&ConversationRecord, Option<NewTransition>)>,
    ) -> StoreResult<Appended> {
        let mut tx = self.writer.begin().await?;
        if let Some(existing) =
            message_by_client_id(&mut tx, m.conversation_id, m.client_id).await?
        {
            tx.rollback().await?;
            return Ok(Appended {
                message: existing,
                created: false,
            });
        }
        let preview: String = m.body.chars().take(PREVIEW_CHARS).collect();
        let seq: i64 = sqlx::query_scalar(
            "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?, last_preview = ? \
             WHERE id = ? RETURNING last_seq",
        )
        .bind(m.now)
        .bind(&preview)
        .bind(m.conversation_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        sqlx::query(
            "INSERT INTO messages (conversation_id, seq, client_id, author, agent_id, body, sent_at, \
               policy_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(m.conversation_id)
        .bind(seq)
        .bind(m.client_id)
        .bind(m.author.as_str())
        .bind(m.agent_id)
        .bind(m.body)
        .bind(m.now)
        .bind(m.policy_version)
        .execute(&mut *tx)
        .await?;
        if let Some((r, transition)) = record {
            write_record(&mut tx, r, transition, m.now).await?;
        }
        let message = message_by_client_id(&mut tx, m.conversation_id, m.client_id)
            .await?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(Appended {
            message,
            created: true,
        })
    }

    async fn messages_after(
        &self,
        conversation_id: i64,
        after_seq: i64,
        limit: i64,
    ) -> StoreResult<Vec<ChatMessage>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {MESSAGE_COLUMNS} WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?"
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
            "SELECT {SUMMARY_COLUMNS} WHERE c.id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        summary_of(&row)
    }

    async fn summaries(
        &self,
        viewer: &Viewer,
        limit: i64,
    ) -> StoreResult<Vec<ConversationSummary>> {
        let (clause, sites) = visibility(viewer);
        let mut q = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} WHERE 1 = 1{clause} ORDER BY c.updated_at DESC, c.id DESC LIMIT ?"
        )));
        for site in sites {
            q = q.bind(site);
        }
        let rows = q.bind(limit).fetch_all(&self.reader).await?;
        rows.iter().map(summary_of).collect()
    }

    async fn inbox(
        &self,
        query: &InboxQuery,
        viewer: &Viewer,
        now: i64,
        limit: i64,
    ) -> StoreResult<Vec<ConversationSummary>> {
        let agent_id = viewer.id;
        // Only constant fragments (and integer ids) are spliced; every text
        // is bound in order.
        let (clause, sites) = visibility(viewer);
        let mut sql = format!("SELECT {SUMMARY_COLUMNS} WHERE 1 = 1{clause}");
        let mut order: Vec<bool> = vec![true; sites.len()]; // true: next bind is a text
        let mut texts: Vec<String> = sites;
        let mut numbers: Vec<i64> = Vec::new();
        if !query.closed {
            sql.push_str(" AND c.state NOT IN ('resolved', 'confirmed', 'archived')");
        }
        match query.view {
            InboxView::All => {}
            InboxView::Mine => {
                sql.push_str(" AND c.assignee_id = ?");
                numbers.push(agent_id);
                order.push(false);
            }
            InboxView::Unassigned => sql.push_str(" AND c.assignee_id IS NULL"),
        }
        let mut text = |sql: &mut String, fragment: &str, value: &str| {
            sql.push_str(fragment);
            texts.push(value.to_owned());
            order.push(true);
        };
        if let Some(t) = &query.team {
            text(&mut sql, " AND t.name = ?", t);
        }
        if let Some(k) = &query.category {
            text(&mut sql, " AND c.category = ?", k);
        }
        if let Some(l) = &query.locale {
            text(&mut sql, " AND c.locale = ?", l);
        }
        if let Some(p) = query.priority {
            text(&mut sql, " AND c.priority = ?", p.as_str());
        }
        if let Some(t) = query.tier {
            text(&mut sql, " AND c.tier = ?", t.as_str());
        }
        match query.sla {
            None => {}
            Some(SlaFilter::Breached) => {
                sql.push_str(" AND (c.breached = 1 OR c.due_at <= ?)");
                numbers.push(now);
                order.push(false);
            }
            Some(SlaFilter::DueSoon) => {
                sql.push_str(" AND c.warn_at <= ? AND c.due_at > ?");
                numbers.extend([now, now]);
                order.extend([false, false]);
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
        let mut out = Vec::new();
        for part in parts {
            let left = limit - out.len() as i64;
            if left <= 0 {
                break;
            }
            let mut q = sqlx::query(AssertSqlSafe(format!("{sql}{part} LIMIT ?")));
            let (mut t, mut n) = (texts.iter(), numbers.iter());
            for is_text in &order {
                q = if *is_text {
                    q.bind(t.next().cloned())
                } else {
                    q.bind(n.next().copied())
                };
            }
            for row in q.bind(left).fetch_all(&self.reader).await? {
                out.push(summary_of(&row)?);
            }
        }
        Ok(out)
    }

    async fn record(&self, id: i64) -> StoreResult<ConversationRecord> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {RECORD_COLUMNS} WHERE id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        let clocks = sqlx::query("SELECT * FROM sla_clocks WHERE conversation_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(&self.writer)
            .await?;
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
            complex: row.try_get("complex")?,
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
             WHERE s.conversation_id = ? ORDER BY s.id",
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

    async fn teams(&self, site: &str) -> StoreResult<Vec<Team>> {
        let rows = sqlx::query("SELECT * FROM teams WHERE site_key = ? ORDER BY id")
            .bind(site)
            .fetch_all(&self.reader)
            .await?;
        rows.iter().map(team_of).collect()
    }

    async fn agents(&self) -> StoreResult<Vec<AgentProfile>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS} FROM agents a ORDER BY a.name, a.id"
        )))
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(agent_of).collect()
    }

    async fn team(&self, id: i64) -> StoreResult<Team> {
        let row = sqlx::query("SELECT * FROM teams WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        team_of(&row)
    }

    async fn upsert_team(&self, team: &Team) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO teams (site_key, name, calendar, supervisor_id, on_call_id) VALUES (?, ?, ?, ?, ?) \
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
        let rows = sqlx::query("SELECT * FROM categories WHERE site_key = ? ORDER BY position")
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
                        complaint: r.try_get("complaint")?,
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
        sqlx::query("DELETE FROM categories WHERE site_key = ?")
            .bind(site)
            .execute(&mut *tx)
            .await?;
        for (position, c) in categories.iter().enumerate() {
            sqlx::query(
                "INSERT INTO categories (site_key, key, position, names, priority, complaint, fields, \
                 team_id, skill) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(site)
            .bind(&c.category.key)
            .bind(position as i64)
            .bind(json(&c.category.names)?)
            .bind(c.category.priority.as_str())
            .bind(c.category.complaint)
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

    async fn fee_lines(&self, site: &str) -> StoreResult<Vec<FeeLine>> {
        self.site_json(site, SiteJson::FeeLines).await
    }

    async fn set_fee_lines(&self, site: &str, lines: &[FeeLine]) -> StoreResult<()> {
        self.set_site_json(site, SiteJson::FeeLines, &lines).await
    }

    async fn pending_alerts(&self, now: i64) -> StoreResult<Vec<PendingAlert>> {
        let rows = sqlx::query(
            "SELECT k.conversation_id, c.team_id, k.kind, k.due_at, (k.due_at <= ?1) AS breached \
             FROM sla_clocks k JOIN conversations c ON c.id = k.conversation_id \
             WHERE k.phase = 'running' AND ((k.warned = 0 AND k.warn_at <= ?1) \
                OR (k.alerted = 0 AND k.due_at <= ?1)) ORDER BY k.due_at LIMIT 500",
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
                    breached: r.try_get("breached")?,
                    due_at: r.try_get("due_at")?,
                })
            })
            .collect()
    }

    async fn mark_alerted(&self, alert: &PendingAlert) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "UPDATE sla_clocks SET warned = 1, alerted = CASE WHEN ? THEN 1 ELSE alerted END \
             WHERE conversation_id = ? AND kind = ? AND phase = 'running'",
        )
        .bind(alert.breached)
        .bind(alert.conversation_id)
        .bind(alert.kind.as_str())
        .execute(&mut *tx)
        .await?;
        if alert.breached {
            sqlx::query("UPDATE conversations SET breached = 1 WHERE id = ?")
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
               SELECT MIN(warn_at) AS t FROM sla_clocks WHERE phase = 'running' AND warned = 0 AND warn_at > ?1 \
               UNION ALL \
               SELECT MIN(due_at) FROM sla_clocks WHERE phase = 'running' AND alerted = 0 AND due_at > ?1)",
        )
        .bind(now)
        .fetch_one(&self.reader)
        .await?)
    }

    async fn agent(&self, id: i64) -> StoreResult<AgentProfile> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {AGENT_COLUMNS} FROM agents a WHERE a.id = ?"
        )))
        .bind(id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        agent_of(&row)
    }

    async fn set_availability(
        &self,
        agent_id: i64,
        availability: Availability,
    ) -> StoreResult<AgentProfile> {
        let changed = sqlx::query("UPDATE agents SET availability = ? WHERE id = ?")
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
            "UPDATE agents SET languages = ?, skills = ?, capacity = ?, sites = ? WHERE id = ?",
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
        sqlx::query("DELETE FROM team_members WHERE agent_id = ?")
            .bind(agent_id)
            .execute(&mut *tx)
            .await?;
        for team in &routing.teams {
            sqlx::query("INSERT OR IGNORE INTO team_members (team_id, agent_id) VALUES (?, ?)")
                .bind(team)
                .bind(agent_id)
                .execute(&mut *tx)
                .await
                .map_err(|e| match e {
                    sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                        StoreError::NotFound
                    }
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
                 WHERE t.site_key = ?1 \
               UNION SELECT v.owner_id FROM visitors v \
                 WHERE v.site_key = ?1 AND v.owner_id IS NOT NULL)"
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
             WHERE c.site_key = ? AND c.assignee_id IS NULL \
               AND c.state IN ('received', 'reopened')",
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
        sqlx::query("UPDATE agents SET last_assigned_at = MAX(last_assigned_at, ?) WHERE id = ?")
            .bind(now)
            .bind(agent_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn set_customer_profile(
        &self,
        conversation_id: i64,
        tier: Tier,
        owner_id: Option<i64>,
    ) -> StoreResult<()> {
        let changed = sqlx::query(
            "UPDATE visitors SET tier = ?, owner_id = ? \
             WHERE id = (SELECT visitor_id FROM conversations WHERE id = ?)",
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
        .rows_affected();
        if changed == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn customer_owner(&self, conversation_id: i64) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT v.owner_id FROM conversations c JOIN visitors v ON v.id = c.visitor_id \
             WHERE c.id = ?",
        )
        .bind(conversation_id)
        .fetch_optional(&self.writer)
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
               (SELECT visitor_id FROM conversations WHERE id = ?1) AND c.id <> ?1 \
             ORDER BY c.id DESC LIMIT ?2"
        )))
        .bind(conversation_id)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(summary_of).collect()
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
             VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (conversation_id, client_id) DO NOTHING",
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
            "SELECT {NOTE_COLUMNS} WHERE n.conversation_id = ? AND n.client_id = ?"
        )))
        .bind(conversation_id)
        .bind(client_id)
        .fetch_one(&self.writer)
        .await?;
        Ok((note_of(&row)?, inserted))
    }

    async fn notes(&self, conversation_id: i64) -> StoreResult<Vec<NoteView>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {NOTE_COLUMNS} WHERE n.conversation_id = ? ORDER BY n.id"
        )))
        .bind(conversation_id)
        .fetch_all(&self.writer)
        .await?;
        rows.iter().map(note_of).collect()
    }

    async fn rate(&self, conversation_id: i64, rating: &NewRating<'_>) -> StoreResult<RatingView> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query("SELECT state, assignee_id FROM conversations WHERE id = ?")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let status: String = row.try_get("state")?;
        if !parley_app::rating::may_rate(status_of(&status)?) {
            return Err(StoreError::NotFound);
        }
        let resolution: i64 = sqlx::query_scalar::<_, Option<i64>>(
            "SELECT MAX(id) FROM status_changes WHERE conversation_id = ? AND to_status = 'resolved'",
        )
        .bind(conversation_id)
        .fetch_one(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let agent_id: Option<i64> = row.try_get("assignee_id")?;
        sqlx::query(
            "INSERT INTO ratings (conversation_id, resolution_id, score, comment, agent_id, locale, \
             rated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
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
             WHERE conversation_id = ? ORDER BY id",
        )
        .bind(conversation_id)
        .fetch_all(&self.writer)
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
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM ratings WHERE resolution_id = (SELECT MAX(id) \
             FROM status_changes WHERE conversation_id = ? AND to_status = 'resolved'))",
        )
        .bind(conversation_id)
        .fetch_one(&self.writer)
        .await?)
    }

    async fn create_attachment(&self, a: &AttachmentRecord) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO attachments (id, site_key, visitor_id, file_name, content_type, size, \
             sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&a.id)
        .bind(&a.site)
        .bind(&a.visitor_id)
        .bind(&a.file_name)
        .bind(&a.content_type)
        .bind(a.size)
        .bind(&a.sha256)
        .bind(a.created_at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn attachment(&self, id: &str) -> StoreResult<AttachmentRecord> {
        let r = sqlx::query("SELECT * FROM attachments WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.writer)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok(AttachmentRecord {
            id: r.try_get("id")?,
            site: r.try_get("site_key")?,
            visitor_id: r.try_get("visitor_id")?,
            file_name: r.try_get("file_name")?,
            content_type: r.try_get("content_type")?,
            size: r.try_get("size")?,
            sha256: r.try_get("sha256")?,
            created_at: r.try_get("created_at")?,
            conversation_id: r.try_get("conversation_id")?,
        })
    }

    async fn attach_files(
        &self,
        conversation_id: i64,
        visitor_id: &str,
        ids: &[&str],
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        for id in ids {
            sqlx::query(
                "UPDATE attachments SET conversation_id = ? \
                 WHERE id = ? AND visitor_id = ? AND conversation_id IS NULL",
            )
            .bind(conversation_id)
            .bind(id)
            .bind(visitor_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn site_attachment_bytes(&self, site: &str) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(SUM(size), 0) FROM attachments WHERE site_key = ?")
                .bind(site)
                .fetch_one(&self.reader)
                .await?,
        )
    }

    async fn sweep_unattached(&self, cutoff: i64) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar(
            "DELETE FROM attachments WHERE conversation_id IS NULL AND created_at < ? \
             RETURNING id",
        )
        .bind(cutoff)
        .fetch_all(&self.writer)
        .await?)
    }

    async fn canned_replies(&self, site: &str) -> StoreResult<Vec<CannedReply>> {
        let rows = sqlx::query(
            "SELECT kind, locale, body FROM site_texts WHERE site_key = ? AND kind LIKE 'canned:%' \
             ORDER BY kind, locale",
        )
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        let mut out: Vec<CannedReply> = Vec::new();
        for r in &rows {
            let kind: String = r.try_get("kind")?;
            let key = kind
                .strip_prefix(parley_app::canned::KIND_PREFIX)
                .unwrap_or(&kind)
                .to_owned();
            let text = (r.try_get("locale")?, r.try_get("body")?);
            match out.last_mut() {
                Some(last) if last.key == key => last.texts.push(text),
                _ => out.push(CannedReply {
                    key,
                    texts: vec![text],
                }),
            }
        }
        Ok(out)
    }

    async fn compliance_policy(&self, site: &str) -> StoreResult<CompliancePolicy> {
        let version: i64 = sqlx::query_scalar("SELECT compliance_version FROM sites WHERE key = ?")
            .bind(site)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        let rows = sqlx::query(
            "SELECT locale, phrase, action FROM compliance_rules WHERE site_key = ? \
             ORDER BY locale, action, phrase",
        )
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        let rules = rows
            .iter()
            .map(|r| {
                let action: String = r.try_get("action")?;
                Ok(PhraseRule {
                    locale: r.try_get("locale")?,
                    phrase: r.try_get("phrase")?,
                    action: match action.as_str() {
                        "block" => RuleAction::Block,
                        "warn" => RuleAction::Warn,
                        other => return Err(bad("rule action", other)),
                    },
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(CompliancePolicy { version, rules })
    }

    async fn set_compliance_rules(
        &self,
        site: &str,
        edits: &[(&str, Vec<PhraseRule>)],
    ) -> StoreResult<i64> {
        let mut tx = self.writer.begin().await?;
        let version: i64 = sqlx::query_scalar(
            "UPDATE sites SET compliance_version = compliance_version + 1 WHERE key = ? \
             RETURNING compliance_version",
        )
        .bind(site)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        for (locale, rules) in edits {
            sqlx::query("DELETE FROM compliance_rules WHERE site_key = ? AND locale = ?")
                .bind(site)
                .bind(locale)
                .execute(&mut *tx)
                .await?;
            for r in rules {
                sqlx::query(
                    "INSERT OR REPLACE INTO compliance_rules (site_key, locale, phrase, action) \
                     VALUES (?, ?, ?, ?)",
                )
                .bind(site)
                .bind(locale)
                .bind(&r.phrase)
                .bind(match r.action {
                    RuleAction::Block => "block",
                    RuleAction::Warn => "warn",
                })
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(version)
    }

    async fn mark_visitor_delivered(&self, id: i64, seq: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "UPDATE conversations SET visitor_delivered_seq = \
             MAX(visitor_delivered_seq, MIN(?, last_seq)) WHERE id = ? RETURNING visitor_delivered_seq",
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
             agent_delivered_seq = MAX(agent_delivered_seq, MIN(?1, last_seq)), \
             agent_read_seq = CASE WHEN ?2 THEN MAX(agent_read_seq, MIN(?1, last_seq)) \
                                   ELSE agent_read_seq END \
             WHERE id = ?3 RETURNING agent_delivered_seq, agent_read_seq",
        )
        .bind(seq)
        .bind(read)
        .bind(id)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok((row.try_get(0)?, row.try_get(1)?))
    }
}
