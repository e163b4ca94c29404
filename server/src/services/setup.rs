//! Saving a site's setup (teams, topics, targets) once the pure checks in
//! [`crate::domain::setup`] passed: names are resolved to ids (escalation
//! contacts by e-mail, topics' teams by name) and written. Also what the
//! setup page shows: the current setup as the same JSON.

use parley_app::api::SetupView;

use crate::domain::setup::{FeeSetup, SetupError, TeamSetup, TopicSetup};
use crate::domain::sla::SlaPolicy;
use crate::state::AppState;
use crate::storage::{CategoryRecord, Store, StoreError, Team};

/// Why a setup could not be saved.
#[derive(Debug)]
pub enum SaveError {
    /// The admin's setup names something wrong.
    Invalid(SetupError),
    /// Storage failed.
    Store(StoreError),
}

impl From<StoreError> for SaveError {
    fn from(e: StoreError) -> Self {
        SaveError::Store(e)
    }
}

/// The part of a site's setup a form saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupPart {
    /// Regional teams: calendars and escalation contacts.
    Teams,
    /// Topics: intake forms, team, skill.
    Topics,
    /// SLA targets.
    Targets,
    /// The fee calculator's price lines.
    Fees,
    /// Compensation authority limits and exchange rates.
    Compensation,
    /// The complaint ledger's root causes.
    RootCauses,
}

impl SetupPart {
    /// The part a route names, if any.
    pub fn parse(s: &str) -> Option<SetupPart> {
        match s {
            "teams" => Some(SetupPart::Teams),
            "topics" => Some(SetupPart::Topics),
            "targets" => Some(SetupPart::Targets),
            "fees" => Some(SetupPart::Fees),
            "compensation" => Some(SetupPart::Compensation),
            "root_causes" => Some(SetupPart::RootCauses),
            _ => None,
        }
    }
}

/// Checks (with the pure rules of [`crate::domain::setup`]) and saves one
/// part of a site's setup from the JSON an admin edited, then reloads the
/// site directory (widgets and desks read topics from it).
pub async fn save_part(
    state: &crate::state::AppState,
    admin: &parley_app::protocol::AgentProfile,
    site: &str,
    default_locale: &str,
    part: SetupPart,
    text: &str,
) -> Result<(), SaveError> {
    use crate::domain::setup as rules;
    let store = state.store.as_ref();
    match part {
        SetupPart::Teams => {
            let teams = rules::parse_teams(text).map_err(SaveError::Invalid)?;
            save_teams(store, site, &teams).await?;
        }
        SetupPart::Topics => {
            let names: Vec<String> = store
                .teams(site)
                .await?
                .into_iter()
                .map(|t| t.name)
                .collect();
            let topics =
                rules::parse_topics(text, &names, default_locale).map_err(SaveError::Invalid)?;
            save_topics(store, site, &topics).await?;
        }
        SetupPart::Targets => {
            let policy = rules::parse_targets(text).map_err(SaveError::Invalid)?;
            store.set_sla_policy(site, &policy).await?;
        }
        SetupPart::Fees => {
            let lines = rules::parse_fees(text, default_locale).map_err(SaveError::Invalid)?;
            store.set_fee_lines(site, &lines).await?;
        }
        SetupPart::Compensation => {
            let (authority, rates) = rules::parse_compensation(text).map_err(SaveError::Invalid)?;
            save_compensation(state, admin, site, &authority, &rates).await?;
        }
        SetupPart::RootCauses => {
            let causes = rules::parse_root_causes(text).map_err(SaveError::Invalid)?;
            store.set_root_causes(site, &causes).await?;
        }
    }
    tracing::info!(admin = admin.id, %site, ?part, "site setup changed");
    if let Err(e) = crate::services::site_directory::changed(state, site).await {
        tracing::error!(error = %e, "reloading sites after a setup change");
    }
    Ok(())
}

/// Sets the authority limits and adds the new rates; a listed rate that
/// differs from the stored one of its currency and instant is refused
/// (rates are added, never changed), and stored ones not listed stay.
async fn save_compensation(
    state: &AppState,
    admin: &parley_app::protocol::AgentProfile,
    site: &str,
    authority: &crate::domain::compensation::Authority,
    rates: &[crate::domain::compensation::Rate],
) -> Result<(), SaveError> {
    let store = state.store.as_ref();
    let stored = store.rates(site).await?;
    let mut new = Vec::new();
    for (i, r) in rates.iter().enumerate() {
        match stored
            .iter()
            .find(|s| s.currency == r.currency && s.valid_from == r.valid_from)
        {
            Some(s) if s.reference_micros == r.reference_micros => {}
            Some(_) => {
                return Err(SaveError::Invalid(SetupError {
                    at: format!("compensation.rates[{i}].rate"),
                }));
            }
            None => new.push(r),
        }
    }
    let now = state.clock.now();
    store.set_compensation_authority(site, authority).await?;
    for r in new {
        store.set_rate(site, r, admin.id, now).await?;
        crate::services::audit::record(
            state,
            crate::services::audit::Entry::by(admin, "exchange_rate_added")
                .site(site)
                .detail(serde_json::json!({
                    "currency": r.currency,
                    "from": r.valid_from,
                    "reference_micros": r.reference_micros,
                })),
        )
        .await;
    }
    Ok(())
}

/// Adds or updates teams by name (teams missing from the list are kept:
/// conversations and topics may still use them).
pub async fn save_teams(
    store: &dyn Store,
    site: &str,
    teams: &[TeamSetup],
) -> Result<(), SaveError> {
    let staff = store.agents().await?;
    let by_email = |email: &Option<String>, at: String| -> Result<Option<i64>, SaveError> {
        match email {
            None => Ok(None),
            Some(e) => staff
                .iter()
                .find(|a| a.email.eq_ignore_ascii_case(e.trim()))
                .map(|a| Some(a.id))
                .ok_or(SaveError::Invalid(SetupError { at })),
        }
    };
    let mut resolved = Vec::with_capacity(teams.len());
    for (i, t) in teams.iter().enumerate() {
        resolved.push(Team {
            id: 0,
            site: site.to_owned(),
            name: t.name.trim().to_owned(),
            calendar: t.calendar.clone(),
            supervisor_id: by_email(&t.supervisor, format!("teams[{i}].supervisor"))?,
            on_call_id: by_email(&t.on_call, format!("teams[{i}].on_call"))?,
        });
    }
    for team in &resolved {
        store.upsert_team(team).await?;
    }
    Ok(())
}

/// Replaces a site's topics; each team is named and must exist.
pub async fn save_topics(
    store: &dyn Store,
    site: &str,
    topics: &[TopicSetup],
) -> Result<(), SaveError> {
    let teams = store.teams(site).await?;
    let mut records = Vec::with_capacity(topics.len());
    for (i, t) in topics.iter().enumerate() {
        let team = teams
            .iter()
            .find(|x| x.name == t.team)
            .ok_or(SaveError::Invalid(SetupError {
                at: format!("topics[{i}].team"),
            }))?;
        records.push(CategoryRecord {
            category: t.category.clone(),
            team_id: Some(team.id),
            skill: t.skill.clone().filter(|s| !s.trim().is_empty()),
        });
    }
    store.set_categories(site, &records).await?;
    Ok(())
}

/// The current setup as the JSON an admin edits.
pub async fn view(state: &AppState, site: &str) -> Result<SetupView, StoreError> {
    setup_json(state.store.as_ref(), site).await
}

/// [`view`] over a store.
pub async fn setup_json(store: &dyn Store, site: &str) -> Result<SetupView, StoreError> {
    let teams = store.teams(site).await?;
    let staff = store.agents().await?;
    let email = |id: Option<i64>| {
        id.and_then(|id| staff.iter().find(|a| a.id == id).map(|a| a.email.clone()))
    };
    let team_setup: Vec<TeamSetup> = teams
        .iter()
        .map(|t| TeamSetup {
            name: t.name.clone(),
            calendar: t.calendar.clone(),
            supervisor: email(t.supervisor_id),
            on_call: email(t.on_call_id),
        })
        .collect();
    let topics: Vec<TopicSetup> = store
        .categories(site)
        .await?
        .into_iter()
        .map(|c| TopicSetup {
            team: c
                .team_id
                .and_then(|id| teams.iter().find(|t| t.id == id).map(|t| t.name.clone()))
                .unwrap_or_default(),
            skill: c.skill,
            category: c.category,
        })
        .collect();
    let targets: SlaPolicy = store.sla_policy(site).await?;
    let fees: Vec<FeeSetup> = store
        .fee_lines(site)
        .await?
        .iter()
        .map(FeeSetup::from)
        .collect();
    let compensation = crate::domain::setup::CompensationSetup::of(
        &store.compensation_authority(site).await?,
        &store.rates(site).await?,
    );
    let pretty = |v: serde_json::Result<String>| v.map_err(|e| StoreError::Backend(e.to_string()));
    Ok(SetupView {
        site: site.to_owned(),
        teams: pretty(serde_json::to_string_pretty(&team_setup))?,
        topics: pretty(serde_json::to_string_pretty(&topics))?,
        targets: pretty(serde_json::to_string_pretty(&targets))?,
        fees: pretty(serde_json::to_string_pretty(&fees))?,
        compensation: pretty(serde_json::to_string_pretty(&compensation))?,
        root_causes: pretty(serde_json::to_string_pretty(
            &store.root_causes(site).await?,
        ))?,
        staff: staff
            .iter()
            .filter(|a| crate::domain::access::serves(&a.sites, site))
            .map(|a| (a.email.clone(), a.name.clone()))
            .collect(),
        time_zones: chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name().to_owned())
            .collect(),
    })
}
