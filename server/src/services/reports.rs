//! The service reports (issue 21, R-QA2): who may see which, the period in
//! the viewer's time zone, the facts from storage and the figures from
//! [`crate::domain::metrics`], shaped as [`ReportView`] rows; and the
//! rows as CSV (UTF-8 with a byte-order mark, locale-neutral numbers).

use std::collections::{BTreeMap, HashMap};

use chrono::{Days, Months, NaiveDate, TimeZone};
use chrono_tz::Tz;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;
use parley_app::reports::{Metric, ReportFilter, ReportRow, ReportView, Unit};

use crate::domain::access::{ReportScope, report_scope};
use crate::domain::metrics::{self, Dimension, Figures, Period, Share, local_midnight};
use crate::services::complaint_ledger::csv_field;
use crate::state::AppState;
use crate::storage::{FactQuery, StoreError};

/// The longest period a report covers, in days.
pub const MAX_DAYS: u64 = 400;

fn internal(e: StoreError) -> ErrorCode {
    tracing::error!(error = %e, "reports");
    ErrorCode::Internal
}

fn parse_period(name: &str) -> Option<Period> {
    match name {
        "day" => Some(Period::Day),
        "week" => Some(Period::Week),
        "month" => Some(Period::Month),
        _ => None,
    }
}

fn period_name(p: Period) -> &'static str {
    match p {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
    }
}

fn today(now: i64, tz: Tz) -> NaiveDate {
    tz.timestamp_millis_opt(now).single().map_or_else(
        || chrono::DateTime::UNIX_EPOCH.date_naive(),
        |t| t.date_naive(),
    )
}

/// The filter with its defaults filled in, checked: the dates as local
/// days and the trend step.
struct Window {
    filter: ReportFilter,
    tz: Tz,
    from: NaiveDate,
    until: NaiveDate,
    by: Dimension,
    period: Period,
}

fn window(mut f: ReportFilter, default_tz: &str, now: i64) -> Result<Window, ErrorCode> {
    if f.tz.trim().is_empty() {
        f.tz = default_tz.to_owned();
    }
    let tz: Tz =
        f.tz.trim()
            .parse()
            .map_err(|_| ErrorCode::TimeZoneUnknown)?;
    f.tz = tz.name().to_owned();
    let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d");
    let until = if f.until.trim().is_empty() {
        today(now, tz)
    } else {
        day(&f.until).map_err(|_| ErrorCode::ReportRangeInvalid)?
    };
    let from = if f.from.trim().is_empty() {
        until - Days::new(29)
    } else {
        day(&f.from).map_err(|_| ErrorCode::ReportRangeInvalid)?
    };
    let span = (until - from).num_days();
    if span < 0 || span >= MAX_DAYS as i64 {
        return Err(ErrorCode::ReportRangeInvalid);
    }
    let by = if f.by.is_empty() {
        Dimension::Agent
    } else {
        Dimension::parse(&f.by).ok_or(ErrorCode::InvalidFrame)?
    };
    let period = if f.period.is_empty() {
        match span {
            0..=31 => Period::Day,
            32..=182 => Period::Week,
            _ => Period::Month,
        }
    } else {
        parse_period(&f.period).ok_or(ErrorCode::InvalidFrame)?
    };
    f.from = from.to_string();
    f.until = until.to_string();
    f.by = by.as_str().to_owned();
    f.period = period_name(period).to_owned();
    Ok(Window {
        filter: f,
        tz,
        from,
        until,
        by,
        period,
    })
}

fn basis_points(s: &Share) -> Option<i64> {
    (s.whole > 0).then(|| ((s.part * 10_000 + s.whole / 2) / s.whole) as i64)
}

/// The row of `f`, keyed `key`.
fn row(key: String, label: String, f: &Figures) -> ReportRow {
    let v = f.verdicts();
    let mut values = Vec::with_capacity(Metric::ALL.len());
    let mut verdicts = Vec::with_capacity(Metric::ALL.len());
    for m in Metric::ALL {
        let (value, verdict) = match m {
            Metric::Conversations => (Some(f.conversations as i64), None),
            Metric::ResponseRate => (basis_points(&f.responded), None),
            Metric::OnTime => (basis_points(&f.on_time), v.on_time),
            Metric::Resolution => (basis_points(&f.resolved), v.resolution),
            Metric::FirstContact => (basis_points(&f.first_contact), None),
            Metric::FirstResponseMean => (f.first_response_mean(), None),
            Metric::FirstResponseP90 => (f.first_response_p90(), None),
            Metric::Csat => (f.csat().map(|c| (c * 100.0).round() as i64), v.csat),
            Metric::Ratings => (Some(f.ratings.len() as i64), None),
            Metric::ComplaintRate => (basis_points(&f.complaints), v.complaints),
            Metric::ComplaintTime => (f.complaint_mean(), v.complaint_time),
            Metric::FollowUp => (basis_points(&f.follow_ups), None),
            Metric::QaScore => (f.qa_mean(), None),
        };
        values.push(value);
        verdicts.push(verdict);
    }
    ReportRow {
        key,
        label,
        values,
        verdicts,
    }
}

/// The sites `agent` may report on (supervisors and admins only).
pub(crate) fn report_sites(state: &AppState, agent: &AgentProfile) -> Vec<String> {
    state
        .sites
        .all()
        .into_iter()
        .map(|c| c.site)
        .filter(|s| crate::domain::access::serves(&agent.sites, s))
        .collect()
}

/// The site's own time zone: its first team's calendar's, else UTC (the
/// reports' default and the weeks of its QA review).
pub(crate) async fn site_zone(state: &AppState, site: &str) -> Result<String, ErrorCode> {
    let rules = crate::services::site_rules::of(state, site)
        .await
        .map_err(internal)?;
    Ok(rules
        .teams
        .first()
        .map_or_else(|| "UTC".to_owned(), |t| t.calendar.time_zone.clone()))
}

/// The report `filter` asks for, as `agent` may see it, names in `locale`.
pub async fn report(
    state: &AppState,
    agent: &AgentProfile,
    filter: ReportFilter,
    locale: &str,
) -> Result<ReportView, ErrorCode> {
    let sites = report_sites(state, agent);
    let site = if filter.site.is_empty() {
        sites.first().cloned().ok_or(ErrorCode::NotFound)?
    } else {
        filter.site.clone()
    };
    let viewer = crate::services::desk_access::viewer(state, agent.id)
        .await
        .map_err(internal)?;
    let scope = match report_scope(&viewer, &site) {
        Some(scope) => scope,
        None if viewer.serves_site(&site) => return Err(ErrorCode::Forbidden),
        None => return Err(ErrorCode::NotFound),
    };
    let mut view = report_of(state, &site, scope, filter, locale).await?;
    view.sites = sites;
    if crate::domain::access::may_administer_site(agent, &site) {
        view.audit = Some(crate::services::audit_review::overview(state, &site).await?);
    }
    Ok(view)
}

/// The report of `site` covering `scope` (checked by the caller: the
/// staff's [`report`], or a site API key for its own site).
pub async fn report_of(
    state: &AppState,
    site: &str,
    scope: ReportScope,
    filter: ReportFilter,
    locale: &str,
) -> Result<ReportView, ErrorCode> {
    let site = site.to_owned();
    let config = state.sites.get(&site).ok_or(ErrorCode::NotFound)?;
    let default_tz = site_zone(state, &site).await?;
    let now = state.clock.now();
    let w = window(
        ReportFilter {
            site: site.clone(),
            ..filter
        },
        &default_tz,
        now,
    )?;
    let whole_site = scope == ReportScope::Site;
    let cases = state
        .store
        .case_facts(&FactQuery {
            site: site.clone(),
            teams: match scope {
                ReportScope::Site => None,
                ReportScope::Teams(t) => Some(t),
            },
            from: local_midnight(w.from, w.tz),
            until: local_midnight(w.until + Days::new(1), w.tz),
        })
        .await
        .map_err(internal)?;

    let names: HashMap<String, String> = match w.by {
        Dimension::Agent => state
            .store
            .agents()
            .await
            .map_err(internal)?
            .into_iter()
            .map(|a| (a.id.to_string(), a.name))
            .collect(),
        Dimension::Team => crate::services::site_rules::of(state, &site)
            .await
            .map_err(internal)?
            .teams
            .iter()
            .map(|t| (t.id.to_string(), t.name.clone()))
            .collect(),
        Dimension::Category => config
            .categories
            .iter()
            .map(|c| (c.key.clone(), c.name(locale, &config.default_locale)))
            .collect(),
        Dimension::Region | Dimension::Language | Dimension::Priority => HashMap::new(),
    };
    let mut slices: Vec<ReportRow> = metrics::slices(&cases, w.by, now)
        .into_iter()
        .map(|(key, f)| {
            let label = names.get(&key).cloned().unwrap_or_default();
            row(key, label, &f)
        })
        .collect();
    slices.sort_by(|a, b| {
        b.value(Metric::Conversations)
            .cmp(&a.value(Metric::Conversations))
            .then_with(|| a.key.cmp(&b.key))
    });

    let mut trend: BTreeMap<NaiveDate, Figures> = metrics::trend(&cases, w.tz, w.period, now);
    let mut at = metrics::bucket(local_midnight(w.from, w.tz), w.tz, w.period);
    while at <= w.until {
        trend.entry(at).or_default();
        at = match w.period {
            Period::Day => at + Days::new(1),
            Period::Week => at + Days::new(7),
            Period::Month => at + Months::new(1),
        };
    }
    let trend = trend
        .into_iter()
        .map(|(day, f)| row(day.to_string(), String::new(), &f))
        .collect();
    Ok(ReportView {
        sites: vec![site],
        filter: w.filter,
        whole_site,
        total: row(String::new(), String::new(), &Figures::of(&cases, now)),
        slices,
        trend,
        audit: None,
    })
}

/// Which table of a report to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// The total and one line per slice.
    Slices,
    /// One line per period.
    Trend,
}

impl Table {
    /// `slices` or `trend`.
    pub fn parse(name: &str) -> Option<Table> {
        match name {
            "" | "slices" => Some(Table::Slices),
            "trend" => Some(Table::Trend),
            _ => None,
        }
    }
}

/// A value as the export writes it: shares as fractions (0.9523), times in
/// seconds, CSAT with two decimals, counts as they are; empty for none.
fn csv_value(metric: Metric, value: Option<i64>) -> String {
    let Some(v) = value else {
        return String::new();
    };
    match metric.unit() {
        Unit::Count => v.to_string(),
        Unit::BasisPoints => parley_app::fees::decimal_text(v, 4),
        Unit::Millis => parley_app::fees::decimal_text(v, 3),
        Unit::Hundredths => parley_app::fees::decimal_text(v, 2),
    }
}

fn csv_column(metric: Metric) -> String {
    match metric.unit() {
        Unit::Millis => format!("{}_seconds", metric.as_str()),
        _ => metric.as_str().to_owned(),
    }
}

/// `table` of `view` as CSV: UTF-8 with a byte-order mark (spreadsheet
/// programs then read the names right), one header line, comma-separated,
/// dot decimals.
pub fn csv(view: &ReportView, table: Table) -> String {
    let mut out = String::from("\u{feff}");
    let first = match table {
        Table::Slices => view.filter.by.clone(),
        Table::Trend => format!("{}_starting", view.filter.period),
    };
    let mut header = vec![first, "name".to_owned()];
    header.extend(Metric::ALL.into_iter().map(csv_column));
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    let mut line = |r: &ReportRow, key: &str| {
        let mut cells = vec![csv_field(key), csv_field(&r.label)];
        cells.extend(Metric::ALL.into_iter().map(|m| csv_value(m, r.value(m))));
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    };
    match table {
        Table::Slices => {
            line(&view.total, "total");
            for r in &view.slices {
                line(r, &r.key);
            }
        }
        Table::Trend => {
            for r in &view.trend {
                line(r, &r.key);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(from: &str, until: &str, tz: &str) -> ReportFilter {
        ReportFilter {
            from: from.into(),
            until: until.into(),
            tz: tz.into(),
            ..Default::default()
        }
    }

    const NOW: i64 = 1_796_081_400_000; // 2026-11-30 23:30 UTC

    #[test]
    fn the_window_defaults_to_the_last_thirty_days_in_the_viewers_zone() {
        let w = window(filter("", "", ""), "Asia/Shanghai", NOW).unwrap();
        assert_eq!(w.filter.until, "2026-12-01"); // already Tuesday in Shanghai
        assert_eq!(w.filter.from, "2026-11-02");
        assert_eq!(w.filter.tz, "Asia/Shanghai");
        assert_eq!(w.filter.by, "agent");
        assert_eq!(w.filter.period, "day");
        let w = window(
            filter("2026-01-01", "2026-06-30", "UTC"),
            "Asia/Shanghai",
            NOW,
        )
        .unwrap();
        assert_eq!(w.filter.period, "week");
        let w = window(filter("2026-01-01", "2026-12-31", "UTC"), "UTC", NOW).unwrap();
        assert_eq!(w.filter.period, "month");
        assert_eq!(local_midnight(w.from, w.tz), 1_767_225_600_000);
        assert_eq!(
            local_midnight(
                NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                chrono_tz::Asia::Shanghai
            ),
            1_795_996_800_000 - 8 * 3_600_000
        );
    }

    #[test]
    fn bad_windows_are_refused_with_their_reason() {
        for (from, until) in [
            ("2026-02-30", ""),
            ("yesterday", ""),
            ("2026-11-30", "2026-11-01"),
            ("2025-01-01", "2026-11-30"),
        ] {
            assert_eq!(
                window(filter(from, until, "UTC"), "UTC", NOW).err(),
                Some(ErrorCode::ReportRangeInvalid),
                "{from}..{until}"
            );
        }
        assert_eq!(
            window(filter("", "", "Mars/Olympus"), "UTC", NOW).err(),
            Some(ErrorCode::TimeZoneUnknown)
        );
        let mut f = filter("", "", "UTC");
        f.by = "colour".into();
        assert_eq!(window(f, "UTC", NOW).err(), Some(ErrorCode::InvalidFrame));
        let mut f = filter("", "", "UTC");
        f.period = "fortnight".into();
        assert_eq!(window(f, "UTC", NOW).err(), Some(ErrorCode::InvalidFrame));
    }

    #[test]
    fn the_export_is_utf8_with_a_bom_and_neutral_numbers() {
        let mut values = vec![None; Metric::ALL.len()];
        values[Metric::Conversations.index()] = Some(1234);
        values[Metric::OnTime.index()] = Some(9_523);
        values[Metric::FirstResponseMean.index()] = Some(95_500);
        values[Metric::Csat.index()] = Some(450);
        let r = ReportRow {
            key: "7".into(),
            label: "Zoë, \"Lead\"".into(),
            values,
            verdicts: vec![None; Metric::ALL.len()],
        };
        let view = ReportView {
            sites: vec!["demo".into()],
            filter: ReportFilter {
                by: "agent".into(),
                period: "week".into(),
                ..Default::default()
            },
            whole_site: true,
            total: ReportRow {
                key: String::new(),
                label: "=cmd()".into(),
                ..r.clone()
            },
            slices: vec![r.clone()],
            trend: vec![ReportRow {
                key: "2026-11-23".into(),
                ..r
            }],
            audit: None,
        };
        let text = csv(&view, Table::Slices);
        assert!(
            text.starts_with(
                "\u{feff}agent,name,conversations,response_rate,on_time_first_response,"
            )
        );
        assert!(text.contains("first_response_mean_seconds"));
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines.len(), 4, "header, total, one slice, end");
        assert!(
            lines[1].starts_with("total,'=cmd(),1234,,0.9523,,,95.500,,4.50,"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("7,\"Zoë, \"\"Lead\"\"\",1234,"),
            "{}",
            lines[2]
        );
        let trend = csv(&view, Table::Trend);
        assert!(trend.starts_with("\u{feff}week_starting,name,"));
        assert!(trend.contains("\r\n2026-11-23,"));
    }
}
