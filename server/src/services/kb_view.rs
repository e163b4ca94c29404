//! What `/desk/kb` shows its editors: the site's collections and articles
//! (every version, drafts included) with each article's customer figures,
//! the chosen article's history with who did what, and the bot's results.

use parley_app::api::{KbArticleView, KbChangeView, KbCollectionView, KbVersionView, KbView};
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::domain::kb::may_edit_kb;
use crate::state::AppState;
use crate::storage::StoreError;

/// The figures' period.
const STATS_DAYS: i64 = 30;

fn internal(e: StoreError) -> ErrorCode {
    tracing::error!(error = %e, "knowledge-base page");
    ErrorCode::Internal
}

/// The page for `actor` (`site` empty: the first site they may edit).
pub async fn editor_view(
    state: &AppState,
    actor: &AgentProfile,
    site: &str,
    article: Option<i64>,
) -> Result<KbView, ErrorCode> {
    let sites: Vec<String> = state
        .sites
        .all()
        .into_iter()
        .map(|c| c.site)
        .filter(|s| may_edit_kb(actor, s))
        .collect();
    let site = if site.is_empty() {
        sites.first().cloned().ok_or(ErrorCode::NotFound)?
    } else {
        site.to_owned()
    };
    let Some(config) = state.sites.get(&site).filter(|_| may_edit_kb(actor, &site)) else {
        tracing::warn!(agent = actor.id, %site, "knowledge base of a site outside the reader's reach");
        return Err(ErrorCode::NotFound);
    };
    let collections = state.store.kb_collections(&site).await.map_err(internal)?;
    let since = state.clock.now() - STATS_DAYS * 86_400_000;
    let stats = state.store.kb_stats(&site, since).await.map_err(internal)?;
    let articles = state.store.kb_articles(&site).await.map_err(internal)?;
    let slug_of = |id: Option<i64>| {
        id.and_then(|id| collections.iter().find(|c| c.id == id))
            .map(|c| c.slug.clone())
    };
    let mut history = Vec::new();
    let mut files = Vec::new();
    if let Some(chosen) = article.and_then(|id| articles.iter().find(|a| a.id == id)) {
        for f in &chosen.files {
            let r = state.store.attachment(f).await.map_err(internal)?;
            files.push(parley_app::api::KbFileView {
                id: r.id,
                name: r.file_name,
                size: r.size,
            });
        }
    }
    if let Some(id) = article.filter(|id| articles.iter().any(|a| a.id == *id)) {
        let staff = state.store.agents().await.map_err(internal)?;
        for c in state.store.kb_history(id).await.map_err(internal)? {
            let by = match (c.by_agent, c.by_label) {
                (Some(a), _) => staff
                    .iter()
                    .find(|s| s.id == a)
                    .map(|s| s.name.clone())
                    .unwrap_or_else(|| format!("#{a}")),
                (None, Some(label)) => label,
                (None, None) => String::new(),
            };
            history.push(KbChangeView {
                at: c.at,
                by,
                action: c.action.as_str().to_owned(),
                locale: c.locale,
                title: c.title,
            });
        }
    }
    Ok(KbView {
        site: site.clone(),
        sites,
        default_locale: config.default_locale,
        collections: collections
            .iter()
            .map(|c| KbCollectionView {
                slug: c.slug.clone(),
                names: c.names.clone().into_iter().collect(),
            })
            .collect(),
        articles: articles
            .into_iter()
            .map(|a| KbArticleView {
                id: a.id,
                slug: a.slug,
                collection: slug_of(a.collection_id),
                updated_at: a.updated_at,
                figures: stats.articles.get(&a.id).copied().unwrap_or_default(),
                versions: a
                    .versions
                    .into_iter()
                    .map(|v| KbVersionView {
                        locale: v.locale,
                        title: v.title,
                        body: v.body,
                        published: v.published,
                        updated_at: v.updated_at,
                    })
                    .collect(),
            })
            .collect(),
        history,
        files,
        bot_alone: stats.bot_alone,
        handed_over: stats.handed_over,
        bot: state.store.kb_bot(&site).await.map_err(internal)?,
    })
}
