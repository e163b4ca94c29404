//! A site's embedding rules, pure: which host-page origins may embed its
//! widget (exact `scheme://host[:port]`, or `scheme://*.example.com` for
//! its subdomains), whether an accent colour keeps the launcher readable
//! (WCAG AA: 4.5:1 against the white icon and text), where the launcher
//! sits, and what a site's name may be.

use parley_app::error::ErrorCode;

/// Most allowed origins a site may list.
pub const MAX_ORIGINS: usize = 50;
/// Longest site name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// The accent new sites get (contrast 6.0:1 against white).
pub const DEFAULT_ACCENT: &str = "#1f5fbf";
/// WCAG 2.x AA contrast for normal text.
pub const AA_CONTRAST: f64 = 4.5;

/// Why an allowed-origin entry is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginRefused {
    /// The entry as given.
    pub entry: String,
}

/// An allowed origin in its normal form (lowercase, no default port, no
/// path), or why not. `*.` may start the host (its subdomains, not the
/// domain itself); `http` only for loopback names and `.localhost` (pages
/// under development), `https` otherwise.
pub fn normal_origin(entry: &str) -> Result<String, OriginRefused> {
    normalise(entry, false)
}

/// [`normal_origin`]; with `any_http`, `http` is accepted for every host
/// (a page's origin as a browser sends it, or Parley's own).
fn normalise(entry: &str, any_http: bool) -> Result<String, OriginRefused> {
    let refused = || OriginRefused {
        entry: entry.to_owned(),
    };
    let trimmed = entry.trim().trim_end_matches('/');
    let (scheme, rest) = trimmed.split_once("://").ok_or_else(refused)?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(refused());
    }
    if rest.is_empty() || rest.contains(['/', '?', '#', '@', ' ', ';', ',', '\'', '"']) {
        return Err(refused());
    }
    let parse_port = |p: &str| match p.parse::<u16>() {
        Ok(0) | Err(_) => Err(refused()),
        Ok(p) => Ok(Some(p)),
    };
    let (host, port) = if let Some(end) = rest.find(']') {
        // An IPv6 literal: `[…]` and maybe `:port`.
        let (host, after) = rest.split_at(end + 1);
        match after.strip_prefix(':') {
            None if after.is_empty() => (host, None),
            Some(p) => (host, parse_port(p)?),
            None => return Err(refused()),
        }
    } else {
        match rest.rsplit_once(':') {
            Some((h, p)) => (h, parse_port(p)?),
            None => (rest, None),
        }
    };
    let host = host.to_ascii_lowercase();
    let (wildcard, name) = match host.strip_prefix("*.") {
        Some(n) => (true, n),
        None => (false, host.as_str()),
    };
    if !valid_host(name) || (wildcard && !name.contains('.')) {
        return Err(refused());
    }
    let local = name == "localhost"
        || name.ends_with(".localhost")
        || name == "127.0.0.1"
        || name == "[::1]";
    if scheme == "http" && !local && !any_http {
        return Err(refused());
    }
    let default_port = if scheme == "https" { 443 } else { 80 };
    let port = match port {
        Some(p) if p != default_port => format!(":{p}"),
        _ => String::new(),
    };
    Ok(format!("{scheme}://{host}{port}"))
}

/// A DNS name (letters, digits, hyphens; labels of 1–63), an IPv4 address,
/// or `[::1]`.
fn valid_host(host: &str) -> bool {
    if host == "[::1]" {
        return true;
    }
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    })
}

/// A site's allowed-origin list from a form (one per line, or separated by
/// spaces or commas): normalised, without repeats, at most
/// [`MAX_ORIGINS`]; the first refused entry otherwise.
pub fn parse_origins(text: &str) -> Result<Vec<String>, OriginRefused> {
    let mut out: Vec<String> = Vec::new();
    for entry in text.split(|c: char| c.is_whitespace() || c == ',') {
        if entry.is_empty() {
            continue;
        }
        let origin = normal_origin(entry)?;
        if !out.contains(&origin) {
            out.push(origin);
        }
    }
    if out.len() > MAX_ORIGINS {
        return Err(OriginRefused {
            entry: out[MAX_ORIGINS].clone(),
        });
    }
    Ok(out)
}

/// Whether the page origin `origin` (as a browser sends it) is one of
/// `allowed` (normal forms, see [`normal_origin`]). A wildcard entry covers
/// subdomains at any depth, with the same scheme and port.
pub fn origin_allowed(allowed: &[String], origin: &str) -> bool {
    let Ok(origin) = normalise(origin, true) else {
        return false;
    };
    if origin.contains('*') {
        return false;
    }
    allowed.iter().any(|a| match a.split_once("://*.") {
        None => *a == origin,
        Some((scheme, rest)) => {
            let Some((o_scheme, o_rest)) = origin.split_once("://") else {
                return false;
            };
            let suffix = format!(".{rest}");
            o_scheme == scheme && o_rest.ends_with(&suffix) && o_rest.len() > suffix.len()
        }
    })
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// White, the launcher's icon and the widget's header text.
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// `#rgb` or `#rrggbb` (case-insensitive).
    pub fn parse(hex: &str) -> Option<Rgb> {
        let h = hex.trim().strip_prefix('#')?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize, n: usize| u8::from_str_radix(&h[i..i + n], 16).ok();
        match h.len() {
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2.x).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

/// The contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// An accent colour in normal form (`#rrggbb`) if white text on it meets
/// WCAG AA; `config_invalid` for a malformed colour, `contrast_too_low`
/// for one that is too light.
pub fn accent(hex: &str) -> Result<String, ErrorCode> {
    let colour = Rgb::parse(hex).ok_or(ErrorCode::ConfigInvalid)?;
    if contrast(colour, Rgb::WHITE) < AA_CONTRAST {
        return Err(ErrorCode::ContrastTooLow);
    }
    Ok(colour.hex())
}

/// Where the launcher sits, in reading order: `end` is bottom right in a
/// left-to-right page and bottom left in a right-to-left one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LauncherPosition {
    /// Bottom right (bottom left on RTL pages).
    #[default]
    End,
    /// Bottom left (bottom right on RTL pages).
    Start,
}

impl LauncherPosition {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            LauncherPosition::End => "end",
            LauncherPosition::Start => "start",
        }
    }

    /// Parses a stored or form value.
    pub fn parse(s: &str) -> Option<LauncherPosition> {
        match s {
            "end" => Some(LauncherPosition::End),
            "start" => Some(LauncherPosition::Start),
            _ => None,
        }
    }
}

/// A site's display name, trimmed: 1 to [`MAX_NAME_CHARS`] characters, no
/// control characters.
pub fn site_name(name: &str) -> Result<String, ErrorCode> {
    let name = name.trim();
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(ErrorCode::SiteNameInvalid);
    }
    Ok(name.to_owned())
}

/// Whether `key` has the shape of a generated site key (what the script
/// tag and URLs carry): 3 to 40 lowercase letters, digits and hyphens.
pub fn is_site_key(key: &str) -> bool {
    (3..=40).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_normalised() {
        let ok = |e: &str, want: &str| assert_eq!(normal_origin(e).as_deref(), Ok(want), "{e}");
        ok("https://Shop.Example.com", "https://shop.example.com");
        ok("https://shop.example.com/", "https://shop.example.com");
        ok("HTTPS://shop.example.com:443", "https://shop.example.com");
        ok(
            "https://shop.example.com:8443",
            "https://shop.example.com:8443",
        );
        ok("http://localhost:3000", "http://localhost:3000");
        ok("http://127.0.0.1:80", "http://127.0.0.1");
        ok("http://shop.localhost:5000", "http://shop.localhost:5000");
        ok("http://[::1]:8080", "http://[::1]:8080");
        ok("http://[::1]", "http://[::1]");
        ok("https://*.example.com", "https://*.example.com");
        ok("  https://a-b.example.co.uk  ", "https://a-b.example.co.uk");
    }

    #[test]
    fn malformed_origins_are_refused() {
        for e in [
            "",
            "shop.example.com",
            "ftp://shop.example.com",
            "https://",
            "https://shop.example.com/path",
            "https://shop.example.com?x=1",
            "https://shop.example.com#x",
            "https://user@shop.example.com",
            "https://shop example.com",
            "https://shop.example.com:0",
            "https://shop.example.com:99999",
            "https://shop.example.com:x",
            "https://-shop.example.com",
            "https://shop..example.com",
            "https://*.com",
            "https://*",
            "https://a.*.example.com",
            "https://shop.example.com;script-src",
            "https://shop.example.com,https://x.example",
            "https://'none'",
            "http://shop.example.com",
            "javascript://alert(1)",
            "http://[::1]x",
            "https://[fe80::1]",
        ] {
            assert!(normal_origin(e).is_err(), "{e:?} accepted");
        }
    }

    #[test]
    fn origin_lists_parse_dedupe_and_name_the_bad_entry() {
        let list = parse_origins(
            "https://a.example\nhttps://A.example/\n\nhttps://*.b.example, http://localhost:1",
        )
        .unwrap();
        assert_eq!(
            list,
            [
                "https://a.example",
                "https://*.b.example",
                "http://localhost:1"
            ]
        );
        assert_eq!(parse_origins("").unwrap(), Vec::<String>::new());
        let bad = parse_origins("https://a.example\nhttp://b.example").unwrap_err();
        assert_eq!(bad.entry, "http://b.example");
        let many: String = (0..=MAX_ORIGINS)
            .map(|i| format!("https://s{i}.example\n"))
            .collect();
        assert!(parse_origins(&many).is_err());
    }

    #[test]
    fn exact_and_wildcard_origins_match_only_what_they_say() {
        let allowed = vec![
            "http://parley.internal:3000".to_owned(),
            "https://shop.example".to_owned(),
            "https://*.brand.example".to_owned(),
            "http://localhost:4000".to_owned(),
        ];
        let yes = |o: &str| assert!(origin_allowed(&allowed, o), "{o} refused");
        let no = |o: &str| assert!(!origin_allowed(&allowed, o), "{o} allowed");
        yes("https://shop.example");
        yes("https://SHOP.example:443");
        yes("https://eu.brand.example");
        yes("https://a.b.brand.example");
        yes("http://localhost:4000");
        yes("http://parley.internal:3000");
        no("https://brand.example");
        no("https://evilbrand.example");
        no("https://eu.brand.example.evil.example");
        no("http://eu.brand.example");
        no("https://eu.brand.example:8443");
        no("https://shop.example:8443");
        no("http://shop.example");
        no("https://other.example");
        no("http://localhost:4001");
        no("null");
        no("");
        no("https://*.brand.example");
        assert!(!origin_allowed(&[], "https://shop.example"));
    }

    #[test]
    fn colours_parse_in_both_lengths_and_nothing_else() {
        assert_eq!(Rgb::parse("#1F5FBF"), Some(Rgb(0x1f, 0x5f, 0xbf)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb::WHITE));
        assert_eq!(Rgb::parse("#000"), Some(Rgb(0, 0, 0)));
        for bad in [
            "", "#", "1f5fbf", "#1f5fb", "#1f5fbfa", "#ggg", "red", "#+1f5fb",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
        assert_eq!(Rgb(0x1f, 0x5f, 0xbf).hex(), "#1f5fbf");
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((contrast(Rgb::WHITE, Rgb(0, 0, 0)) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb::WHITE, Rgb::WHITE) - 1.0).abs() < 1e-9);
        // Symmetric.
        let (a, b) = (Rgb(0x1f, 0x5f, 0xbf), Rgb(0xf5, 0xb4, 0x00));
        assert!((contrast(a, b) - contrast(b, a)).abs() < 1e-12);
        // Known values: #767676 on white is the AA threshold's classic grey.
        let grey = contrast(Rgb(0x76, 0x76, 0x76), Rgb::WHITE);
        assert!((4.5..4.6).contains(&grey), "{grey}");
        let lighter = contrast(Rgb(0x77, 0x77, 0x77), Rgb::WHITE);
        assert!(lighter < 4.5, "{lighter}");
    }

    #[test]
    fn accents_must_keep_white_text_readable() {
        assert_eq!(accent("#1F5FBF").as_deref(), Ok("#1f5fbf"));
        assert_eq!(accent(DEFAULT_ACCENT).as_deref(), Ok(DEFAULT_ACCENT));
        assert_eq!(accent("#767676").as_deref(), Ok("#767676"));
        assert_eq!(accent("#000").as_deref(), Ok("#000000"));
        assert_eq!(accent("#777777"), Err(ErrorCode::ContrastTooLow));
        assert_eq!(accent("#f5b400"), Err(ErrorCode::ContrastTooLow));
        assert_eq!(accent("#ffffff"), Err(ErrorCode::ContrastTooLow));
        assert_eq!(accent("blue"), Err(ErrorCode::ConfigInvalid));
    }

    #[test]
    fn positions_round_trip() {
        for p in [LauncherPosition::End, LauncherPosition::Start] {
            assert_eq!(LauncherPosition::parse(p.as_str()), Some(p));
        }
        assert_eq!(LauncherPosition::parse("left"), None);
        assert_eq!(LauncherPosition::default(), LauncherPosition::End);
    }

    #[test]
    fn names_and_keys() {
        assert_eq!(site_name("  Acme Shop ").as_deref(), Ok("Acme Shop"));
        assert_eq!(site_name("店铺").as_deref(), Ok("店铺"));
        assert_eq!(site_name("   "), Err(ErrorCode::SiteNameInvalid));
        assert_eq!(site_name("a\u{7}b"), Err(ErrorCode::SiteNameInvalid));
        assert_eq!(
            site_name(&"x".repeat(MAX_NAME_CHARS + 1)),
            Err(ErrorCode::SiteNameInvalid)
        );
        assert!(site_name(&"x".repeat(MAX_NAME_CHARS)).is_ok());
        assert!(is_site_key("demo"));
        assert!(is_site_key("s-3f9a0c21b7"));
        assert!(!is_site_key("De"));
        assert!(!is_site_key("a b c"));
        assert!(!is_site_key(&"a".repeat(41)));
    }
}
