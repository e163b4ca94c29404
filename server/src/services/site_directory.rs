//! The site directory the pages and the embed headers read: each site's
//! widget configuration (texts, languages, topics, fees) and its allowed
//! origins (`frame-ancestors`), reloaded from storage after every change.

use parley_app::api::WidgetConfig;

use crate::services::workflow::country_codes;
use crate::state::AppState;
use crate::storage::StoreError;

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
