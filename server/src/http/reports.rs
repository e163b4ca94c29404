//! `/api/reports.csv`: a service report's table (the slices with the
//! total, or the trend) as CSV for the signed-in supervisor or admin — the
//! same report `/desk/reports` shows, with the same rule of who sees what
//! ([`crate::domain::access::report_scope`]). And the reports page's form
//! marking a month of the audit log reviewed (behind the admin gate).

use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use parley_app::reports::ReportFilter;

use super::complaints::{csv, staff};
use super::fields::Fields;
use crate::error::ApiError;
use crate::services::reports::{self, Table};
use crate::state::AppState;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/reports.csv", get(export))
        .route("/api/admin/sites/{site}/audit-review", post(review))
}

/// `month` and `note`: back to the reports page with `reviewed=` the
/// month, or `error=` the code.
async fn review(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(site): Path<String>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let admin = staff(signed_in)?;
    let form = Fields::of(&body);
    let month = form.get("month");
    let outcome = match crate::services::audit_review::review(
        &state,
        &admin,
        &site,
        &month,
        &form.get("note"),
    )
    .await
    {
        Ok(_) => format!("reviewed={}", parley_app::api::query_value(&month)),
        Err(code) => format!("error={}", code.as_str()),
    };
    Ok(Redirect::to(&format!(
        "/desk/reports?site={}&{outcome}",
        parley_app::api::query_value(&site)
    ))
    .into_response())
}

/// The report's filter, the table, and the locale of the names.
#[derive(serde::Deserialize)]
struct ExportQuery {
    #[serde(flatten)]
    filter: ReportFilter,
    #[serde(default)]
    table: String,
    #[serde(default)]
    locale: String,
}

async fn export(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, ApiError> {
    let agent = staff(signed_in)?;
    let table = Table::parse(&q.table)
        .ok_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, ErrorCode::InvalidFrame))?;
    let locale = if q.locale.is_empty() { "en" } else { &q.locale };
    let view = reports::report(&state, &agent, q.filter, locale).await?;
    let name = format!(
        "parley-report-{}-{}-{}-{}.csv",
        view.filter.site,
        if table == Table::Trend {
            view.filter.period.as_str()
        } else {
            view.filter.by.as_str()
        },
        view.filter.from,
        view.filter.until
    );
    Ok(csv(reports::csv(&view, table), &name))
}
