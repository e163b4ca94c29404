//! What the site owner's API does (issue 19), for the calling key's site
//! only: read its conversations (by cursor and filters, one with its facts
//! and clocks, their messages), write into them ([`write`]), and find and
//! reach its verified customers ([`customers`]). The key's reach is checked
//! here with [`crate::domain::api_access`]: another site's conversation or
//! customer is not found.

pub mod customers;
pub mod write;

use parley_app::error::ErrorCode;
use parley_app::protocol::{
    ChatMessage, ConversationDetail, ConversationStatus, ConversationSummary,
};

use crate::domain::api_access::{Scope, may_call};
use crate::services::api_keys::ApiClient;
use crate::services::workflow::Refusal;
use crate::services::{case_panel, personal};
use crate::state::AppState;
use crate::storage::{SiteConversations, StoreError};

/// Most messages one page lists.
pub const MESSAGE_PAGE: i64 = 200;

/// What a list of conversations asks for.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Ids below this (the cursor).
    pub before: Option<i64>,
    /// Page size, 1 to 100.
    pub limit: i64,
    /// Only in this state.
    pub status: Option<ConversationStatus>,
    /// Only this verified user's.
    pub user_id: Option<String>,
}

/// A page of the key's site's conversations, newest first; and the
/// `before` of the next page, if there may be one.
pub async fn conversations(
    state: &AppState,
    client: &ApiClient,
    q: &ListQuery,
) -> Result<(Vec<ConversationSummary>, Option<i64>), Refusal> {
    if !may_call(&client.site, client.scope, Scope::Read, &client.site) {
        return Err(ErrorCode::Forbidden.into());
    }
    let visitor = match &q.user_id {
        Some(user) => match personal::visitor_of(state, &client.site, user).await? {
            Some(v) => Some(v),
            // Nobody by that id has come: nothing of theirs.
            None => return Ok((Vec::new(), None)),
        },
        None => None,
    };
    let page = state
        .store
        .site_conversations(SiteConversations {
            site: &client.site,
            before: q.before,
            limit: q.limit,
            status: q.status,
            visitor_id: visitor.as_deref(),
        })
        .await?;
    let next = (page.len() as i64 == q.limit)
        .then(|| page.last().map(|c| c.id))
        .flatten();
    Ok((page, next))
}

/// One conversation of the key's site: its list entry (state, owner,
/// team, the clock due next) and its case (facts, clocks, transitions).
pub async fn conversation(
    state: &AppState,
    client: &ApiClient,
    id: i64,
) -> Result<(ConversationSummary, ConversationDetail), Refusal> {
    let summary = reachable(state, client, id, Scope::Read).await?;
    let record = state.store.record(id).await?;
    let detail = case_panel::detail(state, &record).await?;
    Ok((summary, detail))
}

/// Messages of a conversation of the key's site after `after_seq`, oldest
/// first, at most `limit`.
pub async fn messages(
    state: &AppState,
    client: &ApiClient,
    id: i64,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<ChatMessage>, Refusal> {
    reachable(state, client, id, Scope::Read).await?;
    Ok(state
        .store
        .messages_after(id, after_seq, limit.clamp(1, MESSAGE_PAGE))
        .await?)
}

/// Conversation `id`'s list entry, when the key may act on it with `need`
/// (another site's is not found).
pub(crate) async fn reachable(
    state: &AppState,
    client: &ApiClient,
    id: i64,
    need: Scope,
) -> Result<ConversationSummary, Refusal> {
    let summary = match state.store.summary(id).await {
        Ok(s) => s,
        Err(StoreError::NotFound) => return Err(ErrorCode::NotFound.into()),
        Err(e) => return Err(e.into()),
    };
    if summary.site != client.site {
        tracing::info!(
            key = client.key_id,
            conversation = id,
            "API key of another site"
        );
        return Err(ErrorCode::NotFound.into());
    }
    if !may_call(&client.site, client.scope, need, &summary.site) {
        return Err(ErrorCode::Forbidden.into());
    }
    Ok(summary)
}
