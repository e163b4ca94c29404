//! The admin routes that make, list and revoke a site's API keys (behind
//! the admin gate, [`crate::http::guard`]).

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Json, Router};
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use serde_json::json;

use crate::domain::api_access::Scope;
use crate::error::ApiError;
use crate::http::admin::require_admin;
use crate::services::api_keys;
use crate::state::AppState;

/// The admin routes for keys.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/sites/{site}/api-keys", get(list_keys))
        .route("/api/admin/sites/{site}/api-keys", post(create_key))
        .route(
            "/api/admin/sites/{site}/api-keys/{id}/revoke",
            post(revoke_key),
        )
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
