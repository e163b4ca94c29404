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
    /// The phrase, matched case-, width- and whitespace-insensitively,
    /// ignoring invisible format characters and punctuation inside words,
    /// on word boundaries for alphabetic scripts (each word in any of the
    /// language's plural endings, or any ending after `*`) and anywhere
    /// for CJK.
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

/// How punctuation is read when texts are compared; a text matches a phrase
/// when it does under either reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Punctuation between two letters is dropped: "un-conditional" is
    /// "unconditional", "ref.und" is "refund".
    Joined,
    /// Every punctuation mark separates words: "no-refund" is "no refund".
    Split,
}

/// Format characters (Unicode Cf: zero-width spaces and joiners, bidi
/// marks, soft hyphens): invisible, so never part of what is compared.
fn is_format(c: char) -> bool {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    c.general_category() == GeneralCategory::Format
}

/// Punctuation and symbols (not letters, digits, spaces or the wildcard).
fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace() && c != '*' && !is_cjk(c)
}

/// Lower case, format characters removed, fullwidth ASCII folded to ASCII
/// (so "ＲＥＦＵＮＤ" matches "refund"), punctuation read as `reading`
/// says, every run of whitespace one space, trimmed.
fn normalize(text: &str, reading: Reading) -> Vec<char> {
    let folded: Vec<char> = text
        .chars()
        .filter(|c| !is_format(*c))
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        })
        .collect();
    let mut out = Vec::with_capacity(folded.len());
    let mut space = false;
    for (i, &c) in folded.iter().enumerate() {
        let c = if is_punct(c) {
            let inside_word = i > 0
                && is_word_char(folded[i - 1])
                && folded.get(i + 1).is_some_and(|n| is_word_char(*n));
            match reading {
                Reading::Joined if inside_word => continue,
                Reading::Joined => c,
                Reading::Split => ' ',
            }
        } else {
            c
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

/// Endings a word of a phrase may take in the text without a wildcard
/// (plurals at least), by the rule's language. Languages whose plurals are
/// not suffixes (Arabic's broken plurals) or that do not inflect (Chinese,
/// Japanese) have none: their lists use `*` (`استرداد*`).
fn endings(locale: &str) -> &'static [&'static str] {
    match locale.split('-').next().unwrap_or("") {
        "en" => &["s", "es"],
        "es" => &["s", "es"],
        "de" => &["e", "en", "n", "er", "es", "s"],
        _ => &[],
    }
}

/// One step of a compiled phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// This character.
    Char(char),
    /// The end of an alphabetic word: one of the language's endings (or,
    /// with `wild`, any letters: the phrase wrote `word*`), then a word
    /// boundary.
    WordEnd { wild: bool },
}

/// A phrase as steps: its characters, with a [`Step::WordEnd`] after every
/// alphabetic word.
fn compile(phrase: &[char]) -> Vec<Step> {
    let mut steps = Vec::with_capacity(phrase.len() + 4);
    for (i, &c) in phrase.iter().enumerate() {
        if c == '*' {
            if i > 0 && is_word_char(phrase[i - 1]) {
                steps.push(Step::WordEnd { wild: true });
            }
            continue;
        }
        steps.push(Step::Char(c));
        let next = phrase.get(i + 1).copied();
        if is_word_char(c) && next.is_none_or(|n| !is_word_char(n) && n != '*') {
            steps.push(Step::WordEnd { wild: false });
        }
    }
    steps
}

/// Whether `steps` match `text` from `at`.
fn matches_from(text: &[char], at: usize, steps: &[Step], endings: &[&str]) -> bool {
    let Some((step, rest)) = steps.split_first() else {
        return true;
    };
    match *step {
        Step::Char(c) => text.get(at) == Some(&c) && matches_from(text, at + 1, rest, endings),
        Step::WordEnd { wild } => {
            let boundary = |j: usize| text.get(j).is_none_or(|c| !is_word_char(*c));
            if wild {
                let mut j = at;
                loop {
                    if boundary(j) {
                        return matches_from(text, j, rest, endings);
                    }
                    j += 1;
                }
            }
            std::iter::once("")
                .chain(endings.iter().copied())
                .any(|ending| {
                    let n = ending.chars().count();
                    text.len() >= at + n
                        && text[at..at + n].iter().copied().eq(ending.chars())
                        && boundary(at + n)
                        && matches_from(text, at + n, rest, endings)
                })
        }
    }
}

/// Whether the compiled phrase occurs in `text` starting on a word boundary.
fn contains(text: &[char], steps: &[Step], endings: &[&str]) -> bool {
    let starts_word = matches!(steps.first(), Some(Step::Char(c)) if is_word_char(*c));
    !steps.is_empty()
        && (0..text.len()).any(|i| {
            !(starts_word && i > 0 && is_word_char(text[i - 1]))
                && matches_from(text, i, steps, endings)
        })
}

/// Whether `body` breaks `rule`: under either reading of punctuation, with
/// the words of the phrase in any of the rule language's endings.
fn breaks(rule: &PhraseRule, body: &str) -> bool {
    let endings = endings(&rule.locale);
    [Reading::Joined, Reading::Split]
        .into_iter()
        .any(|reading| {
            let steps = compile(&normalize(&rule.phrase, reading));
            contains(&normalize(body, reading), &steps, endings)
        })
}

/// Every rule `body` breaks, blocks first, each phrase once.
pub fn check(policy: &CompliancePolicy, body: &str) -> Vec<Hit> {
    let mut hits: Vec<Hit> = policy
        .rules
        .iter()
        .filter(|r| breaks(r, body))
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
        assert!(actions("no unconditional refundable fee, sorry").is_empty());
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

    #[test]
    fn evasions_found_in_review_are_caught() {
        let blocked = vec![("unconditional refund".to_owned(), RuleAction::Block)];
        for evasion in [
            "uncon\u{200b}ditional refund",
            "un\u{00ad}conditional re\u{200d}fund",
            "\u{202e}unconditional\u{202c} \u{2066}refund\u{2069}",
            "un-conditional refund",
            "un‐conditional re-fund",
            "un.conditional refund",
            "Unconditional refunds for all",
            "UNCONDITIONAL REFUNDS!",
            "an un-conditional\u{200b} refunds policy",
        ] {
            assert_eq!(actions(evasion), blocked, "{evasion:?}");
        }
        // Punctuation that separates words still separates them.
        assert_eq!(
            actions("guaranteed-delivery"),
            vec![("guaranteed delivery".to_owned(), RuleAction::Warn)]
        );
        // German plurals and inflections of a German rule.
        assert_eq!(actions("Die Konkurrenzen ist unseriöse").len(), 1);
        // Not every longer word: endings are the language's, nothing more.
        assert!(actions("unconditional refunding").is_empty());
        assert!(actions("unconditional refundable").is_empty());
    }

    #[test]
    fn a_wildcard_takes_any_ending() {
        let policy = CompliancePolicy {
            version: 1,
            rules: parse_rules("en", "!refund* guarantee*\n!استرداد*")
                .into_iter()
                .chain(parse_rules("ar", "!مضمون*"))
                .collect(),
        };
        let hits = |t: &str| check(&policy, t).len();
        assert_eq!(hits("refunding guaranteed"), 1);
        assert_eq!(hits("Refundable guarantees"), 1);
        assert_eq!(hits("a refund guarantee"), 1);
        assert_eq!(hits("a guarantee of refund"), 0);
        assert_eq!(hits("استردادات كاملة"), 1);
        assert_eq!(hits("التوصيل مضمونة"), 1);
        assert_eq!(hits("prefund guarantee"), 0, "still a word start");
    }

    #[test]
    fn the_matcher_is_total_on_any_text() {
        // Odd inputs never panic and never match an empty phrase.
        let policy = CompliancePolicy {
            version: 1,
            rules: parse_rules("en", "!*\n-\n!a*b*\nx"),
        };
        for t in [
            "", "*", "-", "a", "ab", "\u{200b}", "a-b", "x-", "-x", "ＸＸ",
        ] {
            let _ = check(&policy, t);
        }
        assert!(check(&policy, "").is_empty());
    }
}
