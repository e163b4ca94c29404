//! Who may call the site owner's HTTP API (`/api/v1`, issue 19): a key of
//! one site, scoped `read` (looking) or `write` (also changing), reaches
//! that site's data only. Pure: the key and what is asked are passed in.

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Read conversations, messages, customers.
    Read,
    /// Also post messages, move conversations, send proactive messages.
    Write,
}

impl Scope {
    /// Stored and shown name.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    /// The scope a stored name stands for.
    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            _ => None,
        }
    }
}

/// The scope a request needs: reads (`GET`, `HEAD`) need `read`, anything
/// else `write`.
pub fn needed(method: &str) -> Scope {
    if method.eq_ignore_ascii_case("GET") || method.eq_ignore_ascii_case("HEAD") {
        Scope::Read
    } else {
        Scope::Write
    }
}

/// Whether a key of `key_site` with `granted` may make a request needing
/// `need` about data of `site` (a write key also reads).
pub fn may_call(key_site: &str, granted: Scope, need: Scope, site: &str) -> bool {
    key_site == site && granted >= need
}

/// Whether a key's name is usable: 1 to 80 characters, no control ones.
pub fn name_ok(name: &str) -> bool {
    let n = name.trim().chars().count();
    (1..=80).contains(&n) && !name.chars().any(char::is_control)
}

/// Whether a key of `key_site` may write as the staff member who serves
/// `agent_sites` (empty: every site): only as someone who works for the
/// key's site, never as another site's staff.
pub fn may_write_as(key_site: &str, agent_sites: &[String]) -> bool {
    super::access::serves(agent_sites, key_site)
}

/// Whether a bot's display name is usable: 1 to 60 characters, no control
/// ones (it is shown to customers as the author).
pub fn bot_name_ok(name: &str) -> bool {
    let n = name.trim().chars().count();
    (1..=60).contains(&n) && !name.chars().any(char::is_control)
}

/// Whether a host site's user id can name a customer: 1 to 200
/// characters (the identity HMAC's limit), no control ones.
pub fn user_id_ok(user_id: &str) -> bool {
    let n = user_id.chars().count();
    (1..=200).contains(&n) && !user_id.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reaches_its_own_site_within_its_scope() {
        assert_eq!(needed("GET"), Scope::Read);
        assert_eq!(needed("head"), Scope::Read);
        for m in ["POST", "PUT", "PATCH", "DELETE"] {
            assert_eq!(needed(m), Scope::Write, "{m}");
        }
        assert!(may_call("shop", Scope::Read, Scope::Read, "shop"));
        assert!(!may_call("shop", Scope::Read, Scope::Write, "shop"));
        assert!(may_call("shop", Scope::Write, Scope::Read, "shop"));
        assert!(may_call("shop", Scope::Write, Scope::Write, "shop"));
        assert!(!may_call("shop", Scope::Write, Scope::Read, "other"));
        for s in [Scope::Read, Scope::Write] {
            assert_eq!(Scope::parse(s.as_str()), Some(s));
        }
        assert_eq!(Scope::parse("admin"), None);
    }

    #[test]
    fn names_are_short_and_printable() {
        assert!(name_ok("Shop back-end"));
        assert!(!name_ok("  "));
        assert!(!name_ok(&"x".repeat(81)));
        assert!(!name_ok("bad\nname"));
    }

    #[test]
    fn a_key_writes_only_as_its_own_sites_staff_and_names_are_checked() {
        assert!(may_write_as("shop", &["shop".into()]));
        assert!(may_write_as("shop", &["other".into(), "shop".into()]));
        assert!(may_write_as("shop", &[]), "an all-sites account serves it");
        assert!(!may_write_as("shop", &["other".into()]));
        assert!(bot_name_ok("Parcel bot"));
        assert!(bot_name_ok("配送ボット"));
        assert!(!bot_name_ok(" "));
        assert!(!bot_name_ok(&"b".repeat(61)));
        assert!(bot_name_ok(&"b".repeat(60)));
        assert!(!bot_name_ok("a\u{7}b"));
        assert!(user_id_ok("u-42"));
        assert!(user_id_ok(&"u".repeat(200)));
        assert!(!user_id_ok(&"u".repeat(201)));
        assert!(!user_id_ok(""));
        assert!(!user_id_ok("a\tb"));
    }
}
