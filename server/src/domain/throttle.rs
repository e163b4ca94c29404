//! Failed sign-ins (R-SEC1): when an account locks, and when a source must
//! wait. Pure: `now` (Unix ms) is passed in.
//!
//! Two independent brakes:
//! - The **account** locks after [`LOCK_AFTER`] failures in a row from
//!   untrusted sources, for [`LOCK_MS`], doubling with each further round
//!   (at most a day). Browsers that signed into the account before carry a
//!   device cookie and are not subject to this lock, so an attacker who
//!   knows an e-mail cannot lock its owner out of their usual machine.
//! - A **source** (an IP address, or a trusted device) is throttled after
//!   [`SOURCE_FAILURES`] failures within [`SOURCE_WINDOW_MS`]: it waits until
//!   the oldest leaves the window. An office behind one address is throttled
//!   only for untrusted browsers; colleagues' known devices are their own
//!   sources.

use std::collections::VecDeque;

/// Failures in a row that lock an account.
pub const LOCK_AFTER: i64 = 5;
/// First lock period.
pub const LOCK_MS: i64 = 15 * 60 * 1000;
/// Longest lock period.
pub const MAX_LOCK_MS: i64 = 24 * 3600 * 1000;
/// Failures a source may make within the window.
pub const SOURCE_FAILURES: usize = 10;
/// The source window.
pub const SOURCE_WINDOW_MS: i64 = 10 * 60 * 1000;

/// After the `failures`-th failure in a row at `now`: until when the account
/// locks, if it does.
pub fn lock_until(failures: i64, now: i64) -> Option<i64> {
    if failures <= 0 || failures % LOCK_AFTER != 0 {
        return None;
    }
    let round = (failures / LOCK_AFTER - 1).min(16) as u32;
    Some(now + LOCK_MS.saturating_mul(1 << round).min(MAX_LOCK_MS))
}

/// Recent failures of one source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FailureWindow {
    at: VecDeque<i64>,
}

impl FailureWindow {
    fn prune(&mut self, now: i64) {
        while self
            .at
            .front()
            .is_some_and(|&t| t <= now - SOURCE_WINDOW_MS)
        {
            self.at.pop_front();
        }
    }

    /// `Err(retry_after_ms)` while the source must wait.
    pub fn check(&mut self, now: i64) -> Result<(), i64> {
        self.prune(now);
        if self.at.len() >= SOURCE_FAILURES {
            let oldest = self.at.front().copied().unwrap_or(now);
            Err((oldest + SOURCE_WINDOW_MS - now).max(1))
        } else {
            Ok(())
        }
    }

    /// Counts a failure.
    pub fn fail(&mut self, now: i64) {
        self.prune(now);
        self.at.push_back(now);
    }

    /// Checks and counts an attempt as a failure in one step, before the
    /// password or code is verified: parallel guesses cannot all pass the
    /// check before any of them is counted. A success then calls
    /// [`FailureWindow::forgive`] (or drops the window).
    pub fn attempt(&mut self, now: i64) -> Result<(), i64> {
        self.check(now)?;
        self.at.push_back(now);
        Ok(())
    }

    /// Takes back one counted attempt (it succeeded).
    pub fn forgive(&mut self) {
        self.at.pop_back();
    }

    /// Whether nothing recent is left (the entry can be dropped).
    pub fn is_idle(&mut self, now: i64) -> bool {
        self.prune(now);
        self.at.is_empty()
    }
}

/// Failures in a row of an e-mail that names no account: counted like an
/// account's, so after [`LOCK_AFTER`] failures an unknown e-mail answers
/// "locked" exactly as a real one would (no account oracle).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AccountFailures {
    failures: i64,
    locked_until: i64,
}

impl AccountFailures {
    /// Counts a failure at `now` (locking as an account would).
    pub fn fail(&mut self, now: i64) {
        self.failures += 1;
        if let Some(until) = lock_until(self.failures, now) {
            self.locked_until = until;
        }
    }

    /// Whether it is locked at `now`.
    pub fn locked(&self, now: i64) -> bool {
        self.locked_until > now
    }

    /// Whether it can be forgotten (unlocked, no failure for a day).
    pub fn is_stale(&self, now: i64) -> bool {
        self.locked_until + MAX_LOCK_MS < now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_lock_every_fifth_failure_for_longer_each_round() {
        let now = 1_000_000;
        for n in [1, 2, 3, 4, 6, 9] {
            assert_eq!(lock_until(n, now), None, "{n}");
        }
        assert_eq!(lock_until(0, now), None);
        assert_eq!(lock_until(5, now), Some(now + LOCK_MS));
        assert_eq!(lock_until(10, now), Some(now + 2 * LOCK_MS));
        assert_eq!(lock_until(15, now), Some(now + 4 * LOCK_MS));
        assert_eq!(lock_until(500, now), Some(now + MAX_LOCK_MS));
        assert_eq!(lock_until(i64::MAX - 2, now), Some(now + MAX_LOCK_MS));
    }

    #[test]
    fn a_source_waits_until_its_oldest_failure_leaves_the_window() {
        let mut w = FailureWindow::default();
        let t0 = 50_000_000;
        for i in 0..SOURCE_FAILURES as i64 {
            assert_eq!(w.check(t0 + i), Ok(()));
            w.fail(t0 + i);
        }
        assert_eq!(w.check(t0 + 100), Err(SOURCE_WINDOW_MS - 100));
        assert_eq!(w.check(t0 + SOURCE_WINDOW_MS - 1), Err(1));
        // The first failure has left the window: one more attempt.
        assert_eq!(w.check(t0 + SOURCE_WINDOW_MS), Ok(()));
        assert!(!w.is_idle(t0 + SOURCE_WINDOW_MS));
        assert!(w.is_idle(t0 + 2 * SOURCE_WINDOW_MS));
    }

    #[test]
    fn attempts_count_before_they_are_verified() {
        let mut w = FailureWindow::default();
        let t0 = 7_000_000;
        // Parallel guesses: each is counted as it passes the check.
        for i in 0..SOURCE_FAILURES as i64 {
            assert_eq!(w.attempt(t0 + i), Ok(()));
        }
        assert!(w.attempt(t0 + 20).is_err(), "the eleventh waits");
        w.forgive();
        assert_eq!(w.attempt(t0 + 21), Ok(()), "a success gave one back");
        assert!(w.attempt(t0 + 22).is_err());
    }

    #[test]
    fn unknown_e_mails_lock_like_accounts() {
        let mut f = AccountFailures::default();
        let now = 9_000_000;
        for _ in 0..LOCK_AFTER - 1 {
            f.fail(now);
            assert!(!f.locked(now));
        }
        f.fail(now);
        assert!(f.locked(now) && f.locked(now + LOCK_MS - 1));
        assert!(!f.locked(now + LOCK_MS));
        for _ in 0..LOCK_AFTER {
            f.fail(now + LOCK_MS);
        }
        assert!(f.locked(now + LOCK_MS + 2 * LOCK_MS - 1), "doubles");
        assert!(!f.is_stale(now + LOCK_MS));
        assert!(f.is_stale(now + 3 * LOCK_MS + MAX_LOCK_MS + 1));
    }
}
