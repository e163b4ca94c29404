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
use rand::RngCore;

use super::admin::require_admin;
use crate::domain::retention;
use crate::error::ApiError;
use crate::services::{audit, personal};
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
) -> Result<(AgentProfile, String, String), Response> {
    let admin = require_admin(state, headers, signed_in).map_err(IntoResponse::into_response)?;
    let (site, visitor) = state
        .store
        .conversation_visitor(id)
        .await
        .map_err(|e| ApiError::from(e).into_response())?;
    if !(admin.sites.is_empty() || admin.sites.contains(&site)) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound).into_response());
    }
    Ok((admin, site, visitor))
}

async fn export(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let (admin, site, visitor) = match customer_of(&state, &headers, signed_in, id).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let data = async {
        let contact = personal::contact_view(&state, &site, &visitor).await?;
        let mut conversations = Vec::new();
        for cid in state.store.customer_conversations(&site, &visitor).await? {
            let record = state.store.record(cid).await?;
            let messages = state.store.messages_after(cid, 0, i64::MAX).await?;
            conversations.push(serde_json::json!({
                "id": cid,
                "status": record.status.as_str(),
                "category": record.category,
                "facts": record.facts,
                "messages": messages,
                "transitions": state.store.transitions(cid).await?,
                "ratings": state.store.ratings(cid).await?,
            }));
        }
        Ok::<_, crate::storage::StoreError>(serde_json::json!({
            "site": site,
            "customer": visitor,
            "contact": contact,
            "conversations": conversations,
            "exported_at": state.clock.now(),
        }))
    };
    let data = match data.await {
        Ok(d) => d,
        Err(e) => return ApiError::from(e).into_response(),
    };
    audit::record(
        &state,
        audit::Entry::by(&admin, "customer_exported").conversation(&site, id),
    )
    .await;
    (
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
        .into_response()
}

async fn erase(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let (admin, site, visitor) = match customer_of(&state, &headers, signed_in, id).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    if form.get("confirm").map(String::as_str) != Some("on") {
        return Redirect::to(&format!("/desk?c={id}&error={}", ErrorCode::InvalidFrame))
            .into_response();
    }
    let now = state.clock.now();
    let all = match state.store.customer_conversations(&site, &visitor).await {
        Ok(ids) => ids,
        Err(e) => return ApiError::from(e).into_response(),
    };
    for cid in &all {
        if let Err(e) = personal::destroy(&state, *cid, "erasure_request", Some(&admin), now).await
        {
            return ApiError::from(e).into_response();
        }
    }
    audit::record(
        &state,
        audit::Entry::by(&admin, "customer_erased")
            .conversation(&site, id)
            .detail(serde_json::json!({ "conversations": all.len() })),
    )
    .await;
    Redirect::to(&format!("/desk?c={id}")).into_response()
}

async fn save_site(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Path(site): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let admin = match require_admin(&state, &headers, signed_in) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    if state.sites.get(&site).is_none() || !(admin.sites.is_empty() || admin.sites.contains(&site))
    {
        return ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound).into_response();
    }
    let back = |q: &str| Redirect::to(&format!("/desk/security?{q}")).into_response();
    let Some(days) = form
        .get("retention_days")
        .and_then(|d| retention::parse_days(d))
    else {
        return back(&format!("error={}", ErrorCode::ConfigInvalid));
    };
    let required = form.contains_key("identity_required");
    let done = async {
        state.store.set_retention_days(&site, days).await?;
        let (mut secret, _) = state.store.site_identity(&site).await?;
        if form.contains_key("new_secret") || (required && secret.is_none()) {
            let mut bytes = [0u8; 32];
            rand::rng().fill_bytes(&mut bytes);
            secret = Some(
                state
                    .settings
                    .keyring
                    .seal("site.identity", hex::encode(bytes).as_bytes()),
            );
        }
        state
            .store
            .set_site_identity(&site, secret.as_deref(), required)
            .await
    };
    if let Err(e) = done.await {
        return ApiError::from(e).into_response();
    }
    audit::record(
        &state,
        audit::Entry::by(&admin, "setting_changed")
            .site(&site)
            .detail(serde_json::json!({
                "setting": "privacy",
                "retention_days": days,
                "identity_required": required,
                "new_secret": form.contains_key("new_secret"),
            })),
    )
    .await;
    back("saved=privacy")
}

async fn destructions(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
) -> Response {
    let admin = match require_admin(&state, &headers, signed_in) {
        Ok(a) => a,
        Err(e) => return e.into_response(),
    };
    match state.store.destruction_records(5000).await {
        Ok(rows) => {
            let rows: Vec<_> = rows
                .into_iter()
                .filter(|r| admin.sites.is_empty() || admin.sites.contains(&r.site))
                .collect();
            axum::Json(rows).into_response()
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}
