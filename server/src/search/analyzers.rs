//! How each shipped language's text becomes search terms.
//!
//! - English, Spanish, German: words, lower case, stop words out, Snowball
//!   stems, accents folded (`envío` and `envio` meet).
//! - Simplified Chinese: jieba's dictionary segmenter in search mode (long
//!   words also yield their dictionary sub-words), so a two-character word
//!   such as 运费 is a term of its own.
//! - Japanese: the IPA dictionary through vibrato (a MeCab-style lattice);
//!   inflected words index under their dictionary form (届かない → 届く),
//!   particles, auxiliaries and symbols are dropped. Without a dictionary
//!   (none configured) Japanese falls back to overlapping character pairs.
//! - Arabic: diacritics and tatweel removed, alef/hamza forms, alef maqsura
//!   and teh marbuta unified, stop words out, the Snowball Arabic stemmer.

use std::sync::{Arc, OnceLock};

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

use super::ja::JaDictionary;

/// The analyzer's name for `locale` (a shipped locale).
pub fn name(locale: &str) -> String {
    format!("parley_{}", locale.to_ascii_lowercase().replace('-', "_"))
}

/// Whether `locale` is written in Latin script (typo tolerance applies).
pub fn latin(locale: &str) -> bool {
    matches!(locale, "en" | "es" | "de")
}

/// The analyzer of `locale`; every unknown locale analyses as English.
pub fn analyzer(locale: &str, ja: &JaDictionary) -> TextAnalyzer {
    match locale {
        "zh-CN" => TextAnalyzer::builder(Segmenter::new(chinese))
            .filter(LowerCaser)
            .build(),
        "ja" => {
            let ja = ja.clone();
            TextAnalyzer::builder(Segmenter::new(move |text, out| japanese(&ja, text, out)))
                .filter(LowerCaser)
                .build()
        }
        "ar" => TextAnalyzer::builder(Segmenter::new(arabic))
            .filter(RemoveLongFilter::limit(40))
            .filter(StopWordFilter::remove(
                ARABIC_STOP.iter().map(|w| normalise_arabic(w)),
            ))
            .filter(Stemmer::new(Language::Arabic))
            .build(),
        other => {
            let language = match other {
                "es" => Language::Spanish,
                "de" => Language::German,
                _ => Language::English,
            };
            let mut builder = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .dynamic();
            let stop = match language {
                Language::Spanish => SPANISH_STOP,
                Language::German => GERMAN_STOP,
                _ => ENGLISH_STOP,
            };
            builder = builder
                .filter_dynamic(StopWordFilter::remove(stop.iter().map(|w| (*w).to_owned())));
            builder
                .filter_dynamic(Stemmer::new(language))
                .filter_dynamic(AsciiFoldingFilter)
                .build()
        }
    }
}

// Stop words are function words only: question words stay, because in a
// help centre they carry the question ("where" is my parcel, "when" is my
// refund, "how much" is shipping).

/// English function words (Lucene's list, pronouns, auxiliaries, greetings).
const ENGLISH_STOP: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with", "i", "me", "my", "mine", "you", "your", "we",
    "our", "us", "do", "does", "did", "can", "could", "would", "should", "please", "am", "been",
    "have", "has", "had", "any", "some", "about", "from", "get", "so", "up", "out", "its", "s",
    "m", "hi", "hello",
];

/// Spanish function words.
const SPANISH_STOP: &[&str] = &[
    "a", "al", "de", "del", "el", "la", "las", "lo", "los", "un", "una", "unos", "unas", "y", "o",
    "u", "e", "en", "con", "por", "para", "sin", "se", "su", "sus", "mi", "mis", "tu", "tus", "me",
    "te", "le", "les", "nos", "yo", "es", "son", "está", "están", "ha", "han", "he", "que", "este",
    "esta", "esto", "ese", "esa", "muy", "ya", "hola", "favor", "puedo", "puede",
];

/// German function words.
const GERMAN_STOP: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines",
    "und", "oder", "in", "im", "an", "am", "auf", "aus", "bei", "mit", "nach", "von", "vom", "zu",
    "zum", "zur", "für", "ich", "du", "sie", "er", "es", "wir", "ihr", "mein", "meine", "meinen",
    "meinem", "meiner", "dein", "ihre", "ihren", "ist", "sind", "bin", "hat", "habe", "haben",
    "wird", "werden", "kann", "können", "muss", "mich", "mir", "sich", "nicht", "noch", "schon",
    "auch", "bitte", "hallo", "denn", "doch", "mal",
];

/// A function that cuts a whole text into tokens.
type Cutter = dyn Fn(&str, &mut Vec<Token>) + Send + Sync;

/// A tokenizer from a [`Cutter`].
#[derive(Clone)]
struct Segmenter(Arc<Cutter>);

impl Segmenter {
    fn new(cut: impl Fn(&str, &mut Vec<Token>) + Send + Sync + 'static) -> Self {
        Segmenter(Arc::new(cut))
    }
}

/// The tokens of one text, cut in advance.
struct Cut {
    tokens: Vec<Token>,
    at: usize,
}

impl Tokenizer for Segmenter {
    type TokenStream<'a> = Cut;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Cut {
        let mut tokens = Vec::new();
        (self.0)(text, &mut tokens);
        for (i, t) in tokens.iter_mut().enumerate() {
            t.position = i;
        }
        Cut { tokens, at: 0 }
    }
}

impl TokenStream for Cut {
    fn advance(&mut self) -> bool {
        self.at += 1;
        self.at <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.at - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.at - 1]
    }
}

fn push(out: &mut Vec<Token>, from: usize, to: usize, text: &str) {
    out.push(Token {
        offset_from: from,
        offset_to: to,
        position: 0,
        text: text.to_owned(),
        position_length: 1,
    });
}

/// Whether a token is a word (not only spaces, punctuation or symbols).
fn wordy(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

/// Chinese function words that say nothing about what is asked.
const CHINESE_STOP: &[&str] = &[
    "的", "了", "吗", "呢", "吧", "啊", "我", "你", "您", "是", "在", "有", "和", "与", "就", "都",
    "也", "请", "要", "能", "可以", "一个", "我的", "您好", "你好",
];

fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

fn chinese(text: &str, out: &mut Vec<Token>) {
    let mut byte_of_char = Vec::with_capacity(text.len() + 1);
    for (b, _) in text.char_indices() {
        byte_of_char.push(b);
    }
    byte_of_char.push(text.len());
    for t in jieba().tokenize(text, jieba_rs::TokenizeMode::Search, true) {
        if !wordy(t.word) || CHINESE_STOP.contains(&t.word) {
            continue;
        }
        let from = byte_of_char.get(t.start).copied().unwrap_or(text.len());
        let to = byte_of_char.get(t.end).copied().unwrap_or(text.len());
        push(out, from, to, t.word);
    }
}

fn japanese(dictionary: &JaDictionary, text: &str, out: &mut Vec<Token>) {
    let Some(tokenizer) = dictionary.tokenizer() else {
        return bigrams(text, out);
    };
    let mut worker = tokenizer.new_worker();
    for line in text.split_inclusive(['\n', '。', '！', '？', '!', '?']) {
        let base = line.as_ptr() as usize - text.as_ptr() as usize;
        worker.reset_sentence(line);
        worker.tokenize();
        for t in worker.token_iter() {
            let surface = t.surface();
            if !wordy(surface) {
                continue;
            }
            let mut feature = t.feature().split(',');
            let pos = feature.next().unwrap_or("");
            if matches!(pos, "助詞" | "助動詞" | "記号" | "フィラー" | "接頭詞") {
                continue;
            }
            let sub = feature.next().unwrap_or("");
            if sub == "非自立"
                || (pos == "動詞" && matches!(surface, "し" | "する" | "さ" | "でき"))
            {
                continue;
            }
            let lemma = feature.nth(4).filter(|l| *l != "*" && !l.is_empty());
            let range = t.range_byte();
            push(
                out,
                base + range.start,
                base + range.end,
                lemma.unwrap_or(surface),
            );
        }
    }
}

/// Overlapping pairs of characters within runs of letters (a single
/// letter alone): the dictionary-less fallback for Japanese.
fn bigrams(text: &str, out: &mut Vec<Token>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut run: Vec<(usize, char)> = Vec::new();
    let flush = |run: &mut Vec<(usize, char)>, out: &mut Vec<Token>| {
        if run.len() == 1 {
            let (b, c) = run[0];
            push(out, b, b + c.len_utf8(), &c.to_string());
        }
        for pair in run.windows(2) {
            let (b, c) = pair[0];
            let (b2, c2) = pair[1];
            push(out, b, b2 + c2.len_utf8(), &format!("{c}{c2}"));
        }
        run.clear();
    };
    for &(b, c) in &chars {
        if c.is_alphanumeric() {
            run.push((b, c));
        } else {
            flush(&mut run, out);
        }
    }
    flush(&mut run, out);
}

/// Arabic question and function words.
const ARABIC_STOP: &[&str] = &[
    "في", "من", "على", "إلى", "عن", "مع", "هل", "ما", "هذا", "هذه", "ذلك", "التي", "الذي", "أن",
    "إن", "أو", "و", "لا", "لم", "لن", "قد", "كل", "أنا", "انا", "نحن", "هو", "هي", "لي", "لك",
    "عند", "كم", "يا", "بعد", "قبل", "ثم",
];

/// Arabic text with its variant spellings unified: diacritics (harakat,
/// tanwin, shadda, sukun, dagger alef) and tatweel removed; alef with
/// madda, hamza above or below and wasla read as bare alef; alef maqsura as
/// yeh; teh marbuta as heh; the Persian/Urdu yeh and keheh as Arabic.
pub fn normalise_arabic(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}'))
        .map(|c| match c {
            'آ' | 'أ' | 'إ' | 'ٱ' => 'ا',
            'ى' | 'ی' => 'ي',
            'ة' => 'ه',
            'ک' => 'ك',
            '٠'..='٩' => char::from_u32(c as u32 - 0x0660 + u32::from(b'0')).unwrap_or(c),
            other => other,
        })
        .collect()
}

fn arabic(text: &str, out: &mut Vec<Token>) {
    let text = normalise_arabic(text).to_lowercase();
    let mut start = None;
    for (b, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(b),
            (false, Some(s)) => {
                let mut word = &text[s..b];
                // The conjunction و glued to a word ("وأين"): kept apart
                // when what follows is itself a word of three letters or more.
                if let Some(rest) = word.strip_prefix('و')
                    && rest.chars().count() >= 3
                    && rest.starts_with("ال")
                {
                    word = rest;
                }
                push(out, s, b, word);
                start = None;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(locale: &str, text: &str) -> Vec<String> {
        let mut a = analyzer(locale, &JaDictionary::none());
        let mut stream = a.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        out
    }

    #[test]
    fn chinese_two_character_words_are_terms() {
        let t = terms("zh-CN", "您好，运费多少？国际运费怎么计算");
        assert!(t.contains(&"运费".to_owned()), "{t:?}");
        assert!(t.contains(&"多少".to_owned()), "{t:?}");
        assert!(t.contains(&"计算".to_owned()), "{t:?}");
        assert!(!t.contains(&"您好".to_owned()), "a stop word: {t:?}");
        assert!(t.iter().all(|w| !w.contains('？')), "{t:?}");
    }

    #[test]
    fn arabic_spelling_variants_meet() {
        assert_eq!(normalise_arabic("أَيْنَ"), "اين");
        assert_eq!(normalise_arabic("إرجاع"), "ارجاع");
        assert_eq!(normalise_arabic("شحنــة"), "شحنه");
        assert_eq!(normalise_arabic("مستشفى"), "مستشفي");
        assert_eq!(normalise_arabic("٢٠٢٦"), "2026");
        assert_eq!(terms("ar", "الشحنة"), terms("ar", "الشحنه"));
        assert_eq!(terms("ar", "إرجاع"), terms("ar", "ارجاع"));
        assert_eq!(terms("ar", "طَرْدِي"), terms("ar", "طردي"));
        assert_eq!(terms("ar", "هل وصل طردي؟").len(), 2, "هل is a stop word");
    }

    #[test]
    fn latin_words_are_stemmed_and_folded() {
        assert_eq!(terms("es", "envío"), terms("es", "envio"));
        assert_eq!(terms("en", "parcels"), terms("en", "parcel"));
        assert_eq!(terms("de", "Sendungen"), terms("de", "Sendung"));
        assert!(terms("en", "is it my").is_empty());
        assert_eq!(terms("en", "where is my parcel"), vec!["where", "parcel"]);
    }

    #[test]
    fn japanese_without_a_dictionary_pairs_characters() {
        assert_eq!(terms("ja", "荷物が"), vec!["荷物", "物が"]);
        assert_eq!(terms("ja", "a"), vec!["a"]);
    }

    #[test]
    fn offsets_fall_on_character_boundaries() {
        for (locale, text) in [
            ("zh-CN", "您好，运费多少"),
            ("ar", "أين طردي"),
            ("ja", "荷物 が"),
        ] {
            let mut a = analyzer(locale, &JaDictionary::none());
            let mut stream = a.token_stream(text);
            while let Some(t) = stream.next() {
                assert!(t.offset_from <= t.offset_to, "{locale}");
            }
        }
    }
}
