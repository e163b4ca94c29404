//! Admins' privacy tools (R-SEC5): a customer's data exported as JSON or
//! erased on request; per site, the retention period and the identity
//! verification secret (and whether a verified identity is required).
//! Every use is audited; erasures leave destruction records.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use super::admin::require_admin;
use crate::domain::access::may_administer_site;
use crate::domain::retention;
use crate::error::ApiError;
use crate::services::customer_data;
use crate::state::AppState;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/conversations/{id}/customer.json", get(export))
        .route("/api/admin/conversations/{id}/erase", post(erase))
        .route("/api/admin/sites/{site}/privacy", post(save_site))
        .route("/api/admin/destructions.json", get(destructions))
}

/// An admin who serves the conversation's site, and the customer.
async fn customer_of(
    state: &AppState,
    headers: &HeaderMap,
    signed_in: SignedIn,
    id: i64,
) -> Result<(AgentProfile, String, String), ApiError> {
    let admin = require_admin(state, headers, signed_in)?;
    match customer_data::customer_of(state, &admin, id).await? {
        Some((site, visitor)) => Ok((admin, site, visitor)),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound)),
    }
}

async fn export(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let (admin, site, visitor) = customer_of(&state, &headers, signed_in, id).await?;
    let data = customer_data::export(&state, &admin, id, &site, &visitor).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"parley-customer.json\"",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_vec_pretty(&data).unwrap_or_default(),
    )
        .into_response())
}

async fn erase(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let (admin, site, visitor) = customer_of(&state, &headers, signed_in, id).await?;
    if form.get("confirm").map(String::as_str) != Some("on") {
        return Ok(
            Redirect::to(&format!("/desk?c={id}&error={}", ErrorCode::InvalidFrame))
                .into_response(),
        );
    }
    customer_data::erase(&state, &admin, id, &site, &visitor).await?;
    Ok(Redirect::to(&format!("/desk?c={id}")).into_response())
}

async fn save_site(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(site): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    if state.sites.get(&site).is_none() || !may_administer_site(&admin, &site) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound));
    }
    let back = |q: &str| Redirect::to(&format!("/desk/security?{q}")).into_response();
    let Some(retention_days) = form
        .get("retention_days")
        .and_then(|d| retention::parse_days(d))
    else {
        return Ok(back(&format!("error={}", ErrorCode::ConfigInvalid)));
    };
    let settings = customer_data::PrivacySettings {
        retention_days,
        identity_required: form.contains_key("identity_required"),
        new_secret: form.contains_key("new_secret"),
    };
    customer_data::set_privacy(&state, &admin, &site, &settings).await?;
    Ok(back("saved=privacy"))
}

async fn destructions(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let rows = customer_data::destructions(&state, &admin).await?;
    Ok(axum::Json(rows).into_response())
}
