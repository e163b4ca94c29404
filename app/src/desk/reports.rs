//! `/desk/reports` (issue 21, R-QA2): the service figures of a site for a
//! period in the viewer's time zone — each against its target, met or
//! missed in words as well as colour — the trend per day, week or month,
//! and the figures per slice (agent, team, region, language, topic,
//! priority); every chart with its summary and data table, every table
//! exportable as CSV. The server computes all of it; this page displays.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::components::bar_chart::{Bar, BarChart};
use super::countdown::duration_text;
use super::security::{CsrfField, DateTime};
use crate::api::{load_report, query_value};
use crate::reports::{AuditReviews, Metric, ReportFilter, ReportRow, ReportView, Unit};

const DIMENSIONS: [&str; 6] = [
    "agent", "team", "region", "language", "category", "priority",
];
const PERIODS: [&str; 3] = ["day", "week", "month"];

fn locale() -> Signal<String> {
    let i18n = expect_context::<leptos_fluent::I18n>();
    Signal::derive(move || i18n.language.get().id.to_string())
}

/// A value as the desk writes it.
fn value_text(metric: Metric, v: i64) -> String {
    match metric.unit() {
        Unit::Count => v.to_string(),
        Unit::BasisPoints => format!("{} %", crate::fees::decimal_text(v, 2)),
        Unit::Millis => duration_text(v),
        Unit::Hundredths => crate::fees::decimal_text(v, 2),
    }
}

fn cell(metric: Metric, v: Option<i64>) -> String {
    v.map(|v| value_text(metric, v))
        .unwrap_or_else(|| "—".to_owned())
}

fn verdict_name(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "met",
        Some(false) => "missed",
        None => "none",
    }
}

/// A slice's name: the server's (agents, teams, topics), else translated.
fn slice_name(by: &str, row: &ReportRow) -> String {
    if !row.label.is_empty() {
        return row.label.clone();
    }
    if row.key.is_empty() {
        return tr!("report-none", { "by" => by.to_owned() });
    }
    match by {
        "region" => tr!("report-region", { "area" => row.key.clone() }),
        "language" => crate::locale::endonym(&row.key)
            .map(str::to_owned)
            .unwrap_or_else(|| row.key.clone()),
        "priority" => tr!("priority", { "priority" => row.key.clone() }),
        _ => row.key.clone(),
    }
}

fn link(view: &ReportView, table: &str, locale: &str) -> String {
    let f = &view.filter;
    format!(
        "/api/reports.csv?site={}&from={}&until={}&by={}&period={}&tz={}&table={table}&locale={}",
        query_value(&f.site),
        query_value(&f.from),
        query_value(&f.until),
        query_value(&f.by),
        query_value(&f.period),
        query_value(&f.tz),
        query_value(locale),
    )
}

/// The reports page.
#[component]
pub fn ReportsPage() -> impl IntoView {
    super::security::provide_session();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let q = query.read();
        let get = |k: &str| q.get(k).unwrap_or_default();
        ReportFilter {
            site: get("site"),
            from: get("from"),
            until: get("until"),
            by: get("by"),
            period: get("period"),
            tz: get("tz"),
        }
    });
    let outcome = super::form_outcome("reviewed");
    let locale = locale();
    let data = Resource::new(
        move || (filter.get(), locale.get()),
        |(f, l)| load_report(f, l),
    );
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "reports-title")/>
        <main class="texts reports">
            <h1>{move || tr!("reports-title")}</h1>
            {move || match outcome.get() {
                (Some(month), _) => Some(view! {
                    <p role="status" data-testid="audit-review-done" data-month=month.clone()>
                        {tr!("report-audit-done", { "month" => month.clone() })}
                    </p>
                }.into_any()),
                (None, Some(code)) => Some(view! { <super::FormError form="audit-review" code/> }.into_any()),
                _ => None,
            }}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    super::admin_view(data.await, "reports", |r| view! { <Report r/> }.into_any())
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn FilterForm(view: ReportView) -> impl IntoView {
    let f = view.filter.clone();
    let (by, period) = (f.by.clone(), f.period.clone());
    view! {
        <form method="get" action="/desk/reports" class="ledger-filter" data-testid="report-filter">
            <label for="r-site">{move || tr!("complaints-site")}</label>
            <select id="r-site" name="site" data-testid="report-site">
                {view.sites.iter().map(|s| view! { <option value=s.clone() selected=*s == f.site>{s.clone()}</option> }).collect_view()}
            </select>
            <label for="r-from">{move || tr!("report-from")}</label>
            <input id="r-from" name="from" type="date" value=f.from.clone() data-testid="report-from"/>
            <label for="r-until">{move || tr!("report-until")}</label>
            <input id="r-until" name="until" type="date" value=f.until.clone() data-testid="report-until"/>
            <label for="r-tz">{move || tr!("report-tz")}</label>
            <input id="r-tz" name="tz" type="text" value=f.tz.clone() data-testid="report-tz"
                autocomplete="off" spellcheck="false" dir="ltr"/>
            <label for="r-by">{move || tr!("report-by")}</label>
            <select id="r-by" name="by" data-testid="report-by">
                {DIMENSIONS.iter().map(|d| view! {
                    <option value=*d selected=*d == by>{move || tr!("report-dimension", { "by" => *d })}</option>
                }).collect_view()}
            </select>
            <label for="r-period">{move || tr!("report-period")}</label>
            <select id="r-period" name="period" data-testid="report-period">
                {PERIODS.iter().map(|p| view! {
                    <option value=*p selected=*p == period>{move || tr!("report-period-name", { "period" => *p })}</option>
                }).collect_view()}
            </select>
            <button type="submit" data-testid="report-apply">{move || tr!("audit-apply")}</button>
        </form>
    }
}

/// The totals, each against its target.
#[component]
fn Totals(total: ReportRow) -> impl IntoView {
    view! {
        <ul class="report-totals" data-testid="report-totals">
            {Metric::ALL.into_iter().map(|m| {
                let v = total.value(m);
                let verdict = total.verdict(m);
                view! {
                    <li data-testid="metric" data-metric=m.as_str()
                        data-value=v.map(|v| v.to_string()).unwrap_or_default()
                        data-verdict=verdict_name(verdict) class=format!("verdict-{}", verdict_name(verdict))>
                        <span class="metric-name">{move || tr!("report-metric", { "metric" => m.as_str() })}</span>
                        <strong class="metric-value">{cell(m, v)}</strong>
                        {verdict.map(|met| view! {
                            <span class="metric-verdict">
                                {if met { "✓ " } else { "✗ " }}
                                {move || tr!("report-verdict", {
                                    "met" => if met { "yes" } else { "no" },
                                    "metric" => m.as_str(),
                                })}
                            </span>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

/// Every metric of `rows`, one row each.
#[component]
fn MetricTable(
    id: &'static str,
    caption: String,
    first: String,
    rows: Vec<(String, ReportRow)>,
) -> impl IntoView {
    let label = caption.clone();
    view! {
        <div class="table-scroll" role="region" tabindex="0" aria-label=label>
            <table class="ledger report-table" data-testid=id>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{first}</th>
                        {Metric::ALL.into_iter().map(|m| view! {
                            <th scope="col">{move || tr!("report-metric", { "metric" => m.as_str() })}</th>
                        }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(name, r)| view! {
                        <tr data-key=r.key.clone()>
                            <th scope="row">{name}</th>
                            {Metric::ALL.into_iter().map(|m| view! {
                                <td data-metric=m.as_str() data-verdict=verdict_name(r.verdict(m))>{cell(m, r.value(m))}</td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn Report(r: ReportView) -> impl IntoView {
    let lang = locale().get_untracked();
    let rtl = crate::locale::is_rtl(&lang);
    let by = r.filter.by.clone();
    let period = r.filter.period.clone();
    let bars =
        |rows: &[ReportRow], metric: Metric, name: &dyn Fn(&ReportRow) -> String| -> Vec<Bar> {
            rows.iter()
                .map(|row| Bar {
                    key: row.key.clone(),
                    label: name(row),
                    value: row.value(metric),
                })
                .collect()
        };
    let day = |row: &ReportRow| row.key.clone();
    let by_for_name = by.clone();
    let name = move |row: &ReportRow| slice_name(&by_for_name, row);
    let trend_on_time = bars(&r.trend, Metric::OnTime, &day);
    let trend_count = bars(&r.trend, Metric::Conversations, &day);
    let slice_on_time = bars(&r.slices, Metric::OnTime, &name);
    let slice_csat = bars(&r.slices, Metric::Csat, &name);
    let slice_rows: Vec<(String, ReportRow)> =
        std::iter::once((tr!("report-total"), r.total.clone()))
            .chain(r.slices.iter().map(|row| (name(row), row.clone())))
            .collect();
    let trend_rows: Vec<(String, ReportRow)> = r
        .trend
        .iter()
        .map(|row| (row.key.clone(), row.clone()))
        .collect();
    let percent = Callback::new(|v: i64| value_text(Metric::OnTime, v));
    let score = Callback::new(|v: i64| value_text(Metric::Csat, v));
    let count = Callback::new(|v: i64| v.to_string());
    let by_title = tr!("report-dimension", { "by" => by.clone() });
    let period_title = tr!("report-period-name", { "period" => period.clone() });
    view! {
        <FilterForm view=r.clone()/>
        <p class="report-scope" data-testid="report-scope" data-whole-site=r.whole_site.to_string()>
            {move || if r.whole_site { tr!("report-scope-site") } else { tr!("report-scope-teams") }}
            " · "
            {tr!("report-in-zone", { "tz" => r.filter.tz.clone() })}
        </p>
        <p>
            <a href=link(&r, "slices", &lang) download="report-slices.csv" data-testid="report-export-slices">{move || tr!("report-export", { "table" => "slices" })}</a>
            " · "
            <a href=link(&r, "trend", &lang) download="report-trend.csv" data-testid="report-export-trend">{move || tr!("report-export", { "table" => "trend" })}</a>
        </p>
        <h2>{tr!("report-total")}</h2>
        <Totals total=r.total.clone()/>
        <h2>{tr!("report-trend-title", { "period" => period.clone() })}</h2>
        <BarChart id="trend-on-time" title=tr!("report-chart-title", { "metric" => tr!("report-metric", { "metric" => "on_time_first_response" }), "by" => period_title.clone() })
            bars=trend_on_time value_text=percent rtl target=9_500/>
        <BarChart id="trend-conversations" title=tr!("report-chart-title", { "metric" => tr!("report-metric", { "metric" => "conversations" }), "by" => period_title.clone() })
            bars=trend_count value_text=count rtl/>
        <MetricTable id="report-trend-table" caption=tr!("report-table-title", { "by" => period_title.clone() }) first=period_title rows=trend_rows/>
        <h2>{tr!("report-slices-title", { "by" => by_title.clone() })}</h2>
        <BarChart id="slices-on-time" title=tr!("report-chart-title", { "metric" => tr!("report-metric", { "metric" => "on_time_first_response" }), "by" => by_title.clone() })
            bars=slice_on_time value_text=percent rtl target=9_500/>
        <BarChart id="slices-csat" title=tr!("report-chart-title", { "metric" => tr!("report-metric", { "metric" => "csat" }), "by" => by_title.clone() })
            bars=slice_csat value_text=score rtl target=450/>
        <MetricTable id="report-table" caption=tr!("report-table-title", { "by" => by_title.clone() }) first=by_title rows=slice_rows/>
        {r.audit.clone().map(|audit| view! { <AuditReview site=r.filter.site.clone() audit/> })}
    }
}

/// The last day of the month `YYYY-MM`, as `YYYY-MM-DD`.
fn month_end(month: &str) -> String {
    let (y, m) = month.split_once('-').unwrap_or(("1970", "01"));
    let (y, m): (i32, u32) = (y.parse().unwrap_or(1970), m.parse().unwrap_or(1));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{month}-{days}")
}

/// The monthly audit-log review (admins): the ended months still owed,
/// each with a link to its lines and the form marking it reviewed, and
/// the reviews made.
#[component]
fn AuditReview(site: String, audit: AuditReviews) -> impl IntoView {
    let action = format!("/api/admin/sites/{}/audit-review", query_value(&site));
    let owed = audit.unreviewed.len();
    view! {
        <section class="audit-review" data-testid="audit-review" aria-labelledby="audit-review-title">
            <h2 id="audit-review-title">{move || tr!("report-audit-title")}</h2>
            <p data-testid="audit-unreviewed-count" data-count=owed>
                {move || tr!("report-audit-owed", { "count" => owed })}
            </p>
            <ul class="audit-months" data-testid="audit-unreviewed">
                {audit.unreviewed.into_iter().map(|month| {
                    let id = format!("audit-note-{month}");
                    let lines = format!("/desk/audit?from={month}-01&until={}", month_end(&month));
                    view! {
                        <li data-month=month.clone()>
                            <a href=lines>{tr!("report-audit-open", { "month" => month.clone() })}</a>
                            <form method="post" action=action.clone() data-testid="audit-review-form">
                                <CsrfField/>
                                <input type="hidden" name="month" value=month.clone()/>
                                <label for=id.clone()>{move || tr!("report-audit-note")}</label>
                                <textarea id=id name="note" required maxlength="2000" rows="2" data-testid="audit-review-note"></textarea>
                                <button type="submit" data-testid="audit-review-save">{move || tr!("report-audit-mark")}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ul class="audit-months" data-testid="audit-reviewed">
                {audit.reviewed.into_iter().map(|r| view! {
                    <li data-month=r.month.clone()>
                        {tr!("report-audit-reviewed", { "month" => r.month.clone(), "name" => r.by.clone() })}
                        " "<DateTime ms=r.at/>": "
                        <q>{r.note.clone()}</q>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
