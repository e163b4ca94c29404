//! A complaint as the desk and the ledger show it: its clocks on the owner
//! team's calendar as they stand now ([`crate::domain::complaint`]), the
//! team's name, whether anything is overdue. A leaf the case panel and the
//! complaint steps both read.

use parley_app::complaints::{ClockView, ComplaintView};

use crate::domain::calendar::BusinessCalendar;
use crate::domain::complaint::{ComplaintTargets, Deadline, deadlines};
use crate::services::site_rules;
use crate::state::AppState;
use crate::storage::ComplaintRecord;

/// The calendar a complaint's clocks count on: its team's, else always open.
pub async fn calendar_of(state: &AppState, c: &ComplaintRecord) -> BusinessCalendar {
    let open = || BusinessCalendar::always_open(chrono_tz::UTC);
    match c.team_id {
        Some(id) => match site_rules::team(state, &c.site, id).await {
            Ok(t) => BusinessCalendar::try_from(&t.calendar).unwrap_or_else(|_| open()),
            Err(_) => open(),
        },
        None => open(),
    }
}

/// A complaint's clocks at `now`.
pub async fn clocks(state: &AppState, c: &ComplaintRecord, now: i64) -> Vec<Deadline> {
    let calendar = calendar_of(state, c).await;
    deadlines(&c.steps, &ComplaintTargets::default(), &calendar, now)
}

/// A complaint as the ledger shows it at `now`.
pub async fn view(state: &AppState, c: &ComplaintRecord, now: i64) -> ComplaintView {
    let clocks = clocks(state, c, now).await;
    let team = match c.team_id {
        Some(id) => site_rules::team(state, &c.site, id)
            .await
            .ok()
            .map(|t| t.name),
        None => None,
    };
    ComplaintView {
        id: c.id,
        site: c.site.clone(),
        conversation_id: c.conversation_id,
        customer: c.customer.clone(),
        category: c.category.clone(),
        summary: c.summary.clone(),
        severity: c.severity,
        owner_id: c.owner_id,
        owner: c.owner_name.clone(),
        team,
        step: c.steps.step(),
        root_cause: c.root_cause.clone(),
        result: c.result.clone(),
        raised_at: c.steps.raised_at,
        overdue: clocks
            .iter()
            .any(|d| d.standing == parley_app::complaints::Standing::Overdue),
        clocks: clocks
            .iter()
            .map(|d| ClockView {
                clock: d.clock,
                started_at: d.started_at,
                due_at: d.due_at,
                done_at: d.done_at,
                standing: d.standing,
            })
            .collect(),
    }
}
