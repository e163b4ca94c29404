//! What `/desk/complaints` shows (the ledger with its filters, one
//! complaint's case view) and exports (CSV), and the monthly analysis at
//! `/desk/complaints/analysis` (R-CMP3). Rows are filtered by the access
//! rule ([`super::complaints::may_work_on`]); the analysis is for
//! supervisors and admins of the site.

use parley_app::compensation::Outcome;
use parley_app::complaints::{
    AnalysisView, CaseView, ComplaintView, Figure, LedgerFilter, LedgerView, Step, StepView,
};
use parley_app::error::ErrorCode;
use parley_app::protocol::{AgentProfile, StaffRole};

use crate::domain::access::Viewer;
use crate::domain::complaint::{Tally, basis_points, month_before, month_bounds, month_of};
use crate::services::complaints::{self, may_work_on};
use crate::services::{compensation_view, desk_access, site_rules};
use crate::state::AppState;
use crate::storage::{ComplaintQuery, ComplaintRecord, StoreError};

/// Most complaints a ledger page or export lists.
pub const LEDGER_LIMIT: i64 = 1_000;

fn internal(e: StoreError) -> ErrorCode {
    tracing::error!(error = %e, "complaint ledger");
    ErrorCode::Internal
}

fn day_start(day: &str) -> Option<i64> {
    chrono::NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
}

/// The complaints `viewer` may see that match `filter`, as of `now`.
async fn matching(
    state: &AppState,
    viewer: &Viewer,
    filter: &LedgerFilter,
    now: i64,
) -> Result<Vec<(ComplaintRecord, ComplaintView)>, StoreError> {
    let sites = match &filter.site {
        Some(s) if !s.is_empty() => vec![s.clone()],
        _ => viewer.sites.clone(),
    };
    let q = ComplaintQuery {
        sites,
        from: filter.from.as_deref().and_then(day_start),
        until: filter
            .until
            .as_deref()
            .and_then(day_start)
            .map(|t| t + 86_400_000),
        open_only: filter.state.as_deref() == Some("open"),
        limit: LEDGER_LIMIT,
    };
    let mut out = Vec::new();
    for c in state.store.complaints(&q).await? {
        if !may_work_on(viewer, &c) {
            continue;
        }
        let step = c.steps.step();
        let state_ok = match filter.state.as_deref() {
            None | Some("") | Some("open") => true,
            Some("closed") => step == Step::Closed,
            Some(s) => Step::parse(s) == Some(step),
        };
        let keep = state_ok
            && filter
                .category
                .as_deref()
                .is_none_or(|k| k.is_empty() || c.category.as_deref() == Some(k))
            && filter.owner.is_none_or(|o| c.owner_id == Some(o))
            && filter.severity.is_none_or(|s| c.severity == s);
        if !keep {
            continue;
        }
        let view = complaints::view(state, &c, now).await;
        if filter.overdue && !view.overdue {
            continue;
        }
        out.push((c, view));
    }
    Ok(out)
}

/// The ledger page for `agent`: the filtered list and, with `id`, the case.
pub async fn ledger(
    state: &AppState,
    agent: &AgentProfile,
    filter: LedgerFilter,
    id: Option<i64>,
    locale: &str,
) -> Result<LedgerView, ErrorCode> {
    let viewer = desk_access::viewer(state, agent.id)
        .await
        .map_err(internal)?;
    let now = state.clock.now();
    let rows = matching(state, &viewer, &filter, now)
        .await
        .map_err(internal)?;
    let case = match id {
        Some(id) => Some(case(state, &viewer, id).await?),
        None => None,
    };
    let sites: Vec<String> = state
        .sites
        .all()
        .into_iter()
        .map(|c| c.site)
        .filter(|s| viewer.serves_site(s))
        .collect();
    let staff = state.store.agents().await.map_err(internal)?;
    let owners = staff
        .iter()
        .filter(|a| {
            sites
                .iter()
                .any(|s| crate::domain::access::serves(&a.sites, s))
        })
        .map(|a| (a.id, a.name.clone()))
        .collect();
    let categories = state
        .sites
        .categories_of(|s| viewer.serves_site(s))
        .into_iter()
        .map(|c| (c.key.clone(), c.name(locale, "en").to_owned()))
        .collect();
    Ok(LedgerView {
        filter,
        complaints: rows.into_iter().map(|(_, v)| v).collect(),
        sites,
        owners,
        categories,
        case,
        me: agent.id,
    })
}

/// One complaint in full, if `viewer` may see it (else `not_found`).
async fn case(state: &AppState, viewer: &Viewer, id: i64) -> Result<CaseView, ErrorCode> {
    let c = match state.store.complaint(id).await {
        Ok(c) if may_work_on(viewer, &c) => c,
        Ok(_) | Err(StoreError::NotFound) => return Err(ErrorCode::NotFound),
        Err(e) => return Err(internal(e)),
    };
    let linked = state.store.complaint_links(id).await.map_err(internal)?;
    let steps = state
        .store
        .complaint_steps(id)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|s| StepView {
            action: s.action,
            who: s.agent_name.unwrap_or_default(),
            at: s.at,
            note: s.note,
        })
        .collect();
    Ok(CaseView {
        complaint: complaints::view(state, &c, state.clock.now()).await,
        steps,
        root_causes: complaints::root_causes(state, &c.site)
            .await
            .map_err(internal)?,
        compensations: compensation_view::of_conversation(state, &c.site, c.conversation_id)
            .await
            .map_err(internal)?,
        may_act: true,
        others: state
            .store
            .customer_history(c.conversation_id, 20)
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|s| !linked.contains(&s.id) && s.id != c.conversation_id)
            .filter(|s| viewer.sees(&crate::services::desk::placement_of(s)))
            .map(|s| (s.id, s.last_message.unwrap_or_default()))
            .collect(),
        linked,
    })
}

/// A CSV cell: quoted when it holds a separator, quote or line break;
/// a leading formula character defused.
pub(crate) fn csv_field(s: &str) -> String {
    // Spreadsheet formulas are not run from a cell that starts with one.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn rfc3339(ms: Option<i64>) -> String {
    ms.and_then(chrono::DateTime::from_timestamp_millis)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
        .unwrap_or_default()
}

/// The ledger as CSV: one line per complaint with its steps' times and
/// each clock's standing.
pub async fn csv(
    state: &AppState,
    agent: &AgentProfile,
    filter: &LedgerFilter,
) -> Result<String, ErrorCode> {
    let viewer = desk_access::viewer(state, agent.id)
        .await
        .map_err(internal)?;
    let rows = matching(state, &viewer, filter, state.clock.now())
        .await
        .map_err(internal)?;
    let mut out = String::from(
        "id,site,conversation,customer,category,severity,owner,step,raised_at,registered_at,\
         investigated_at,resolved_at,answered_at,closed_at,registration,investigation,answer,\
         follow_up,root_cause,result,summary\n",
    );
    for (c, v) in rows {
        let standing = |clock: &str| {
            v.clocks
                .iter()
                .find(|k| k.clock.as_str() == clock)
                .map(|k| k.standing.as_str())
                .unwrap_or("")
        };
        let s = &c.steps;
        let fields = [
            c.id.to_string(),
            c.site.clone(),
            c.conversation_id.to_string(),
            c.customer.clone(),
            c.category.clone().unwrap_or_default(),
            c.severity.as_str().to_owned(),
            c.owner_name.clone().unwrap_or_default(),
            v.step.as_str().to_owned(),
            rfc3339(Some(s.raised_at)),
            rfc3339(s.registered_at),
            rfc3339(s.investigated_at),
            rfc3339(s.resolved_at),
            rfc3339(s.answered_at),
            rfc3339(s.followed_up_at),
            standing("registration").to_owned(),
            standing("investigation").to_owned(),
            standing("answer").to_owned(),
            standing("follow_up").to_owned(),
            c.root_cause.clone().unwrap_or_default(),
            c.result.clone(),
            c.summary.clone(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    Ok(out)
}

/// The site's compensation ledger as CSV (supervisors and admins of it):
/// who proposed, who decided, both amounts and the rate used.
pub async fn compensation_csv(
    state: &AppState,
    agent: &AgentProfile,
    site: &str,
) -> Result<String, ErrorCode> {
    may_analyse(agent, site)?;
    let lines = state
        .store
        .compensations(site, None, 100_000)
        .await
        .map_err(internal)?;
    let staff = state.store.agents().await.map_err(internal)?;
    let name = |id: i64| {
        staff
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.email.clone())
            .unwrap_or_default()
    };
    let mut out = String::from(
        "id,conversation,kind,amount,currency,reference_amount,reference_currency,rate,major,\
         reason,proposed_by,proposed_at,outcome,given,given_reference,decided_by,decided_at,decision_reason\n",
    );
    for l in lines {
        let d = l.decision.as_ref();
        let fields = [
            l.id.to_string(),
            l.conversation_id.to_string(),
            l.kind.as_str().to_owned(),
            parley_app::fees::decimal_text(l.amount.minor, l.amount.exponent),
            l.amount.currency.clone(),
            parley_app::fees::decimal_text(l.reference.minor, l.reference.exponent),
            l.reference.currency.clone(),
            l.rate_micros
                .map(|r| parley_app::fees::decimal_text(r, 6))
                .unwrap_or_default(),
            l.major.to_string(),
            l.reason.clone(),
            name(l.proposed_by),
            rfc3339(Some(l.proposed_at)),
            d.map(|d| d.outcome.as_str().to_owned()).unwrap_or_default(),
            d.map(|d| parley_app::fees::decimal_text(d.minor, l.amount.exponent))
                .unwrap_or_default(),
            d.map(|d| parley_app::fees::decimal_text(d.reference_minor, l.reference.exponent))
                .unwrap_or_default(),
            d.map(|d| name(d.decided_by)).unwrap_or_default(),
            rfc3339(d.map(|d| d.decided_at)),
            d.map(|d| d.reason.clone()).unwrap_or_default(),
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    Ok(out)
}

/// Whether `agent` may read a site's analysis and compensation ledger:
/// its supervisors and admins (`forbidden` for agents, `not_found` for
/// another site).
fn may_analyse(agent: &AgentProfile, site: &str) -> Result<(), ErrorCode> {
    if !matches!(agent.role, StaffRole::Supervisor | StaffRole::Admin) {
        return Err(ErrorCode::Forbidden);
    }
    if !crate::domain::access::serves(&agent.sites, site) {
        return Err(ErrorCode::NotFound);
    }
    Ok(())
}

/// The analysis of `month` (`YYYY-MM`, empty: this month) for `site`
/// (empty: the first the reader serves), names in `locale`.
pub async fn analysis(
    state: &AppState,
    agent: &AgentProfile,
    site: &str,
    month: &str,
    locale: &str,
) -> Result<AnalysisView, ErrorCode> {
    let sites: Vec<String> = state
        .sites
        .all()
        .into_iter()
        .map(|c| c.site)
        .filter(|s| crate::domain::access::serves(&agent.sites, s))
        .collect();
    let site = if site.is_empty() {
        sites.first().cloned().ok_or(ErrorCode::NotFound)?
    } else {
        site.to_owned()
    };
    may_analyse(agent, &site)?;
    if state.sites.get(&site).is_none() {
        return Err(ErrorCode::NotFound);
    }
    let now = state.clock.now();
    let month = if month.is_empty() {
        month_of(now)
    } else {
        month.to_owned()
    };
    let (from, until) = month_bounds(&month).ok_or(ErrorCode::InvalidFrame)?;
    let first = month_before(&month, 11).ok_or(ErrorCode::InvalidFrame)?;
    let (trend_from, _) = month_bounds(&first).ok_or(ErrorCode::InvalidFrame)?;
    let year = state
        .store
        .complaints(&ComplaintQuery {
            sites: vec![site.clone()],
            from: Some(trend_from),
            until: Some(until),
            open_only: false,
            limit: 1_000_000,
        })
        .await
        .map_err(internal)?;
    let mut tally = Tally::default();
    for c in year.iter().filter(|c| c.steps.raised_at >= from) {
        let clocks = complaints::clocks(state, c, now).await;
        tally.add(c.category.as_deref(), c.root_cause.as_deref(), &clocks);
    }
    let conversations = state
        .store
        .conversations_opened(&site, from, until)
        .await
        .map_err(internal)?;
    let rules = site_rules::of(state, &site).await.map_err(internal)?;
    let topic = |key: &str| {
        rules
            .categories
            .iter()
            .find(|c| c.category.key == key)
            .map(|c| c.category.name(locale, "en").to_owned())
            .unwrap_or_else(|| key.to_owned())
    };
    let causes = complaints::root_causes(state, &site)
        .await
        .map_err(internal)?;
    let cause = |key: &str| {
        causes
            .iter()
            .find(|c| c.key == key)
            // The site's own name (in the reader's language, else English,
            // else the key); the page names the default causes itself.
            .filter(|c| !c.names.is_empty())
            .map(|c| c.name(locale).to_owned())
            .unwrap_or_default()
    };
    let authority = state
        .store
        .compensation_authority(&site)
        .await
        .map_err(internal)?;
    let mut by_kind: std::collections::BTreeMap<&'static str, i64> = Default::default();
    for l in state
        .store
        .compensations(&site, None, 1_000_000)
        .await
        .map_err(internal)?
    {
        if let Some(d) = &l.decision
            && d.outcome != Outcome::Refused
            && (from..until).contains(&d.decided_at)
        {
            *by_kind.entry(l.kind.as_str()).or_default() += d.reference_minor;
        }
    }
    let mut trend = Vec::new();
    for back in (0..12).rev() {
        let m = month_before(&month, back).ok_or(ErrorCode::InvalidFrame)?;
        let (a, b) = month_bounds(&m).ok_or(ErrorCode::InvalidFrame)?;
        let n = year
            .iter()
            .filter(|c| (a..b).contains(&c.steps.raised_at))
            .count();
        trend.push(Figure {
            key: m.clone(),
            label: m,
            value: n as i64,
        });
    }
    Ok(AnalysisView {
        site,
        month,
        complaints: tally.complaints,
        conversations,
        share_basis_points: basis_points(tally.complaints, conversations),
        by_category: tally
            .by_category
            .iter()
            .map(|(k, v)| Figure {
                key: k.clone(),
                label: topic(k),
                value: *v,
            })
            .collect(),
        by_root_cause: tally
            .by_root_cause
            .iter()
            .map(|(k, v)| Figure {
                key: k.clone(),
                label: cause(k),
                value: *v,
            })
            .collect(),
        on_time: parley_app::complaints::ComplaintClock::ALL
            .iter()
            .map(|c| Figure {
                key: c.as_str().to_owned(),
                label: String::new(),
                value: tally.on_time_rate(*c).unwrap_or(-1),
            })
            .collect(),
        compensation: parley_app::compensation::Kind::ALL
            .iter()
            .map(|k| Figure {
                key: k.as_str().to_owned(),
                label: String::new(),
                value: by_kind.get(k.as_str()).copied().unwrap_or(0),
            })
            .collect(),
        currency: authority.currency,
        exponent: authority.exponent,
        trend,
        sites,
    })
}

/// The analysis as CSV: one `section,key,value` line per figure.
pub fn analysis_csv(a: &AnalysisView) -> String {
    let mut out = String::from("section,key,value\n");
    let mut line = |section: &str, key: &str, value: String| {
        out.push_str(&format!("{section},{},{value}\n", csv_field(key)));
    };
    line("month", &a.month, String::new());
    line("total", "complaints", a.complaints.to_string());
    line("total", "conversations", a.conversations.to_string());
    line(
        "total",
        "complaint_share_percent",
        parley_app::fees::decimal_text(a.share_basis_points, 2),
    );
    for f in &a.by_category {
        line("category", &f.key, f.value.to_string());
    }
    for f in &a.by_root_cause {
        line("root_cause", &f.key, f.value.to_string());
    }
    for f in &a.on_time {
        let v = if f.value < 0 {
            String::new()
        } else {
            parley_app::fees::decimal_text(f.value, 2)
        };
        line("on_time_percent", &f.key, v);
    }
    for f in &a.compensation {
        line(
            "compensation",
            &format!("{} {}", f.key, a.currency),
            parley_app::fees::decimal_text(f.value, a.exponent),
        );
    }
    for f in &a.trend {
        line("trend", &f.key, f.value.to_string());
    }
    out
}
