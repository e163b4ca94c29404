//! Readers' feedback on articles (issue 20): views and "did this help?"
//! answers, from the help centre and the widget's help panel. An answer
//! sent with the widget's visitor token counts for that customer and their
//! latest conversation, whose case panel shows it to the agent; the public
//! page's are anonymous. The caller bounds each kind per address.

use crate::services::kb;
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::{KbEvent, KbEventKind};

/// Records `kind` on the published article `slug` of `site` as shown to a
/// reader of `locale`, from `visitor` if known.
pub async fn record(
    state: &AppState,
    site: &str,
    locale: &str,
    slug: &str,
    kind: KbEventKind,
    visitor: Option<&str>,
) -> Result<(), Refusal> {
    let shown = kb::read(state, site, locale, slug).await?;
    let conversation = match visitor {
        Some(v) => state
            .store
            .latest_conversation(site, v)
            .await?
            .map(|c| c.id),
        None => None,
    };
    state
        .store
        .record_kb_event(&KbEvent {
            site: site.to_owned(),
            article_id: shown.article.id,
            locale: shown.locale,
            kind,
            visitor_id: visitor.map(str::to_owned),
            conversation_id: conversation,
            at: state.clock.now(),
        })
        .await?;
    if let Some(id) = conversation
        && kind != KbEventKind::Viewed
    {
        // The agent sees the customer's verdict beside the bot's offer.
        crate::services::case_panel::publish_consistent(state, id, true).await;
    }
    Ok(())
}
