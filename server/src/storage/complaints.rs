//! The complaint ledger: one complaint per conversation with its steps'
//! times, owner, root cause and result; every step appended with who and
//! when (the database refuses to change one); alerts raised once per clock
//! and level; each site's root causes.
//!
//! Part of [`Store`](super::Store); the SQL implementation is in
//! `sql/complaints.rs`.

use async_trait::async_trait;
use parley_app::complaints::{RootCause, Severity};

use super::StoreResult;
use crate::domain::complaint::Steps;

/// A complaint to raise.
#[derive(Debug, Clone)]
pub struct NewComplaint<'a> {
    /// Site.
    pub site: &'a str,
    /// The conversation it is about (one complaint each).
    pub conversation_id: i64,
    /// Topic key.
    pub category: Option<&'a str>,
    /// What it is about.
    pub summary: &'a str,
    /// Ordinary or major.
    pub severity: Severity,
    /// The team whose calendar its clocks count on.
    pub team_id: Option<i64>,
    /// Who raised it (`None`: the complaint topic).
    pub raised_by: Option<i64>,
    /// When, Unix ms.
    pub now: i64,
}

/// A stored complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRecord {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Its conversation.
    pub conversation_id: i64,
    /// Topic key.
    pub category: Option<String>,
    /// What it is about.
    pub summary: String,
    /// Ordinary or major.
    pub severity: Severity,
    /// Who owns it.
    pub owner_id: Option<i64>,
    /// Its owner's name.
    pub owner_name: Option<String>,
    /// The team whose calendar its clocks count on.
    pub team_id: Option<i64>,
    /// Who raised it (`None`: the topic).
    pub raised_by: Option<i64>,
    /// When each step was done.
    pub steps: Steps,
    /// Root cause key, once closed.
    pub root_cause: Option<String>,
    /// The result, once resolved.
    pub result: String,
    /// Bumped by every change (optimistic concurrency).
    pub version: i64,
    /// The customer's short label (as the desk's list shows it).
    pub customer: String,
    /// The conversation's team now.
    pub conversation_team: Option<i64>,
    /// The conversation's assignee now.
    pub conversation_assignee: Option<i64>,
}

/// A step appended to a complaint's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintStep {
    /// `raised`, a step name, or `owner`.
    pub action: String,
    /// Who (`None`: Parley).
    pub agent_id: Option<i64>,
    /// Their name.
    pub agent_name: Option<String>,
    /// When, Unix ms.
    pub at: i64,
    /// What they wrote.
    pub note: String,
}

/// What the ledger's query asks for (storage filters; the access rule
/// filters the rows after).
#[derive(Debug, Clone, Default)]
pub struct ComplaintQuery {
    /// Sites (empty: every site).
    pub sites: Vec<String>,
    /// Raised at or after (Unix ms).
    pub from: Option<i64>,
    /// Raised before.
    pub until: Option<i64>,
    /// Only those not closed.
    pub open_only: bool,
    /// At most this many, newest first.
    pub limit: i64,
}

/// Complaints.
#[async_trait]
pub trait ComplaintStore: Send + Sync {
    /// Raises a complaint about a conversation (its step `raised` appended);
    /// if it has one already, that one (and `false`).
    async fn raise_complaint(&self, c: NewComplaint<'_>) -> StoreResult<(ComplaintRecord, bool)>;

    /// One complaint (`NotFound` when there is none).
    async fn complaint(&self, id: i64) -> StoreResult<ComplaintRecord>;

    /// The complaint about a conversation (its own or one it is linked
    /// to), if any.
    async fn complaint_of(&self, conversation_id: i64) -> StoreResult<Option<ComplaintRecord>>;

    /// Links a further conversation to complaint `id` (`Conflict` when
    /// that conversation already belongs to a complaint).
    async fn link_complaint(
        &self,
        id: i64,
        conversation_id: i64,
        agent_id: i64,
        at: i64,
    ) -> StoreResult<()>;

    /// The further conversations linked to complaint `id`, in link order.
    async fn complaint_links(&self, id: i64) -> StoreResult<Vec<i64>>;

    /// Complaints matching `q`, newest first.
    async fn complaints(&self, q: &ComplaintQuery) -> StoreResult<Vec<ComplaintRecord>>;

    /// Saves `next` (steps, owner, summary, severity, root cause, result)
    /// over the stored version `next.version` and appends `step`;
    /// `Conflict` when it changed meanwhile.
    async fn update_complaint(
        &self,
        next: &ComplaintRecord,
        step: &ComplaintStep,
    ) -> StoreResult<ComplaintRecord>;

    /// A complaint's history, oldest first.
    async fn complaint_steps(&self, id: i64) -> StoreResult<Vec<ComplaintStep>>;

    /// Records an alert on a complaint's clock (`false`: raised already).
    async fn mark_complaint_alert(
        &self,
        id: i64,
        clock: &str,
        breached: bool,
        at: i64,
    ) -> StoreResult<bool>;

    /// The alerts raised on a complaint, as `(clock, breached)`.
    async fn complaint_alerts(&self, id: i64) -> StoreResult<Vec<(String, bool)>>;

    /// A site's root causes (empty until an admin or the seed sets them).
    async fn root_causes(&self, site: &str) -> StoreResult<Vec<RootCause>>;

    /// Sets a site's root causes.
    async fn set_root_causes(&self, site: &str, causes: &[RootCause]) -> StoreResult<()>;

    /// Conversations of `site` opened in `[from, until)`.
    async fn conversations_opened(&self, site: &str, from: i64, until: i64) -> StoreResult<i64>;
}
