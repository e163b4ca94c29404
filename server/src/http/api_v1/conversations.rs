//! `/api/v1/conversations…`: list and read the key's site's conversations
//! and their messages; write a message; resolve and reopen.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use parley_app::error::ErrorCode;
use parley_app::protocol::ConversationStatus;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::schema::{
    ConversationCase, ConversationPage, MessagePage, Moved, NewMessage, Posted, Sender,
};
use super::{Body, Filters, Params, V1Error, client_id};
use crate::services::api_keys::ApiClient;
use crate::services::site_api::write::{self, Post, Transition};
use crate::services::site_api::{self, ListQuery, MESSAGE_PAGE};
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one))
        .routes(routes!(messages, post_message))
        .routes(routes!(resolve))
        .routes(routes!(reopen))
}

/// Filters of the conversation list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct ListParams {
    /// Page size.
    #[param(minimum = 1, maximum = 100, default = 50)]
    #[serde(default, deserialize_with = "number")]
    limit: Option<i64>,
    /// Only ids below this: the `next` of the previous page.
    #[param(minimum = 1)]
    #[serde(default, deserialize_with = "number")]
    before: Option<i64>,
    /// Only in this state.
    #[param(value_type = Option<String>, example = "in_progress")]
    status: Option<String>,
    /// Only this verified customer's (the id the site knows them by).
    #[param(min_length = 1, max_length = 200)]
    user_id: Option<String>,
}

/// Query values arrive as text: an integer parameter parses it.
fn number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let s = String::deserialize(d)?;
    s.parse().map(Some).map_err(serde::de::Error::custom)
}

fn bad(field: &str) -> V1Error {
    V1Error::new(ErrorCode::InvalidFrame, Some(field))
}

/// The key's site's conversations, newest first, a page at a time.
#[utoipa::path(
    get,
    path = "/api/v1/conversations",
    tag = "conversations",
    params(ListParams),
    responses((status = 200, description = "A page", body = ConversationPage))
)]
async fn list(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Filters(p): Filters<ListParams>,
) -> Result<Json<ConversationPage>, V1Error> {
    let limit = p.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(bad("limit"));
    }
    if p.before.is_some_and(|b| b < 1) {
        return Err(bad("before"));
    }
    let status = match p.status.as_deref() {
        None => None,
        Some(s) => Some(ConversationStatus::parse(s).ok_or_else(|| bad("status"))?),
    };
    if let Some(u) = &p.user_id
        && !crate::domain::api_access::user_id_ok(u)
    {
        return Err(bad("user_id"));
    }
    let q = ListQuery {
        before: p.before,
        limit,
        status,
        user_id: p.user_id,
    };
    let (page, next) = site_api::conversations(&state, &client, &q).await?;
    Ok(Json(ConversationPage {
        conversations: page.into_iter().map(Into::into).collect(),
        next,
    }))
}

/// One conversation: its state, owner, facts, clocks and transitions.
#[utoipa::path(
    get,
    path = "/api/v1/conversations/{id}",
    tag = "conversations",
    params(("id" = i64, Path, description = "Conversation id", minimum = 1, example = 1)),
    responses((status = 200, description = "The conversation", body = ConversationCase))
)]
async fn one(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Params(id): Params<i64>,
) -> Result<Json<ConversationCase>, V1Error> {
    let (summary, detail) = site_api::conversation(&state, &client, id).await?;
    Ok(Json(ConversationCase::new(summary, detail)))
}

/// Paging through messages.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct MessageParams {
    /// Only messages after this `seq` (0: from the start).
    #[param(minimum = 0, default = 0)]
    #[serde(default, deserialize_with = "number")]
    after: Option<i64>,
    /// Page size.
    #[param(minimum = 1, maximum = 200, default = 200)]
    #[serde(default, deserialize_with = "number")]
    limit: Option<i64>,
}

/// A conversation's messages after a `seq`, oldest first.
#[utoipa::path(
    get,
    path = "/api/v1/conversations/{id}/messages",
    tag = "messages",
    params(("id" = i64, Path, description = "Conversation id", minimum = 1, example = 1), MessageParams),
    responses((status = 200, description = "Messages", body = MessagePage))
)]
async fn messages(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Params(id): Params<i64>,
    Filters(p): Filters<MessageParams>,
) -> Result<Json<MessagePage>, V1Error> {
    let after = p.after.unwrap_or(0);
    if after < 0 {
        return Err(bad("after"));
    }
    let limit = p.limit.unwrap_or(MESSAGE_PAGE);
    if !(1..=MESSAGE_PAGE).contains(&limit) {
        return Err(bad("limit"));
    }
    let page = site_api::messages(&state, &client, id, after, limit).await?;
    let next_after = (page.len() as i64 == limit)
        .then(|| page.last().map(|m| m.seq))
        .flatten();
    Ok(Json(MessagePage {
        messages: page.into_iter().map(Into::into).collect(),
        next_after,
    }))
}

/// Writes a message into a conversation, as a staff member of the site (a
/// reply: the same workflow, compliance rules and card masking as the
/// desk) or as a bot of the site.
#[utoipa::path(
    post,
    path = "/api/v1/conversations/{id}/messages",
    tag = "messages",
    params(
        ("id" = i64, Path, description = "Conversation id", minimum = 1, example = 1),
        ("Idempotency-Key" = Option<String>, Header, description = "1–64 of A–Z a–z 0–9 _ -; becomes the message's client_id", pattern = "^[A-Za-z0-9_-]{1,64}$"),
    ),
    request_body = NewMessage,
    responses((status = 201, description = "Stored", body = Posted))
)]
async fn post_message(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    headers: HeaderMap,
    Params(id): Params<i64>,
    Body(m): Body<NewMessage>,
) -> Result<(StatusCode, Json<Posted>), V1Error> {
    let client_id = client_id(&headers)?;
    let post = Post {
        sender: sender(&m.sender),
        client_id: &client_id,
        body: &m.body,
        confirm_warnings: m.confirm_warnings,
    };
    let message = write::post(&state, &client, id, post).await?;
    Ok((
        StatusCode::CREATED,
        Json(Posted {
            message: message.into(),
        }),
    ))
}

/// The service's sender for the request's.
pub(super) fn sender(s: &Sender) -> write::Sender<'_> {
    match s {
        Sender::Agent { id } => write::Sender::Agent(*id),
        Sender::Bot { name } => write::Sender::Bot(name),
    }
}

async fn move_to(
    state: &AppState,
    client: &ApiClient,
    id: i64,
    to: Transition,
) -> Result<Json<Moved>, V1Error> {
    let summary = write::transition(state, client, id, to).await?;
    Ok(Json(Moved {
        conversation: summary.into(),
    }))
}

/// Resolves a conversation (the customer is asked whether it is solved).
/// `409 invalid_transition` from a state it cannot be resolved in;
/// `400 fact_missing` naming a required fact not yet given.
#[utoipa::path(
    post,
    path = "/api/v1/conversations/{id}/resolve",
    tag = "conversations",
    params(
        ("id" = i64, Path, description = "Conversation id", minimum = 1, example = 1),
        ("Idempotency-Key" = Option<String>, Header, description = "1–64 of A–Z a–z 0–9 _ -", pattern = "^[A-Za-z0-9_-]{1,64}$"),
    ),
    responses((status = 200, description = "Resolved", body = Moved))
)]
async fn resolve(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    headers: HeaderMap,
    Params(id): Params<i64>,
) -> Result<Json<Moved>, V1Error> {
    super::idempotency_key(&headers)?;
    move_to(&state, &client, id, Transition::Resolve).await
}

/// Reopens a resolved, confirmed or archived conversation.
#[utoipa::path(
    post,
    path = "/api/v1/conversations/{id}/reopen",
    tag = "conversations",
    params(
        ("id" = i64, Path, description = "Conversation id", minimum = 1, example = 1),
        ("Idempotency-Key" = Option<String>, Header, description = "1–64 of A–Z a–z 0–9 _ -", pattern = "^[A-Za-z0-9_-]{1,64}$"),
    ),
    responses((status = 200, description = "Reopened", body = Moved))
)]
async fn reopen(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    headers: HeaderMap,
    Params(id): Params<i64>,
) -> Result<Json<Moved>, V1Error> {
    super::idempotency_key(&headers)?;
    move_to(&state, &client, id, Transition::Reopen).await
}
