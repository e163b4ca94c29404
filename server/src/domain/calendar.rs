//! Business calendars: when a team (a region such as APAC or EMEA) is open.
//!
//! A [`BusinessCalendar`] has an IANA time zone, any number of shifts per
//! weekday (split shifts and lunch breaks are simply several shifts; a shift
//! whose end is not after its start runs past midnight into the next day) and
//! dated closures (holidays). SLA clocks ([`super::sla`]) count only the time
//! the calendar is open, and "working days" are the dates on which it opens.
//!
//! Rules, chosen to match how staff talk about shifts:
//! - A shift belongs to the date it **starts** on: the Friday night shift
//!   22:00–06:00 runs into Saturday morning even when Saturday is a holiday,
//!   and a holiday on Friday cancels it entirely.
//! - Local times are resolved like a wall clock: a start or end inside a
//!   daylight-saving gap moves forward by the gap (02:30 on the spring-forward
//!   night is 03:30), an ambiguous time in the repeated autumn hour is the
//!   first of the two.
//! - Overlapping shifts merge; open time is never counted twice.
//!
//! Pure code: no I/O, no clock reads. Instants are `DateTime<Utc>`.

use std::collections::BTreeSet;

use chrono::offset::LocalResult;
use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
    Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// How far ahead a search for open time goes before it concludes the calendar
/// never opens (e.g. no shifts at all, or every date closed).
const HORIZON_DAYS: i64 = 800;
/// Dates examined per step of a forward search.
const WINDOW_DAYS: i64 = 14;

/// One working interval on a weekday, in the calendar's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    /// The weekday the shift starts on.
    pub weekday: Weekday,
    /// Local start.
    pub start: NaiveTime,
    /// Local end; at or before `start` means the next day (00:00 = midnight).
    pub end: NaiveTime,
}

impl Shift {
    fn crosses_midnight(&self) -> bool {
        self.end <= self.start
    }
}

/// A team's opening hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BusinessCalendar {
    time_zone: Tz,
    shifts: Vec<Shift>,
    closures: BTreeSet<NaiveDate>,
}

/// Why a calendar description was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// Not an IANA time zone name.
    #[error("unknown time zone {0}")]
    TimeZone(String),
    /// Not `mon`…`sun`.
    #[error("unknown weekday {0}")]
    Weekday(String),
    /// Not `HH:MM`.
    #[error("bad time {0}")]
    Time(String),
    /// Not `YYYY-MM-DD`.
    #[error("bad date {0}")]
    Date(String),
}

/// The stored/edited form of a calendar (JSON in the database and the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSpec {
    /// IANA name, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    /// Shifts.
    pub shifts: Vec<ShiftSpec>,
    /// Closed dates, `YYYY-MM-DD`.
    #[serde(default)]
    pub closures: Vec<String>,
}

/// One shift as written: `{"day": "mon", "start": "09:00", "end": "12:30"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftSpec {
    /// `mon` … `sun`.
    pub day: String,
    /// `HH:MM`.
    pub start: String,
    /// `HH:MM`; at or before `start` runs into the next day.
    pub end: String,
}

fn parse_weekday(s: &str) -> Result<Weekday, CalendarError> {
    match s.to_ascii_lowercase().as_str() {
        "mon" => Ok(Weekday::Mon),
        "tue" => Ok(Weekday::Tue),
        "wed" => Ok(Weekday::Wed),
        "thu" => Ok(Weekday::Thu),
        "fri" => Ok(Weekday::Fri),
        "sat" => Ok(Weekday::Sat),
        "sun" => Ok(Weekday::Sun),
        _ => Err(CalendarError::Weekday(s.to_owned())),
    }
}

fn parse_time(s: &str) -> Result<NaiveTime, CalendarError> {
    NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| CalendarError::Time(s.to_owned()))
}

impl TryFrom<&CalendarSpec> for BusinessCalendar {
    type Error = CalendarError;

    fn try_from(spec: &CalendarSpec) -> Result<Self, CalendarError> {
        let time_zone: Tz = spec
            .time_zone
            .parse()
            .map_err(|_| CalendarError::TimeZone(spec.time_zone.clone()))?;
        let shifts = spec
            .shifts
            .iter()
            .map(|s| {
                Ok(Shift {
                    weekday: parse_weekday(&s.day)?,
                    start: parse_time(&s.start)?,
                    end: parse_time(&s.end)?,
                })
            })
            .collect::<Result<Vec<_>, CalendarError>>()?;
        let closures = spec
            .closures
            .iter()
            .map(|d| {
                NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| CalendarError::Date(d.clone()))
            })
            .collect::<Result<BTreeSet<_>, CalendarError>>()?;
        Ok(BusinessCalendar::new(time_zone, shifts, closures))
    }
}

/// Wall-clock resolution of a local time (see the module rules).
pub fn resolve_local(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(first, _) => first.with_timezone(&Utc),
        LocalResult::None => {
            // Inside a gap: read the time with the offset in force before the
            // transition, which moves it forward by the gap's length.
            let before = tz
                .offset_from_local_datetime(&(local - Duration::hours(3)))
                .earliest()
                .map(|o| o.fix().local_minus_utc())
                .unwrap_or(0);
            Utc.from_utc_datetime(&(local - Duration::seconds(i64::from(before))))
        }
    }
}

impl BusinessCalendar {
    /// A calendar from parts.
    pub fn new(time_zone: Tz, shifts: Vec<Shift>, closures: BTreeSet<NaiveDate>) -> Self {
        BusinessCalendar {
            time_zone,
            shifts,
            closures,
        }
    }

    /// Open every minute of every day (for sites that configured no hours).
    pub fn always_open(time_zone: Tz) -> Self {
        let midnight = NaiveTime::MIN;
        let shifts = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ]
        .into_iter()
        .map(|weekday| Shift {
            weekday,
            start: midnight,
            end: midnight,
        })
        .collect();
        BusinessCalendar::new(time_zone, shifts, BTreeSet::new())
    }

    /// The calendar's time zone.
    pub fn time_zone(&self) -> Tz {
        self.time_zone
    }

    /// The local date of an instant.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.time_zone).date_naive()
    }

    /// Shifts starting on `date` (none on a closure), as UTC intervals.
    fn periods_starting_on(
        &self,
        date: NaiveDate,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        let closed = self.closures.contains(&date);
        let weekday = date.weekday();
        self.shifts
            .iter()
            .filter(move |s| !closed && s.weekday == weekday)
            .filter_map(move |s| {
                let end_date = if s.crosses_midnight() {
                    date.succ_opt()?
                } else {
                    date
                };
                let start = resolve_local(self.time_zone, date.and_time(s.start));
                let end = resolve_local(self.time_zone, end_date.and_time(s.end));
                (end > start).then_some((start, end))
            })
    }

    /// Open periods within `[from, until)`, clipped, sorted and merged.
    pub fn open_periods(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if until <= from {
            return Vec::new();
        }
        let mut periods: Vec<_> = Vec::new();
        let (Some(first), Some(last)) = (
            self.local_date(from).pred_opt(),
            self.local_date(until).succ_opt(),
        ) else {
            return periods;
        };
        for date in first.iter_days().take_while(|d| *d <= last) {
            for (s, e) in self.periods_starting_on(date) {
                let (s, e) = (s.max(from), e.min(until));
                if e > s {
                    periods.push((s, e));
                }
            }
        }
        periods.sort();
        let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(periods.len());
        for (s, e) in periods {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    /// Whether the calendar is open at `at`.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        !self
            .open_periods(at, at + Duration::milliseconds(1))
            .is_empty()
    }

    /// Open time between two instants (zero if `until <= from`).
    pub fn business_time_between(&self, from: DateTime<Utc>, until: DateTime<Utc>) -> Duration {
        self.open_periods(from, until)
            .into_iter()
            .fold(Duration::zero(), |acc, (s, e)| acc + (e - s))
    }

    /// The first open instant at or after `at`; `None` if the calendar never
    /// opens within the search horizon.
    pub fn next_open(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.add_business_time(at, Duration::zero())
    }

    /// The instant at which `amount` of open time has passed after `from`.
    /// A zero amount gives the next open instant. `None` if the calendar never
    /// accumulates that much within the search horizon.
    pub fn add_business_time(
        &self,
        from: DateTime<Utc>,
        amount: Duration,
    ) -> Option<DateTime<Utc>> {
        let mut left = amount.max(Duration::zero());
        let mut cursor = from;
        let horizon = from + Duration::days(HORIZON_DAYS);
        while cursor < horizon {
            let window_end = cursor + Duration::days(WINDOW_DAYS);
            for (s, e) in self.open_periods(cursor, window_end) {
                let length = e - s;
                if length >= left {
                    return Some(s + left);
                }
                left -= length;
            }
            cursor = window_end;
        }
        None
    }

    /// Whether the calendar opens on `date` (a shift starts that day).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.periods_starting_on(date).next().is_some()
    }

    /// When the last shift starting on `date` ends; `None` on a non-working day.
    pub fn close_of_business(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        self.periods_starting_on(date).map(|(_, e)| e).max()
    }

    /// Close of business on the `days`-th working day after the local date of
    /// `from` (that date itself does not count). With `days == 0`: close of
    /// business today if today is a working day and it has not closed yet,
    /// else on the next working day.
    pub fn add_working_days(&self, from: DateTime<Utc>, days: u32) -> Option<DateTime<Utc>> {
        let start = self.local_date(from);
        let mut counted = 0u32;
        for date in start.iter_days().take(HORIZON_DAYS as usize) {
            if !self.is_working_day(date) {
                continue;
            }
            if date == start {
                if days == 0 && self.close_of_business(date).is_some_and(|c| c > from) {
                    return self.close_of_business(date);
                }
                continue;
            }
            counted += 1;
            if counted >= days.max(1) {
                return self.close_of_business(date);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn cal(tz: &str, shifts: &[(&str, &str, &str)], closures: &[&str]) -> BusinessCalendar {
        let spec = CalendarSpec {
            time_zone: tz.into(),
            shifts: shifts
                .iter()
                .map(|(d, s, e)| ShiftSpec {
                    day: (*d).into(),
                    start: (*s).into(),
                    end: (*e).into(),
                })
                .collect(),
            closures: closures.iter().map(|c| (*c).into()).collect(),
        };
        BusinessCalendar::try_from(&spec).unwrap()
    }

    const WEEKDAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

    /// Shanghai office: 09:00–12:00 and 13:00–18:00 Monday to Friday.
    fn apac() -> BusinessCalendar {
        let shifts: Vec<_> = WEEKDAYS
            .iter()
            .flat_map(|d| [(*d, "09:00", "12:00"), (*d, "13:00", "18:00")])
            .collect();
        cal("Asia/Shanghai", &shifts, &["2026-10-01", "2026-10-02"])
    }

    /// Berlin office: 08:00–17:00 Monday to Friday.
    fn emea() -> BusinessCalendar {
        let shifts: Vec<_> = WEEKDAYS.iter().map(|d| (*d, "08:00", "17:00")).collect();
        cal("Europe/Berlin", &shifts, &["2026-12-25"])
    }

    #[test]
    fn bad_specs_are_refused_with_the_reason() {
        let spec = |tz: &str, day: &str, start: &str, closure: &str| CalendarSpec {
            time_zone: tz.into(),
            shifts: vec![ShiftSpec {
                day: day.into(),
                start: start.into(),
                end: "10:00".into(),
            }],
            closures: vec![closure.into()],
        };
        let ok = spec("Europe/Berlin", "mon", "09:00", "2026-01-01");
        assert!(BusinessCalendar::try_from(&ok).is_ok());
        assert_eq!(
            BusinessCalendar::try_from(&spec("Mars/Olympus", "mon", "09:00", "2026-01-01")),
            Err(CalendarError::TimeZone("Mars/Olympus".into()))
        );
        assert_eq!(
            BusinessCalendar::try_from(&spec("UTC", "monday", "09:00", "2026-01-01")),
            Err(CalendarError::Weekday("monday".into()))
        );
        assert_eq!(
            BusinessCalendar::try_from(&spec("UTC", "mon", "25:00", "2026-01-01")),
            Err(CalendarError::Time("25:00".into()))
        );
        assert_eq!(
            BusinessCalendar::try_from(&spec("UTC", "mon", "09:00", "2026-02-30")),
            Err(CalendarError::Date("2026-02-30".into()))
        );
    }

    #[test]
    fn split_shift_skips_the_lunch_break() {
        let c = apac();
        // Mon 2026-11-23 11:50 Shanghai = 03:50Z; 30 minutes of business time
        // is 10 before lunch and 20 after: 13:20 local = 05:20Z.
        let due = c.add_business_time(utc("2026-11-23T03:50:00Z"), Duration::minutes(30));
        assert_eq!(due, Some(utc("2026-11-23T05:20:00Z")));
        assert!(!c.is_open(utc("2026-11-23T04:30:00Z")), "12:30 is lunch");
        assert!(c.is_open(utc("2026-11-23T05:00:00Z")), "13:00 is open");
        assert!(
            !c.is_open(utc("2026-11-23T04:00:00Z")),
            "12:00 sharp is closed"
        );
        assert!(c.is_open(utc("2026-11-23T03:59:59Z")));
        // A deadline that uses up the last minutes of a shift is the closing time,
        // not the next opening.
        let due = c.add_business_time(utc("2026-11-23T09:55:00Z"), Duration::minutes(5));
        assert_eq!(due, Some(utc("2026-11-23T10:00:00Z")));
    }

    #[test]
    fn the_clock_waits_for_the_next_morning_and_over_weekends() {
        let c = apac();
        // Fri 17:55 local + 10 min → 5 min on Friday, 5 on Monday 09:05.
        let due = c.add_business_time(utc("2026-11-27T09:55:00Z"), Duration::minutes(10));
        assert_eq!(due, Some(utc("2026-11-30T01:05:00Z")));
        // Started on Saturday: the first minute counts from Monday 09:00.
        let due = c.add_business_time(utc("2026-11-28T02:00:00Z"), Duration::minutes(5));
        assert_eq!(due, Some(utc("2026-11-30T01:05:00Z")));
        assert_eq!(
            c.next_open(utc("2026-11-28T02:00:00Z")),
            Some(utc("2026-11-30T01:00:00Z"))
        );
        // Already open: next_open is now.
        assert_eq!(
            c.next_open(utc("2026-11-30T02:00:00Z")),
            Some(utc("2026-11-30T02:00:00Z"))
        );
    }

    #[test]
    fn holidays_close_the_whole_date() {
        let c = apac();
        // Wed 2026-09-30 17:50 local + 30 min: 10 min on Wednesday, Thu 1 and
        // Fri 2 October are closed, Sat/Sun are not working days → Mon 5 Oct 09:20.
        let due = c.add_business_time(utc("2026-09-30T09:50:00Z"), Duration::minutes(30));
        assert_eq!(due, Some(utc("2026-10-05T01:20:00Z")));
        assert!(!c.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()));
        assert!(c.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 5).unwrap()));
    }

    #[test]
    fn overnight_shifts_run_past_midnight() {
        // Americas night desk: Mon–Fri 22:00–06:00 New York time.
        let shifts: Vec<_> = WEEKDAYS.iter().map(|d| (*d, "22:00", "06:00")).collect();
        let c = cal("America/New_York", &shifts, &[]);
        // Tue 2026-11-24 05:50 local (EST, 10:50Z): 10 min left of Monday's
        // shift, then Tuesday 22:00 → 45 min lands at 22:35 local = 03:35Z Wed.
        let due = c.add_business_time(utc("2026-11-24T10:50:00Z"), Duration::minutes(45));
        assert_eq!(due, Some(utc("2026-11-25T03:35:00Z")));
        // Saturday 03:00 is still Friday's shift.
        assert!(c.is_open(utc("2026-11-28T08:00:00Z")));
        // Sunday 03:00 is not (no Saturday shift).
        assert!(!c.is_open(utc("2026-11-29T08:00:00Z")));
        // Working days are the days a shift starts.
        assert!(c.is_working_day(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()));
        assert!(!c.is_working_day(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()));
        // Close of business of Friday's shift is Saturday 06:00.
        assert_eq!(
            c.close_of_business(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()),
            Some(utc("2026-11-28T11:00:00Z"))
        );
    }

    #[test]
    fn a_holiday_cancels_the_shift_starting_on_it_but_not_the_one_running_into_it() {
        let shifts: Vec<_> = WEEKDAYS.iter().map(|d| (*d, "22:00", "06:00")).collect();
        // Thursday 26 Nov is closed; Friday 27 Nov is not.
        let c = cal("America/New_York", &shifts, &["2026-11-26"]);
        // Wednesday's shift runs into the holiday morning.
        assert!(
            c.is_open(utc("2026-11-26T08:00:00Z")),
            "Thu 03:00 belongs to Wednesday"
        );
        // Thursday night is closed.
        assert!(
            !c.is_open(utc("2026-11-27T04:00:00Z")),
            "Thu 23:00 is the holiday's shift"
        );
        // Friday night runs.
        assert!(c.is_open(utc("2026-11-28T04:00:00Z")));
    }

    #[test]
    fn overlapping_and_adjacent_shifts_are_not_counted_twice() {
        let c = cal(
            "UTC",
            &[
                ("mon", "09:00", "13:00"),
                ("mon", "12:00", "15:00"),
                ("mon", "15:00", "16:00"),
            ],
            &[],
        );
        let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let from = Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN));
        let periods = c.open_periods(from, from + Duration::days(1));
        assert_eq!(
            periods,
            vec![(utc("2026-11-23T09:00:00Z"), utc("2026-11-23T16:00:00Z"))]
        );
        assert_eq!(
            c.business_time_between(from, from + Duration::days(1)),
            Duration::hours(7)
        );
    }

    #[test]
    fn spring_forward_day_is_an_hour_shorter() {
        // Berlin, Sunday 29 March 2026: 02:00 → 03:00. A 24/7 desk.
        let c = BusinessCalendar::always_open(chrono_tz::Europe::Berlin);
        let start = utc("2026-03-28T23:00:00Z"); // 00:00 local
        let end = utc("2026-03-29T22:00:00Z"); // 00:00 local next day
        assert_eq!(c.business_time_between(start, end), Duration::hours(23));
        // A night shift 01:00–05:00 that night is 3 hours long.
        let night = cal("Europe/Berlin", &[("sun", "01:00", "05:00")], &[]);
        assert_eq!(night.business_time_between(start, end), Duration::hours(3));
        // A shift starting inside the gap starts at 03:00 (01:00Z).
        let gap = cal("Europe/Berlin", &[("sun", "02:30", "04:00")], &[]);
        assert_eq!(gap.next_open(start), Some(utc("2026-03-29T01:30:00Z")));
        assert_eq!(gap.business_time_between(start, end), Duration::minutes(30));
    }

    #[test]
    fn fall_back_day_is_an_hour_longer() {
        // Berlin, Sunday 25 October 2026: 03:00 → 02:00.
        let night = cal("Europe/Berlin", &[("sat", "22:00", "06:00")], &[]);
        let from = utc("2026-10-24T12:00:00Z");
        let until = utc("2026-10-26T12:00:00Z");
        // 22:00 CEST (20:00Z) to 06:00 CET (05:00Z) is 9 hours of work.
        assert_eq!(night.business_time_between(from, until), Duration::hours(9));
        // 8h30 of business time lands at 05:30 local (04:30Z), not 04:30 local.
        assert_eq!(
            night.add_business_time(from, Duration::minutes(510)),
            Some(utc("2026-10-25T04:30:00Z"))
        );
        // A shift starting in the repeated hour starts at its first occurrence.
        let ambiguous = cal("Europe/Berlin", &[("sun", "02:30", "04:00")], &[]);
        assert_eq!(ambiguous.next_open(from), Some(utc("2026-10-25T00:30:00Z")));
    }

    #[test]
    fn us_dst_moves_the_utc_opening_time() {
        let shifts: Vec<_> = WEEKDAYS.iter().map(|d| (*d, "09:00", "17:00")).collect();
        let c = cal("America/New_York", &shifts, &[]);
        // Friday before the change (EDT, UTC-4) and Monday after (EST, UTC-5).
        assert_eq!(
            c.next_open(utc("2026-10-30T12:00:00Z")),
            Some(utc("2026-10-30T13:00:00Z"))
        );
        assert_eq!(
            c.next_open(utc("2026-11-02T12:00:00Z")),
            Some(utc("2026-11-02T14:00:00Z"))
        );
        // 30 min from Friday 16:45 EDT: 15 min Friday, 15 min Monday 09:15 EST.
        assert_eq!(
            c.add_business_time(utc("2026-10-30T20:45:00Z"), Duration::minutes(30)),
            Some(utc("2026-11-02T14:15:00Z"))
        );
    }

    #[test]
    fn a_calendar_that_never_opens_gives_no_deadline() {
        let never = cal("UTC", &[], &[]);
        assert_eq!(
            never.add_business_time(utc("2026-11-23T00:00:00Z"), Duration::minutes(1)),
            None
        );
        assert_eq!(never.next_open(utc("2026-11-23T00:00:00Z")), None);
        assert_eq!(never.add_working_days(utc("2026-11-23T00:00:00Z"), 3), None);
        // Closed every date of the only weekday it opens for two years: no deadline either.
        let closures: Vec<String> = (0..120)
            .map(|w| {
                (NaiveDate::from_ymd_opt(2026, 11, 23).unwrap() + Duration::weeks(w))
                    .format("%Y-%m-%d")
                    .to_string()
            })
            .collect();
        let refs: Vec<&str> = closures.iter().map(String::as_str).collect();
        let closed = cal("UTC", &[("mon", "09:00", "10:00")], &refs);
        assert_eq!(closed.next_open(utc("2026-11-22T00:00:00Z")), None);
    }

    #[test]
    fn working_days_count_on_the_calendar() {
        let c = emea();
        // Resolved Friday 27 Nov 15:00 Berlin: 3 working days → Wed 2 Dec 17:00.
        let due = c.add_working_days(utc("2026-11-27T14:00:00Z"), 3);
        assert_eq!(due, Some(utc("2026-12-02T16:00:00Z")));
        // Resolved Saturday: Monday is day one.
        assert_eq!(
            c.add_working_days(utc("2026-11-28T10:00:00Z"), 1),
            Some(utc("2026-11-30T16:00:00Z"))
        );
        // Christmas Day (Friday 25 Dec 2026) is skipped: from Wed 23 Dec,
        // day 1 Thu 24, day 2 Mon 28.
        assert_eq!(
            c.add_working_days(utc("2026-12-23T10:00:00Z"), 2),
            Some(utc("2026-12-28T16:00:00Z"))
        );
        // Zero days: today's close if still open, else the next working day's.
        assert_eq!(
            c.add_working_days(utc("2026-11-27T10:00:00Z"), 0),
            Some(utc("2026-11-27T16:00:00Z"))
        );
        assert_eq!(
            c.add_working_days(utc("2026-11-27T17:00:00Z"), 0),
            Some(utc("2026-11-30T16:00:00Z"))
        );
    }

    #[test]
    fn business_time_is_additive_and_matches_add_business_time() {
        // For many start instants and amounts, adding then measuring gives the
        // amount back, and measuring over [a, c) = [a, b) + [b, c).
        let calendars = [apac(), emea(), {
            let shifts: Vec<_> = WEEKDAYS.iter().map(|d| (*d, "22:00", "06:00")).collect();
            cal("America/New_York", &shifts, &["2026-11-26"])
        }];
        let base = utc("2026-10-20T00:00:00Z");
        for c in &calendars {
            for step in 0..200i64 {
                let from = base + Duration::minutes(step * 577);
                for minutes in [0i64, 1, 29, 30, 95, 600, 2_000] {
                    let amount = Duration::minutes(minutes);
                    let due = c.add_business_time(from, amount).unwrap();
                    assert_eq!(
                        c.business_time_between(from, due),
                        amount,
                        "{from} + {minutes}m"
                    );
                    if minutes == 0 {
                        assert!(c.is_open(due), "next opening is open");
                    } else {
                        assert!(
                            c.is_open(due - Duration::milliseconds(1)),
                            "the last minute is worked"
                        );
                    }
                    let mid = from + Duration::minutes(minutes * 3 / 2);
                    let end = mid + Duration::hours(50);
                    assert_eq!(
                        c.business_time_between(from, end),
                        c.business_time_between(from, mid) + c.business_time_between(mid, end)
                    );
                }
            }
        }
    }
}
