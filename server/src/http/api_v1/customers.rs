//! `/api/v1/customers/{user_id}…`: a verified customer of the key's site,
//! and proactive messages to them.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::{Extension, Json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::conversations::sender;
use super::schema::{Customer, NewMessage, ProactivePosted};
use super::{Body, Params, V1Error, client_id};
use crate::services::api_keys::ApiClient;
use crate::services::site_api::customers;
use crate::services::site_api::write::Post;
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(customer))
        .routes(routes!(proactive))
}

/// A verified customer, by the user id the site knows them by (the one
/// its identity HMAC vouches for): tier, dedicated owner, conversations.
#[utoipa::path(
    get,
    path = "/api/v1/customers/{user_id}",
    tag = "customers",
    params(("user_id" = String, Path, description = "The site's user id (no control characters)", min_length = 1, max_length = 200, pattern = r"^[^\x00-\x1f\x7f]+$", example = "user-42")),
    responses((status = 200, description = "The customer", body = Customer))
)]
async fn customer(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Params(user_id): Params<String>,
) -> Result<Json<Customer>, V1Error> {
    let c = customers::customer(&state, &client, &user_id).await?;
    Ok(Json(Customer::new(user_id, c)))
}

/// A proactive message: into the customer's conversation, or a new one
/// when they have none (also for a customer who has never come: it waits
/// for their first visit signed in). It appears live in their open
/// widgets, with the launcher's unread badge. Nobody owns it and no clock
/// runs until they answer.
#[utoipa::path(
    post,
    path = "/api/v1/customers/{user_id}/messages",
    tag = "customers",
    params(
        ("user_id" = String, Path, description = "The site's user id (no control characters)", min_length = 1, max_length = 200, pattern = r"^[^\x00-\x1f\x7f]+$", example = "user-42"),
        ("Idempotency-Key" = Option<String>, Header, description = "1–64 of A–Z a–z 0–9 _ -; becomes the message's client_id", pattern = "^[A-Za-z0-9_-]{1,64}$"),
    ),
    request_body = NewMessage,
    responses((status = 201, description = "Stored", body = ProactivePosted))
)]
async fn proactive(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    headers: HeaderMap,
    Params(user_id): Params<String>,
    Body(m): Body<NewMessage>,
) -> Result<(StatusCode, Json<ProactivePosted>), V1Error> {
    let client_id = client_id(&headers)?;
    let post = Post {
        sender: sender(&m.sender),
        client_id: &client_id,
        body: &m.body,
        confirm_warnings: m.confirm_warnings,
    };
    let (message, opened) = customers::proactive(&state, &client, &user_id, post).await?;
    Ok((
        StatusCode::CREATED,
        Json(ProactivePosted {
            conversation_id: message.conversation_id,
            message: message.into(),
            opened,
        }),
    ))
}
