//! Rate limits: a token bucket, pure (`now` in ms passed in), and the
//! budget of every frame an anonymous visitor can send ([`VisitorFrameKind`]),
//! kept per visitor so reconnecting with the same token starts no afresh.

/// Messages per second a visitor may sustain.
pub const VISITOR_MESSAGES_PER_SEC: f64 = 2.0;
/// Burst a visitor may send at once.
pub const VISITOR_BURST: f64 = 8.0;

/// A token bucket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TokenBucket {
    tokens: f64,
    last_ms: i64,
    rate_per_ms: f64,
    burst: f64,
}

impl TokenBucket {
    /// A full bucket.
    pub fn new(rate_per_sec: f64, burst: f64, now_ms: i64) -> Self {
        TokenBucket {
            tokens: burst,
            last_ms: now_ms,
            rate_per_ms: rate_per_sec / 1000.0,
            burst,
        }
    }

    /// The visitor message limit.
    pub fn for_visitor(now_ms: i64) -> Self {
        Self::new(VISITOR_MESSAGES_PER_SEC, VISITOR_BURST, now_ms)
    }

    /// New conversations one visitor token may open: 5, then one per 12
    /// minutes.
    pub fn for_new_conversations(now_ms: i64) -> Self {
        Self::new(5.0 / 3600.0, 5.0, now_ms)
    }

    /// New visitor tokens one address may be given: 300, then one every 12
    /// seconds (so fresh tokens cannot dodge the per-token limits).
    pub fn for_new_visitors(now_ms: i64) -> Self {
        Self::new(300.0 / 3600.0, 300.0, now_ms)
    }

    /// Requests one API key may make: a burst of 100, then 20 a second.
    pub fn for_api_key(now_ms: i64) -> Self {
        Self::new(API_KEY_REQUESTS_PER_SEC, API_KEY_BURST, now_ms)
    }

    /// Uploads one address may start: 30, then one every 5 seconds
    /// (IPv6 counted by /64).
    pub fn for_uploads_per_address(now_ms: i64) -> Self {
        Self::new(0.2, 30.0, now_ms)
    }

    /// Help-centre searches one address may make: 60, then 5 a second
    /// (searching as one types sends one per pause).
    pub fn for_kb_searches(now_ms: i64) -> Self {
        Self::new(5.0, 60.0, now_ms)
    }

    /// Article views recorded and "did this help?" answers one address may
    /// send: 30, then one a second (views beyond it are served, not counted).
    pub fn for_kb_feedback(now_ms: i64) -> Self {
        Self::new(1.0, 30.0, now_ms)
    }

    /// Takes one token if available.
    pub fn try_take(&mut self, now_ms: i64) -> bool {
        let elapsed = (now_ms - self.last_ms).max(0) as f64;
        self.tokens = (self.tokens + elapsed * self.rate_per_ms).min(self.burst);
        self.last_ms = self.last_ms.max(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// Last time the bucket was used (for pruning idle buckets).
    pub fn last_used(&self) -> i64 {
        self.last_ms
    }
}

/// What a visitor's frame costs the server, each kind with its own budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VisitorFrameKind {
    /// `hello` with an existing token (a reconnect): reads and one write.
    Hello,
    /// `send`: a durable message.
    Send,
    /// `typing`: a broadcast to every desk (only changes are forwarded).
    Typing,
    /// `received`: a write (only a higher `seq` is written).
    Received,
    /// `locale`: a write and a broadcast.
    Locale,
    /// `contact`: sealing and a write.
    Contact,
    /// `confirm`, `rate` and `talk_to_person`: a workflow step.
    Step,
    /// `track`: a call to the site's back-end (up to 5 s).
    Track,
}

impl VisitorFrameKind {
    /// Every kind.
    pub const ALL: [VisitorFrameKind; 8] = [
        VisitorFrameKind::Hello,
        VisitorFrameKind::Send,
        VisitorFrameKind::Typing,
        VisitorFrameKind::Received,
        VisitorFrameKind::Locale,
        VisitorFrameKind::Contact,
        VisitorFrameKind::Step,
        VisitorFrameKind::Track,
    ];

    /// Its key in the per-visitor table.
    pub fn as_str(self) -> &'static str {
        match self {
            VisitorFrameKind::Hello => "hello",
            VisitorFrameKind::Send => "send",
            VisitorFrameKind::Typing => "typing",
            VisitorFrameKind::Received => "received",
            VisitorFrameKind::Locale => "locale",
            VisitorFrameKind::Contact => "contact",
            VisitorFrameKind::Step => "step",
            VisitorFrameKind::Track => "track",
        }
    }

    /// (sustained per second, burst): far above what the widget sends
    /// (typing changes at most every 2.5 s, a receipt per message, a
    /// locale per click), far below what costs the server.
    pub fn budget(self) -> (f64, f64) {
        match self {
            VisitorFrameKind::Hello => (0.5, 10.0),
            VisitorFrameKind::Send => (VISITOR_MESSAGES_PER_SEC, VISITOR_BURST),
            VisitorFrameKind::Typing => (2.0, 6.0),
            VisitorFrameKind::Received => (5.0, 20.0),
            VisitorFrameKind::Locale => (0.5, 5.0),
            VisitorFrameKind::Contact => (0.1, 3.0),
            VisitorFrameKind::Step => (1.0, 10.0),
            VisitorFrameKind::Track => (0.1, 5.0),
        }
    }
}

impl TokenBucket {
    /// The budget of one kind of visitor frame.
    pub fn for_frame(kind: VisitorFrameKind, now_ms: i64) -> Self {
        let (rate, burst) = kind.budget();
        Self::new(rate, burst, now_ms)
    }
}

/// Sustained requests per second of one API key.
pub const API_KEY_REQUESTS_PER_SEC: f64 = 20.0;
/// Requests one API key may make at once.
pub const API_KEY_BURST: f64 = 100.0;

/// Refused frames one socket may send before it is closed (`rate_limited`).
pub const MAX_REFUSED_FRAMES: u32 = 100;

impl TokenBucket {
    /// Frames of any kind one visitor socket may send, checked before a
    /// frame is even parsed: 20/s, burst 60 (the widget sends a few a
    /// second at most). Repeats that are coalesced away count too, so no
    /// frame is free to send.
    pub fn for_visitor_socket(now_ms: i64) -> Self {
        Self::new(20.0, 60.0, now_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refuse_then_refill() {
        let mut b = TokenBucket::new(2.0, 3.0, 0);
        assert!(b.try_take(0));
        assert!(b.try_take(0));
        assert!(b.try_take(0));
        assert!(!b.try_take(0));
        assert!(!b.try_take(499));
        assert!(b.try_take(500));
        assert!(!b.try_take(500));
    }

    #[test]
    fn conversation_and_visitor_limits() {
        let mut c = TokenBucket::for_new_conversations(0);
        for _ in 0..5 {
            assert!(c.try_take(0));
        }
        assert!(!c.try_take(0));
        assert!(!c.try_take(11 * 60_000));
        assert!(c.try_take(12 * 60_000 + 1));
        let mut v = TokenBucket::for_new_visitors(0);
        for _ in 0..300 {
            assert!(v.try_take(0));
        }
        assert!(!v.try_take(0));
        assert!(v.try_take(12_001));
    }

    #[test]
    fn an_api_key_gets_a_burst_of_100_then_20_a_second() {
        let mut k = TokenBucket::for_api_key(0);
        assert_eq!((0..150).filter(|_| k.try_take(0)).count(), 100);
        assert!(!k.try_take(49));
        assert!(k.try_take(50));
        assert_eq!((0..30).filter(|_| k.try_take(1_050)).count(), 20);
    }

    #[test]
    fn never_exceeds_burst_after_idle() {
        let mut b = TokenBucket::new(2.0, 3.0, 0);
        let allowed = (0..10).filter(|_| b.try_take(3_600_000)).count();
        assert_eq!(allowed, 3);
    }

    #[test]
    fn clock_going_backwards_does_not_mint_tokens() {
        let mut b = TokenBucket::new(1.0, 1.0, 10_000);
        assert!(b.try_take(10_000));
        assert!(!b.try_take(5_000));
        assert!(!b.try_take(10_500));
        assert!(b.try_take(11_000));
    }

    #[test]
    fn sustained_rate_matches() {
        let mut b = TokenBucket::new(2.0, 1.0, 0);
        let allowed = (0..=100).filter(|i| b.try_take(i * 100)).count();
        // 10 s at 2/s plus the initial token.
        assert_eq!(allowed, 21);
    }

    #[test]
    fn every_visitor_frame_kind_is_bounded() {
        for kind in VisitorFrameKind::ALL {
            let mut b = TokenBucket::for_frame(kind, 0);
            // In one minute of flooding (1,000 frames a second), at most the
            // burst plus a minute of the sustained rate get through.
            let through = (0..60_000).filter(|ms| b.try_take(*ms)).count() as f64;
            let (rate, burst) = kind.budget();
            assert!(through <= burst + rate * 60.0 + 1.0, "{kind:?}: {through}");
            assert!(through >= burst, "{kind:?}");
            assert!(rate <= 5.0 && burst <= 20.0, "{kind:?}");
        }
        let keys: std::collections::HashSet<_> =
            VisitorFrameKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(keys.len(), VisitorFrameKind::ALL.len());
    }
}
