//! The monthly audit-log review (R-SEC6): which months of a site's log an
//! admin still owes a review, and which month may be marked. Pure: the
//! first line's time, the reviews and `now` are passed in; months are
//! calendar months in UTC, the log's own time.

use chrono::{Datelike, NaiveDate};

/// Longest review note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;

fn month_of(ms: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp_millis(ms).and_then(|t| t.date_naive().with_day(1))
}

/// `YYYY-MM` of `day`.
fn name(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// The first day of the month named `month` (`YYYY-MM`).
pub fn parse_month(month: &str) -> Option<NaiveDate> {
    let (y, m) = month.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// Whether `month` may be marked reviewed at `now`: a month that has
/// ended, not before the log began.
pub fn may_review(month: &str, first_line: Option<i64>, now: i64) -> bool {
    let (Some(m), Some(first), Some(current)) = (
        parse_month(month),
        first_line.and_then(month_of),
        month_of(now),
    ) else {
        return false;
    };
    first <= m && m < current
}

/// The ended months since the log began that no review covers, oldest
/// first.
pub fn unreviewed(first_line: Option<i64>, reviewed: &[String], now: i64) -> Vec<String> {
    let (Some(mut m), Some(current)) = (first_line.and_then(month_of), month_of(now)) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    while m < current {
        let n = name(m);
        if !reviewed.contains(&n) {
            out.push(n);
        }
        match m.checked_add_months(chrono::Months::new(1)) {
            Some(next) => m = next,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn ended_months_since_the_log_began_are_owed_until_reviewed() {
        let first = Some(ms("2026-08-17T09:00:00Z"));
        let now = ms("2026-12-02T01:00:00Z");
        assert_eq!(
            unreviewed(first, &[], now),
            ["2026-08", "2026-09", "2026-10", "2026-11"]
        );
        assert_eq!(
            unreviewed(first, &["2026-09".into(), "2026-11".into()], now),
            ["2026-08", "2026-10"]
        );
        // The month under way is not owed yet; a new log owes nothing.
        assert!(unreviewed(Some(ms("2026-12-01T00:00:00Z")), &[], now).is_empty());
        assert!(unreviewed(None, &[], now).is_empty());
        // Across a year's end.
        assert_eq!(
            unreviewed(
                Some(ms("2025-12-31T23:59:59Z")),
                &[],
                ms("2026-02-01T00:00:00Z")
            ),
            ["2025-12", "2026-01"]
        );
    }

    #[test]
    fn only_an_ended_month_of_the_log_may_be_marked() {
        let first = Some(ms("2026-08-17T09:00:00Z"));
        let now = ms("2026-12-02T01:00:00Z");
        for ok in ["2026-08", "2026-11"] {
            assert!(may_review(ok, first, now), "{ok}");
        }
        for bad in [
            "2026-12", "2027-01", "2026-07", "2026-13", "2026-1", "26-11", "2026/11", "", "latest",
        ] {
            assert!(!may_review(bad, first, now), "{bad}");
        }
        assert!(!may_review("2026-11", None, now));
    }
}
