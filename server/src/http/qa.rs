//! The weekly QA review's forms (`/desk/qa`), behind the admin gate (the
//! site's admins and supervisors, [`crate::domain::qa::may_run_qa`]):
//! draw a week, add a closed conversation by hand, review a sampled one,
//! set the score sheet. Each answers with a redirect back to the week,
//! `done=` what was done or `error=` the code. And the case library's
//! removal (the same people).

use std::collections::BTreeMap;

use axum::extract::{Path, RawForm, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Router};
use parley_app::api::{SignedIn, query_value};
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use super::complaints::staff;
use super::fields::Fields;
use crate::domain::qa::Criterion;
use crate::error::ApiError;
use crate::services::qa::{self, ReviewInput};
use crate::state::AppState;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/sites/{site}/qa/draw", post(draw))
        .route("/api/admin/sites/{site}/qa/samples", post(add_sample))
        .route("/api/admin/sites/{site}/qa/reviews", post(review))
        .route("/api/admin/sites/{site}/qa/sheet", post(sheet))
        .route(
            "/api/admin/sites/{site}/library/{id}/remove",
            post(remove_case),
        )
}

/// Takes a case out of the library: back to the library page with
/// `removed=` the case or `error=` the code.
async fn remove_case(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path((site, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let actor = staff(signed_in)?;
    let outcome = match crate::services::case_library::remove(&state, &actor, &site, id).await {
        Ok(()) => format!("removed={id}"),
        Err(refusal) => format!("error={}", refusal.code.as_str()),
    };
    Ok(Redirect::to(&format!(
        "/desk/library?site={}&{outcome}",
        query_value(&site)
    ))
    .into_response())
}

/// The conversation a form names.
fn conversation(form: &Fields) -> Result<i64, ErrorCode> {
    form.get("conversation")
        .trim()
        .parse()
        .map_err(|_| ErrorCode::InvalidFrame)
}

/// Who posts (the gate let them through), the form and its week.
fn request(signed_in: SignedIn, body: &[u8]) -> Result<(AgentProfile, Fields, String), ApiError> {
    let actor = staff(signed_in)?;
    let form = Fields::of(body);
    let week = form.get("week");
    Ok((actor, form, week))
}

/// Back to the week with the outcome.
fn back(site: &str, week: &str, outcome: Result<String, ErrorCode>) -> Response {
    let outcome = match outcome {
        Ok(done) => format!("done={done}"),
        Err(code) => format!("error={}", code.as_str()),
    };
    Redirect::to(&format!(
        "/desk/qa?site={}&week={}&{outcome}",
        query_value(site),
        query_value(week)
    ))
    .into_response()
}

async fn draw(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(site): Path<String>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let (actor, _, week) = request(signed_in, &body)?;
    let outcome = match qa::parse_week(&week) {
        Ok(monday) => qa::draw_week(&state, &site, monday, Some(&actor))
            .await
            .map(|_| "drawn".to_owned()),
        Err(code) => Err(code),
    };
    Ok(back(&site, &week, outcome))
}

async fn add_sample(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(site): Path<String>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let (actor, form, week) = request(signed_in, &body)?;
    let outcome = match conversation(&form) {
        Ok(id) => qa::add_sample(&state, &actor, &site, &week, id)
            .await
            .map(|_| "added".to_owned()),
        Err(code) => Err(code),
    };
    Ok(back(&site, &week, outcome))
}

/// `week`, `conversation`, `points.<criterion>` (0–4) for each criterion,
/// `comment`.
async fn review(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(site): Path<String>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let (actor, form, week) = request(signed_in, &body)?;
    let mut points = BTreeMap::new();
    let mut unreadable = false;
    for (k, v) in &form.0 {
        if let Some(key) = k.strip_prefix("points.") {
            match v.trim().parse::<u8>() {
                Ok(p) => {
                    points.insert(key.to_owned(), p);
                }
                Err(_) => unreadable = true,
            }
        }
    }
    let outcome = match conversation(&form) {
        Ok(_) if unreadable => Err(ErrorCode::InvalidFrame),
        Ok(conversation) => qa::review(
            &state,
            &actor,
            &site,
            ReviewInput {
                week: week.clone(),
                conversation,
                points,
                comment: form.get("comment"),
            },
        )
        .await
        .map(|_| "reviewed".to_owned()),
        Err(code) => Err(code),
    };
    Ok(back(&site, &week, outcome))
}

/// Rows `key.N` and `weight.N` (empty rows are left out).
async fn sheet(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(site): Path<String>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let (actor, form, week) = request(signed_in, &body)?;
    let mut rows: BTreeMap<u32, (String, String)> = BTreeMap::new();
    for (k, v) in &form.0 {
        let (field, n) = match k.split_once('.') {
            Some((field, n)) => (field, n.parse::<u32>().ok()),
            None => continue,
        };
        let Some(n) = n else { continue };
        let row = rows.entry(n).or_default();
        match field {
            "key" => row.0 = v.trim().to_owned(),
            "weight" => row.1 = v.trim().to_owned(),
            _ => {}
        }
    }
    let mut criteria = Vec::new();
    let mut unreadable = false;
    for (key, weight) in rows.into_values() {
        if key.is_empty() && weight.is_empty() {
            continue;
        }
        match weight.parse::<u32>() {
            Ok(weight) => criteria.push(Criterion { key, weight }),
            Err(_) => unreadable = true,
        }
    }
    let outcome = if unreadable {
        Err(ErrorCode::SheetInvalid)
    } else {
        qa::set_sheet(&state, &actor, &site, criteria)
            .await
            .map(|()| "sheet".to_owned())
    };
    Ok(back(&site, &week, outcome))
}
