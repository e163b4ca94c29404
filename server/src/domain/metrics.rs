//! Service metrics (issue 21, R-QA2): the figures the policies manage by,
//! computed from what is stored about each conversation ([`CaseFacts`]),
//! for all of a period's conversations and per slice (agent, team, region,
//! language, category, priority), with the policies' targets. Pure: the
//! caller gathers the facts and passes `now`.
//!
//! The population of a report is the conversations whose clocks opened in
//! the period (the customer's first message, or the bot's hand-over);
//! conversations the bot answered alone never reach a person and are left
//! out. Definitions (numerator / denominator):
//!
//! - **response rate**: conversations staff answered at least once / all;
//! - **on-time first response**: first-response clocks met / first-response
//!   clocks decided (met, breached, or still running past their deadline at
//!   `now`), on the team's business calendar;
//! - **resolution rate**: conversations resolved at least once / all;
//! - **first-contact resolution**: resolved, never reopened and never
//!   transferred / resolved;
//! - **first-response time**: business time from the clock's start to the
//!   first answer, mean and 90th percentile (nearest rank) over answered
//!   conversations;
//! - **CSAT**: mean of the ratings (1–5) given in the period's
//!   conversations, with their count;
//! - **complaint rate**: conversations with a complaint / all;
//! - **complaint resolution time**: wall time from a complaint's raising to
//!   its closing, mean over closed complaints, and the share closed within
//!   24 hours;
//! - **follow-up completion**: follow-up clocks met / follow-up clocks
//!   decided (as for the first response).

use std::collections::BTreeMap;

use parley_app::lifecycle::{ClockPhase, Priority};

/// On-time first responses the policy asks for (R-CH2): 95 %.
pub const TARGET_ON_TIME: f64 = 0.95;
/// Resolution rate: 90 %.
pub const TARGET_RESOLUTION: f64 = 0.90;
/// CSAT: 4.5 of 5.
pub const TARGET_CSAT: f64 = 4.5;
/// Complaint rate: at most 5 %.
pub const TARGET_COMPLAINTS: f64 = 0.05;
/// Complaint resolution: within 24 hours.
pub const TARGET_COMPLAINT_MS: i64 = 24 * 3_600_000;

/// How a clock ended, or stands at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockFacts {
    /// Its phase.
    pub phase: ClockPhase,
    /// Its deadline, Unix ms.
    pub due_at: i64,
    /// Business time it ran before it stopped (or until now), ms.
    pub business_ms: i64,
}

impl ClockFacts {
    /// `Some(true)` met, `Some(false)` late (breached, or running past its
    /// deadline at `now`), `None` not decided yet or cancelled.
    pub fn on_time(&self, now: i64) -> Option<bool> {
        match self.phase {
            ClockPhase::Met => Some(true),
            ClockPhase::Breached => Some(false),
            ClockPhase::Running | ClockPhase::Paused => (now > self.due_at).then_some(false),
            ClockPhase::Cancelled => None,
        }
    }
}

/// A complaint raised in a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintFacts {
    /// Raised, Unix ms.
    pub raised_at: i64,
    /// Closed, Unix ms.
    pub closed_at: Option<i64>,
}

/// What a report needs to know of one conversation.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    /// The conversation.
    pub id: i64,
    /// When its clocks opened, Unix ms.
    pub opened_at: i64,
    /// Who owns it (else who answered first).
    pub agent: Option<String>,
    /// Its team.
    pub team: Option<String>,
    /// The customer's region ([`region_of`] their time zone).
    pub region: Option<String>,
    /// The customer's language.
    pub language: Option<String>,
    /// Its topic.
    pub category: Option<String>,
    /// Its priority.
    pub priority: Priority,
    /// Staff answered at least once.
    pub answered: bool,
    /// The first-response clock.
    pub first_response: Option<ClockFacts>,
    /// Resolved at least once.
    pub resolved: bool,
    /// Reopened at least once.
    pub reopened: bool,
    /// Transferred to another team or agent at least once.
    pub transferred: bool,
    /// The follow-up clock.
    pub follow_up: Option<ClockFacts>,
    /// The customer's ratings (1–5).
    pub ratings: Vec<u8>,
    /// Its complaint.
    pub complaint: Option<ComplaintFacts>,
    /// Its weekly QA review's score, basis points.
    pub qa_score: Option<u32>,
}

/// A share: `part` of `whole`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Share {
    /// Numerator.
    pub part: u64,
    /// Denominator.
    pub whole: u64,
}

impl Share {
    fn add(&mut self, counted: bool, hit: bool) {
        if counted {
            self.whole += 1;
            self.part += u64::from(hit);
        }
    }

    /// The ratio, `None` with nothing counted.
    pub fn ratio(&self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 / self.whole as f64)
    }
}

/// The figures of a set of conversations: counts that add up across
/// slices, and the samples the averages and percentiles come from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Conversations.
    pub conversations: u64,
    /// Response rate.
    pub responded: Share,
    /// On-time first responses.
    pub on_time: Share,
    /// Resolution rate.
    pub resolved: Share,
    /// First-contact resolution (of the resolved).
    pub first_contact: Share,
    /// Complaint rate.
    pub complaints: Share,
    /// Complaints closed within 24 hours (of the closed).
    pub complaints_in_time: Share,
    /// Follow-ups completed on time.
    pub follow_ups: Share,
    /// First-response business times, ms.
    pub first_response_ms: Vec<i64>,
    /// Ratings.
    pub ratings: Vec<u8>,
    /// Complaint resolution times, ms.
    pub complaint_ms: Vec<i64>,
    /// QA review scores, basis points.
    pub qa_scores: Vec<u32>,
}

impl Figures {
    /// The figures of `cases` at `now`.
    pub fn of<'a>(cases: impl IntoIterator<Item = &'a CaseFacts>, now: i64) -> Figures {
        let mut f = Figures::default();
        for c in cases {
            f.count(c, now);
        }
        f
    }

    fn count(&mut self, c: &CaseFacts, now: i64) {
        self.conversations += 1;
        self.responded.add(true, c.answered);
        let fr = c.first_response.and_then(|k| k.on_time(now));
        self.on_time.add(fr.is_some(), fr == Some(true));
        self.resolved.add(true, c.resolved);
        self.first_contact
            .add(c.resolved, !c.reopened && !c.transferred);
        self.complaints.add(true, c.complaint.is_some());
        if let Some(ComplaintFacts {
            raised_at,
            closed_at: Some(closed),
        }) = c.complaint
        {
            let took = (closed - raised_at).max(0);
            self.complaint_ms.push(took);
            self.complaints_in_time
                .add(true, took <= TARGET_COMPLAINT_MS);
        }
        let fu = c.follow_up.and_then(|k| k.on_time(now));
        self.follow_ups.add(fu.is_some(), fu == Some(true));
        if c.answered
            && let Some(k) = c.first_response
            && matches!(k.phase, ClockPhase::Met | ClockPhase::Breached)
        {
            self.first_response_ms.push(k.business_ms);
        }
        self.ratings
            .extend(c.ratings.iter().copied().filter(|r| (1..=5).contains(r)));
        self.qa_scores.extend(c.qa_score);
    }

    /// Mean first-response time, ms.
    pub fn first_response_mean(&self) -> Option<i64> {
        mean(&self.first_response_ms)
    }

    /// 90th-percentile first-response time (nearest rank), ms.
    pub fn first_response_p90(&self) -> Option<i64> {
        percentile(&self.first_response_ms, 90)
    }

    /// Mean rating.
    pub fn csat(&self) -> Option<f64> {
        (!self.ratings.is_empty()).then(|| {
            self.ratings.iter().map(|r| f64::from(*r)).sum::<f64>() / self.ratings.len() as f64
        })
    }

    /// Mean QA review score, basis points.
    pub fn qa_mean(&self) -> Option<i64> {
        mean(
            &self
                .qa_scores
                .iter()
                .map(|s| i64::from(*s))
                .collect::<Vec<_>>(),
        )
    }

    /// Mean complaint resolution time, ms.
    pub fn complaint_mean(&self) -> Option<i64> {
        mean(&self.complaint_ms)
    }

    /// Each target: met (`Some(true)`), missed, or nothing to judge.
    pub fn verdicts(&self) -> Verdicts {
        Verdicts {
            on_time: self.on_time.ratio().map(|r| r >= TARGET_ON_TIME),
            resolution: self.resolved.ratio().map(|r| r >= TARGET_RESOLUTION),
            csat: self.csat().map(|c| c >= TARGET_CSAT),
            complaints: self.complaints.ratio().map(|r| r <= TARGET_COMPLAINTS),
            complaint_time: self.complaint_mean().map(|m| m <= TARGET_COMPLAINT_MS),
        }
    }
}

/// The policies' targets, judged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Verdicts {
    /// On-time first responses ≥ 95 %.
    pub on_time: Option<bool>,
    /// Resolution rate ≥ 90 %.
    pub resolution: Option<bool>,
    /// CSAT ≥ 4.5.
    pub csat: Option<bool>,
    /// Complaint rate ≤ 5 %.
    pub complaints: Option<bool>,
    /// Complaint resolution ≤ 24 h on average.
    pub complaint_time: Option<bool>,
}

fn mean(samples: &[i64]) -> Option<i64> {
    (!samples.is_empty()).then(|| samples.iter().sum::<i64>() / samples.len() as i64)
}

/// The `p`th percentile of `samples` by nearest rank.
pub fn percentile(samples: &[i64], p: u32) -> Option<i64> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let rank = (u64::from(p) * sorted.len() as u64).div_ceil(100).max(1);
    Some(sorted[(rank - 1) as usize])
}

/// What a report is sliced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dimension {
    /// The owning agent.
    Agent,
    /// The team.
    Team,
    /// The customer's region.
    Region,
    /// The customer's language.
    Language,
    /// The topic.
    Category,
    /// The priority.
    Priority,
}

impl Dimension {
    /// Every dimension.
    pub const ALL: [Dimension; 6] = [
        Dimension::Agent,
        Dimension::Team,
        Dimension::Region,
        Dimension::Language,
        Dimension::Category,
        Dimension::Priority,
    ];

    /// Its name in addresses and exports.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Agent => "agent",
            Dimension::Team => "team",
            Dimension::Region => "region",
            Dimension::Language => "language",
            Dimension::Category => "category",
            Dimension::Priority => "priority",
        }
    }

    /// The dimension named `name`.
    pub fn parse(name: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.as_str() == name)
    }

    /// The slice `case` belongs to (empty: none, e.g. nobody owns it).
    pub fn key(self, case: &CaseFacts) -> String {
        let value = match self {
            Dimension::Agent => case.agent.as_deref(),
            Dimension::Team => case.team.as_deref(),
            Dimension::Region => case.region.as_deref(),
            Dimension::Language => case.language.as_deref(),
            Dimension::Category => case.category.as_deref(),
            Dimension::Priority => Some(case.priority.as_str()),
        };
        value.unwrap_or_default().to_owned()
    }
}

/// The figures per slice of `dimension`: every case in exactly one.
pub fn slices(cases: &[CaseFacts], dimension: Dimension, now: i64) -> BTreeMap<String, Figures> {
    let mut out: BTreeMap<String, Figures> = BTreeMap::new();
    for c in cases {
        out.entry(dimension.key(c)).or_default().count(c, now);
    }
    out
}

/// The customer's region: the area of their IANA time zone (`Europe`,
/// `Asia`, `America`, `Africa`, `Australia`, `Pacific`, `Atlantic`,
/// `Indian`, `Antarctica`), `None` for none or a zone outside the areas
/// (`UTC`, `Etc/…`).
pub fn region_of(time_zone: Option<&str>) -> Option<String> {
    const AREAS: [&str; 9] = [
        "Africa",
        "America",
        "Antarctica",
        "Asia",
        "Atlantic",
        "Australia",
        "Europe",
        "Indian",
        "Pacific",
    ];
    let (area, _) = time_zone?.split_once('/')?;
    AREAS.contains(&area).then(|| area.to_owned())
}

/// A trend's step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Calendar days.
    Day,
    /// ISO weeks (Monday first).
    Week,
    /// Calendar months.
    Month,
}

/// The first day of the `period` holding `at` (Unix ms) in the viewer's
/// time zone `tz`.
pub fn bucket(at: i64, tz: chrono_tz::Tz, period: Period) -> chrono::NaiveDate {
    use chrono::{Datelike, TimeZone};
    let day = tz.timestamp_millis_opt(at).single().map_or_else(
        || chrono::DateTime::UNIX_EPOCH.date_naive(),
        |t| t.date_naive(),
    );
    match period {
        Period::Day => day,
        Period::Week => day - chrono::Days::new(u64::from(day.weekday().num_days_from_monday())),
        Period::Month => day.with_day(1).unwrap_or(day),
    }
}

/// The first instant of `day` in `tz`, Unix ms: its midnight, or the
/// first hour after a time change that skips midnight.
pub fn local_midnight(day: chrono::NaiveDate, tz: chrono_tz::Tz) -> i64 {
    use chrono::TimeZone;
    (0..24)
        .find_map(|h| {
            day.and_hms_opt(h, 0, 0)
                .and_then(|t| tz.from_local_datetime(&t).earliest())
        })
        .map_or(0, |t| t.timestamp_millis())
}

/// The figures per `period` (by when each conversation opened, in `tz`).
pub fn trend(
    cases: &[CaseFacts],
    tz: chrono_tz::Tz,
    period: Period,
    now: i64,
) -> BTreeMap<chrono::NaiveDate, Figures> {
    let mut out: BTreeMap<chrono::NaiveDate, Figures> = BTreeMap::new();
    for c in cases {
        out.entry(bucket(c.opened_at, tz, period))
            .or_default()
            .count(c, now);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_region_is_the_time_zones_area() {
        assert_eq!(region_of(Some("Europe/Berlin")).as_deref(), Some("Europe"));
        assert_eq!(
            region_of(Some("America/Argentina/Buenos_Aires")).as_deref(),
            Some("America")
        );
        assert_eq!(region_of(Some("Asia/Shanghai")).as_deref(), Some("Asia"));
        assert_eq!(region_of(Some("UTC")), None);
        assert_eq!(region_of(Some("Etc/GMT+3")), None);
        assert_eq!(region_of(Some("Mars/Olympus")), None);
        assert_eq!(region_of(None), None);
    }

    #[test]
    fn periods_start_in_the_viewers_time_zone() {
        use chrono::NaiveDate;
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        // 2026-11-30 23:30 UTC (a Monday) is already Tuesday in Shanghai.
        let late = 1_796_081_400_000;
        assert_eq!(bucket(late, chrono_tz::UTC, Period::Day), d(2026, 11, 30));
        assert_eq!(
            bucket(late, chrono_tz::Asia::Shanghai, Period::Day),
            d(2026, 12, 1)
        );
        assert_eq!(bucket(late, chrono_tz::UTC, Period::Week), d(2026, 11, 30));
        assert_eq!(
            bucket(late, chrono_tz::Asia::Shanghai, Period::Week),
            d(2026, 11, 30)
        );
        assert_eq!(bucket(late, chrono_tz::UTC, Period::Month), d(2026, 11, 1));
        assert_eq!(
            bucket(late, chrono_tz::Asia::Shanghai, Period::Month),
            d(2026, 12, 1)
        );
        // Sunday evening in Los Angeles is Monday in UTC: its own week.
        let sunday = 1_796_004_000_000; // 2026-11-30 02:00 UTC
        assert_eq!(
            bucket(sunday, chrono_tz::America::Los_Angeles, Period::Week),
            d(2026, 11, 23)
        );
        // Across the end of summer time in Berlin (2026-10-25).
        let after = 1_792_886_400_000; // 2026-10-25 00:00 UTC = 02:00 CEST
        assert_eq!(
            bucket(after, chrono_tz::Europe::Berlin, Period::Day),
            d(2026, 10, 25)
        );
        let mut cases = vec![];
        for (i, at) in [late, sunday, after].into_iter().enumerate() {
            let mut c = case(i as i64);
            c.opened_at = at;
            cases.push(c);
        }
        let weeks = trend(&cases, chrono_tz::UTC, Period::Week, NOW);
        assert_eq!(
            weeks
                .iter()
                .map(|(k, f)| (*k, f.conversations))
                .collect::<Vec<_>>(),
            vec![(d(2026, 10, 19), 1), (d(2026, 11, 30), 2)]
        );
    }

    const H: i64 = 3_600_000;
    const NOW: i64 = 1_000 * H;

    fn clock(phase: ClockPhase, due_at: i64, business_ms: i64) -> Option<ClockFacts> {
        Some(ClockFacts {
            phase,
            due_at,
            business_ms,
        })
    }

    fn case(id: i64) -> CaseFacts {
        CaseFacts {
            id,
            opened_at: NOW - 10 * H,
            agent: Some("ana".into()),
            team: Some("emea".into()),
            region: Some("europe".into()),
            language: Some("de".into()),
            category: Some("logistics".into()),
            priority: Priority::Routine,
            answered: true,
            first_response: clock(ClockPhase::Met, NOW - 9 * H, 20 * 60_000),
            resolved: true,
            reopened: false,
            transferred: false,
            follow_up: None,
            ratings: vec![5],
            complaint: None,
            qa_score: None,
        }
    }

    /// Ten hand-made conversations and their figures worked out by hand.
    fn seeded() -> Vec<CaseFacts> {
        let mut cases: Vec<CaseFacts> = (1..=10).map(case).collect();
        // 2: answered late (breached after 50 min), resolved after a reopen.
        cases[1].first_response = clock(ClockPhase::Breached, NOW - 9 * H, 50 * 60_000);
        cases[1].reopened = true;
        cases[1].ratings = vec![3];
        // 3: never answered, its clock still running past its deadline.
        cases[2].answered = false;
        cases[2].first_response = clock(ClockPhase::Running, NOW - H, 0);
        cases[2].resolved = false;
        cases[2].ratings = vec![];
        // 4: never answered, still within its deadline: not judged yet.
        cases[3].answered = false;
        cases[3].first_response = clock(ClockPhase::Running, NOW + H, 0);
        cases[3].resolved = false;
        cases[3].ratings = vec![];
        // 5: transferred, a complaint closed after 30 h, rated 1.
        cases[4].transferred = true;
        cases[4].complaint = Some(ComplaintFacts {
            raised_at: NOW - 40 * H,
            closed_at: Some(NOW - 10 * H),
        });
        cases[4].ratings = vec![1];
        cases[4].agent = Some("ben".into());
        // 6: a complaint still open; a follow-up met.
        cases[5].complaint = Some(ComplaintFacts {
            raised_at: NOW - 5 * H,
            closed_at: None,
        });
        cases[5].follow_up = clock(ClockPhase::Met, NOW, 0);
        cases[5].agent = Some("ben".into());
        // 7: follow-up missed; 8: follow-up running, due later.
        cases[6].follow_up = clock(ClockPhase::Breached, NOW, 0);
        cases[7].follow_up = clock(ClockPhase::Running, NOW + H, 0);
        // 9: a complaint closed in 2 h; two ratings.
        cases[8].complaint = Some(ComplaintFacts {
            raised_at: NOW - 4 * H,
            closed_at: Some(NOW - 2 * H),
        });
        cases[8].ratings = vec![4, 5];
        // 10: answered in 5 minutes, nobody owns it any more (slice "").
        cases[9].first_response = clock(ClockPhase::Met, NOW, 5 * 60_000);
        cases[9].agent = None;
        cases[9].language = Some("ja".into());
        cases
    }

    #[test]
    fn every_metric_of_the_seeded_set_matches_the_hand_computed_value() {
        let f = Figures::of(&seeded(), NOW);
        assert_eq!(f.conversations, 10);
        assert_eq!(f.qa_mean(), None, "nothing reviewed");
        let mut reviewed = seeded();
        reviewed[0].qa_score = Some(7_500);
        reviewed[3].qa_score = Some(10_000);
        reviewed[5].qa_score = Some(6_000);
        // Mean of the reviewed only: (7,500 + 10,000 + 6,000) / 3.
        assert_eq!(Figures::of(&reviewed, NOW).qa_mean(), Some(7_833));
        // Answered: all but 3 and 4.
        assert_eq!(f.responded, Share { part: 8, whole: 10 });
        // Judged: 8 answered clocks (7 met, 1 breached) + 3 (late, running);
        // 4 is not due yet.
        assert_eq!(f.on_time, Share { part: 7, whole: 9 });
        assert_eq!(f.resolved, Share { part: 8, whole: 10 });
        // Resolved 8: 2 reopened, 5 transferred.
        assert_eq!(f.first_contact, Share { part: 6, whole: 8 });
        assert_eq!(f.complaints, Share { part: 3, whole: 10 });
        // Closed complaints: 30 h (late), 2 h.
        assert_eq!(f.complaints_in_time, Share { part: 1, whole: 2 });
        assert_eq!(f.complaint_mean(), Some(16 * H));
        // Follow-ups judged: 6 met, 7 breached; 8 not due.
        assert_eq!(f.follow_ups, Share { part: 1, whole: 2 });
        // First-response times: 6 × 20 min, 50, 5 → mean 20 min, p90 = the
        // 8th of 8 sorted (nearest rank ⌈7.2⌉ = 8) = 50 min.
        assert_eq!(f.first_response_ms.len(), 8);
        assert_eq!(
            f.first_response_mean(),
            Some((6 * 20 + 50 + 5) * 60_000 / 8)
        );
        assert_eq!(f.first_response_p90(), Some(50 * 60_000));
        // Ratings: 5 ×6 (1, 6, 7, 8, 9, 10), 3, 1, 4 → 38 / 9.
        assert_eq!(f.ratings.len(), 9);
        assert!((f.csat().unwrap() - 38.0 / 9.0).abs() < 1e-9);
        let v = f.verdicts();
        assert_eq!(v.on_time, Some(false), "7/9 < 95 %");
        assert_eq!(v.resolution, Some(false), "80 % < 90 %");
        assert_eq!(v.csat, Some(false), "4.22 < 4.5");
        assert_eq!(v.complaints, Some(false), "30 % > 5 %");
        assert_eq!(v.complaint_time, Some(true), "16 h ≤ 24 h");
    }

    #[test]
    fn slices_by_agent_and_language_hold_their_own_figures() {
        let cases = seeded();
        let by_agent = slices(&cases, Dimension::Agent, NOW);
        assert_eq!(
            by_agent.keys().cloned().collect::<Vec<_>>(),
            vec!["", "ana", "ben"]
        );
        let ben = &by_agent["ben"];
        assert_eq!(ben.conversations, 2);
        assert_eq!(ben.complaints, Share { part: 2, whole: 2 });
        assert_eq!(ben.first_contact, Share { part: 1, whole: 2 });
        let by_language = slices(&cases, Dimension::Language, NOW);
        assert_eq!(by_language["ja"].conversations, 1);
        assert_eq!(by_language["ja"].first_response_p90(), Some(5 * 60_000));
        assert_eq!(
            slices(&cases, Dimension::Priority, NOW)["routine"].conversations,
            10
        );
    }

    #[test]
    fn nothing_to_judge_gives_no_verdict() {
        let f = Figures::of(&[], NOW);
        assert_eq!(f.verdicts(), Verdicts::default());
        assert_eq!(f.first_response_p90(), None);
        assert_eq!(f.csat(), None);
        assert_eq!(Share::default().ratio(), None);
    }

    #[test]
    fn percentiles_use_the_nearest_rank() {
        assert_eq!(percentile(&[5], 90), Some(5));
        assert_eq!(percentile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), Some(9));
        assert_eq!(percentile(&[10, 1, 2], 50), Some(2));
        assert_eq!(percentile(&[3, 1, 2], 100), Some(3));
        assert_eq!(percentile(&[3, 1, 2], 0), Some(1));
    }

    #[test]
    fn clocks_are_judged_at_now() {
        let running = ClockFacts {
            phase: ClockPhase::Running,
            due_at: NOW,
            business_ms: 0,
        };
        assert_eq!(running.on_time(NOW), None, "due, not yet late");
        assert_eq!(running.on_time(NOW + 1), Some(false));
        let cancelled = ClockFacts {
            phase: ClockPhase::Cancelled,
            ..running
        };
        assert_eq!(cancelled.on_time(NOW + H), None);
    }

    #[test]
    fn dimensions_have_stable_names() {
        for d in Dimension::ALL {
            assert_eq!(Dimension::parse(d.as_str()), Some(d));
        }
        assert_eq!(Dimension::parse("weather"), None);
    }

    fn arbitrary_case() -> impl Strategy<Value = CaseFacts> {
        let phase = prop_oneof![
            Just(ClockPhase::Running),
            Just(ClockPhase::Paused),
            Just(ClockPhase::Met),
            Just(ClockPhase::Breached),
            Just(ClockPhase::Cancelled),
        ];
        let clock = (phase, -5i64..5, 0i64..10_000_000).prop_map(|(phase, due, ms)| ClockFacts {
            phase,
            due_at: NOW + due * H,
            business_ms: ms,
        });
        let name = prop::option::of(prop_oneof![Just("a"), Just("b"), Just("c")]);
        (
            (name.clone(), name.clone(), name.clone(), name.clone(), name),
            prop_oneof![
                Just(Priority::Urgent),
                Just(Priority::Routine),
                Just(Priority::Consultation)
            ],
            (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
            (prop::option::of(clock.clone()), prop::option::of(clock)),
            prop::collection::vec(0u8..7, 0..3),
            prop::option::of((0i64..100, prop::option::of(0i64..100))),
        )
            .prop_map(
                |(
                    (agent, team, region, language, category),
                    priority,
                    (answered, resolved, reopened, transferred),
                    (first_response, follow_up),
                    ratings,
                    complaint,
                )| CaseFacts {
                    id: 0,
                    opened_at: NOW,
                    agent: agent.map(str::to_owned),
                    team: team.map(str::to_owned),
                    region: region.map(str::to_owned),
                    language: language.map(str::to_owned),
                    category: category.map(str::to_owned),
                    priority,
                    answered,
                    first_response,
                    resolved,
                    reopened,
                    transferred,
                    follow_up,
                    ratings,
                    complaint: complaint.map(|(raised, closed)| ComplaintFacts {
                        raised_at: NOW - raised * H,
                        closed_at: closed.map(|c| NOW - raised * H + c * H),
                    }),
                    qa_score: None,
                },
            )
    }

    fn add(a: Share, b: Share) -> Share {
        Share {
            part: a.part + b.part,
            whole: a.whole + b.whole,
        }
    }

    proptest! {
        #[test]
        fn the_slices_of_every_dimension_add_up_to_the_totals(
            cases in prop::collection::vec(arbitrary_case(), 0..40)
        ) {
            let total = Figures::of(&cases, NOW);
            for d in Dimension::ALL {
                let mut sum = Figures::default();
                let mut samples = 0;
                for f in slices(&cases, d, NOW).values() {
                    sum.conversations += f.conversations;
                    sum.responded = add(sum.responded, f.responded);
                    sum.on_time = add(sum.on_time, f.on_time);
                    sum.resolved = add(sum.resolved, f.resolved);
                    sum.first_contact = add(sum.first_contact, f.first_contact);
                    sum.complaints = add(sum.complaints, f.complaints);
                    sum.complaints_in_time = add(sum.complaints_in_time, f.complaints_in_time);
                    sum.follow_ups = add(sum.follow_ups, f.follow_ups);
                    sum.ratings.extend(&f.ratings);
                    samples += f.first_response_ms.len();
                }
                prop_assert_eq!(sum.conversations, total.conversations);
                prop_assert_eq!(sum.responded, total.responded);
                prop_assert_eq!(sum.on_time, total.on_time);
                prop_assert_eq!(sum.resolved, total.resolved);
                prop_assert_eq!(sum.first_contact, total.first_contact);
                prop_assert_eq!(sum.complaints, total.complaints);
                prop_assert_eq!(sum.complaints_in_time, total.complaints_in_time);
                prop_assert_eq!(sum.follow_ups, total.follow_ups);
                prop_assert_eq!(sum.ratings.len(), total.ratings.len());
                prop_assert_eq!(samples, total.first_response_ms.len());
            }
        }
    }
}
