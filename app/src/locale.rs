//! Which locale a reader gets: pure rules shared by the server (SSR) and the
//! browser (hydration), so both always pick the same one.
//!
//! Input is a preference list (a forced locale, a remembered choice, then
//! `navigator.languages` or `Accept-Language`), and the locales on offer (all
//! that Parley ships, or the subset a site allows). Each preference is tried
//! in order through its fallback chain — exact tag, then language + script,
//! then the bare language — before the next preference is considered; if
//! nothing matches, the site's default wins. Chinese is matched by script:
//! `zh`, `zh-CN`, `zh-SG`, `zh-Hans-*` read Simplified Chinese; `zh-TW`,
//! `zh-HK`, `zh-MO` and `zh-Hant-*` do not silently get it.

/// Every locale Parley ships, in the order the switcher lists them.
pub const SHIPPED: &[&str] = &["en", "zh-CN", "es", "de", "ja", "ar"];

/// Each shipped locale's name in its own language, for language switchers
/// (the same as `locales/languages.json`, which leptos-fluent reads).
const ENDONYMS: &[(&str, &str)] = &[
    ("en", "English"),
    ("zh-CN", "简体中文"),
    ("es", "Español"),
    ("de", "Deutsch"),
    ("ja", "日本語"),
    ("ar", "العربية"),
];

/// The name of a shipped locale in its own language.
pub fn endonym(tag: &str) -> Option<&'static str> {
    ENDONYMS
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .map(|(_, name)| *name)
}

/// Locales written right to left.
pub fn is_rtl(locale: &str) -> bool {
    matches!(primary(locale).as_str(), "ar" | "he" | "fa" | "ur")
}

fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// The Chinese script a tag implies: `Some(true)` Simplified, `Some(false)`
/// Traditional, `None` when the tag is not Chinese.
fn chinese_simplified(tag: &str) -> Option<bool> {
    let parts: Vec<String> = tag
        .split(['-', '_'])
        .map(|p| p.to_ascii_lowercase())
        .collect();
    if parts.first().map(String::as_str) != Some("zh") {
        return None;
    }
    if parts.iter().any(|p| p == "hant") {
        return Some(false);
    }
    if parts.iter().any(|p| p == "hans") {
        return Some(true);
    }
    Some(!parts.iter().any(|p| p == "tw" || p == "hk" || p == "mo"))
}

/// The offered locale that serves `wanted`, if any.
pub fn match_one<'a>(wanted: &str, offered: &[&'a str]) -> Option<&'a str> {
    let wanted = wanted.trim();
    if wanted.is_empty() || wanted == "*" {
        return None;
    }
    if let Some(exact) = offered.iter().find(|o| o.eq_ignore_ascii_case(wanted)) {
        return Some(exact);
    }
    if let Some(simplified) = chinese_simplified(wanted) {
        return offered
            .iter()
            .find(|o| chinese_simplified(o) == Some(simplified))
            .copied();
    }
    let lang = primary(wanted);
    offered
        .iter()
        .find(|o| o.eq_ignore_ascii_case(&lang))
        .copied()
        .or_else(|| {
            // e.g. wanted `pt-BR`, offered only `pt-PT`: same language, other region.
            offered.iter().find(|o| primary(o) == lang).copied()
        })
}

/// The locale to use: the first preference that an offered locale serves,
/// else `default` (if offered), else the first offered locale.
pub fn negotiate<'a, S: AsRef<str>>(
    preferences: &[S],
    offered: &[&'a str],
    default: &str,
) -> &'a str {
    preferences
        .iter()
        .find_map(|p| match_one(p.as_ref(), offered))
        .or_else(|| match_one(default, offered))
        .or_else(|| offered.first().copied())
        .unwrap_or("en")
}

/// Splits an `Accept-Language` header (or a comma-separated list) into tags,
/// highest quality first; `q=0` entries are dropped.
pub fn parse_preferences(header: &str) -> Vec<String> {
    let mut tags: Vec<(String, f32, usize)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            if tag.is_empty() || tag.len() > 35 {
                return None;
            }
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.trim().parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            (q > 0.0).then(|| (tag.to_owned(), q, i))
        })
        .collect();
    tags.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    tags.into_iter().map(|(t, _, _)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endonyms_and_directions_match_languages_json() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/locales/languages.json");
        let list: Vec<(String, String, String)> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let tags: Vec<&str> = list.iter().map(|(t, _, _)| t.as_str()).collect();
        assert_eq!(tags, SHIPPED);
        for (tag, name, dir) in &list {
            assert_eq!(endonym(tag), Some(name.as_str()), "{tag}");
            assert_eq!(is_rtl(tag), dir == "rtl", "{tag}");
        }
        assert_eq!(endonym("xx"), None);
    }

    fn pick(prefs: &[&str]) -> &'static str {
        negotiate(prefs, SHIPPED, "en")
    }

    #[test]
    fn exact_and_case_insensitive() {
        assert_eq!(pick(&["ja"]), "ja");
        assert_eq!(pick(&["ZH-cn"]), "zh-CN");
        assert_eq!(pick(&["ar"]), "ar");
    }

    #[test]
    fn regional_variants_fall_back_to_the_language() {
        assert_eq!(pick(&["es-MX"]), "es");
        assert_eq!(pick(&["es-419"]), "es");
        assert_eq!(pick(&["de-AT"]), "de");
        assert_eq!(pick(&["de_CH"]), "de");
        assert_eq!(pick(&["ar-EG"]), "ar");
        assert_eq!(pick(&["ja-JP"]), "ja");
        assert_eq!(pick(&["en-GB"]), "en");
    }

    #[test]
    fn chinese_by_script() {
        for t in [
            "zh",
            "zh-CN",
            "zh-SG",
            "zh-Hans",
            "zh-Hans-CN",
            "zh-hans-hk",
        ] {
            assert_eq!(pick(&[t]), "zh-CN", "{t}");
        }
        for t in ["zh-TW", "zh-HK", "zh-Hant", "zh-Hant-TW", "zh-MO"] {
            assert_eq!(pick(&[t]), "en", "{t} must not silently get Simplified");
            assert_eq!(pick(&[t, "ja"]), "ja", "{t} then ja");
        }
    }

    #[test]
    fn earlier_preferences_win_over_later_exact_matches() {
        assert_eq!(pick(&["es-MX", "en"]), "es");
        assert_eq!(pick(&["fr-FR", "de", "en"]), "de");
        assert_eq!(pick(&["fr", "pt-BR"]), "en");
    }

    #[test]
    fn site_restrictions_and_defaults() {
        let offered = ["en", "de"];
        assert_eq!(negotiate(&["ja"], &offered, "de"), "de");
        assert_eq!(negotiate(&["ja", "en-US"], &offered, "de"), "en");
        assert_eq!(negotiate::<&str>(&[], &offered, "de"), "de");
        assert_eq!(
            negotiate(&["ja"], &offered, "fr"),
            "en",
            "unusable default → first offered"
        );
        assert_eq!(negotiate(&["ja"], &["pt-PT"], "en"), "pt-PT");
        assert_eq!(negotiate(&["pt-BR"], &["en", "pt-PT"], "en"), "pt-PT");
    }

    #[test]
    fn accept_language_parsing() {
        assert_eq!(
            parse_preferences("de-CH, fr;q=0.5, en;q=0.9, *;q=0.1, ja;q=0"),
            vec!["de-CH", "en", "fr", "*"]
        );
        assert_eq!(parse_preferences(""), Vec::<String>::new());
        assert_eq!(
            pick(
                &parse_preferences("fr;q=1, es-AR;q=0.8")
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
            ),
            "es"
        );
    }

    #[test]
    fn direction() {
        assert!(is_rtl("ar"));
        assert!(is_rtl("ar-EG"));
        assert!(!is_rtl("ja"));
        assert!(!is_rtl("zh-CN"));
    }
}
