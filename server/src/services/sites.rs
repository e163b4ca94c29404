//! A business's sites, as an admin manages them on `/desk/sites`: add one
//! (a random public key; the translated default texts), change its name,
//! allowed host-page origins, accent colour, launcher position and label,
//! and whether a verified identity is required, and disable or enable it.
//! The rules are [`crate::domain::site`] and [`crate::domain::access`];
//! every change is audited and takes effect on every server without a
//! restart (see [`site_directory`]).

use parley_app::api::{SiteAdminView, SitesView};
use parley_app::error::ErrorCode;
use parley_app::i18n::{LOCALES, lookup};
use parley_app::locale::SHIPPED;
use parley_app::protocol::{AgentProfile, StaffRole};
use rand::RngCore;

use crate::domain::access::{may_administer_site, may_create_site, may_manage_account, serves};
use crate::domain::site::{self, LauncherPosition};
use crate::services::workflow::Refusal;
use crate::services::{audit, customer_data, site_directory, staff_admin};
use crate::state::AppState;
use crate::storage::{AgentRouting, Site, StoreError};

/// Longest launcher label, in characters.
pub const MAX_LABEL_CHARS: usize = 40;

/// Fluent message `id` in every shipped locale, as site texts.
pub fn translated(id: &str) -> Vec<(String, String)> {
    LOCALES
        .iter()
        .map(|l| ((*l).to_owned(), lookup(l, id)))
        .collect()
}

/// A new site's public key: 12 random hex digits after `s-` (48 bits:
/// not guessable from another site's key).
fn new_key() -> String {
    let mut raw = [0u8; 6];
    rand::rng().fill_bytes(&mut raw);
    format!("s-{}", hex::encode(raw))
}

/// Adds a site named `name`, enabled, embeddable nowhere until its origins
/// are set, with the translated default greeting, away, confirmation and
/// rating texts; its key.
pub async fn create(state: &AppState, admin: &AgentProfile, name: &str) -> Result<String, Refusal> {
    if !may_create_site(admin) {
        return Err(ErrorCode::Forbidden.into());
    }
    let name = site::site_name(name).map_err(|code| Refusal {
        code,
        field: Some("name".into()),
    })?;
    let now = state.clock.now();
    let mut tries = 0;
    let key = loop {
        let record = Site {
            key: new_key(),
            name: name.clone(),
            greetings: translated("widget-greeting-default"),
            away: translated("widget-staff-offline"),
            confirm: translated("widget-confirm-question"),
            rating: translated("widget-rating-question"),
            ..Site::default()
        };
        match state.store.create_site(&record, now).await {
            Ok(()) => break record.key,
            Err(StoreError::Conflict) if tries < 3 => tries += 1,
            Err(e) => return Err(e.into()),
        }
    };
    site_directory::reload(state).await?;
    tracing::info!(admin = admin.id, %key, "site created");
    audit::record(
        state,
        audit::Entry::by(admin, "site_created")
            .site(&key)
            .detail(serde_json::json!({ "name": name })),
    )
    .await;
    Ok(key)
}

/// A site's settings as the form sends them.
#[derive(Debug, Clone, Default)]
pub struct SiteSettings {
    /// Display name.
    pub name: String,
    /// Allowed host-page origins, one per line.
    pub origins: String,
    /// Accent colour, `#rgb` or `#rrggbb`.
    pub accent: String,
    /// `end` or `start`.
    pub position: String,
    /// The launcher's label per shipped locale; blank removes it.
    pub launcher: Vec<(String, String)>,
    /// Whether customers must carry a verified identity.
    pub identity_required: bool,
}

/// The settings checked: the stored site with them applied, or the first
/// refusal with the field it concerns.
pub fn apply(current: &Site, form: &SiteSettings) -> Result<Site, Refusal> {
    let refuse = |code: ErrorCode, field: &str| Refusal {
        code,
        field: Some(field.to_owned()),
    };
    let name = site::site_name(&form.name).map_err(|c| refuse(c, "name"))?;
    let origins = site::parse_origins(&form.origins).map_err(|bad| Refusal {
        code: ErrorCode::OriginInvalid,
        field: Some(bad.entry.chars().take(200).collect()),
    })?;
    let accent = site::accent(&form.accent).map_err(|c| refuse(c, "accent"))?;
    let position = LauncherPosition::parse(&form.position)
        .ok_or_else(|| refuse(ErrorCode::ConfigInvalid, "position"))?;
    let mut launcher = Vec::new();
    for (locale, label) in &form.launcher {
        let Some(locale) = SHIPPED.iter().find(|l| **l == locale.as_str()) else {
            return Err(refuse(ErrorCode::ConfigInvalid, "launcher"));
        };
        let label = label.trim();
        if label.chars().count() > MAX_LABEL_CHARS || label.chars().any(char::is_control) {
            return Err(refuse(
                ErrorCode::TextTooLong,
                &format!("launcher.{locale}"),
            ));
        }
        if !label.is_empty() {
            launcher.push(((*locale).to_owned(), label.to_owned()));
        }
    }
    Ok(Site {
        name,
        allowed_origins: origins,
        accent,
        position,
        launcher,
        ..current.clone()
    })
}

/// Saves `site`'s settings; audited with what changed.
pub async fn save(
    state: &AppState,
    admin: &AgentProfile,
    key: &str,
    form: &SiteSettings,
) -> Result<(), Refusal> {
    let current = administered(state, admin, key).await?;
    let updated = apply(&current, form)?;
    let now = state.clock.now();
    state.store.upsert_site(&updated, now).await?;
    // Labels left blank are removed (the upsert keeps texts it does not list).
    for (locale, _) in &current.launcher {
        if !updated.launcher.iter().any(|(l, _)| l == locale) {
            state
                .store
                .set_site_text(key, "launcher", locale, None)
                .await?;
        }
    }
    let (_, was_required) = state.store.site_identity(key).await?;
    if was_required != form.identity_required {
        customer_data::set_identity(state, key, form.identity_required, false).await?;
    }
    site_directory::changed(state, key).await?;
    let mut changed = Vec::new();
    if current.name != updated.name {
        changed.push("name");
    }
    if current.allowed_origins != updated.allowed_origins {
        changed.push("origins");
    }
    if current.accent != updated.accent {
        changed.push("accent");
    }
    if current.position != updated.position {
        changed.push("position");
    }
    if current.launcher != updated.launcher {
        changed.push("launcher");
    }
    if was_required != form.identity_required {
        changed.push("identity_required");
    }
    tracing::info!(admin = admin.id, site = %key, ?changed, "site settings changed");
    audit::record(
        state,
        audit::Entry::by(admin, "site_changed")
            .site(key)
            .detail(serde_json::json!({
                "changed": changed,
                "origins": updated.allowed_origins,
                "accent": updated.accent,
                "position": updated.position.as_str(),
                "identity_required": form.identity_required,
            })),
    )
    .await;
    Ok(())
}

/// Disables (the widget stops loading; history and settings stay) or
/// enables `site`; audited.
pub async fn set_enabled(
    state: &AppState,
    admin: &AgentProfile,
    key: &str,
    enabled: bool,
) -> Result<(), Refusal> {
    let current = administered(state, admin, key).await?;
    if current.enabled == enabled {
        return Ok(());
    }
    let updated = Site { enabled, ..current };
    state.store.upsert_site(&updated, state.clock.now()).await?;
    site_directory::reload(state).await?;
    let action = if enabled {
        "site_enabled"
    } else {
        "site_disabled"
    };
    tracing::info!(admin = admin.id, site = %key, enabled, "site availability changed");
    audit::record(state, audit::Entry::by(admin, action).site(key)).await;
    Ok(())
}

/// Sets who of the staff `admin` manages works for `key`: those in `chosen`
/// are added to it, the others removed (with their teams of this site).
/// An all-sites account removed from one site keeps every other. Each
/// change goes through [`staff_admin::change_routing`] (the tenancy rule,
/// the audit line, routing re-run). Refused with `profile_invalid` (and the
/// account's e-mail) when someone would be left with no site at all.
pub async fn set_staff(
    state: &AppState,
    admin: &AgentProfile,
    key: &str,
    chosen: &[i64],
) -> Result<usize, Refusal> {
    administered(state, admin, key).await?;
    let every_site: Vec<String> = state
        .store
        .sites()
        .await?
        .into_iter()
        .map(|s| s.key)
        .collect();
    let site_teams: Vec<i64> = state.store.teams(key).await?.iter().map(|t| t.id).collect();
    let mut changes = Vec::new();
    for agent in manageable_staff(state, admin).await? {
        let works_here = serves(&agent.sites, key);
        let wanted = chosen.contains(&agent.id);
        if works_here == wanted {
            continue;
        }
        let (sites, teams) = if wanted {
            let mut sites = agent.sites.clone();
            sites.push(key.to_owned());
            (sites, agent.teams.clone())
        } else {
            let from = if agent.sites.is_empty() {
                &every_site
            } else {
                &agent.sites
            };
            let sites: Vec<String> = from.iter().filter(|s| *s != key).cloned().collect();
            if sites.is_empty() {
                return Err(Refusal {
                    code: ErrorCode::ProfileInvalid,
                    field: Some(agent.email.clone()),
                });
            }
            let teams = agent
                .teams
                .iter()
                .copied()
                .filter(|t| !site_teams.contains(t))
                .collect();
            (sites, teams)
        };
        changes.push((
            agent.id,
            AgentRouting {
                languages: agent.languages,
                skills: agent.skills,
                capacity: agent.capacity,
                teams,
                sites,
            },
        ));
    }
    for (id, routing) in &changes {
        staff_admin::change_routing(state, admin, *id, routing)
            .await
            .map_err(|e| match e {
                staff_admin::AdminError::Refused(code) => Refusal::from(code),
                staff_admin::AdminError::Store(e) => Refusal::from(e),
            })?;
    }
    Ok(changes.len())
}

/// The staff accounts `admin` may assign to sites: those they manage, not
/// themselves, not admins.
async fn manageable_staff(
    state: &AppState,
    admin: &AgentProfile,
) -> Result<Vec<AgentProfile>, StoreError> {
    Ok(state
        .store
        .agents()
        .await?
        .into_iter()
        .filter(|a| a.id != admin.id && a.role != StaffRole::Admin && may_manage_account(admin, a))
        .collect())
}

/// What `/desk/sites` shows `admin`: the sites they administer (disabled
/// ones too) with their settings, and whether they may add one.
pub async fn overview(state: &AppState, admin: &AgentProfile) -> Result<SitesView, StoreError> {
    let mut sites = Vec::new();
    for site in state.store.sites().await? {
        if !may_administer_site(admin, &site.key) {
            continue;
        }
        let Some(config) = state.sites.get(&site.key) else {
            continue;
        };
        let (secret, identity_required) = state.store.site_identity(&site.key).await?;
        sites.push(SiteAdminView {
            config,
            origins: site.allowed_origins,
            identity_required,
            identity_secret_set: secret.is_some(),
        });
    }
    Ok(SitesView {
        sites,
        may_create: may_create_site(admin),
        origin: state.settings.public_origin.clone(),
        staff: manageable_staff(state, admin).await?,
    })
}

/// The stored site `key` if `admin` administers it (`not_found` otherwise:
/// an admin of other sites learns nothing of it).
pub async fn administered(
    state: &AppState,
    admin: &AgentProfile,
    key: &str,
) -> Result<Site, Refusal> {
    if !may_administer_site(admin, key) {
        return Err(ErrorCode::NotFound.into());
    }
    state
        .store
        .sites()
        .await?
        .into_iter()
        .find(|s| s.key == key)
        .ok_or_else(|| ErrorCode::NotFound.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> SiteSettings {
        SiteSettings {
            name: " Acme ".into(),
            origins: "https://shop.acme.example\nhttps://*.acme.example".into(),
            accent: "#0B5D1E".into(),
            position: "start".into(),
            launcher: vec![("en".into(), " Ask Acme ".into()), ("de".into(), "".into())],
            identity_required: false,
        }
    }

    #[test]
    fn a_valid_form_becomes_the_site() {
        let current = Site {
            key: "s-1".into(),
            greetings: vec![("en".into(), "Hi".into())],
            ..Site::default()
        };
        let site = apply(&current, &form()).unwrap();
        assert_eq!(site.key, "s-1");
        assert_eq!(site.name, "Acme");
        assert_eq!(
            site.allowed_origins,
            ["https://shop.acme.example", "https://*.acme.example"]
        );
        assert_eq!(site.accent, "#0b5d1e");
        assert_eq!(site.position, LauncherPosition::Start);
        assert_eq!(site.launcher, vec![("en".into(), "Ask Acme".into())]);
        assert_eq!(site.greetings, current.greetings, "texts are kept");
    }

    #[test]
    fn each_bad_field_is_refused_by_name() {
        let current = Site::default();
        let refused = |f: SiteSettings| apply(&current, &f).unwrap_err();
        let r = refused(SiteSettings {
            origins: "https://ok.example\nhttp://plain.example".into(),
            ..form()
        });
        assert_eq!(r.code, ErrorCode::OriginInvalid);
        assert_eq!(r.field.as_deref(), Some("http://plain.example"));
        let r = refused(SiteSettings {
            accent: "#eeeeee".into(),
            ..form()
        });
        assert_eq!(
            (r.code, r.field.as_deref()),
            (ErrorCode::ContrastTooLow, Some("accent"))
        );
        let r = refused(SiteSettings {
            name: "".into(),
            ..form()
        });
        assert_eq!(
            (r.code, r.field.as_deref()),
            (ErrorCode::SiteNameInvalid, Some("name"))
        );
        let r = refused(SiteSettings {
            position: "top".into(),
            ..form()
        });
        assert_eq!(
            (r.code, r.field.as_deref()),
            (ErrorCode::ConfigInvalid, Some("position"))
        );
        let r = refused(SiteSettings {
            launcher: vec![("en".into(), "x".repeat(MAX_LABEL_CHARS + 1))],
            ..form()
        });
        assert_eq!(
            (r.code, r.field.as_deref()),
            (ErrorCode::TextTooLong, Some("launcher.en"))
        );
        let r = refused(SiteSettings {
            launcher: vec![("xx".into(), "Hi".into())],
            ..form()
        });
        assert_eq!(r.code, ErrorCode::ConfigInvalid);
    }

    #[test]
    fn keys_look_like_site_keys_and_differ() {
        let (a, b) = (new_key(), new_key());
        assert!(site::is_site_key(&a), "{a}");
        assert_ne!(a, b);
    }
}
