//! The client-side record of one conversation and the resume rules.
//!
//! Both the widget and the desk keep a [`Timeline`]: stored messages ordered by
//! their server `seq`, plus the sender's own messages that are not yet
//! acknowledged (pending). The rules that make reconnects lossless live here as
//! pure code:
//! * a stored message is applied at most once (deduplicated by `seq`), in `seq`
//!   order, whatever order it arrives in (live event vs. backlog after resume);
//! * an acknowledged or echoed message replaces the pending entry with the same
//!   `client_id`;
//! * [`Timeline::resume_from`] is the highest `seq` up to which nothing is
//!   missing, so a resume never skips a gap;
//! * [`Timeline::unacked`] is what must be re-sent (same `client_id`, so the
//!   server stores it once) after a reconnect.
//!
//! No I/O, no clock, no browser.

use crate::error::ErrorCode;
use crate::protocol::{Author, ChatMessage};

/// A message the local user wrote that the server has not acknowledged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMessage {
    /// Idempotency key.
    pub client_id: String,
    /// The text.
    pub body: String,
    /// Set when the server refused it for good (e.g. too long).
    pub failed: Option<ErrorCode>,
}

/// What applying a stored message did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    /// New, and it directly follows what we had.
    Appended,
    /// New, but earlier messages are missing: the caller should resume.
    Gap,
    /// Already held (by `seq`); nothing changed.
    Duplicate,
}

/// Delivery state of one message as its author sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Written, not yet acknowledged.
    Sending,
    /// Durably stored by the server.
    Sent,
    /// Received by the other side's client.
    Delivered,
    /// Shown to the other side.
    Read,
    /// Refused by the server.
    Failed,
}

impl Delivery {
    /// The value of the `data-status` attribute.
    /// The Fluent id of its label, e.g. `status-read`.
    pub fn fluent_id(self) -> &'static str {
        match self {
            Delivery::Sending => "status-sending",
            Delivery::Sent => "status-sent",
            Delivery::Delivered => "status-delivered",
            Delivery::Read => "status-read",
            Delivery::Failed => "status-failed",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Sending => "sending",
            Delivery::Sent => "sent",
            Delivery::Delivered => "delivered",
            Delivery::Read => "read",
            Delivery::Failed => "failed",
        }
    }

    /// Status of a stored message given the other side's receipts.
    pub fn of_stored(seq: i64, delivered_seq: i64, read_seq: i64) -> Delivery {
        if seq <= read_seq {
            Delivery::Read
        } else if seq <= delivered_seq {
            Delivery::Delivered
        } else {
            Delivery::Sent
        }
    }
}

/// One row to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineItem {
    /// Stable key for rendering (the client id).
    pub key: String,
    /// Server sequence, `None` while pending.
    pub seq: Option<i64>,
    /// Author (pending entries are always the local user's `mine` author).
    pub author: Author,
    /// Agent name, if any.
    pub author_name: Option<String>,
    /// Text.
    pub body: String,
    /// Stored time, Unix ms.
    pub sent_at: Option<i64>,
    /// Refusal, for failed pending entries.
    pub failed: Option<ErrorCode>,
    /// What Parley's own message says (shown in the reader's language).
    pub notice: Option<crate::compensation::Notice>,
    /// Where it came from (a customer's mail, or the chat).
    pub channel: crate::protocol::Channel,
}

impl TimelineItem {
    /// Its delivery state as its author sees it, given the other side's
    /// `(delivered_seq, read_seq)`.
    pub fn delivery(&self, delivered_seq: i64, read_seq: i64) -> Delivery {
        match (self.seq, self.failed) {
            (_, Some(_)) => Delivery::Failed,
            (None, None) => Delivery::Sending,
            (Some(seq), None) => Delivery::of_stored(seq, delivered_seq, read_seq),
        }
    }
}

/// One conversation as a client holds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timeline {
    stored: Vec<ChatMessage>,
    pending: Vec<PendingMessage>,
}

impl Timeline {
    /// An empty timeline.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stored messages in `seq` order.
    pub fn stored(&self) -> &[ChatMessage] {
        &self.stored
    }

    /// Messages written locally and not yet acknowledged, in writing order.
    pub fn pending(&self) -> &[PendingMessage] {
        &self.pending
    }

    /// Highest `seq` held.
    pub fn last_seq(&self) -> i64 {
        self.stored.last().map(|m| m.seq).unwrap_or(0)
    }

    /// Highest `seq` such that every message `1..=seq` is held: where to resume.
    pub fn resume_from(&self) -> i64 {
        let mut expected = 1;
        for m in &self.stored {
            if m.seq != expected {
                break;
            }
            expected += 1;
        }
        expected - 1
    }

    /// Applies a stored message from the server (live, backlog or ack).
    pub fn apply(&mut self, message: ChatMessage) -> Applied {
        self.pending.retain(|p| p.client_id != message.client_id);
        match self.stored.binary_search_by_key(&message.seq, |m| m.seq) {
            Ok(_) => Applied::Duplicate,
            Err(pos) => {
                let follows = message.seq == self.resume_from() + 1;
                self.stored.insert(pos, message);
                if follows && pos == self.stored.len() - 1 {
                    Applied::Appended
                } else if self.resume_from() == self.last_seq() {
                    // It filled a hole: nothing is missing any more.
                    Applied::Appended
                } else {
                    Applied::Gap
                }
            }
        }
    }

    /// Records a message the local user just wrote.
    pub fn push_pending(&mut self, client_id: String, body: String) {
        if self.pending.iter().any(|p| p.client_id == client_id)
            || self.stored.iter().any(|m| m.client_id == client_id)
        {
            return;
        }
        self.pending.push(PendingMessage {
            client_id,
            body,
            failed: None,
        });
    }

    /// Marks a pending message as refused by the server.
    pub fn fail(&mut self, client_id: &str, code: ErrorCode) {
        if let Some(p) = self.pending.iter_mut().find(|p| p.client_id == client_id) {
            p.failed = Some(code);
        }
    }

    /// Messages to (re-)send after (re)connecting: pending and not refused.
    pub fn unacked(&self) -> Vec<&PendingMessage> {
        self.pending.iter().filter(|p| p.failed.is_none()).collect()
    }

    /// Everything to render: stored messages, then pending ones by `mine`.
    pub fn items(&self, mine: Author) -> Vec<TimelineItem> {
        let stored = self.stored.iter().map(|m| TimelineItem {
            key: m.client_id.clone(),
            seq: Some(m.seq),
            author: m.author,
            author_name: m.author_name.clone(),
            body: m.body.clone(),
            sent_at: Some(m.sent_at),
            failed: None,
            notice: m.notice.clone(),
            channel: m.channel,
        });
        let pending = self.pending.iter().map(|p| TimelineItem {
            key: p.client_id.clone(),
            seq: None,
            author: mine,
            author_name: None,
            body: p.body.clone(),
            sent_at: None,
            failed: p.failed,
            notice: None,
            channel: crate::protocol::Channel::Chat,
        });
        stored.chain(pending).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(seq: i64, client_id: &str) -> ChatMessage {
        ChatMessage {
            channel: Default::default(),
            id: seq * 10,
            conversation_id: 1,
            seq,
            client_id: client_id.into(),
            author: Author::Customer,
            author_name: None,
            body: format!("body {seq}"),
            sent_at: seq,
            notice: None,
        }
    }

    fn seqs(t: &Timeline) -> Vec<i64> {
        t.stored().iter().map(|m| m.seq).collect()
    }

    #[test]
    fn in_order_messages_append() {
        let mut t = Timeline::new();
        assert_eq!(t.apply(m(1, "a")), Applied::Appended);
        assert_eq!(t.apply(m(2, "b")), Applied::Appended);
        assert_eq!(t.resume_from(), 2);
    }

    #[test]
    fn duplicates_are_ignored() {
        let mut t = Timeline::new();
        t.apply(m(1, "a"));
        assert_eq!(t.apply(m(1, "a")), Applied::Duplicate);
        assert_eq!(seqs(&t), vec![1]);
    }

    #[test]
    fn a_gap_is_reported_and_resume_starts_before_it() {
        let mut t = Timeline::new();
        t.apply(m(1, "a"));
        assert_eq!(t.apply(m(3, "c")), Applied::Gap);
        assert_eq!(t.resume_from(), 1, "resume must re-fetch seq 2");
        assert_eq!(t.last_seq(), 3);
        // The backlog after resume carries 2 and 3 again.
        assert_eq!(t.apply(m(2, "b")), Applied::Appended);
        assert_eq!(t.apply(m(3, "c")), Applied::Duplicate);
        assert_eq!(seqs(&t), vec![1, 2, 3]);
        assert_eq!(t.resume_from(), 3);
    }

    #[test]
    fn live_event_before_backlog_ends_in_order_without_duplicates() {
        // After reconnecting, a live message (5) can overtake the backlog (3, 4).
        let mut t = Timeline::new();
        for s in 1..=2 {
            t.apply(m(s, &format!("c{s}")));
        }
        t.apply(m(5, "c5"));
        for s in 3..=5 {
            t.apply(m(s, &format!("c{s}")));
        }
        assert_eq!(seqs(&t), vec![1, 2, 3, 4, 5]);
        assert_eq!(t.resume_from(), 5);
    }

    #[test]
    fn any_arrival_order_with_repeats_converges() {
        // Exhaustive over all orders of 4 messages, each delivered twice.
        let base: Vec<i64> = vec![1, 2, 3, 4, 1, 2, 3, 4];
        let mut order = base.clone();
        let mut count = 0;
        permute(&mut order, 0, &mut |o| {
            let mut t = Timeline::new();
            for s in o {
                t.apply(m(*s, &format!("c{s}")));
            }
            assert_eq!(seqs(&t), vec![1, 2, 3, 4]);
            assert_eq!(t.resume_from(), 4);
            count += 1;
        });
        assert_eq!(count, 40320);
    }

    fn permute(v: &mut Vec<i64>, k: usize, f: &mut impl FnMut(&[i64])) {
        if k == v.len() {
            f(v);
            return;
        }
        for i in k..v.len() {
            v.swap(k, i);
            permute(v, k + 1, f);
            v.swap(k, i);
        }
    }

    #[test]
    fn ack_replaces_pending_by_client_id() {
        let mut t = Timeline::new();
        t.push_pending("x".into(), "hello".into());
        assert_eq!(t.unacked().len(), 1);
        let items = t.items(Author::Customer);
        assert_eq!(items[0].seq, None);
        t.apply(m(1, "x"));
        assert!(t.pending().is_empty());
        assert_eq!(t.items(Author::Customer).len(), 1);
    }

    #[test]
    fn pending_survive_reconnect_and_are_resent_once_each() {
        let mut t = Timeline::new();
        t.push_pending("x".into(), "one".into());
        t.push_pending("y".into(), "two".into());
        t.push_pending("x".into(), "one again".into());
        let ids: Vec<_> = t.unacked().iter().map(|p| p.client_id.clone()).collect();
        assert_eq!(ids, vec!["x", "y"]);
    }

    #[test]
    fn refused_messages_are_not_resent() {
        let mut t = Timeline::new();
        t.push_pending("x".into(), "too long".into());
        t.fail("x", ErrorCode::MessageTooLong);
        assert!(t.unacked().is_empty());
        assert_eq!(
            t.items(Author::Customer)[0].failed,
            Some(ErrorCode::MessageTooLong)
        );
    }

    #[test]
    fn delivery_status_from_receipts() {
        assert_eq!(Delivery::of_stored(3, 2, 1), Delivery::Sent);
        assert_eq!(Delivery::of_stored(2, 2, 1), Delivery::Delivered);
        assert_eq!(Delivery::of_stored(1, 2, 1), Delivery::Read);
    }
}

/// Delay before reconnect attempt `attempt` (1-based): exponential from 500 ms,
/// capped at 30 s, with "equal jitter" so a server restart is not met by every
/// client at the same instant. `jitter` is a random number in `[0, 1)`.
pub fn reconnect_delay_ms(attempt: u32, jitter: f64) -> u32 {
    let base = 500u64.saturating_mul(1u64 << attempt.saturating_sub(1).min(16));
    let capped = base.min(30_000) as f64;
    let jitter = jitter.clamp(0.0, 1.0);
    (capped / 2.0 + capped / 2.0 * jitter) as u32
}

#[cfg(test)]
mod backoff_tests {
    use super::reconnect_delay_ms;

    #[test]
    fn grows_exponentially_and_caps() {
        assert_eq!(reconnect_delay_ms(1, 0.0), 250);
        assert_eq!(reconnect_delay_ms(1, 0.999_999), 499);
        assert_eq!(reconnect_delay_ms(2, 0.0), 500);
        assert_eq!(reconnect_delay_ms(4, 0.0), 2000);
        assert_eq!(reconnect_delay_ms(10, 0.0), 15_000);
        assert_eq!(reconnect_delay_ms(60, 0.0), 15_000);
        assert!(reconnect_delay_ms(60, 0.999) < 30_000);
    }

    #[test]
    fn jitter_spreads_clients() {
        let a = reconnect_delay_ms(5, 0.1);
        let b = reconnect_delay_ms(5, 0.9);
        assert!(b > a + 2000, "{a} vs {b}");
    }
}
