//! Webhooks, as rules (issue 19): the events a site can subscribe to and
//! which transitions raise them, how a delivery is signed, when a failed
//! one is tried again (exponential backoff for 24 hours, then the endpoint
//! is flagged), and which endpoints may be called at all (public
//! addresses only, unless the operator allows private ones).

use std::net::IpAddr;

use hmac::{Hmac, Mac};
use parley_app::protocol::ConversationStatus;
use sha2::Sha256;

/// Something a site's back-end can hear of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Event {
    /// A customer started a conversation (or the site opened one).
    ConversationCreated,
    /// A message was stored (customer, staff, bot or Parley's own).
    MessageCreated,
    /// Someone took the conversation on.
    ConversationAssigned,
    /// Staff resolved it.
    ConversationResolved,
    /// The customer confirmed the resolution.
    ConversationConfirmed,
    /// The customer rated a resolution.
    RatingCreated,
    /// A complaint was registered.
    ComplaintCreated,
    /// A complaint moved a step (investigated, resolved, answered, closed).
    ComplaintUpdated,
}

impl Event {
    /// Every event, in the order the admin's form lists them.
    pub const ALL: [Event; 8] = [
        Event::ConversationCreated,
        Event::MessageCreated,
        Event::ConversationAssigned,
        Event::ConversationResolved,
        Event::ConversationConfirmed,
        Event::RatingCreated,
        Event::ComplaintCreated,
        Event::ComplaintUpdated,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::ConversationCreated => "conversation.created",
            Event::MessageCreated => "message.created",
            Event::ConversationAssigned => "conversation.assigned",
            Event::ConversationResolved => "conversation.resolved",
            Event::ConversationConfirmed => "conversation.confirmed",
            Event::RatingCreated => "rating.created",
            Event::ComplaintCreated => "complaint.created",
            Event::ComplaintUpdated => "complaint.updated",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// The events a change of state raises: taken on (assigned, or an
/// unowned conversation answered and so taken), resolved, confirmed.
pub fn of_transition(
    from: ConversationStatus,
    to: ConversationStatus,
    owner_after: Option<i64>,
) -> Vec<Event> {
    use ConversationStatus as S;
    let mut out = Vec::new();
    let taken = to == S::Assigned
        || (matches!(from, S::Received | S::Reopened)
            && to == S::InProgress
            && owner_after.is_some());
    if taken {
        out.push(Event::ConversationAssigned);
    }
    match to {
        S::Resolved if from != S::Resolved => out.push(Event::ConversationResolved),
        S::Confirmed if from != S::Confirmed => out.push(Event::ConversationConfirmed),
        _ => {}
    }
    out
}

/// The `Parley-Signature` header of a delivery of `body` at `t` (Unix
/// seconds): `t=<t>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the
/// endpoint's secret>`.
pub fn signature(secret: &[u8], t: i64, body: &[u8]) -> String {
    format!("t={t},v1={}", hex::encode(mac(secret, t, body)))
}

fn mac(secret: &[u8], t: i64, body: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length.
    let mut m = match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any size"),
    };
    m.update(t.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    m.finalize().into_bytes().to_vec()
}

/// How far a receiver should let a signature's time be from its own clock.
pub const TOLERANCE_SECS: i64 = 300;

/// What a receiver does with a delivery (documented, and used by the
/// example shop's tests): the header parses, the time is within
/// [`TOLERANCE_SECS`] of `now_secs`, and one `v1` matches (in constant time).
pub fn verify(secret: &[u8], header: &str, body: &[u8], now_secs: i64) -> bool {
    let mut t = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse::<i64>().ok(),
            Some(("v1", v)) => sigs.extend(hex::decode(v).ok()),
            _ => {}
        }
    }
    let Some(t) = t else { return false };
    if (now_secs - t).abs() > TOLERANCE_SECS {
        return false;
    }
    let mut m = match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return false,
    };
    m.update(t.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    let expected = m.finalize().into_bytes();
    sigs.iter().any(|s| {
        use subtle::ConstantTimeEq;
        s.len() == expected.len() && bool::from(s.as_slice().ct_eq(expected.as_slice()))
    })
}

/// How long Parley keeps trying one delivery.
pub const RETRY_FOR_MS: i64 = 24 * 60 * 60 * 1000;

/// When to try a delivery made at `created_at` again after its
/// `attempts`-th failed attempt at `now`: 10 s, doubling each time up to an
/// hour apart, until [`RETRY_FOR_MS`] after it was made; `None` once that is
/// over (it is given up and the endpoint flagged).
pub fn next_attempt(created_at: i64, attempts: u32, now: i64) -> Option<i64> {
    super::retry::next_attempt(created_at, attempts, now, RETRY_FOR_MS)
}

/// Most endpoints one site may register.
pub const MAX_ENDPOINTS: usize = 10;

/// Why an endpoint URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlRefusal {
    /// Not an absolute `http(s)` URL with a host, or with credentials in it.
    Malformed,
    /// A loopback, private, link-local or otherwise internal address.
    Private,
}

/// Checks an endpoint URL's form: `http` or `https`, a host, no user or
/// password, at most 2,000 characters; a literal internal address is
/// refused unless `allow_private`. (Names are checked again when they are
/// resolved, at each delivery.)
pub fn check_url(raw: &str, allow_private: bool) -> Result<url::Url, UrlRefusal> {
    if raw.len() > 2000 {
        return Err(UrlRefusal::Malformed);
    }
    let url = url::Url::parse(raw.trim()).map_err(|_| UrlRefusal::Malformed)?;
    if !matches!(url.scheme(), "http" | "https")
        || !url.username().is_empty()
        || url.password().is_some()
    {
        return Err(UrlRefusal::Malformed);
    }
    let literal = match url.host() {
        None => return Err(UrlRefusal::Malformed),
        Some(url::Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
        Some(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if !allow_private
                && (d == "localhost"
                    || d.ends_with(".localhost")
                    || d.ends_with(".internal")
                    || d.ends_with(".local"))
            {
                return Err(UrlRefusal::Private);
            }
            None
        }
    };
    if let Some(ip) = literal
        && !allow_private
        && !is_public(ip)
    {
        return Err(UrlRefusal::Private);
    }
    Ok(url)
}

/// Whether an address is on the public internet: not loopback, private
/// (RFC 1918, unique-local), shared (CGNAT), link-local, unspecified,
/// multicast, broadcast, documentation or benchmarking ranges, nor an
/// IPv4 address of those mapped or embedded into IPv6.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0 && c == 0)
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let seg = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00
                || (seg[0] & 0xffc0) == 0xfe80
                || (seg[0] == 0x2001 && seg[1] == 0x0db8)
                || (seg[0] == 0x0064 && seg[1] == 0xff9b)
                || (seg[0] == 0
                    && seg[1] == 0
                    && seg[2] == 0
                    && seg[3] == 0
                    && seg[4] == 0
                    && seg[5] == 0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConversationStatus as S;

    #[test]
    fn events_have_stable_names() {
        for e in Event::ALL {
            assert_eq!(Event::parse(e.as_str()), Some(e));
        }
        assert_eq!(Event::parse("conversation.deleted"), None);
        assert_eq!(Event::MessageCreated.as_str(), "message.created");
    }

    #[test]
    fn transitions_raise_assigned_resolved_and_confirmed() {
        assert_eq!(
            of_transition(S::Received, S::Assigned, Some(3)),
            vec![Event::ConversationAssigned]
        );
        assert_eq!(
            of_transition(S::Received, S::InProgress, Some(3)),
            vec![Event::ConversationAssigned]
        );
        assert_eq!(
            of_transition(S::Reopened, S::InProgress, Some(3)),
            vec![Event::ConversationAssigned]
        );
        assert!(
            of_transition(S::Assigned, S::InProgress, Some(3)).is_empty(),
            "already taken"
        );
        assert!(of_transition(S::WaitingOnCustomer, S::InProgress, Some(3)).is_empty());
        assert_eq!(
            of_transition(S::InProgress, S::Resolved, Some(3)),
            vec![Event::ConversationResolved]
        );
        assert_eq!(
            of_transition(S::Resolved, S::Confirmed, Some(3)),
            vec![Event::ConversationConfirmed]
        );
        assert!(of_transition(S::Resolved, S::Reopened, Some(3)).is_empty());
        assert!(of_transition(S::Assigned, S::Received, None).is_empty());
        assert!(of_transition(S::Resolved, S::Resolved, Some(3)).is_empty());
    }

    #[test]
    fn a_signature_verifies_only_with_its_secret_body_and_time() {
        let body = br#"{"event":"message.created"}"#;
        let header = signature(b"whsec_1", 1_700_000_000, body);
        assert!(header.starts_with("t=1700000000,v1="));
        assert!(verify(b"whsec_1", &header, body, 1_700_000_000));
        assert!(verify(
            b"whsec_1",
            &header,
            body,
            1_700_000_000 + TOLERANCE_SECS
        ));
        assert!(
            !verify(
                b"whsec_1",
                &header,
                body,
                1_700_000_000 + TOLERANCE_SECS + 1
            ),
            "too old"
        );
        assert!(
            !verify(
                b"whsec_1",
                &header,
                body,
                1_700_000_000 - TOLERANCE_SECS - 1
            ),
            "from the future"
        );
        assert!(
            !verify(b"whsec_2", &header, body, 1_700_000_000),
            "another secret"
        );
        assert!(
            !verify(b"whsec_1", &header, b"{}", 1_700_000_000),
            "another body"
        );
        assert!(!verify(b"whsec_1", "v1=00", body, 1_700_000_000), "no time");
        assert!(!verify(
            b"whsec_1",
            "t=1700000000,v1=zz",
            body,
            1_700_000_000
        ));
        // A second signature (a rotated secret) may stand beside it.
        let two = format!("{header},v1={}", "ab".repeat(32));
        assert!(verify(b"whsec_1", &two, body, 1_700_000_000));
        // The RFC-style check: "<t>.<body>" under the secret.
        let expected = hex::encode(mac(b"whsec_1", 1_700_000_000, body));
        assert!(header.ends_with(&expected));
    }

    #[test]
    fn retries_back_off_exponentially_for_a_day_then_stop() {
        let t0 = 1_000_000;
        assert_eq!(next_attempt(t0, 1, t0), Some(t0 + 10_000));
        assert_eq!(next_attempt(t0, 2, t0), Some(t0 + 20_000));
        assert_eq!(next_attempt(t0, 3, t0), Some(t0 + 40_000));
        assert_eq!(
            next_attempt(t0, 10, t0),
            Some(t0 + 3_600_000),
            "at most an hour apart"
        );
        assert_eq!(
            next_attempt(t0, 60, t0),
            Some(t0 + 3_600_000),
            "no overflow"
        );
        let late = t0 + RETRY_FOR_MS - 5_000;
        assert_eq!(
            next_attempt(t0, 1, late),
            Some(late + 10_000).filter(|a| *a <= t0 + RETRY_FOR_MS)
        );
        assert_eq!(next_attempt(t0, 1, late), None, "past the day: given up");
        assert_eq!(
            next_attempt(t0, 1, t0 + RETRY_FOR_MS - 10_000),
            Some(t0 + RETRY_FOR_MS)
        );
        // Attempts within the day: 10 s, 20 s, … then hourly.
        let mut now = t0;
        let mut n = 0;
        while let Some(at) = next_attempt(t0, n + 1, now) {
            now = at;
            n += 1;
        }
        assert!((30..40).contains(&n), "{n} attempts in a day");
    }

    #[test]
    fn only_public_http_endpoints_are_called() {
        assert!(check_url("https://shop.example/parley/hooks", false).is_ok());
        assert!(check_url("http://203.0.114.7:8080/h", false).is_ok());
        for bad in [
            "ftp://x.example/",
            "https://",
            "not a url",
            "https://user:pw@x.example/",
            "mailto:a@b.c",
        ] {
            assert_eq!(
                check_url(bad, false).unwrap_err(),
                UrlRefusal::Malformed,
                "{bad}"
            );
        }
        assert_eq!(
            check_url(&format!("https://x.example/{}", "a".repeat(2000)), false).unwrap_err(),
            UrlRefusal::Malformed
        );
        for private in [
            "http://127.0.0.1/",
            "http://localhost:3000/",
            "http://api.localhost/",
            "http://10.0.0.8/",
            "http://172.16.3.4/",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://0.0.0.0/",
            "http://100.64.0.1/",
            "http://printer.local/",
            "http://db.internal/",
        ] {
            assert_eq!(
                check_url(private, false).unwrap_err(),
                UrlRefusal::Private,
                "{private}"
            );
            assert!(
                check_url(private, true).is_ok(),
                "allowed by the operator: {private}"
            );
        }
        assert!(is_public("8.8.8.8".parse().unwrap()));
        assert!(is_public("2606:4700::1111".parse().unwrap()));
        assert!(!is_public("224.0.0.1".parse().unwrap()));
        assert!(!is_public("255.255.255.255".parse().unwrap()));
        assert!(!is_public("198.18.0.1".parse().unwrap()));
        assert!(!is_public("2001:db8::1".parse().unwrap()));
        assert!(!is_public("64:ff9b::7f00:1".parse().unwrap()));
    }
}
