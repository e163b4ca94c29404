//! Knowledge-base rules: who may edit a site's articles, what an article's
//! address and text may be, and the bounds on what customers send to search.

use parley_app::error::ErrorCode;
use parley_app::protocol::{AgentProfile, StaffRole};

use super::access::serves;

/// The longest slug (an article's or a collection's key in addresses).
pub const MAX_SLUG: usize = 80;
/// The longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest body, in characters.
pub const MAX_BODY: usize = 20_000;
/// The longest search text a customer's query is cut to, in characters.
pub const MAX_QUERY: usize = 200;
/// Results a search answers with at most.
pub const MAX_RESULTS: usize = 8;
/// Files an article may carry.
pub const MAX_FILES: usize = 10;

/// Whether `actor` may write the knowledge base of `site`: its admins and
/// supervisors (agents read it, through the desk's suggestions).
pub fn may_edit_kb(actor: &AgentProfile, site: &str) -> bool {
    matches!(actor.role, StaffRole::Admin | StaffRole::Supervisor) && serves(&actor.sites, site)
}

/// A refusal naming the field at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid {
    /// What is wrong.
    pub code: ErrorCode,
    /// The field.
    pub field: &'static str,
}

/// `slug` if it is one: 1–80 of `a-z`, `0-9` and inner `-`.
pub fn slug(slug: &str) -> Result<&str, Invalid> {
    let ok = !slug.is_empty()
        && slug.len() <= MAX_SLUG
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if ok {
        Ok(slug)
    } else {
        Err(Invalid {
            code: ErrorCode::SlugInvalid,
            field: "slug",
        })
    }
}

/// A version's title and body, trimmed, if within bounds (a title is
/// needed; a body may be empty only in a draft).
pub fn version<'a>(
    title: &'a str,
    body: &'a str,
    published: bool,
) -> Result<(&'a str, &'a str), Invalid> {
    let (title, body) = (title.trim(), body.trim());
    if title.is_empty() || title.chars().count() > MAX_TITLE || title.contains(['\n', '\r']) {
        return Err(Invalid {
            code: if title.is_empty() {
                ErrorCode::MessageEmpty
            } else {
                ErrorCode::MessageTooLong
            },
            field: "title",
        });
    }
    if body.chars().count() > MAX_BODY {
        return Err(Invalid {
            code: ErrorCode::MessageTooLong,
            field: "body",
        });
    }
    if published && body.is_empty() {
        return Err(Invalid {
            code: ErrorCode::MessageEmpty,
            field: "body",
        });
    }
    Ok((title, body))
}

/// A customer's search text cut to [`MAX_QUERY`] characters and trimmed.
pub fn query(text: &str) -> &str {
    let end = text
        .char_indices()
        .nth(MAX_QUERY)
        .map_or(text.len(), |(i, _)| i);
    text[..end].trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff(role: StaffRole, sites: &[&str]) -> AgentProfile {
        AgentProfile {
            id: 1,
            email: "a@x".into(),
            name: "A".into(),
            role,
            sites: sites.iter().map(|s| (*s).to_owned()).collect(),
            languages: vec![],
            skills: vec![],
            teams: vec![],
            capacity: 0,
            availability: Default::default(),
            connected: false,
        }
    }

    #[test]
    fn admins_and_supervisors_of_the_site_edit_agents_do_not() {
        for (role, sites, site, may) in [
            (StaffRole::Admin, vec![], "shop", true),
            (StaffRole::Admin, vec!["shop"], "shop", true),
            (StaffRole::Admin, vec!["other"], "shop", false),
            (StaffRole::Supervisor, vec!["shop"], "shop", true),
            (StaffRole::Supervisor, vec!["other"], "shop", false),
            (StaffRole::Senior, vec!["shop"], "shop", false),
            (StaffRole::Mid, vec![], "shop", false),
            (StaffRole::Junior, vec!["shop"], "shop", false),
        ] {
            assert_eq!(
                may_edit_kb(&staff(role, &sites), site),
                may,
                "{role:?} {sites:?}"
            );
        }
    }

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        for good in ["fees", "shipping-fees", "a1", &"a".repeat(MAX_SLUG)] {
            assert_eq!(slug(good), Ok(good));
        }
        for bad in [
            "",
            "-fees",
            "fees-",
            "Fees",
            "fees/x",
            "运费",
            "a b",
            &"a".repeat(MAX_SLUG + 1),
        ] {
            assert_eq!(slug(bad).map_err(|e| e.field), Err("slug"), "{bad:?}");
        }
    }

    #[test]
    fn versions_need_a_one_line_title_and_a_body_when_published() {
        assert_eq!(version(" Fees ", " text ", true), Ok(("Fees", "text")));
        assert_eq!(
            version("Fees", "", false),
            Ok(("Fees", "")),
            "a draft may be empty"
        );
        assert_eq!(version("Fees", " ", true).map_err(|e| e.field), Err("body"));
        assert_eq!(
            version(" ", "x", false).map_err(|e| e.code),
            Err(ErrorCode::MessageEmpty)
        );
        assert_eq!(
            version("a\nb", "x", false).map_err(|e| e.field),
            Err("title")
        );
        let long = "字".repeat(MAX_TITLE + 1);
        assert_eq!(
            version(&long, "x", false).map_err(|e| e.code),
            Err(ErrorCode::MessageTooLong)
        );
        let title = "字".repeat(MAX_TITLE);
        assert!(version(&title, "x", false).is_ok());
        let body = "字".repeat(MAX_BODY + 1);
        assert_eq!(version("t", &body, false).map_err(|e| e.field), Err("body"));
    }

    #[test]
    fn queries_are_cut_on_character_boundaries() {
        assert_eq!(query("  运费  "), "运费");
        let long = "运".repeat(MAX_QUERY + 50);
        assert_eq!(query(&long).chars().count(), MAX_QUERY);
    }
}
