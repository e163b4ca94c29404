//! The site directory the pages and the embed headers read: each site's
//! widget configuration (texts, languages, topics, fees) and its allowed
//! origins (`frame-ancestors`), reloaded from storage after every change;
//! and an admin's changes to a site's languages and texts, audited.

use std::collections::HashMap;
use std::sync::atomic::Ordering;

use parley_app::api::WidgetConfig;
use parley_app::protocol::AgentProfile;

use crate::services::audit;
use crate::services::workflow::country_codes;
use crate::state::AppState;
use crate::storage::StoreError;

/// Sets the languages `site` offers and its default; its texts are kept
/// (the texts page marks the ones a newly offered language lacks).
/// `NotFound` for an unknown site.
pub async fn set_languages(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    languages: Vec<String>,
    default_locale: String,
) -> Result<(), StoreError> {
    let mut record = state
        .store
        .sites()
        .await?
        .into_iter()
        .find(|s| s.key == site)
        .ok_or(StoreError::NotFound)?;
    let detail = serde_json::json!({ "languages": &languages, "default": &default_locale });
    record.languages = languages;
    record.default_locale = default_locale;
    state.store.upsert_site(&record, state.clock.now()).await?;
    tracing::info!(agent = admin.id, %site, "site languages changed");
    audit::record(
        state,
        audit::Entry::by(admin, "site_languages_changed")
            .site(site)
            .detail(detail),
    )
    .await;
    Ok(())
}

/// Sets (or, with `None`, removes) operator texts of `site`: each edit is
/// (kind, locale, text).
pub async fn set_texts(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    edits: &[(&str, &str, Option<String>)],
) -> Result<(), StoreError> {
    for (kind, locale, body) in edits {
        state
            .store
            .set_site_text(site, kind, locale, body.as_deref())
            .await?;
    }
    tracing::info!(agent = admin.id, %site, "site texts changed");
    let changed: Vec<String> = edits.iter().map(|(k, l, _)| format!("{k}.{l}")).collect();
    audit::record(
        state,
        audit::Entry::by(admin, "site_texts_changed")
            .site(site)
            .detail(serde_json::json!({ "texts": changed })),
    )
    .await;
    Ok(())
}

/// Loads every site into the page directory and the enabled ones'
/// origins into the `frame-ancestors` map, replacing what was there.
pub async fn reload(state: &AppState) -> Result<(), StoreError> {
    // Read the mark first: a change made while loading is caught next time.
    let mark = state.store.sites_changed_at().await?;
    let mut configs = Vec::new();
    let mut origins = HashMap::new();
    for site in state.store.sites().await? {
        if site.enabled {
            origins.insert(site.key.clone(), site.allowed_origins.clone());
        }
        configs.push(WidgetConfig {
            categories: state
                .store
                .categories(&site.key)
                .await?
                .into_iter()
                .map(|c| c.category)
                .collect(),
            countries: country_codes().iter().map(|c| (*c).to_owned()).collect(),
            fees: state.store.fee_lines(&site.key).await?,
            tracking: state.store.order_lookup(&site.key).await?.is_some(),
            site: site.key,
            name: site.name,
            greetings: site.greetings,
            away: site.away,
            confirm: site.confirm,
            rating: site.rating,
            default_locale: site.default_locale,
            languages: site.languages,
            launcher: site.launcher,
            accent: site.accent,
            position: site.position.as_str().to_owned(),
            enabled: site.enabled,
        });
    }
    state.sites.replace(configs);
    state.site_rules.drop_all();
    if let Ok(mut m) = state.site_origins.write() {
        *m = origins;
    }
    state.sites_loaded.fetch_max(mark, Ordering::SeqCst);
    Ok(())
}

/// Marks `site`'s directory entry changed (for every server) and reloads
/// this server's.
pub async fn changed(state: &AppState, site: &str) -> Result<(), StoreError> {
    state.store.touch_site(site, state.clock.now()).await?;
    reload(state).await
}

/// How often a server checks whether another changed a site.
pub const FOLLOW_EVERY_MS: i64 = 2000;

/// Keeps this server's directory current with changes made on others:
/// every [`FOLLOW_EVERY_MS`], reloads when the store's change mark moved.
pub async fn follow(state: AppState) {
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(FOLLOW_EVERY_MS as u64)).await;
        match state.store.sites_changed_at().await {
            Ok(mark) if mark > state.sites_loaded.load(Ordering::SeqCst) => {
                tracing::info!(mark, "sites changed elsewhere: reloading");
                if let Err(e) = reload(&state).await {
                    tracing::error!(error = %e, "reloading sites");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "checking for site changes"),
        }
    }
}
