//! Card numbers out of everything people type (R-SEC5): a run of 13–19
//! digits, optionally grouped by spaces, dashes or dots, that passes the
//! Luhn check is masked to its first 6 and last 4 digits (fewer for short
//! numbers, so at least 3 are always hidden), keeping the grouping so the
//! text still reads naturally. Digits may be ASCII, full-width (common in
//! Chinese and Japanese input) or Arabic-Indic. Pure; the server applies it
//! to messages, notes, form facts and file names before anything is stored
//! or logged.

/// Whether `c` joins a number to a word ("RR123…CN"): letters of alphabetic
/// scripts and digits do; CJK characters do not (they are not written with
/// spaces, "卡号4111…" is a card after a word).
fn glues(c: char) -> bool {
    digit(c).is_some() || (c.is_alphanumeric() && !crate::compliance::is_cjk(c))
}

/// What replaces a hidden digit.
pub const MASK: char = '•';
/// Fewest digits a card number has.
pub const MIN_DIGITS: usize = 13;
/// Most digits a card number has.
pub const MAX_DIGITS: usize = 19;

/// The decimal value of a digit in any of the scripts customers type.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{FF10}'..='\u{FF19}' => Some(c as u32 - 0xFF10),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// Characters that may group the digits of one number.
fn separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '-'
            | '.'
            | '\u{00A0}'
            | '\u{2009}'
            | '\u{202F}'
            | '\u{3000}'
            | '\u{FF0D}'
            | '\u{2010}'
            | '\u{2011}'
    )
}

/// Whether the digits pass the Luhn check.
pub fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// How many leading and trailing digits of an `n`-digit card stay visible.
fn visible(n: usize) -> (usize, usize) {
    // First 6 and last 4 at most; at least 3 hidden.
    let hidden_min = 3;
    let shown = n.saturating_sub(hidden_min).min(10);
    let tail = shown.min(4);
    (shown - tail, tail)
}

/// The text with every card number masked; `None` when there was none (so
/// callers can tell and log that something was masked, never what).
pub fn mask_cards(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut i = 0;
    while i < chars.len() {
        let starts_number = digit(chars[i]).is_some() && (i == 0 || !glues(chars[i - 1]));
        if !starts_number {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // The maximal run of digits joined by single separators.
        let mut end = i; // exclusive, after the last digit
        let mut digits = Vec::new();
        let mut j = i;
        while j < chars.len() {
            if let Some(d) = digit(chars[j]) {
                digits.push(d);
                j += 1;
                end = j;
            } else if separator(chars[j])
                && j + 1 < chars.len()
                && digit(chars[j + 1]).is_some()
                && !(j > i && separator(chars[j - 1]))
            {
                j += 1;
            } else {
                break;
            }
        }
        let glued_to_word = end < chars.len() && glues(chars[end]);
        let is_card =
            (MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()) && !glued_to_word && luhn(&digits);
        if is_card {
            changed = true;
            let (head, tail) = visible(digits.len());
            let mut seen = 0;
            for &c in &chars[i..end] {
                if digit(c).is_some() {
                    let keep = seen < head || seen >= digits.len() - tail;
                    out.push(if keep { c } else { MASK });
                    seen += 1;
                } else {
                    out.push(c);
                }
            }
        } else {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    changed.then_some(out)
}

/// Masks every value of a form's facts; whether any changed.
pub fn mask_facts(facts: &mut crate::intake::Facts) -> bool {
    let mut changed = false;
    for value in facts.values_mut() {
        if let Some(m) = mask_cards(value) {
            *value = m;
            changed = true;
        }
    }
    changed
}

/// [`mask_cards`], or the text unchanged.
pub fn masked(text: &str) -> String {
    mask_cards(text).unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_card_formats_are_masked_to_six_and_four() {
        assert_eq!(masked("4111111111111111"), "411111••••••1111");
        assert_eq!(masked("4111 1111 1111 1111"), "4111 11•• •••• 1111");
        assert_eq!(masked("4111-1111-1111-1111"), "4111-11••-••••-1111");
        assert_eq!(masked("5500.0055.5555.5559"), "5500.00••.••••.5559");
        // Amex, 15 digits, 4-6-5.
        assert_eq!(masked("3782 822463 10005"), "3782 82•••• •0005");
        // 19-digit and 13-digit numbers.
        assert_eq!(masked("6011000990139424"), "601100••••••9424");
        assert_eq!(masked("4222222222222"), "422222•••2222");
        assert_eq!(masked("6304000000000000000"), "630400•••••••••0000");
    }

    #[test]
    fn cards_inside_sentences_in_any_script() {
        assert_eq!(
            masked("My card is 4111 1111 1111 1111, expiry 12/29."),
            "My card is 4111 11•• •••• 1111, expiry 12/29."
        );
        assert_eq!(
            masked("卡号４１１１１１１１１１１１１１１１谢谢"),
            "卡号４１１１１１••••••１１１１谢谢"
        );
        assert_eq!(
            masked("رقم البطاقة ٤١١١١١١١١١١١١١١١"),
            "رقم البطاقة ٤١١١١١••••••١١١١"
        );
        assert_eq!(
            masked("two: 4111111111111111 and 5555555555554444."),
            "two: 411111••••••1111 and 555555••••••4444."
        );
    }

    #[test]
    fn numbers_that_are_not_cards_stay() {
        for text in [
            "4111111111111112",       // Luhn fails
            "order 123456789012",     // 12 digits
            "41111111111111111111",   // 20 digits
            "tracking RR123456785CN", // in a word
            "ref 4111111111111111X",  // glued to a word
            "ABC4111111111111111",    // glued to a word
            "phone +49 30 1234 5678", // groups but short
            "4111  1111  1111  1111", // double spaces break the run
            "1 2 3 4",
            "",
        ] {
            assert_eq!(mask_cards(text), None, "{text}");
        }
    }

    #[test]
    fn luhn_reference_values() {
        let d = |s: &str| {
            s.chars()
                .map(|c| c.to_digit(10).unwrap())
                .collect::<Vec<_>>()
        };
        assert!(luhn(&d("79927398713")));
        assert!(!luhn(&d("79927398710")));
        assert!(luhn(&d("0")));
        assert!(!luhn(&[]));
    }

    #[test]
    fn masking_is_idempotent_and_never_shows_more_than_ten_digits() {
        let once = masked("4111 1111 1111 1111 and 378282246310005");
        assert_eq!(masked(&once), once);
        for n in MIN_DIGITS..=MAX_DIGITS {
            let (head, tail) = visible(n);
            assert!(head <= 6 && tail <= 4 && n - head - tail >= 3, "{n}");
        }
    }

    /// A Luhn-valid number of `body.len() + 1` digits: `body` and its check digit.
    fn with_check_digit(body: &[u32]) -> Vec<u32> {
        (0..10)
            .map(|c| {
                let mut d = body.to_vec();
                d.push(c);
                d
            })
            .find(|d| luhn(d))
            .unwrap_or_default()
    }

    proptest::proptest! {
        /// Any card, grouped any way, inside any text: at most 6 + 4 of its
        /// digits survive, in their places, and the rest of the text is untouched.
        #[test]
        fn every_card_is_masked_wherever_it_is(
            body in proptest::collection::vec(0u32..10, (MIN_DIGITS - 1)..MAX_DIGITS),
            groups in proptest::collection::vec(1usize..6, 1..8),
            sep in proptest::sample::select(vec!["", " ", "-", "."]),
            before in "[a-z ,:]{0,12}",
            after in "[ ,.!?][a-z ]{0,12}",
        ) {
            let digits = with_check_digit(&body);
            let mut card = String::new();
            let mut g = groups.iter().cycle();
            let mut left = g.next().copied().unwrap_or(4);
            for (k, d) in digits.iter().enumerate() {
                if left == 0 && k > 0 {
                    card.push_str(sep);
                    left = g.next().copied().unwrap_or(4);
                }
                card.push(char::from_digit(*d, 10).unwrap_or('0'));
                left -= 1;
            }
            let before = if before.ends_with(|c: char| c.is_ascii_alphanumeric()) { format!("{before} ") } else { before };
            let text = format!("{before}{card}{after}");
            let out = masked(&text);
            let shown: usize = out.chars().filter(char::is_ascii_digit).count();
            let hidden = out.chars().filter(|c| *c == MASK).count();
            proptest::prop_assert_eq!(shown + hidden, digits.len());
            proptest::prop_assert!(shown <= 10 && hidden >= 3, "{} -> {}", text, out);
            proptest::prop_assert!(out.starts_with(&before) && out.ends_with(&after));
        }

        /// Text without a 13-digit run is never changed.
        #[test]
        fn short_numbers_and_words_are_left_alone(words in proptest::collection::vec("[a-z]{1,6}|[0-9]{1,12}", 0..8)) {
            // Numbers of at most 12 digits, between words: never 13 in a run.
            let text = words.join(", ");
            proptest::prop_assert_eq!(mask_cards(&text), None);
        }
    }
}
