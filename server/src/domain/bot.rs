//! The site's bot (issue 20, R-SELF2): whether a customer asks for a person
//! (typed, in any shipped language), whether the best search hit is good
//! enough to answer with, and what of the article the answer quotes.

use parley_app::kb::{Block, blocks};

/// The least share of the customer's words the best article must contain
/// for the bot to answer with it.
pub const MIN_COVERAGE: f32 = 0.6;
/// The longest quote of an article in the bot's answer, in characters.
pub const MAX_QUOTE: usize = 280;
/// Messages of at most this many words count a single keyword ("human",
/// "agent") as a request for a person; longer ones need a phrase.
const SHORT: usize = 4;

/// What the bot does with a customer's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Answer with the best article.
    Answer,
    /// Fetch a person: asked for (`asked`), or nothing fits well enough.
    HandOver {
        /// The customer asked for a person.
        asked: bool,
    },
}

/// The bot's decision on `text`, given the coverage of the best article
/// found for it (`None`: nothing found).
pub fn decide(text: &str, best: Option<f32>) -> Decision {
    if asks_for_person(text) {
        Decision::HandOver { asked: true }
    } else if best.is_some_and(|c| c >= MIN_COVERAGE) {
        Decision::Answer
    } else {
        Decision::HandOver { asked: false }
    }
}

/// Phrases that ask for a person wherever they stand, per language, as the
/// normaliser leaves them (lower case, accents folded, Arabic letter forms
/// unified).
const PHRASES: &[&str] = &[
    // English
    "talk to a person",
    "speak to a person",
    "talk to someone",
    "speak to someone",
    "speak with someone",
    "talk to a human",
    "speak to a human",
    "talk to an agent",
    "speak to an agent",
    "real person",
    "human agent",
    "live agent",
    "live chat with a person",
    "customer service",
    "representative",
    "operator",
    // Spanish
    "hablar con una persona",
    "hablar con alguien",
    "hablar con un agente",
    "hablar con un humano",
    "persona real",
    "atencion al cliente",
    "operador",
    // German
    "mit einem menschen",
    "mit einer person",
    "mit jemandem sprechen",
    "echten menschen",
    "mitarbeiter sprechen",
    "kundendienst",
    "kundenservice",
    // Chinese
    "转人工",
    "人工客服",
    "人工服务",
    "真人",
    "找人工",
    // Japanese
    "人と話",
    "オペレーター",
    "担当者",
    "有人対応",
    // Arabic
    "موظف",
    "شخص حقيقي",
    "التحدث مع شخص",
    "خدمه العملاء",
];

/// Words that ask for a person in a short message.
const WORDS: &[&str] = &[
    "human",
    "person",
    "agent",
    "someone",
    "staff",
    "humano",
    "agente",
    "persona",
    "mensch",
    "menschen",
    "人工",
    "客服",
    "人間",
    "スタッフ",
    "شخص",
    "انسان",
];

/// Whether the customer asks for a person in `text`.
pub fn asks_for_person(text: &str) -> bool {
    let norm = normalise(text);
    let padded = format!(" {norm} ");
    let has = |p: &str| {
        if p.is_ascii() {
            padded.contains(&format!(" {p} "))
        } else {
            norm.contains(p)
        }
    };
    if PHRASES.iter().any(|p| has(p)) {
        return true;
    }
    let words = norm.split_whitespace().count();
    let short = words <= SHORT && norm.chars().count() <= 24;
    short && WORDS.iter().any(|w| has(w))
}

/// Lower case, Latin accents folded, Arabic diacritics and tatweel dropped
/// and letter forms unified, punctuation to spaces, spaces collapsed.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ß' => 's',
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ة' => 'ه',
            'ى' => 'ي',
            '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}' => continue,
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    out.trim_end().to_owned()
}

/// What the bot quotes of an article's body: its first paragraph (or list
/// item), cut at a word boundary to [`MAX_QUOTE`] characters.
pub fn quote(body: &str) -> String {
    let first = blocks(body)
        .into_iter()
        .find_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            Block::List(items) => items.into_iter().next(),
        })
        .unwrap_or_default();
    if first.chars().count() <= MAX_QUOTE {
        return first;
    }
    let cut: String = first.chars().take(MAX_QUOTE).collect();
    let at = cut
        .rfind(char::is_whitespace)
        .filter(|i| *i > MAX_QUOTE / 2)
        .unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_requests_for_a_person_in_every_language() {
        for text in [
            "I want to talk to a person",
            "Can I speak to someone please?",
            "HUMAN",
            "agent!",
            "real person please",
            "Quiero hablar con una persona",
            "¿Puedo hablar con alguien?",
            "agente",
            "Ich möchte mit einem Menschen sprechen",
            "Kundendienst bitte",
            "Mensch",
            "转人工",
            "我要人工客服",
            "人工",
            "担当者と話したい",
            "オペレーターをお願いします",
            "人と話したいです",
            "أريد التحدث مع موظف",
            "شخص حقيقي من فضلك",
            "إنسان",
        ] {
            assert!(asks_for_person(text), "{text}");
        }
    }

    #[test]
    fn questions_that_only_mention_words_are_not_requests() {
        for text in [
            "Where is my parcel?",
            "my customs agent says the invoice is missing, what do I send?",
            "Is a person allowed to import two bottles of wine into Germany?",
            "运费多少",
            "荷物が届かない",
            "أين طردي",
            "¿cuánto cuesta el envío?",
            "Sendung verfolgen",
            "hello",
            "",
            "   ",
            "personal details change",
            "agents",
        ] {
            assert!(!asks_for_person(text), "{text}");
        }
    }

    #[test]
    fn punctuation_case_and_letter_forms_do_not_matter() {
        assert!(asks_for_person("TALK... to a PERSON?!"));
        assert!(asks_for_person("atención al cliente"));
        assert!(asks_for_person("خدمة العملاء"));
        assert!(asks_for_person("مُوَظَّف"), "diacritics");
        assert!(asks_for_person("مـوظـف"), "tatweel");
        assert_eq!(normalise("  Ça  va,   BIEN! "), "ca va bien");
    }

    #[test]
    fn the_bot_answers_only_when_the_best_article_covers_the_question() {
        assert_eq!(decide("where is my parcel", Some(1.0)), Decision::Answer);
        assert_eq!(decide("where is my parcel", Some(0.6)), Decision::Answer);
        assert_eq!(
            decide("where is my parcel", Some(0.5)),
            Decision::HandOver { asked: false }
        );
        assert_eq!(
            decide("where is my parcel", None),
            Decision::HandOver { asked: false }
        );
        assert_eq!(
            decide("talk to a person about my parcel", Some(1.0)),
            Decision::HandOver { asked: true },
            "asking wins over a good article"
        );
    }

    #[test]
    fn the_quote_is_the_first_paragraph_cut_at_a_word() {
        assert_eq!(quote("First part.\n\nSecond part."), "First part.");
        assert_eq!(quote("- one\n- two"), "one");
        assert_eq!(quote(""), "");
        let long = "word ".repeat(100);
        let q = quote(&long);
        assert!(q.ends_with('…'), "{q}");
        assert!(q.chars().count() <= MAX_QUOTE + 1);
        assert!(!q.contains("wor…"), "cut between words: {q}");
        let cjk = "运".repeat(400);
        assert_eq!(
            quote(&cjk).chars().count(),
            MAX_QUOTE + 1,
            "no spaces: cut at the limit"
        );
    }
}
