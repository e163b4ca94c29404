//! The admin routes for a site's webhooks (behind the admin gate,
//! [`crate::http::guard`]): plain forms from `/desk/webhooks`, each
//! answered with a redirect back to the page (`added`, `removed`,
//! `redelivered`, or `error=<code>`), and the page's data as JSON.

use axum::extract::{Path, RawForm, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use parley_app::api::{SignedIn, query_value};

use crate::error::ApiError;
use crate::http::admin::require_admin;
use crate::services::webhooks;
use crate::services::workflow::Refusal;
use crate::state::AppState;

/// Routes under `/api/admin/sites/{site}/webhooks`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/sites/{site}/webhooks", get(list).post(add))
        .route("/api/admin/sites/{site}/webhooks/{id}/remove", post(remove))
        .route(
            "/api/admin/sites/{site}/webhooks/deliveries/{id}/redeliver",
            post(redeliver),
        )
        .route("/api/admin/sites/{site}/order-lookup", post(order_lookup))
}

fn back(site: &str, outcome: Result<(&str, i64), Refusal>) -> Response {
    let query = match outcome {
        Ok((what, id)) => format!("{what}={id}"),
        Err(r) => format!("error={}", r.code.as_str()),
    };
    Redirect::to(&format!(
        "/desk/webhooks?site={}&{query}",
        query_value(site)
    ))
    .into_response()
}

async fn list(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(site): Path<String>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let view = webhooks::view(&state, &admin, &site).await?;
    Ok(Json(view).into_response())
}

async fn add(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(site): Path<String>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let mut url = String::new();
    let mut events = Vec::new();
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "url" => url = v.into_owned(),
            "events" => events.push(v.into_owned()),
            _ => {}
        }
    }
    let added = webhooks::add(&state, &admin, &site, &url, &events).await;
    Ok(back(&site, added.map(|id| ("added", id))))
}

async fn remove(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path((site, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let removed = webhooks::remove(&state, &admin, &site, id).await;
    Ok(back(&site, removed.map(|()| ("removed", id))))
}

async fn order_lookup(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(site): Path<String>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let url = form_urlencoded::parse(&body)
        .find(|(k, _)| k == "url")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let set = crate::services::tracking::configure(&state, &admin, &site, &url).await;
    Ok(back(&site, set.map(|()| ("lookup", 1))))
}

async fn redeliver(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path((site, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let again = webhooks::redeliver(&state, &admin, &site, id).await;
    Ok(back(&site, again.map(|n| ("redelivered", n))))
}
