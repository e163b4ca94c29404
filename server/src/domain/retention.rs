//! Retention (R-SEC5): personal data is kept a configurable number of days
//! after the service ended, then destroyed. Pure: `now` is passed in.

/// A day in milliseconds (retention counts elapsed time, not calendar days,
/// so time zones and DST cannot shorten it).
pub const DAY_MS: i64 = 24 * 3600 * 1000;
/// The default period: one year.
pub const DEFAULT_DAYS: i64 = 365;
/// The longest period an admin may set (ten years).
pub const MAX_DAYS: i64 = 3650;

/// When data of a service that ended at `ended_at` is to be destroyed.
pub fn destroy_at(ended_at: i64, days: i64) -> i64 {
    ended_at.saturating_add(days.clamp(1, MAX_DAYS).saturating_mul(DAY_MS))
}

/// Whether it is due at `now`.
pub fn due(ended_at: i64, days: i64, now: i64) -> bool {
    now >= destroy_at(ended_at, days)
}

/// The rule name a destruction record carries.
pub fn rule_name(days: i64) -> String {
    format!("retention:{}d", days.clamp(1, MAX_DAYS))
}

/// An admin's input, checked.
pub fn parse_days(text: &str) -> Option<i64> {
    text.trim()
        .parse::<i64>()
        .ok()
        .filter(|d| (1..=MAX_DAYS).contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_exactly_the_period_after_the_end() {
        let end = 1_700_000_000_000;
        assert_eq!(destroy_at(end, 365), end + 365 * DAY_MS);
        assert!(!due(end, 365, end));
        assert!(!due(end, 365, end + 365 * DAY_MS - 1));
        assert!(due(end, 365, end + 365 * DAY_MS));
        assert!(due(end, 1, end + DAY_MS));
        assert!(!due(end, 1, end + DAY_MS - 1));
    }

    #[test]
    fn periods_are_clamped_and_never_overflow() {
        let end = 1_700_000_000_000;
        assert_eq!(destroy_at(end, 0), end + DAY_MS);
        assert_eq!(destroy_at(end, -5), end + DAY_MS);
        assert_eq!(destroy_at(end, 1_000_000), end + MAX_DAYS * DAY_MS);
        assert_eq!(destroy_at(i64::MAX - 1, 365), i64::MAX);
        assert_eq!(rule_name(365), "retention:365d");
        assert_eq!(rule_name(0), "retention:1d");
    }

    #[test]
    fn admin_input() {
        assert_eq!(parse_days(" 30 "), Some(30));
        assert_eq!(parse_days("0"), None);
        assert_eq!(parse_days("3651"), None);
        assert_eq!(parse_days("a year"), None);
    }
}
