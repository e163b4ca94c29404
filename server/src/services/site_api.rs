//! What the site owner's API reads (issue 19): the conversations of the
//! calling key's site, by cursor, and one of them. The key's reach is
//! checked here with [`crate::domain::api_access::may_call`]: another
//! site's conversation is not found.

use parley_app::error::ErrorCode;
use parley_app::protocol::ConversationSummary;

use crate::domain::api_access::{Scope, may_call};
use crate::services::api_keys::ApiClient;
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::StoreError;

/// A page of the key's site's conversations, newest first, below `before`;
/// and the `before` of the next page, if there may be one.
pub async fn conversations(
    state: &AppState,
    client: &ApiClient,
    before: Option<i64>,
    limit: i64,
) -> Result<(Vec<ConversationSummary>, Option<i64>), Refusal> {
    if !may_call(&client.site, client.scope, Scope::Read, &client.site) {
        return Err(ErrorCode::Forbidden.into());
    }
    let page = state
        .store
        .site_conversations(&client.site, before, limit)
        .await?;
    let next = (page.len() as i64 == limit)
        .then(|| page.last().map(|c| c.id))
        .flatten();
    Ok((page, next))
}

/// One conversation of the key's site.
pub async fn conversation(
    state: &AppState,
    client: &ApiClient,
    id: i64,
) -> Result<ConversationSummary, Refusal> {
    let summary = match state.store.summary(id).await {
        Ok(s) => s,
        Err(StoreError::NotFound) => return Err(ErrorCode::NotFound.into()),
        Err(e) => return Err(e.into()),
    };
    if !may_call(&client.site, client.scope, Scope::Read, &summary.site) {
        tracing::info!(
            key = client.key_id,
            conversation = id,
            "API key of another site"
        );
        return Err(ErrorCode::NotFound.into());
    }
    Ok(summary)
}
