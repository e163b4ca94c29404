//! What the site owner's API writes into a conversation of its key's site:
//! a message as one of the site's staff (a reply through the same workflow,
//! compliance rules and card masking as the desk) or as a bot of the site
//! (no owner, no clock: the customer's answer moves the loop), and the
//! transitions the back-end may take (resolve, reopen). Each is audited
//! under the key.

use parley_app::error::ErrorCode;
use parley_app::lifecycle::{Actor, StatusAction};
use parley_app::protocol::{Author, ChatMessage, ConversationSummary, validate_body};

use super::reachable;
use crate::domain::api_access::{Scope, bot_name_ok, may_write_as};
use crate::services::api_keys::ApiClient;
use crate::services::workflow::{self, MessageIn, Refusal, Step};
use crate::services::{audit, casework, routing};
use crate::state::AppState;
use crate::storage::StoreError;

/// Who a message from the back-end is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender<'a> {
    /// A staff member of the site (by account id).
    Agent(i64),
    /// A bot of the site, under this display name.
    Bot(&'a str),
}

/// A message from the back-end.
#[derive(Debug, Clone, Copy)]
pub struct Post<'a> {
    /// Who it is written as.
    pub sender: Sender<'a>,
    /// Idempotency key (the request's `Idempotency-Key`, or one made up).
    pub client_id: &'a str,
    /// The text.
    pub body: &'a str,
    /// Send past compliance warnings (blocked phrases still refuse).
    pub confirm_warnings: bool,
}

/// The key as the audit log and logs name it.
pub(crate) fn actor(client: &ApiClient) -> String {
    format!("api-key:{}", client.key_id)
}

/// The body checked (limits) with card numbers masked.
pub(crate) fn clean_body(body: &str) -> Result<String, Refusal> {
    let body = validate_body(body).map_err(|code| Refusal {
        code,
        field: Some("body".into()),
    })?;
    Ok(match parley_app::redact::mask_cards(body) {
        Some(masked) => {
            tracing::info!("card number masked in a message from the API");
            masked
        }
        None => body.to_owned(),
    })
}

/// Posts `post` into conversation `id` of the key's site. The stored
/// message (the earlier one for a repeated `client_id`).
pub async fn post(
    state: &AppState,
    client: &ApiClient,
    id: i64,
    post: Post<'_>,
) -> Result<ChatMessage, Refusal> {
    reachable(state, client, id, Scope::Write).await?;
    let body = clean_body(post.body)?;
    let message = match post.sender {
        Sender::Agent(agent_id) => {
            let agent = staff_of_site(state, client, agent_id).await?;
            casework::reply(
                state,
                &agent,
                id,
                post.client_id,
                &body,
                post.confirm_warnings,
            )
            .await?
        }
        Sender::Bot(name) => {
            site_message(
                state,
                client,
                id,
                name,
                post.client_id,
                &body,
                post.confirm_warnings,
            )
            .await?
        }
    };
    audit::record(
        state,
        audit::Entry::system("api_message")
            .actor(&actor(client))
            .conversation(&client.site, id)
            .detail(serde_json::json!({ "seq": message.seq, "author": message.author.as_str() })),
    )
    .await;
    Ok(message)
}

/// The staff member `agent_id`, when they work for the key's site (else
/// `not_found` / `forbidden` on the `agent_id` field).
pub(crate) async fn staff_of_site(
    state: &AppState,
    client: &ApiClient,
    agent_id: i64,
) -> Result<parley_app::protocol::AgentProfile, Refusal> {
    let field = || Some("agent_id".to_owned());
    let agent = match state.store.agent(agent_id).await {
        Ok(a) => a,
        Err(StoreError::NotFound) => {
            return Err(Refusal {
                code: ErrorCode::NotFound,
                field: field(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    if !may_write_as(&client.site, &agent.sites) {
        tracing::warn!(
            key = client.key_id,
            agent = agent_id,
            "API key tried to write as another site's staff"
        );
        return Err(Refusal {
            code: ErrorCode::Forbidden,
            field: field(),
        });
    }
    Ok(agent)
}

/// A bot's message: the compliance rules, then the workflow's site step.
pub(crate) async fn site_message(
    state: &AppState,
    client: &ApiClient,
    id: i64,
    name: &str,
    client_id: &str,
    body: &str,
    confirmed: bool,
) -> Result<ChatMessage, Refusal> {
    if !bot_name_ok(name) {
        return Err(Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("bot_name".into()),
        });
    }
    let version =
        casework::compliance_gate(state, (&client.site, id), body, confirmed, &actor(client))
            .await?;
    let message = MessageIn {
        channel: Default::default(),
        client_id,
        body,
        author: Author::Bot,
        agent_id: None,
        policy_version: Some(version),
        author_name: Some(name.trim()),
    };
    let outcome = workflow::run(
        state,
        id,
        Step::SiteMessage,
        Some(message),
        state.clock.now(),
    )
    .await?;
    outcome.message.ok_or_else(|| {
        tracing::error!(conversation = id, "a site message step stored no message");
        ErrorCode::Internal.into()
    })
}

/// A transition the back-end may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// The question is answered (the customer is asked to confirm).
    Resolve,
    /// Back into work.
    Reopen,
}

impl Transition {
    /// The path segment.
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Resolve => "resolve",
            Transition::Reopen => "reopen",
        }
    }
}

/// Moves conversation `id` of the key's site; its list entry after.
/// Illegal from its state: `invalid_transition`; a resolution with facts
/// missing: `fact_missing` naming the fact.
pub async fn transition(
    state: &AppState,
    client: &ApiClient,
    id: i64,
    to: Transition,
) -> Result<ConversationSummary, Refusal> {
    reachable(state, client, id, Scope::Write).await?;
    let action = match to {
        Transition::Resolve => StatusAction::Resolve,
        Transition::Reopen => StatusAction::Reopen,
    };
    let step = Step::Action {
        actor: Actor::Staff,
        agent_id: None,
        action,
    };
    let outcome = workflow::run(state, id, step, None, state.clock.now()).await?;
    routing::spawn_dispatch(state, &outcome.record.site);
    audit::record(
        state,
        audit::Entry::system("api_transition")
            .actor(&actor(client))
            .conversation(&client.site, id)
            .detail(serde_json::json!({ "action": to.as_str() })),
    )
    .await;
    Ok(state.store.summary(id).await?)
}
