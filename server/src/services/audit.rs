//! The audit log (R-SEC3): an append-only record of staff actions. The
//! table refuses updates and deletes (triggers); this module only appends.
//! Details never carry personal data or secrets — ids, codes and counts.

use parley_app::protocol::AgentProfile;

use crate::state::AppState;
use crate::storage::AuditRecord;

/// An entry being built.
#[derive(Debug, Clone)]
pub struct Entry(AuditRecord);

impl Entry {
    /// An action of a staff member.
    pub fn by(agent: &AgentProfile, action: &str) -> Entry {
        Entry(AuditRecord {
            id: 0,
            at: 0,
            actor_id: Some(agent.id),
            actor: agent.email.clone(),
            action: action.to_owned(),
            site: None,
            conversation_id: None,
            detail: serde_json::json!({}),
            ip: None,
        })
    }

    /// An action of Parley itself (jobs, refusals before anyone is known).
    pub fn system(action: &str) -> Entry {
        Entry(AuditRecord {
            id: 0,
            at: 0,
            actor_id: None,
            actor: "system".into(),
            action: action.to_owned(),
            site: None,
            conversation_id: None,
            detail: serde_json::json!({}),
            ip: None,
        })
    }

    /// Names who tried (an e-mail typed at sign-in).
    pub fn actor(mut self, actor: &str) -> Entry {
        self.0.actor = actor.chars().take(254).collect();
        self
    }

    /// The account concerned.
    pub fn agent_id(mut self, id: Option<i64>) -> Entry {
        self.0.actor_id = id;
        self
    }

    /// The conversation (and its site) concerned.
    pub fn conversation(mut self, site: &str, id: i64) -> Entry {
        self.0.site = Some(site.to_owned());
        self.0.conversation_id = Some(id);
        self
    }

    /// The site concerned.
    pub fn site(mut self, site: &str) -> Entry {
        self.0.site = Some(site.to_owned());
        self
    }

    /// Details.
    pub fn detail(mut self, detail: serde_json::Value) -> Entry {
        self.0.detail = detail;
        self
    }

    /// Source address.
    pub fn ip(mut self, ip: Option<String>) -> Entry {
        self.0.ip = ip;
        self
    }
}

/// Appends `entry` at the state's `now`. A failure is logged loudly; the
/// action it records has already happened.
pub async fn record(state: &AppState, entry: Entry) {
    let mut e = entry.0;
    e.at = state.clock.now();
    if let Err(err) = state.store.audit(&e).await {
        tracing::error!(error = %err, action = %e.action, "audit log append failed");
    }
}
