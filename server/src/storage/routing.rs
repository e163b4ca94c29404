//! Teams and their calendars, categories, SLA policies, agent routing and
//! presence, and clock alerts.
//!
//! Part of [`Store`](super::Store); the SQLite implementation is in
//! `sqlite/routing.rs`.

use async_trait::async_trait;
use parley_app::intake::Category;
use parley_app::protocol::{AgentProfile, Availability, ClockKind};

use crate::domain::calendar::CalendarSpec;
use crate::domain::routing::{Candidate, Waiting};
use crate::domain::sla::SlaPolicy;

use super::StoreResult;

/// A regional team: its queue and its business calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// Display name, e.g. `APAC`.
    pub name: String,
    /// Opening hours.
    pub calendar: CalendarSpec,
    /// Receives escalations.
    pub supervisor_id: Option<i64>,
    /// Receives escalations for urgent gaps.
    pub on_call_id: Option<i64>,
}

/// A category with where its conversations go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRecord {
    /// Name, form, priority.
    pub category: Category,
    /// Team whose queue and calendar its conversations use.
    pub team_id: Option<i64>,
    /// Skill an agent needs to be routed these conversations.
    pub skill: Option<String>,
}

/// A clock whose warning or deadline has passed and has not been announced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingAlert {
    /// Conversation.
    pub conversation_id: i64,
    /// Its team.
    pub team_id: Option<i64>,
    /// Clock.
    pub kind: ClockKind,
    /// Past the deadline (else past the warning).
    pub breached: bool,
    /// The deadline.
    pub due_at: i64,
}

/// What an admin sets for an agent's routing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentRouting {
    /// Locales they answer in.
    pub languages: Vec<String>,
    /// Skills.
    pub skills: Vec<String>,
    /// Most conversations at once.
    pub capacity: u32,
    /// Team ids (replacing the current memberships).
    pub teams: Vec<i64>,
    /// Sites they work for (empty: every site).
    pub sites: Vec<String>,
}

/// Teams and their calendars, categories, SLA policies, agent routing and
/// presence, and clock alerts.
#[async_trait]
pub trait RoutingStore: Send + Sync {
    /// A site's teams.
    async fn teams(&self, site: &str) -> StoreResult<Vec<Team>>;
    /// One team.
    async fn team(&self, id: i64) -> StoreResult<Team>;
    /// Creates or updates a team by (site, name); returns its id.
    async fn upsert_team(&self, team: &Team) -> StoreResult<i64>;
    /// A site's categories in display order.
    async fn categories(&self, site: &str) -> StoreResult<Vec<CategoryRecord>>;
    /// Replaces a site's categories.
    async fn set_categories(&self, site: &str, categories: &[CategoryRecord]) -> StoreResult<()>;
    /// A site's SLA targets.
    async fn sla_policy(&self, site: &str) -> StoreResult<SlaPolicy>;
    /// Sets a site's SLA targets.
    async fn set_sla_policy(&self, site: &str, policy: &SlaPolicy) -> StoreResult<()>;
    /// Sets an agent's availability; returns the profile.
    async fn set_availability(
        &self,
        agent_id: i64,
        availability: Availability,
    ) -> StoreResult<AgentProfile>;
    /// Sets an agent's languages, skills, capacity and teams; returns the profile.
    async fn set_agent_routing(
        &self,
        agent_id: i64,
        routing: &AgentRouting,
    ) -> StoreResult<AgentProfile>;
    /// What routing needs for a site: the staff who could take its
    /// conversations (members of its teams, dedicated owners of its
    /// customers) with their current load and availability, and its
    /// unowned open conversations.
    async fn routing_snapshot(&self, site: &str) -> StoreResult<(Vec<Candidate>, Vec<Waiting>)>;
    /// Records that routing gave `agent_id` a conversation at `now`.
    async fn touch_assigned(&self, agent_id: i64, now: i64) -> StoreResult<()>;

    /// Running clocks whose warning or deadline is at or before `now` and
    /// not yet announced.
    async fn pending_alerts(&self, now: i64) -> StoreResult<Vec<PendingAlert>>;
    /// Records that an alert went out (and flags a breach on the conversation).
    async fn mark_alerted(&self, alert: &PendingAlert) -> StoreResult<()>;
    /// The earliest unannounced warning or deadline after `now`.
    async fn next_alert_at(&self, now: i64) -> StoreResult<Option<i64>>;
}
