//! What an admin changes from the staff page, as use cases: each checks the
//! rule (in `domain::access`), saves, writes the audit line and tells the
//! desks, so a new route cannot skip any of it. The HTTP layer only parses
//! forms and answers.

use parley_app::error::ErrorCode;
use parley_app::protocol::{AgentProfile, StaffRole};

use crate::domain::access;
use crate::events::HubEvent;
use crate::services::{audit, desk, routing};
use crate::state::{AppState, now_ms};
use crate::storage::{AgentRouting, StoreError};

/// Why an admin's change did not happen.
#[derive(Debug)]
pub enum AdminError {
    /// Refused, with the code the page shows (not found, forbidden, taken).
    Refused(ErrorCode),
    /// Storage failed (logged; the client gets `internal`).
    Store(StoreError),
}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AdminError::Refused(ErrorCode::NotFound),
            other => AdminError::Store(other),
        }
    }
}

/// One locale's text (`None` removes it).
pub type LocaleText = (&'static str, Option<String>);

/// Saves a canned reply's texts for `site` and sends every desk the site's
/// replies.
pub async fn save_canned(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    key: &str,
    texts: &[LocaleText],
) -> Result<(), AdminError> {
    let kind = format!("{}{key}", parley_app::canned::KIND_PREFIX);
    for (locale, text) in texts {
        state
            .store
            .set_site_text(site, &kind, locale, text.as_deref())
            .await?;
    }
    let found = state
        .store
        .sites()
        .await?
        .into_iter()
        .find(|s| s.key == site)
        .ok_or(AdminError::Refused(ErrorCode::NotFound))?;
    let all = desk::site_canned(state, &found).await?;
    tracing::info!(admin = admin.id, %site, %key, "canned reply saved");
    state.hub.publish_desks(HubEvent::Canned(all));
    Ok(())
}

/// Replaces a site's compliance rules for the given locales and sends every
/// desk the new policy.
pub async fn save_compliance(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    edits: &[(&str, Vec<parley_app::compliance::PhraseRule>)],
) -> Result<(), AdminError> {
    state.store.set_compliance_rules(site, edits).await?;
    let policy = state.store.compliance_policy(site).await?;
    tracing::info!(admin = admin.id, %site, version = policy.version, "compliance rules changed");
    state.hub.publish_desks(HubEvent::Compliance {
        site: site.to_owned(),
        policy,
    });
    Ok(())
}

/// Sets an agent's routing profile, if the new site list is within the
/// admin's reach; audited, published, and routing re-run.
pub async fn change_routing(
    state: &AppState,
    admin: &AgentProfile,
    id: i64,
    profile: &AgentRouting,
) -> Result<(), AdminError> {
    // The gate checked the account is within reach; the new list must be too.
    let target = state.store.agent(id).await?;
    if !access::may_assign_sites(admin, &target, &profile.sites) {
        tracing::warn!(admin = admin.id, agent = id, sites = ?profile.sites, "site list outside the admin's sites refused");
        return Err(AdminError::Refused(ErrorCode::Forbidden));
    }
    let mut saved = state.store.set_agent_routing(id, profile).await?;
    tracing::info!(admin = admin.id, agent = id, sites = ?profile.sites, "routing profile changed");
    audit::record(
        state,
        audit::Entry::by(admin, "setting_changed").detail(
            serde_json::json!({ "setting": "staff_profile", "target": id, "sites": profile.sites }),
        ),
    )
    .await;
    saved.connected = state.is_connected(id);
    state.hub.publish_desks(HubEvent::Staff(saved));
    routing::spawn_dispatch_all(state);
    Ok(())
}

/// A new staff account (its password already hashed).
pub struct NewAccount {
    /// Sign-in e-mail.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Argon2 PHC string.
    pub password_hash: String,
    /// Role.
    pub role: StaffRole,
    /// Sites (empty: the admin's own, or every site for an all-sites admin).
    pub sites: Vec<String>,
}

/// Creates a staff account, if the role and sites are within the admin's
/// reach; audited and published.
pub async fn create_account(
    state: &AppState,
    admin: &AgentProfile,
    mut account: NewAccount,
) -> Result<AgentProfile, AdminError> {
    // An admin of some sites creates staff for those sites unless told which.
    if account.sites.is_empty() {
        account.sites = admin.sites.clone();
    }
    let (role, sites) = (account.role, &account.sites);
    if !access::may_create_account(admin, role, sites) {
        tracing::warn!(
            admin = admin.id,
            role = role.as_str(),
            ?sites,
            "account outside the admin's reach refused"
        );
        return Err(AdminError::Refused(ErrorCode::Forbidden));
    }
    let agent = match state
        .store
        .create_agent(
            &account.email,
            &account.name,
            &account.password_hash,
            role,
            sites,
            now_ms(),
        )
        .await
    {
        Ok(agent) => agent,
        Err(StoreError::Conflict) => return Err(AdminError::Refused(ErrorCode::EmailTaken)),
        Err(e) => return Err(e.into()),
    };
    tracing::info!(
        admin = admin.id,
        agent = agent.id,
        role = role.as_str(),
        "staff account created"
    );
    audit::record(
        state,
        audit::Entry::by(admin, "staff_created").detail(
            serde_json::json!({ "target": agent.id, "role": role.as_str(), "sites": sites }),
        ),
    )
    .await;
    state.hub.publish_desks(HubEvent::Staff(agent.clone()));
    Ok(agent)
}

/// Whether account `id` exists and `admin` may act on it (an unknown id is
/// out of reach, like an account of other sites).
pub async fn account_in_reach(
    state: &AppState,
    admin: &AgentProfile,
    id: i64,
) -> Result<bool, StoreError> {
    match state.store.agent(id).await {
        Ok(target) => Ok(access::may_manage_account(admin, &target)),
        Err(StoreError::NotFound) => Ok(false),
        Err(e) => Err(e),
    }
}
