//! The site owner's HTTP API, `/api/v1` (issue 19, first slice): read the
//! site's conversations with an API key. One layer below every route
//! authenticates the key (`Authorization: Bearer`) and checks its scope
//! against the method ([`crate::domain::api_access`]), so a new route
//! cannot skip it; handlers then reach only their key's site. Also the
//! admin routes that make, list and revoke keys (behind the admin gate).

use std::collections::HashMap;

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Json, Router};
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use serde_json::json;

use super::admin::require_admin;
use crate::domain::api_access::{Scope, needed};
use crate::error::ApiError;
use crate::services::api_keys::{self, ApiClient};
use crate::services::site_api;
use crate::state::AppState;

/// Most conversations one page lists.
const MAX_PAGE: i64 = 100;

/// Routes: the API and the admin routes for its keys.
pub fn router(state: AppState) -> Router<AppState> {
    let api = Router::new()
        .route("/api/v1/conversations", get(conversations))
        .route("/api/v1/conversations/{id}", get(conversation))
        .route_layer(middleware::from_fn_with_state(state, authenticate));
    Router::new()
        .route("/api/admin/sites/{site}/api-keys", get(list_keys))
        .route("/api/admin/sites/{site}/api-keys", post(create_key))
        .route(
            "/api/admin/sites/{site}/api-keys/{id}/revoke",
            post(revoke_key),
        )
        .merge(api)
}

/// Every `/api/v1` request: a live key whose scope covers the method.
async fn authenticate(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let header = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let Some(client) = api_keys::authenticate(&state, header).await? else {
        tracing::info!(path = %req.uri().path(), "API request without a live key");
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
        ));
    };
    let now = state.clock.now();
    let bucket = format!("api-key:{}", client.key_id);
    if !state.allow_creation(&bucket, now, crate::domain::rate::TokenBucket::for_api_key) {
        tracing::info!(key = client.key_id, "API key over its rate");
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
        ));
    }
    if client.scope < needed(req.method().as_str()) {
        tracing::info!(key = client.key_id, path = %req.uri().path(), "API key's scope too narrow");
        return Err(ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden));
    }
    req.extensions_mut().insert(client);
    Ok(next.run(req).await)
}

fn limit_of(q: &HashMap<String, String>) -> Result<i64, ApiError> {
    match q.get("limit") {
        None => Ok(50),
        Some(l) => l
            .parse::<i64>()
            .ok()
            .filter(|l| (1..=MAX_PAGE).contains(l))
            .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidFrame)),
    }
}

/// `GET /api/v1/conversations?limit=&before=`: the key's site's
/// conversations, newest first; `next` is the `before` of the next page.
async fn conversations(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let limit = limit_of(&q)?;
    let before = match q.get("before") {
        None => None,
        Some(b) => Some(
            b.parse::<i64>()
                .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidFrame))?,
        ),
    };
    let (page, next) = site_api::conversations(&state, &client, before, limit)
        .await
        .map_err(|r| ApiError::from(r.code))?;
    Ok(Json(json!({ "conversations": page, "next": next })).into_response())
}

/// `GET /api/v1/conversations/{id}`: one of the key's site's conversations
/// (another site's is not found).
async fn conversation(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let summary = site_api::conversation(&state, &client, id)
        .await
        .map_err(|r| ApiError::from(r.code))?;
    Ok(Json(json!({ "conversation": summary })).into_response())
}

async fn list_keys(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(site): Path<String>,
) -> Result<Response, ApiError> {
    require_admin(&state, &headers, signed_in)?;
    let keys: Vec<_> = api_keys::list(&state, &site)
        .await?
        .into_iter()
        .map(|k| {
            json!({
                "id": k.id, "name": k.name, "scope": k.scope.as_str(), "prefix": k.prefix,
                "created_at": k.created_at, "last_used_at": k.last_used_at,
                "revoked_at": k.revoked_at,
            })
        })
        .collect();
    Ok(Json(json!({ "keys": keys })).into_response())
}

async fn create_key(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(site): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let scope = form
        .get("scope")
        .and_then(|s| Scope::parse(s))
        .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidFrame))?;
    let name = form.get("name").map(String::as_str).unwrap_or_default();
    let created = api_keys::create(&state, &admin, &site, name, scope)
        .await
        .map_err(|r| ApiError::from(r.code))?;
    Ok((
        StatusCode::CREATED,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({ "id": created.id, "key": created.key })),
    )
        .into_response())
}

async fn revoke_key(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path((site, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    api_keys::revoke(&state, &admin, &site, id)
        .await
        .map_err(|r| ApiError::from(r.code))?;
    // Back to the keys page (a form); scripts read the 303.
    Ok(axum::response::Redirect::to(&format!(
        "/desk/api-keys?site={}&revoked={id}",
        parley_app::api::query_value(&site)
    ))
    .into_response())
}
