//! `/api/v1/reports…`: the site's service report for its back-end — the
//! same figures as `/desk/reports` for the whole site (a key reads its
//! site), as JSON or as the CSV the desk exports.

use axum::extract::State;
use axum::response::Response;
use axum::{Extension, Json};
use parley_app::reports::{Metric, ReportFilter, ReportRow, ReportView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Filters, V1Error};
use crate::domain::access::ReportScope;
use crate::services::api_keys::ApiClient;
use crate::services::reports::{self, Table};
use crate::state::AppState;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(report))
        .routes(routes!(export))
}

/// What the report covers; every parameter may be left out.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub(super) struct ReportParams {
    /// First day (`YYYY-MM-DD`, in `tz`); default 29 days before `until`.
    #[param(format = Date, example = "2026-11-01")]
    from: Option<String>,
    /// Last day, inclusive; default today. At most 400 days after `from`.
    #[param(format = Date, example = "2026-11-30")]
    until: Option<String>,
    /// Slice by.
    #[param(value_type = Option<String>, pattern = "^(agent|team|region|language|category|priority)$", example = "team")]
    by: Option<String>,
    /// Trend step; default by the length of the period.
    #[param(value_type = Option<String>, pattern = "^(day|week|month)$", example = "week")]
    period: Option<String>,
    /// IANA time zone the days are counted in; default the site's first
    /// team's.
    #[param(example = "Europe/Berlin", max_length = 64)]
    tz: Option<String>,
    /// CSV only: `slices` (the total and each slice) or `trend`.
    #[param(value_type = Option<String>, pattern = "^(slices|trend)$")]
    table: Option<String>,
    /// Names of topics in this locale (one of Parley's six).
    #[param(value_type = Option<String>, pattern = "^(en|zh-CN|es|de|ja|ar)$", example = "en")]
    locale: Option<String>,
}

/// The figures of a set of conversations. Shares are basis points
/// (10,000 = 100 %), times milliseconds of business time (complaints:
/// wall time), CSAT hundredths (450 = 4.50); `null`: nothing to count.
#[derive(Debug, Serialize, ToSchema)]
pub struct Figures {
    /// Conversations whose first-response clock started in the period.
    pub conversations: Option<i64>,
    /// Answered by staff at least once.
    pub response_rate: Option<i64>,
    /// First responses on time, of those decided (target ≥ 9,500).
    pub on_time_first_response: Option<i64>,
    /// Resolved at least once (target ≥ 9,000).
    pub resolution_rate: Option<i64>,
    /// Resolved without a reopening or transfer, of the resolved.
    pub first_contact_resolution: Option<i64>,
    /// Mean first-response time.
    pub first_response_mean: Option<i64>,
    /// 90th-percentile first-response time (nearest rank).
    pub first_response_p90: Option<i64>,
    /// Mean rating (target ≥ 450).
    pub csat: Option<i64>,
    /// Ratings counted.
    pub ratings: Option<i64>,
    /// Conversations with a complaint (target ≤ 500).
    pub complaint_rate: Option<i64>,
    /// Mean complaint resolution time (target ≤ 86,400,000).
    pub complaint_resolution_time: Option<i64>,
    /// Follow-ups done on time, of those decided.
    pub follow_up_completion: Option<i64>,
    /// Mean weekly QA review score of the reviewed conversations
    /// (basis points; 10,000 = every criterion at its best).
    pub qa_score: Option<i64>,
}

/// Each target: met (`true`), missed (`false`), nothing to judge (`null`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Verdicts {
    /// On-time first responses ≥ 95 %.
    pub on_time_first_response: Option<bool>,
    /// Resolution rate ≥ 90 %.
    pub resolution_rate: Option<bool>,
    /// CSAT ≥ 4.5.
    pub csat: Option<bool>,
    /// Complaint rate ≤ 5 %.
    pub complaint_rate: Option<bool>,
    /// Complaints resolved within 24 hours on average.
    pub complaint_resolution_time: Option<bool>,
}

/// One row: the total, a slice or a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct Row {
    /// The slice's key (agent or team id, region, locale, topic,
    /// priority; empty: none) or the period's first day; empty for the
    /// total.
    pub key: String,
    /// Its name where Parley knows one (agents, teams, topics).
    pub name: String,
    /// Its figures.
    pub figures: Figures,
    /// Its verdicts.
    pub targets: Verdicts,
}

impl From<&ReportRow> for Row {
    fn from(r: &ReportRow) -> Self {
        let v = |m: Metric| r.value(m);
        let t = |m: Metric| r.verdict(m);
        Row {
            key: r.key.clone(),
            name: r.label.clone(),
            figures: Figures {
                conversations: v(Metric::Conversations),
                response_rate: v(Metric::ResponseRate),
                on_time_first_response: v(Metric::OnTime),
                resolution_rate: v(Metric::Resolution),
                first_contact_resolution: v(Metric::FirstContact),
                first_response_mean: v(Metric::FirstResponseMean),
                first_response_p90: v(Metric::FirstResponseP90),
                csat: v(Metric::Csat),
                ratings: v(Metric::Ratings),
                complaint_rate: v(Metric::ComplaintRate),
                complaint_resolution_time: v(Metric::ComplaintTime),
                follow_up_completion: v(Metric::FollowUp),
                qa_score: v(Metric::QaScore),
            },
            targets: Verdicts {
                on_time_first_response: t(Metric::OnTime),
                resolution_rate: t(Metric::Resolution),
                csat: t(Metric::Csat),
                complaint_rate: t(Metric::ComplaintRate),
                complaint_resolution_time: t(Metric::ComplaintTime),
            },
        }
    }
}

/// A service report.
#[derive(Debug, Serialize, ToSchema)]
pub struct Report {
    /// First day.
    pub from: String,
    /// Last day (inclusive).
    pub until: String,
    /// Time zone of the days.
    pub tz: String,
    /// What the slices are by.
    pub by: String,
    /// The trend's step.
    pub period: String,
    /// Every conversation of the period.
    pub total: Row,
    /// Per slice, largest first.
    pub slices: Vec<Row>,
    /// Per period, oldest first.
    pub trend: Vec<Row>,
}

async fn load(
    state: &AppState,
    client: &ApiClient,
    p: ReportParams,
) -> Result<(ReportView, Table), V1Error> {
    // A parameter given must say something (left out, it takes its default).
    for (name, value) in [
        ("from", &p.from),
        ("until", &p.until),
        ("by", &p.by),
        ("period", &p.period),
        ("tz", &p.tz),
        ("table", &p.table),
        ("locale", &p.locale),
    ] {
        if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
            return Err(V1Error::new(
                parley_app::error::ErrorCode::InvalidFrame,
                Some(name),
            ));
        }
    }
    let table = Table::parse(p.table.as_deref().unwrap_or_default())
        .ok_or_else(|| V1Error::new(parley_app::error::ErrorCode::InvalidFrame, Some("table")))?;
    let filter = ReportFilter {
        site: client.site.clone(),
        from: p.from.unwrap_or_default(),
        until: p.until.unwrap_or_default(),
        by: p.by.unwrap_or_default(),
        period: p.period.unwrap_or_default(),
        tz: p.tz.unwrap_or_default(),
    };
    let locale = p.locale.unwrap_or_else(|| "en".to_owned());
    if !parley_app::locale::SHIPPED.contains(&locale.as_str()) {
        return Err(V1Error::new(
            parley_app::error::ErrorCode::InvalidFrame,
            Some("locale"),
        ));
    }
    let view = reports::report_of(state, &client.site, ReportScope::Site, filter, &locale).await?;
    Ok((view, table))
}

/// The site's service report: the figures of every conversation of the
/// period, per slice and per day, week or month, against the targets.
#[utoipa::path(
    get,
    path = "/api/v1/reports",
    tag = "reports",
    params(ReportParams),
    responses((status = 200, description = "The report", body = Report))
)]
async fn report(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Filters(p): Filters<ReportParams>,
) -> Result<Json<Report>, V1Error> {
    let (view, _) = load(&state, &client, p).await?;
    let f = view.filter;
    Ok(Json(Report {
        from: f.from,
        until: f.until,
        tz: f.tz,
        by: f.by,
        period: f.period,
        total: Row::from(&view.total),
        slices: view.slices.iter().map(Row::from).collect(),
        trend: view.trend.iter().map(Row::from).collect(),
    }))
}

/// One table of the report as CSV (UTF-8 with a byte-order mark, dot
/// decimals: shares as fractions, times in seconds), as the desk exports.
#[utoipa::path(
    get,
    path = "/api/v1/reports.csv",
    tag = "reports",
    params(ReportParams),
    responses((status = 200, description = "The table", content_type = "text/csv", body = String))
)]
async fn export(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Filters(p): Filters<ReportParams>,
) -> Result<Response, V1Error> {
    let (view, table) = load(&state, &client, p).await?;
    let name = format!(
        "parley-report-{}-{}-{}.csv",
        view.filter.site, view.filter.from, view.filter.until
    );
    Ok(crate::http::complaints::csv(
        reports::csv(&view, table),
        &name,
    ))
}
