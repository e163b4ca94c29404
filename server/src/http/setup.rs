//! Admin changes to a site's setup: regional teams (calendars, escalation
//! contacts), topics (intake forms, team, skill), SLA targets and the fee
//! calculator's price lines, each posted
//! as JSON from `/desk/setup`. Checked by [`crate::domain::setup`]; a refusal
//! redirects back with `error=config_invalid&at=<where>`.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Form, Router};
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;

use super::admin::require_admin;
use crate::domain::setup::{self as rules, SetupError};
use crate::error::ApiError;
use crate::services::bootstrap;
use crate::services::setup::{self, SaveError};
use crate::state::AppState;

/// Routes under `/api/admin/sites/{site}/…`.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/admin/sites/{site}/setup/{part}", post(save))
}

fn back(site: &str, outcome: &str) -> Response {
    Redirect::to(&format!("/desk/setup?site={site}&{outcome}")).into_response()
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn invalid(site: &str, e: &SetupError) -> Response {
    back(
        site,
        &format!("error={}&at={}", ErrorCode::ConfigInvalid, encode(&e.at)),
    )
}

async fn save(
    State(state): State<AppState>,
    Path((site, part)): Path<(String, String)>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let admin = match require_admin(&state, &headers, signed_in) {
        Ok(a) => a,
        Err(refusal) => return refusal.into_response(),
    };
    let Some(config) = state.sites.get(&site) else {
        return back(&site, &format!("error={}", ErrorCode::NotFound));
    };
    let text = form.get("json").map(String::as_str).unwrap_or("");
    let saved = match part.as_str() {
        "teams" => match rules::parse_teams(text) {
            Ok(teams) => setup::save_teams(state.store.as_ref(), &site, &teams).await,
            Err(e) => Err(SaveError::Invalid(e)),
        },
        "topics" => {
            let names: Vec<String> = match state.store.teams(&site).await {
                Ok(t) => t.into_iter().map(|t| t.name).collect(),
                Err(e) => return ApiError::from(e).into_response(),
            };
            match rules::parse_topics(text, &names, &config.default_locale) {
                Ok(topics) => setup::save_topics(state.store.as_ref(), &site, &topics).await,
                Err(e) => Err(SaveError::Invalid(e)),
            }
        }
        "targets" => match rules::parse_targets(text) {
            Ok(policy) => state
                .store
                .set_sla_policy(&site, &policy)
                .await
                .map_err(SaveError::Store),
            Err(e) => Err(SaveError::Invalid(e)),
        },
        "fees" => match rules::parse_fees(text, &config.default_locale) {
            Ok(lines) => state
                .store
                .set_fee_lines(&site, &lines)
                .await
                .map_err(SaveError::Store),
            Err(e) => Err(SaveError::Invalid(e)),
        },
        _ => return back(&site, &format!("error={}", ErrorCode::NotFound)),
    };
    match saved {
        Ok(()) => {
            tracing::info!(admin = admin.id, %site, %part, "site setup changed");
            // Widgets and desks read topics from the directory.
            if let Err(e) = bootstrap::load_sites(&state).await {
                tracing::error!(error = %e, "reloading sites after a setup change");
            }
            back(&site, &format!("saved={part}"))
        }
        Err(SaveError::Invalid(e)) => {
            tracing::info!(admin = admin.id, %site, %part, at = %e.at, "site setup refused");
            invalid(&site, &e)
        }
        Err(SaveError::Store(e)) => ApiError::from(e).into_response(),
    }
}
