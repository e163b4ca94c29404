//! The site directory the pages and the embed headers read: each site's
//! widget configuration (texts, languages, topics, fees) and its allowed
//! origins (`frame-ancestors`), reloaded from storage after every change;
//! and an admin's changes to a site's languages and texts, audited.

use parley_app::api::WidgetConfig;
use parley_app::protocol::AgentProfile;

use crate::services::audit;
use crate::services::workflow::country_codes;
use crate::state::AppState;
use crate::storage::StoreError;

/// Sets the languages `site` offers and its default. The greetings, away
/// and confirmation texts are cleared (they were written for the old set).
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
    record.greetings.clear();
    record.away.clear();
    record.confirm.clear();
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

/// Loads every site into the page directory and the `frame-ancestors` map.
pub async fn reload(state: &AppState) -> Result<(), StoreError> {
    for site in state.store.sites().await? {
        state.sites.insert(WidgetConfig {
            site: site.key.clone(),
            name: site.name.clone(),
            greetings: site.greetings.clone(),
            away: site.away.clone(),
            confirm: site.confirm.clone(),
            rating: site.rating.clone(),
            default_locale: site.default_locale.clone(),
            languages: site.languages.clone(),
            categories: state
                .store
                .categories(&site.key)
                .await?
                .into_iter()
                .map(|c| c.category)
                .collect(),
            countries: country_codes().iter().map(|c| (*c).to_owned()).collect(),
            fees: state.store.fee_lines(&site.key).await?,
        });
        if let Ok(mut m) = state.site_origins.write() {
            m.insert(site.key.clone(), site.allowed_origins.clone());
        }
    }
    Ok(())
}
