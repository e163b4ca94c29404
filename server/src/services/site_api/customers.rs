//! The key's site's verified customers, by the user id the site's own
//! back-end knows them by (the id its identity HMAC vouches for): who they
//! are to the site (tier, dedicated owner, conversations), and proactive
//! messages — the site opens a conversation with them, or adds to theirs,
//! without their writing first. It appears live in their open widgets and
//! waits for their next visit otherwise.

use parley_app::error::ErrorCode;
use parley_app::protocol::{Author, ChatMessage, ConversationSummary, Priority};

use super::write::{Post, Sender, actor, clean_body, staff_of_site};
use crate::domain::api_access::{Scope, bot_name_ok, may_call, user_id_ok};
use crate::events::{HubEvent, visitor_room};
use crate::services::api_keys::ApiClient;
use crate::services::workflow::{self, MessageIn, Refusal, Step};
use crate::services::{audit, casework, personal, visitor};
use crate::state::AppState;
use crate::storage::{NewConversation, SiteConversations, SiteCustomer};

/// Most conversations a customer's record lists.
pub const HISTORY: i64 = 50;

/// A verified customer of the key's site.
#[derive(Debug, Clone)]
pub struct Customer {
    /// Their record (tier, owner, when seen).
    pub record: SiteCustomer,
    /// Their conversations, newest first (at most [`HISTORY`]).
    pub conversations: Vec<ConversationSummary>,
}

fn checked_user(user_id: &str) -> Result<(), Refusal> {
    if user_id_ok(user_id) {
        Ok(())
    } else {
        Err(Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("user_id".into()),
        })
    }
}

/// The customer the site knows as `user_id` (`not_found` when they have
/// never come nor been written to).
pub async fn customer(
    state: &AppState,
    client: &ApiClient,
    user_id: &str,
) -> Result<Customer, Refusal> {
    checked_user(user_id)?;
    if !may_call(&client.site, client.scope, Scope::Read, &client.site) {
        return Err(ErrorCode::Forbidden.into());
    }
    let Some(vid) = personal::visitor_of(state, &client.site, user_id).await? else {
        return Err(ErrorCode::NotFound.into());
    };
    let record = state.store.site_customer(&client.site, &vid).await?;
    let conversations = state
        .store
        .site_conversations(SiteConversations {
            site: &client.site,
            before: None,
            limit: HISTORY,
            status: None,
            visitor_id: Some(&vid),
        })
        .await?;
    Ok(Customer {
        record,
        conversations,
    })
}

/// A proactive message to the customer the site knows as `user_id`: into
/// their latest conversation, or a new one when they have none (a customer
/// never seen gets a record, found again when they come signed in). No
/// one owns it and no clock runs until they answer. The message, and
/// whether a conversation was opened.
pub async fn proactive(
    state: &AppState,
    client: &ApiClient,
    user_id: &str,
    post: Post<'_>,
) -> Result<(ChatMessage, bool), Refusal> {
    checked_user(user_id)?;
    if !may_call(&client.site, client.scope, Scope::Write, &client.site) {
        return Err(ErrorCode::Forbidden.into());
    }
    let body = clean_body(post.body)?;
    // Everything about the sender is checked before anything is created.
    let (author, agent_id, author_name) = match post.sender {
        Sender::Agent(id) => (
            Author::Agent,
            Some(staff_of_site(state, client, id).await?.id),
            None,
        ),
        Sender::Bot(name) if bot_name_ok(name) => (Author::Bot, None, Some(name.trim())),
        Sender::Bot(_) => {
            return Err(Refusal {
                code: ErrorCode::InvalidFrame,
                field: Some("bot_name".into()),
            });
        }
    };
    let site = client.site.as_str();
    let now = state.clock.now();
    let vid = match personal::visitor_of(state, site, user_id).await? {
        Some(v) => v,
        None => {
            let v = visitor::new_visitor_id();
            state.store.touch_visitor(site, &v, now).await?;
            personal::remember_identity(state, site, &v, user_id).await?;
            v
        }
    };
    let (id, opened) = match state.store.latest_conversation(site, &vid).await? {
        Some(c) => (c.id, false),
        None => {
            let created = state
                .store
                .create_conversation(NewConversation {
                    channel: Default::default(),
                    site,
                    visitor_id: &vid,
                    locale: None,
                    time_zone: None,
                    category: None,
                    facts: &Default::default(),
                    priority: Priority::Routine,
                    team_id: None,
                    now,
                })
                .await?;
            (created.id, true)
        }
    };
    let version = casework::compliance_gate(
        state,
        (site, id),
        &body,
        post.confirm_warnings,
        &actor(client),
    )
    .await?;
    let message = MessageIn {
        channel: Default::default(),
        client_id: post.client_id,
        body: &body,
        author,
        agent_id,
        policy_version: Some(version),
        author_name,
    };
    let outcome = workflow::run(state, id, Step::SiteMessage, Some(message), now).await?;
    let Some(message) = outcome.message else {
        tracing::error!(conversation = id, "a proactive step stored no message");
        return Err(ErrorCode::Internal.into());
    };
    if opened {
        // Their open widgets wait in the visitor's room: they join it now.
        state.hub.publish_room(
            visitor_room(&vid),
            HubEvent::Opened {
                visitor_id: vid.clone(),
                conversation_id: id,
            },
        );
    }
    tracing::info!(
        key = client.key_id,
        conversation = id,
        opened,
        "proactive message"
    );
    audit::record(
        state,
        audit::Entry::system("api_proactive")
            .actor(&actor(client))
            .conversation(site, id)
            .detail(serde_json::json!({ "seq": message.seq, "opened": opened })),
    )
    .await;
    Ok((message, opened))
}
