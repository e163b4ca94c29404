//! Durations and deadlines as the desk writes them, translated: "4 min
//! 10 s", "due in 2 h 5 min", "overdue by 3 min". A leaf every panel reads.

use leptos_fluent::tr;

/// "4 min 10 s" / "2 h 5 min", translated.
pub(crate) fn duration_text(ms: i64) -> String {
    let total = ms.abs() / 1000;
    let (hours, minutes, seconds) = (total / 3600, (total % 3600) / 60, total % 60);
    tr!("duration", { "hours" => hours, "minutes" => minutes, "seconds" => seconds })
}

/// Countdown text for a deadline at `now`.
pub(crate) fn countdown(due_at: i64, now: i64) -> String {
    if now < due_at {
        tr!("clock-due-in", { "time" => duration_text(due_at - now) })
    } else {
        tr!("clock-overdue", { "time" => duration_text(now - due_at) })
    }
}
