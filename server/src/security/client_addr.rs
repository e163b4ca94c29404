//! The customer's or staff member's address when Parley sits behind reverse
//! proxies (nginx, a load balancer, a CDN).
//!
//! Throttles and creation limits count per address, and the audit log
//! records it. Behind a proxy every socket comes from the proxy, so without
//! this all clients would share one budget. `X-Forwarded-For` is only
//! believed when the socket comes from an address the admin listed as a
//! proxy (`PARLEY_TRUSTED_PROXIES`); then the header is read from the right
//! (each proxy appends the address it saw) and the first address that is not
//! a trusted proxy is the client. Anything a client writes into the header
//! itself lies to the left of that and is never reached. Pure code.

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;

/// The addresses and networks whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and networks, e.g.
    /// `127.0.0.1, 10.0.0.0/8, fd00::/8`. Empty means none.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| {
                s.parse::<IpNet>()
                    .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("not an address or network: {s:?}"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: `peer` itself unless it is a trusted proxy;
    /// else the rightmost address of `forwarded_for` (the header's values in
    /// the order received) that is not a trusted proxy. An entry that is not
    /// an address ends the walk at the nearest address already believed; if
    /// every entry is a proxy, the leftmost one is used.
    pub fn client(&self, peer: IpAddr, forwarded_for: &[&str]) -> IpAddr {
        let mut client = canonical(peer);
        if !self.trusts(client) {
            return client;
        }
        for entry in forwarded_for.iter().flat_map(|v| v.split(',')).rev() {
            let Some(ip) = parse_entry(entry) else {
                return client;
            };
            client = ip;
            if !self.trusts(ip) {
                return ip;
            }
        }
        client
    }
}

/// The key per-address limits count under: an IPv4 address itself, an IPv6
/// address by its /64 network (one subscriber line or LAN gets a /64, and
/// rotating through its 2^64 addresses must not buy fresh budgets).
/// Anything unparsable is its own key.
pub fn limit_key(ip: &str) -> String {
    match ip.parse::<IpAddr>().map(canonical) {
        Ok(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.to_owned(),
    }
}

/// An IPv4 address carried in IPv6 (`::ffff:a.b.c.d`, what a dual-stack
/// socket reports) as the IPv4 address, so lists and limits see one form.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// One `X-Forwarded-For` entry: a bare address, or one with a port
/// (`203.0.113.7:4711`, `[2001:db8::1]:4711`), as some proxies write it.
fn parse_entry(entry: &str) -> Option<IpAddr> {
    let entry = entry.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            entry
                .strip_prefix('[')
                .and_then(|s| s.strip_suffix(']'))
                .and_then(|s| s.parse::<IpAddr>().ok())
        })
        .map(canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_ipv6_by_its_64_and_ipv4_by_address() {
        assert_eq!(
            limit_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"),
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            limit_key("2001:db8:1:2::1"),
            limit_key("2001:db8:1:2:ffff::9")
        );
        assert_ne!(limit_key("2001:db8:1:2::1"), limit_key("2001:db8:1:3::1"));
        assert_eq!(limit_key("203.0.113.9"), "203.0.113.9");
        assert_eq!(limit_key("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(limit_key("unknown"), "unknown");
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn proxies(s: &str) -> TrustedProxies {
        TrustedProxies::parse(s).unwrap()
    }

    #[test]
    fn lists_of_addresses_and_networks() {
        assert_eq!(proxies(""), TrustedProxies::default());
        assert_eq!(proxies(" , "), TrustedProxies::default());
        let p = proxies("127.0.0.1, 10.0.0.0/8,fd00::/8 , ::1");
        assert!(p.trusts(ip("127.0.0.1")));
        assert!(!p.trusts(ip("127.0.0.2")));
        assert!(p.trusts(ip("10.200.3.4")));
        assert!(!p.trusts(ip("11.0.0.1")));
        assert!(p.trusts(ip("fd12::7")));
        assert!(p.trusts(ip("::1")));
        for bad in ["localhost", "10.0.0.0/33", "1.2.3", "10.0.0.0/8;"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("203.0.113.7"), &["1.1.1.1"]),
            ip("203.0.113.7")
        );
        assert_eq!(none.client(ip("127.0.0.1"), &["1.1.1.1"]), ip("127.0.0.1"));
        // A direct client is never believed, even when proxies are configured.
        let p = proxies("10.0.0.0/8");
        assert_eq!(p.client(ip("203.0.113.7"), &["1.1.1.1"]), ip("203.0.113.7"));
    }

    #[test]
    fn the_rightmost_untrusted_address_is_the_client() {
        let p = proxies("127.0.0.1, 10.0.0.0/8");
        // nginx on the same machine.
        assert_eq!(
            p.client(ip("127.0.0.1"), &["198.51.100.4"]),
            ip("198.51.100.4")
        );
        // A client that forges the header: its fake lies left of the address
        // our proxy appended.
        assert_eq!(
            p.client(ip("127.0.0.1"), &["6.6.6.6, 198.51.100.4"]),
            ip("198.51.100.4")
        );
        // Two proxies (a balancer at 10.1.2.3, then nginx).
        assert_eq!(
            p.client(ip("127.0.0.1"), &["6.6.6.6, 198.51.100.4, 10.1.2.3"]),
            ip("198.51.100.4")
        );
        // Several header lines count as one list, in order.
        assert_eq!(
            p.client(ip("127.0.0.1"), &["6.6.6.6", "198.51.100.4", "10.1.2.3"]),
            ip("198.51.100.4")
        );
        // Only proxies: the leftmost.
        assert_eq!(
            p.client(ip("127.0.0.1"), &["10.0.0.9, 10.1.2.3"]),
            ip("10.0.0.9")
        );
        // No header from a proxy: the proxy itself.
        assert_eq!(p.client(ip("127.0.0.1"), &[]), ip("127.0.0.1"));
    }

    #[test]
    fn odd_entries() {
        let p = proxies("127.0.0.1, ::1");
        // Ports and brackets as some proxies write them; spaces.
        assert_eq!(
            p.client(ip("127.0.0.1"), &[" 198.51.100.4:4711 "]),
            ip("198.51.100.4")
        );
        assert_eq!(
            p.client(ip("127.0.0.1"), &["[2001:db8::1]:4711"]),
            ip("2001:db8::1")
        );
        assert_eq!(p.client(ip("::1"), &["[2001:db8::2]"]), ip("2001:db8::2"));
        assert_eq!(p.client(ip("::1"), &["2001:db8::3"]), ip("2001:db8::3"));
        // Garbage ends the walk at the nearest address already believed.
        assert_eq!(
            p.client(ip("127.0.0.1"), &["198.51.100.4, unknown"]),
            ip("127.0.0.1")
        );
        assert_eq!(
            p.client(ip("127.0.0.1"), &["unknown, 198.51.100.4"]),
            ip("198.51.100.4")
        );
        assert_eq!(p.client(ip("127.0.0.1"), &[""]), ip("127.0.0.1"));
        // A dual-stack socket's IPv4-mapped peer is the IPv4 address.
        assert_eq!(
            p.client(ip("::ffff:127.0.0.1"), &["198.51.100.4"]),
            ip("198.51.100.4")
        );
        assert_eq!(
            TrustedProxies::default().client(ip("::ffff:203.0.113.7"), &[]),
            ip("203.0.113.7")
        );
        assert_eq!(
            p.client(ip("127.0.0.1"), &["::ffff:198.51.100.4"]),
            ip("198.51.100.4")
        );
    }
}
