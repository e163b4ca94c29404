//! The complaint ledger's HTTP side: a step taken from the case view (a
//! plain form, so it works before the page's script loads), the ledger and
//! the monthly analysis as CSV, and the compensation ledger as CSV. Any
//! fully signed-in staff member may call them; what each may see and do is
//! decided by the services below (the access rule for complaints, the
//! supervisors and admins of a site for its analysis and compensation).

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use parley_app::api::SignedIn;
use parley_app::complaints::{LedgerFilter, Severity, Step};
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::error::ApiError;
use crate::services::complaints::Act;
use crate::services::{complaint_ledger, complaints, desk_access};
use crate::state::AppState;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/complaints/{id}/act", post(act))
        .route("/api/complaints.csv", get(ledger_csv))
        .route("/api/complaints/analysis.csv", get(analysis_csv))
        .route("/api/compensations.csv", get(compensation_csv))
}

/// The signed-in staff member, else `401 unauthorized`.
pub(crate) fn staff(signed_in: SignedIn) -> Result<AgentProfile, ApiError> {
    signed_in
        .0
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized))
}

/// `body` as a CSV download named `name`.
pub(crate) fn csv(body: String, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// A step, a new owner or severity from the case view's forms; back to the
/// case with `saved` or the refusal's code and field.
async fn act(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(id): Path<i64>,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let agent = staff(signed_in)?;
    let viewer = desk_access::viewer(&state, agent.id).await?;
    let text = |k: &str| form.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let step = match text("step").as_str() {
        "" => None,
        s => match Step::parse(s) {
            Some(step) => Some(step),
            None => {
                return Ok(back(
                    id,
                    &format!("error={}&field=step", ErrorCode::InvalidFrame),
                ));
            }
        },
    };
    let owner_id = match text("owner").as_str() {
        "" => None,
        o => match o.parse() {
            Ok(o) => Some(o),
            Err(_) => {
                return Ok(back(
                    id,
                    &format!("error={}&field=owner", ErrorCode::InvalidFrame),
                ));
            }
        },
    };
    let act = Act {
        step,
        result: text("result"),
        root_cause: Some(text("root_cause")).filter(|c| !c.is_empty()),
        owner_id,
        severity: Severity::parse(&text("severity")),
        link: match text("link").as_str() {
            "" => None,
            l => match l.trim_start_matches('#').parse() {
                Ok(l) => Some(l),
                Err(_) => {
                    return Ok(back(
                        id,
                        &format!("error={}&field=link", ErrorCode::InvalidFrame),
                    ));
                }
            },
        },
        note: text("note"),
    };
    Ok(
        match complaints::act(&state, &agent, &viewer, id, act).await {
            Ok(_) => back(id, "saved=1"),
            Err(r) => {
                let field = r.field.map(|f| format!("&field={f}")).unwrap_or_default();
                back(id, &format!("error={}{field}", r.code))
            }
        },
    )
}

fn back(id: i64, outcome: &str) -> Response {
    Redirect::to(&format!("/desk/complaints?id={id}&{outcome}")).into_response()
}

async fn ledger_csv(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(filter): Query<LedgerFilter>,
) -> Result<Response, ApiError> {
    let agent = staff(signed_in)?;
    let body = complaint_ledger::csv(&state, &agent, &filter).await?;
    Ok(csv(body, "parley-complaints.csv"))
}

#[derive(serde::Deserialize)]
struct AnalysisQuery {
    #[serde(default)]
    site: String,
    #[serde(default)]
    month: String,
}

async fn analysis_csv(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(q): Query<AnalysisQuery>,
) -> Result<Response, ApiError> {
    let agent = staff(signed_in)?;
    let a = complaint_ledger::analysis(&state, &agent, &q.site, &q.month, "en").await?;
    let name = format!("parley-complaints-{}-{}.csv", a.site, a.month);
    Ok(csv(complaint_ledger::analysis_csv(&a), &name))
}

async fn compensation_csv(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(q): Query<AnalysisQuery>,
) -> Result<Response, ApiError> {
    let agent = staff(signed_in)?;
    let body = complaint_ledger::compensation_csv(&state, &agent, &q.site).await?;
    Ok(csv(body, "parley-compensations.csv"))
}
