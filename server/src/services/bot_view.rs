//! What the agent who takes over sees of the bot's part (issue 20): whether
//! it still holds the conversation, when it handed over, and which articles
//! it offered with the customer's "did this help?" on each.

use parley_app::protocol::{BotView, OfferedArticle};

use crate::state::AppState;
use crate::storage::{KbEventKind, StoreError};

/// The bot's part in conversation `id` (`None`: no bot took part).
pub async fn of(state: &AppState, id: i64) -> Result<Option<BotView>, StoreError> {
    let part = state.store.bot_part(id).await?;
    if !part.holding && !part.answered && part.handed_over_at.is_none() {
        return Ok(None);
    }
    // Articles in the order the bot offered them (or the customer voted on
    // one they found themselves), each with the customer's latest verdict.
    let mut offered: Vec<OfferedArticle> = Vec::new();
    for event in state.store.conversation_kb_events(id).await? {
        let verdict = match event.kind {
            KbEventKind::Helpful => Some(true),
            KbEventKind::NotHelpful => Some(false),
            KbEventKind::Offered => None,
            KbEventKind::Viewed => continue,
        };
        let at = match offered
            .iter()
            .position(|o| o.article_id == event.article_id)
        {
            Some(at) => at,
            None => {
                offered.push(OfferedArticle {
                    article_id: event.article_id,
                    title: title(state, event.article_id, &event.locale).await?,
                    locale: event.locale,
                    helpful: None,
                });
                offered.len() - 1
            }
        };
        if verdict.is_some() {
            offered[at].helpful = verdict;
        }
    }
    Ok(Some(BotView {
        holding: part.holding,
        handed_over_at: part.handed_over_at,
        offered,
    }))
}

/// An article's title in `locale` (empty once removed: listed by number).
async fn title(state: &AppState, article: i64, locale: &str) -> Result<String, StoreError> {
    match state.store.kb_article(article).await {
        Ok(a) => Ok(a
            .versions
            .into_iter()
            .find(|v| v.locale == locale)
            .map(|v| v.title)
            .unwrap_or_default()),
        Err(StoreError::NotFound) => Ok(String::new()),
        Err(e) => Err(e),
    }
}
