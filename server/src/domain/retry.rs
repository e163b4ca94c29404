//! When an outbox item (a webhook delivery, a mail) is tried again after a
//! failure: 10 s, doubling each time up to an hour apart, until it is given
//! up a set time after it was made.
//!
//! Pure code: instants are Unix milliseconds.

/// When to try an item made at `created_at` again after its `attempts`-th
/// failed attempt at `now`; `None` once `give_up_after` ms have passed
/// since it was made.
pub fn next_attempt(created_at: i64, attempts: u32, now: i64, give_up_after: i64) -> Option<i64> {
    let wait = 10_000_i64
        .saturating_mul(1_i64 << attempts.saturating_sub(1).min(20))
        .min(60 * 60 * 1000);
    let at = now + wait;
    (at <= created_at + give_up_after).then_some(at)
}
