//! Admin changes to a site's setup: regional teams (calendars, escalation
//! contacts), topics (intake forms, team, skill), SLA targets and the fee
//! calculator's price lines, each posted
//! as JSON from `/desk/setup`. Checked by [`crate::domain::setup`]; a refusal
//! redirects back with `error=config_invalid&at=<where>`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Form, Router};
use parley_app::api::{SignedIn, query_value};
use parley_app::error::ErrorCode;

use super::admin::require_admin;
use crate::domain::setup::SetupError;
use crate::error::ApiError;
use crate::http::form_json;
use crate::services::setup::{self, SaveError, SetupPart};
use crate::state::AppState;

/// Routes under `/api/admin/sites/{site}/…`.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/admin/sites/{site}/setup/{part}", post(save))
}

fn back(site: &str, outcome: &str) -> Response {
    Redirect::to(&format!("/desk/setup?site={site}&{outcome}")).into_response()
}

/// How the checks name a part's places (`fees[0].key`, `targets.x`).
fn part_prefix(part: SetupPart) -> &'static str {
    match part {
        SetupPart::Teams => "teams",
        SetupPart::Topics => "topics",
        SetupPart::Targets => "targets.",
        SetupPart::Fees => "fees",
        SetupPart::Compensation => "compensation.",
        SetupPart::RootCauses => "root_causes",
    }
}

fn invalid(site: &str, e: &SetupError) -> Response {
    back(
        site,
        &format!(
            "error={}&at={}",
            ErrorCode::ConfigInvalid,
            query_value(&e.at)
        ),
    )
}

async fn save(
    State(state): State<AppState>,
    Path((site, part)): Path<(String, String)>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let (Some(config), Some(which)) = (state.sites.get(&site), SetupPart::parse(&part)) else {
        return Ok(back(&site, &format!("error={}", ErrorCode::NotFound)));
    };
    // The JSON itself (bulk edits), or the form's fields named by their
    // place in it (see `form_json`).
    let text = match form.iter().find(|(k, _)| k == "json") {
        Some((_, json)) => json.clone(),
        None => {
            let root = match which {
                SetupPart::Targets | SetupPart::Compensation => serde_json::json!({}),
                _ => serde_json::json!([]),
            };
            match form_json::to_json(&form, root) {
                Ok(v) => v.to_string(),
                Err(e) => {
                    let at = format!("{}{}", part_prefix(which), e.field);
                    return Ok(invalid(&site, &SetupError { at }));
                }
            }
        }
    };
    match setup::save_part(&state, &admin, &site, &config.default_locale, which, &text).await {
        Ok(()) => Ok(back(&site, &format!("saved={part}"))),
        Err(SaveError::Invalid(e)) => {
            tracing::info!(admin = admin.id, %site, %part, at = %e.at, "site setup refused");
            Ok(invalid(&site, &e))
        }
        Err(SaveError::Store(e)) => Err(e.into()),
    }
}
