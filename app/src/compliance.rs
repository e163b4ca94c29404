//! Compliance: phrases and promises staff must not send (R-AGENT3), e.g.
//! "unconditional refund" or disparaging a competitor. Admins keep a list per
//! site and locale; each rule either warns (the agent may still send after
//! confirming) or blocks. The desk checks before sending and the server
//! enforces the same rule with this same code, recording the policy version
//! on every agent message. Pure; shared by server and WASM.

use serde::{Deserialize, Serialize};

/// What a matching rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    /// Refused: the message cannot be sent with it.
    Block,
    /// The agent is warned and must confirm to send.
    Warn,
}

/// One forbidden phrase.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PhraseRule {
    /// The locale whose list it is in (all rules apply to every message:
    /// a phrase only matches text in its own language anyway).
    pub locale: String,
    /// The phrase, matched case-insensitively, whitespace-insensitively, on
    /// word boundaries for alphabetic scripts and anywhere for CJK.
    pub phrase: String,
    /// Warn or block.
    pub action: RuleAction,
}

/// A site's rules and their version (raised by every change).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompliancePolicy {
    /// Version recorded on messages checked against it.
    pub version: i64,
    /// The rules.
    pub rules: Vec<PhraseRule>,
}

/// A rule a text matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hit {
    /// The phrase as the admin wrote it.
    pub phrase: String,
    /// Warn or block.
    pub action: RuleAction,
}

/// Lower case, every run of whitespace one space, trimmed; fullwidth ASCII
/// folded to ASCII (so "ＲＥＦＵＮＤ" matches "refund").
fn normalize(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Letters and digits of scripts that separate words with spaces.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Han, kana, Hangul and CJK punctuation: no spaces between words.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF66..=0xFF9F | 0x20000..=0x2FFFF)
}

/// Whether `phrase` occurs in `text` (both normalized) at a word boundary.
fn contains(text: &[char], phrase: &[char]) -> bool {
    if phrase.is_empty() || phrase.len() > text.len() {
        return false;
    }
    let (first, last) = (phrase[0], phrase[phrase.len() - 1]);
    (0..=text.len() - phrase.len()).any(|i| {
        text[i..i + phrase.len()] == *phrase
            && !(is_word_char(first) && i > 0 && is_word_char(text[i - 1]))
            && !(is_word_char(last) && text.get(i + phrase.len()).is_some_and(|c| is_word_char(*c)))
    })
}

/// Every rule `body` breaks, blocks first, each phrase once.
pub fn check(policy: &CompliancePolicy, body: &str) -> Vec<Hit> {
    let text = normalize(body);
    let mut hits: Vec<Hit> = policy
        .rules
        .iter()
        .filter(|r| contains(&text, &normalize(&r.phrase)))
        .map(|r| Hit {
            phrase: r.phrase.clone(),
            action: r.action,
        })
        .collect();
    hits.sort_by(|a, b| a.action.cmp(&b.action).then(a.phrase.cmp(&b.phrase)));
    hits.dedup_by(|a, b| a.phrase == b.phrase);
    hits
}

/// Parses an admin's list for one locale: one phrase per line, a line
/// starting with `!` blocks, others warn; blank lines are skipped.
pub fn parse_rules(locale: &str, text: &str) -> Vec<PhraseRule> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter_map(|line| {
            let (action, phrase) = match line.strip_prefix('!') {
                Some(rest) => (RuleAction::Block, rest.trim()),
                None => (RuleAction::Warn, line),
            };
            (!phrase.is_empty()).then(|| PhraseRule {
                locale: locale.to_owned(),
                phrase: phrase.to_owned(),
                action,
            })
        })
        .collect()
}

/// The inverse of [`parse_rules`] for one locale's rules.
pub fn format_rules(rules: &[PhraseRule], locale: &str) -> String {
    rules
        .iter()
        .filter(|r| r.locale == locale)
        .map(|r| match r.action {
            RuleAction::Block => format!("!{}", r.phrase),
            RuleAction::Warn => r.phrase.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> CompliancePolicy {
        let mut rules = parse_rules("en", "!unconditional refund\nguaranteed delivery\n\n  ! \n");
        rules.extend(parse_rules("zh-CN", "!无条件退款"));
        rules.extend(parse_rules("de", "Konkurrenz ist unseriös"));
        rules.extend(parse_rules("ar", "!استرداد غير مشروط"));
        CompliancePolicy { version: 3, rules }
    }

    fn actions(body: &str) -> Vec<(String, RuleAction)> {
        check(&policy(), body)
            .into_iter()
            .map(|h| (h.phrase, h.action))
            .collect()
    }

    #[test]
    fn parses_block_and_warn_lines_and_round_trips() {
        let p = policy();
        assert_eq!(p.rules.len(), 5, "blank and bare '!' lines skipped");
        assert_eq!(p.rules[0].action, RuleAction::Block);
        assert_eq!(p.rules[1].action, RuleAction::Warn);
        assert_eq!(
            format_rules(&p.rules, "en"),
            "!unconditional refund\nguaranteed delivery"
        );
        assert_eq!(
            parse_rules("en", &format_rules(&p.rules, "en")),
            p.rules[..2]
        );
    }

    #[test]
    fn matches_case_and_spacing_insensitively() {
        assert_eq!(
            actions("We offer an UNCONDITIONAL\n  Refund today"),
            vec![("unconditional refund".into(), RuleAction::Block)]
        );
        assert_eq!(
            actions("ＵＮＣＯＮＤＩＴＩＯＮＡＬ　ＲＥＦＵＮＤ"),
            vec![("unconditional refund".into(), RuleAction::Block)],
            "fullwidth forms fold"
        );
    }

    #[test]
    fn alphabetic_phrases_need_word_boundaries() {
        assert!(actions("no unconditional refunds, sorry").is_empty());
        assert!(actions("unconditional refund.").len() == 1);
        assert!(actions("(guaranteed delivery)").len() == 1);
        assert!(actions("unguaranteed delivery").is_empty());
    }

    #[test]
    fn cjk_and_arabic_phrases_match_inside_text() {
        assert_eq!(
            actions("您好，我们可以为您办理无条件退款。"),
            vec![("无条件退款".into(), RuleAction::Block)]
        );
        assert_eq!(actions("يمكننا تقديم استرداد غير مشروط لك").len(), 1);
        assert!(actions("Die Konkurrenz ist unseriös!").len() == 1);
    }

    #[test]
    fn blocks_come_first_and_each_phrase_once() {
        let hits = actions("guaranteed delivery and an unconditional refund, unconditional refund");
        assert_eq!(
            hits,
            vec![
                ("unconditional refund".into(), RuleAction::Block),
                ("guaranteed delivery".into(), RuleAction::Warn)
            ]
        );
        assert!(check(&CompliancePolicy::default(), "anything").is_empty());
    }
}
