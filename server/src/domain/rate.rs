//! Message rate limit per visitor: a token bucket, pure (`now` in ms passed in).

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
}
