//! A site's SLA targets, teams and topics, read through the per-node cache
//! (`AppState::site_rules`): every workflow step and case panel needs them,
//! and they change only through the setup page (which reloads the site
//! directory, and with it drops the cache).

use std::sync::Arc;

use crate::state::{AppState, SiteRules};
use crate::storage::{StoreError, Team};

/// The rules of `site`, from the cache or read from storage.
pub async fn of(state: &AppState, site: &str) -> Result<Arc<SiteRules>, StoreError> {
    if let Some(rules) = state.site_rules.get(site) {
        return Ok(rules);
    }
    let generation = state.site_rules.generation();
    let rules = Arc::new(SiteRules {
        policy: state.store.sla_policy(site).await?,
        teams: state.store.teams(site).await?,
        categories: state.store.categories(site).await?,
    });
    state.site_rules.keep(site, rules.clone(), generation);
    Ok(rules)
}

/// Team `id`, from its site's rules when it is one of that site's teams.
pub async fn team(state: &AppState, site: &str, id: i64) -> Result<Team, StoreError> {
    match of(state, site).await?.teams.iter().find(|t| t.id == id) {
        Some(t) => Ok(t.clone()),
        None => state.store.team(id).await,
    }
}
