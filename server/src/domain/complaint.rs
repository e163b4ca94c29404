//! A complaint's four clocks (R-CMP1), on the owner team's business
//! calendar: registered (taken into work) within 1 business hour of being
//! raised, investigated within 2 working days of being raised, the answer to
//! the customer within 1 working day of the resolution, and the follow-up
//! within 3 working days of the answer. A later clock starts only when the
//! step before it is done. Each is met, breached (done late), overdue (not
//! done and past due), due soon (past the warning point) or running. Pure:
//! `now` and the calendar are passed in; instants are Unix milliseconds.

use parley_app::protocol::ClockKind;

use super::calendar::BusinessCalendar;
use super::sla::{SlaClock, Target};

/// The complaint targets of a site (defaults from R-CMP1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintTargets {
    /// Registration, business minutes.
    pub registration_minutes: i64,
    /// Investigation, working days from when it was raised.
    pub investigation_days: u32,
    /// The answer to the customer, working days from the resolution.
    pub answer_days: u32,
    /// The follow-up, working days from the answer.
    pub follow_up_days: u32,
    /// Percentage of a target after which a clock is "due soon".
    pub warn_percent: i64,
}

impl Default for ComplaintTargets {
    fn default() -> Self {
        ComplaintTargets {
            registration_minutes: 60,
            investigation_days: 2,
            answer_days: 1,
            follow_up_days: 3,
            warn_percent: 80,
        }
    }
}

/// When each step of a complaint was done (Unix ms).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steps {
    /// Raised (from a complaint topic, or by staff).
    pub raised_at: i64,
    /// Registered: an owner took it into work.
    pub registered_at: Option<i64>,
    /// Investigated: the cause found.
    pub investigated_at: Option<i64>,
    /// Resolved: what is done about it decided.
    pub resolved_at: Option<i64>,
    /// The customer was told.
    pub answered_at: Option<i64>,
    /// The customer was asked whether it is settled.
    pub followed_up_at: Option<i64>,
}

pub use parley_app::complaints::{ComplaintClock, Standing, Step};

/// One clock of a complaint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    /// Which.
    pub clock: ComplaintClock,
    /// When it started.
    pub started_at: i64,
    /// When it falls due (`None`: the calendar never opens).
    pub due_at: Option<i64>,
    /// When it turns "due soon".
    pub warn_at: Option<i64>,
    /// When its step was done.
    pub done_at: Option<i64>,
    /// Where it stands.
    pub standing: Standing,
}

/// The SLA clock kind a complaint clock is counted as (the deadline
/// arithmetic is the SLA clocks', [`SlaClock::due_at`] and
/// [`SlaClock::warn_at`]).
fn kind(clock: ComplaintClock) -> ClockKind {
    match clock {
        ComplaintClock::Registration => ClockKind::Registration,
        ComplaintClock::Investigation | ComplaintClock::Answer => ClockKind::Resolution,
        ComplaintClock::FollowUp => ClockKind::FollowUp,
    }
}

impl Steps {
    /// The last step done.
    pub fn step(&self) -> Step {
        [
            (self.followed_up_at, Step::Closed),
            (self.answered_at, Step::Answered),
            (self.resolved_at, Step::Resolved),
            (self.investigated_at, Step::Investigated),
            (self.registered_at, Step::Registered),
        ]
        .into_iter()
        .find_map(|(at, step)| at.map(|_| step))
        .unwrap_or(Step::Raised)
    }
}

/// Why a step cannot be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepError {
    /// Not the next step (steps go in order, each once).
    OutOfOrder,
    /// Resolving needs a result.
    ResultMissing,
    /// Closing needs a root cause from the site's list.
    RootCauseInvalid,
}

/// Takes step `to` at `now`: only the next one after those done; a
/// resolution names its result, a closing its root cause (one of `causes`).
pub fn take(
    steps: &Steps,
    to: Step,
    result: &str,
    root_cause: Option<&str>,
    causes: &[String],
    now: i64,
) -> Result<Steps, StepError> {
    if steps.step().next() != Some(to) {
        return Err(StepError::OutOfOrder);
    }
    let mut next = *steps;
    match to {
        Step::Raised => return Err(StepError::OutOfOrder),
        Step::Registered => next.registered_at = Some(now),
        Step::Investigated => next.investigated_at = Some(now),
        Step::Resolved => {
            if result.trim().is_empty() {
                return Err(StepError::ResultMissing);
            }
            next.resolved_at = Some(now);
        }
        Step::Answered => next.answered_at = Some(now),
        Step::Closed => {
            if !root_cause.is_some_and(|c| causes.iter().any(|k| k == c)) {
                return Err(StepError::RootCauseInvalid);
            }
            next.followed_up_at = Some(now);
        }
    }
    Ok(next)
}

/// The clocks started so far, in order, as they stand at `now`.
pub fn deadlines(
    steps: &Steps,
    targets: &ComplaintTargets,
    calendar: &BusinessCalendar,
    now: i64,
) -> Vec<Deadline> {
    let clock = |which: ComplaintClock, started_at: i64, target: Target, done_at: Option<i64>| {
        let sla = SlaClock::start(kind(which), target, started_at);
        let due = (
            sla.due_at(calendar),
            sla.warn_at(calendar, targets.warn_percent),
        );
        deadline(which, started_at, due, done_at, now)
    };
    let mut out = vec![
        clock(
            ComplaintClock::Registration,
            steps.raised_at,
            Target::Minutes(targets.registration_minutes),
            steps.registered_at,
        ),
        clock(
            ComplaintClock::Investigation,
            steps.raised_at,
            Target::WorkingDays(targets.investigation_days),
            steps.investigated_at,
        ),
    ];
    if let Some(resolved) = steps.resolved_at {
        out.push(clock(
            ComplaintClock::Answer,
            resolved,
            Target::WorkingDays(targets.answer_days),
            steps.answered_at,
        ));
    }
    if let Some(answered) = steps.answered_at {
        out.push(clock(
            ComplaintClock::FollowUp,
            answered,
            Target::WorkingDays(targets.follow_up_days),
            steps.followed_up_at,
        ));
    }
    out
}

fn deadline(
    clock: ComplaintClock,
    started_at: i64,
    (due_at, warn_at): (Option<i64>, Option<i64>),
    done_at: Option<i64>,
    now: i64,
) -> Deadline {
    let standing = match (done_at, due_at) {
        (Some(done), Some(due)) if done <= due => Standing::Met,
        (Some(_), Some(_)) => Standing::Breached,
        (Some(_), None) => Standing::Met,
        (None, Some(due)) if now > due => Standing::Overdue,
        (None, _) if warn_at.is_some_and(|w| now >= w) => Standing::DueSoon,
        (None, _) => Standing::Running,
    };
    Deadline {
        clock,
        started_at,
        due_at,
        warn_at,
        done_at,
        standing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarSpec, ShiftSpec};
    use chrono::DateTime;

    const MIN: i64 = 60_000;

    fn ms(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    /// Berlin, weekdays 08:00–17:00, closed on Christmas Day.
    fn berlin() -> BusinessCalendar {
        let spec = CalendarSpec {
            time_zone: "Europe/Berlin".into(),
            shifts: ["mon", "tue", "wed", "thu", "fri"]
                .iter()
                .map(|d| ShiftSpec {
                    day: (*d).into(),
                    start: "08:00".into(),
                    end: "17:00".into(),
                })
                .collect(),
            closures: vec!["2026-12-25".into()],
        };
        BusinessCalendar::try_from(&spec).unwrap()
    }

    fn of(d: &[Deadline], clock: ComplaintClock) -> Deadline {
        *d.iter().find(|x| x.clock == clock).unwrap()
    }

    #[test]
    fn a_complaint_raised_friday_afternoon() {
        // Friday 4 Dec 2026, 16:30 Berlin (15:30 UTC).
        let raised = ms("2026-12-04T15:30:00Z");
        let steps = Steps {
            raised_at: raised,
            ..Steps::default()
        };
        let d = deadlines(&steps, &ComplaintTargets::default(), &berlin(), raised);
        assert_eq!(d.len(), 2, "answer and follow-up wait for their steps");
        // 30 business minutes on Friday, 30 on Monday: 08:30 Berlin.
        let reg = of(&d, ComplaintClock::Registration);
        assert_eq!(reg.due_at, Some(ms("2026-12-07T07:30:00Z")));
        // 80 %: 48 minutes: Monday 08:18.
        assert_eq!(reg.warn_at, Some(ms("2026-12-07T07:18:00Z")));
        assert_eq!(reg.standing, Standing::Running);
        // Two working days after Friday: close of business Tuesday.
        let inv = of(&d, ComplaintClock::Investigation);
        assert_eq!(inv.due_at, Some(ms("2026-12-08T16:00:00Z")));
    }

    #[test]
    fn each_clock_is_met_breached_overdue_or_due_soon() {
        let raised = ms("2026-12-07T08:00:00Z"); // Monday 09:00 Berlin
        let targets = ComplaintTargets::default();
        let cal = berlin();
        let steps = Steps {
            raised_at: raised,
            ..Steps::default()
        };
        let at = |now| {
            of(
                &deadlines(&steps, &targets, &cal, now),
                ComplaintClock::Registration,
            )
        };
        assert_eq!(at(raised + 47 * MIN).standing, Standing::Running);
        assert_eq!(at(raised + 48 * MIN).standing, Standing::DueSoon);
        assert_eq!(at(raised + 60 * MIN).standing, Standing::DueSoon);
        assert_eq!(at(raised + 60 * MIN + 1).standing, Standing::Overdue);
        let on_time = Steps {
            registered_at: Some(raised + 60 * MIN),
            ..steps
        };
        let d = deadlines(&on_time, &targets, &cal, raised + 600 * MIN);
        assert_eq!(of(&d, ComplaintClock::Registration).standing, Standing::Met);
        let late = Steps {
            registered_at: Some(raised + 61 * MIN),
            ..steps
        };
        let d = deadlines(&late, &targets, &cal, raised + 600 * MIN);
        assert_eq!(
            of(&d, ComplaintClock::Registration).standing,
            Standing::Breached
        );
    }

    #[test]
    fn the_answer_and_the_follow_up_start_from_their_step_and_skip_closures() {
        let raised = ms("2026-12-21T08:00:00Z"); // Monday 21 Dec
        let resolved = ms("2026-12-23T10:00:00Z"); // Wednesday
        let answered = ms("2026-12-24T09:00:00Z"); // Thursday
        let steps = Steps {
            raised_at: raised,
            registered_at: Some(raised + 10 * MIN),
            investigated_at: Some(ms("2026-12-22T15:00:00Z")),
            resolved_at: Some(resolved),
            answered_at: Some(answered),
            followed_up_at: None,
        };
        let d = deadlines(&steps, &ComplaintTargets::default(), &berlin(), answered);
        assert_eq!(d.len(), 4);
        let answer = of(&d, ComplaintClock::Answer);
        assert_eq!(answer.started_at, resolved);
        // One working day after Wednesday: Thursday's close.
        assert_eq!(answer.due_at, Some(ms("2026-12-24T16:00:00Z")));
        assert_eq!(answer.standing, Standing::Met);
        // Three working days after Thursday 24th, Christmas closed and the
        // weekend off: Monday 28, Tuesday 29, Wednesday 30.
        let follow = of(&d, ComplaintClock::FollowUp);
        assert_eq!(follow.due_at, Some(ms("2026-12-30T16:00:00Z")));
        assert_eq!(follow.standing, Standing::Running);
        assert_eq!(
            of(&d, ComplaintClock::Investigation).standing,
            Standing::Met
        );
    }

    #[test]
    fn a_calendar_that_never_opens_gives_no_deadline_and_no_false_alarm() {
        let spec = CalendarSpec {
            time_zone: "UTC".into(),
            shifts: vec![],
            closures: vec![],
        };
        let closed = BusinessCalendar::try_from(&spec).unwrap();
        let steps = Steps {
            raised_at: 0,
            ..Steps::default()
        };
        for d in deadlines(&steps, &ComplaintTargets::default(), &closed, 10_000 * MIN) {
            assert_eq!(d.due_at, None);
            assert_eq!(d.standing, Standing::Running, "{:?}", d.clock);
        }
    }

    #[test]
    fn steps_go_in_order_each_once_with_result_and_root_cause() {
        let causes = vec!["carrier_delay".to_owned(), "wrong_item".to_owned()];
        let raised = Steps {
            raised_at: 1,
            ..Default::default()
        };
        assert_eq!(raised.step(), Step::Raised);
        // Not before registration; not twice.
        assert_eq!(
            take(&raised, Step::Investigated, "", None, &causes, 2),
            Err(StepError::OutOfOrder)
        );
        let reg = take(&raised, Step::Registered, "", None, &causes, 2).unwrap();
        assert_eq!((reg.step(), reg.registered_at), (Step::Registered, Some(2)));
        assert_eq!(
            take(&reg, Step::Registered, "", None, &causes, 3),
            Err(StepError::OutOfOrder)
        );
        assert_eq!(
            take(&reg, Step::Raised, "", None, &causes, 3),
            Err(StepError::OutOfOrder)
        );
        let inv = take(&reg, Step::Investigated, "", None, &causes, 3).unwrap();
        assert_eq!(
            take(&inv, Step::Resolved, "  ", None, &causes, 4),
            Err(StepError::ResultMissing)
        );
        let res = take(&inv, Step::Resolved, "refund 20 USD", None, &causes, 4).unwrap();
        let ans = take(&res, Step::Answered, "", None, &causes, 5).unwrap();
        assert_eq!(ans.step(), Step::Answered);
        for bad in [None, Some("weather")] {
            assert_eq!(
                take(&ans, Step::Closed, "", bad, &causes, 6),
                Err(StepError::RootCauseInvalid)
            );
        }
        let closed = take(&ans, Step::Closed, "", Some("wrong_item"), &causes, 6).unwrap();
        assert_eq!(
            (closed.step(), closed.followed_up_at),
            (Step::Closed, Some(6))
        );
        assert_eq!(
            take(&closed, Step::Closed, "", Some("wrong_item"), &causes, 7),
            Err(StepError::OutOfOrder)
        );
    }
}

/// The first instant of month `ym` (`YYYY-MM`, UTC) and of the month after.
pub fn month_bounds(ym: &str) -> Option<(i64, i64)> {
    let first = chrono::NaiveDate::parse_from_str(&format!("{ym}-01"), "%Y-%m-%d").ok()?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let ms = |d: chrono::NaiveDate| {
        d.and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc().timestamp_millis())
    };
    Some((ms(first)?, ms(next)?))
}

/// The month (`YYYY-MM`, UTC) `n` months before `ym`.
pub fn month_before(ym: &str, n: u32) -> Option<String> {
    let first = chrono::NaiveDate::parse_from_str(&format!("{ym}-01"), "%Y-%m-%d").ok()?;
    let earlier = first.checked_sub_months(chrono::Months::new(n))?;
    Some(earlier.format("%Y-%m").to_string())
}

/// The month (`YYYY-MM`, UTC) of instant `ms`.
pub fn month_of(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m").to_string())
        .unwrap_or_default()
}

/// What one month's complaints add up to: counts by topic and by root
/// cause, and per clock how many came to an end (met, breached or overdue)
/// and how many of those were met.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Complaints counted.
    pub complaints: i64,
    /// By topic key (`""`: none).
    pub by_category: std::collections::BTreeMap<String, i64>,
    /// By root cause key (closed ones).
    pub by_root_cause: std::collections::BTreeMap<String, i64>,
    /// Per clock: (met, came to an end).
    pub on_time: std::collections::BTreeMap<&'static str, (i64, i64)>,
}

impl Tally {
    /// Adds one complaint with its clocks as they stand.
    pub fn add(&mut self, category: Option<&str>, root_cause: Option<&str>, clocks: &[Deadline]) {
        self.complaints += 1;
        *self
            .by_category
            .entry(category.unwrap_or_default().to_owned())
            .or_default() += 1;
        if let Some(cause) = root_cause {
            *self.by_root_cause.entry(cause.to_owned()).or_default() += 1;
        }
        for d in clocks {
            let (met, ended) = match d.standing {
                Standing::Met => (1, 1),
                Standing::Breached | Standing::Overdue => (0, 1),
                Standing::DueSoon | Standing::Running => (0, 0),
            };
            let e = self.on_time.entry(d.clock.as_str()).or_default();
            e.0 += met;
            e.1 += ended;
        }
    }

    /// The on-time rate of `clock` in basis points (`None`: none ended).
    pub fn on_time_rate(&self, clock: ComplaintClock) -> Option<i64> {
        self.on_time
            .get(clock.as_str())
            .filter(|(_, ended)| *ended > 0)
            .map(|(met, ended)| met * 10_000 / ended)
    }
}

/// `part` of `whole` in basis points (0 when there is no whole).
pub fn basis_points(part: i64, whole: i64) -> i64 {
    if whole <= 0 { 0 } else { part * 10_000 / whole }
}

#[cfg(test)]
mod analysis_tests {
    use super::*;

    fn d(clock: ComplaintClock, standing: Standing) -> Deadline {
        Deadline {
            clock,
            started_at: 0,
            due_at: Some(1),
            warn_at: None,
            done_at: None,
            standing,
        }
    }

    #[test]
    fn months_are_utc_calendar_months() {
        assert_eq!(
            month_bounds("2026-11"),
            Some((1_793_491_200_000, 1_796_083_200_000))
        );
        assert_eq!(month_bounds("2026-13"), None);
        assert_eq!(month_bounds("november"), None);
        assert_eq!(month_before("2026-02", 3).as_deref(), Some("2025-11"));
        assert_eq!(month_of(1_796_083_200_000), "2026-12");
        assert_eq!(month_of(1_796_083_199_999), "2026-11");
    }

    #[test]
    fn a_tally_counts_topics_causes_and_clocks_that_ended() {
        use ComplaintClock as C;
        use Standing as S;
        let mut t = Tally::default();
        t.add(
            Some("complaint"),
            Some("carrier_delay"),
            &[d(C::Registration, S::Met), d(C::Investigation, S::Running)],
        );
        t.add(
            Some("complaint"),
            None,
            &[
                d(C::Registration, S::Breached),
                d(C::Investigation, S::Overdue),
            ],
        );
        t.add(
            None,
            Some("carrier_delay"),
            &[d(C::Registration, S::Met), d(C::Investigation, S::Met)],
        );
        assert_eq!(t.complaints, 3);
        assert_eq!(t.by_category.get("complaint"), Some(&2));
        assert_eq!(t.by_category.get(""), Some(&1));
        assert_eq!(t.by_root_cause.get("carrier_delay"), Some(&2));
        // Registration: 2 of 3 met; investigation: 1 of 2 that ended.
        assert_eq!(t.on_time_rate(C::Registration), Some(6_666));
        assert_eq!(t.on_time_rate(C::Investigation), Some(5_000));
        assert_eq!(t.on_time_rate(C::Answer), None);
        assert_eq!(basis_points(3, 60), 500);
        assert_eq!(basis_points(1, 0), 0);
    }
}
