//! `/api/reports.csv`: a service report's table (the slices with the
//! total, or the trend) as CSV for the signed-in supervisor or admin — the
//! same report `/desk/reports` shows, with the same rule of who sees what
//! ([`crate::domain::access::report_scope`]).

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use parley_app::reports::ReportFilter;

use super::complaints::{csv, staff};
use crate::error::ApiError;
use crate::services::reports::{self, Table};
use crate::state::AppState;

/// Routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/reports.csv", get(export))
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
