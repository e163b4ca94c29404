//! The case library's rules (issue 21, R-QA4): only a resolved case goes
//! in; what staff write of it (the customer's demand and the solution) is
//! 1–2,000 characters each, and leaves the customer out — card numbers
//! masked as everywhere ([`parley_app::redact`]), e-mail addresses and
//! telephone numbers replaced by placeholders, and what Parley knows of
//! this customer (their name, their form answers) replaced wherever it
//! appears. Pure.

use std::sync::LazyLock;

use parley_app::error::ErrorCode;
use parley_app::protocol::ConversationStatus;
use regex_lite::Regex;

/// The longest demand or solution, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// What replaces an e-mail address.
pub const EMAIL: &str = "[email]";
/// What replaces a telephone number.
pub const PHONE: &str = "[phone]";
/// What replaces something Parley knows of the customer.
pub const CUSTOMER: &str = "[customer]";

/// An e-mail address (compiled once; the patterns are constant and tested).
static EMAIL_PATTERN: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r#"[^\s@<>()\[\],;:"'«»]+@[^\s@<>()\[\],;:"'«»]+\.[A-Za-z]{2,}"#).ok()
});
/// A run of digits that may be a telephone number (see [`anonymise`]).
static PHONE_PATTERN: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\+?\(?\d[\d ().\-]{5,}\d").ok());

/// Whether a conversation in `status` may go into the library: resolved
/// (and after: confirmed, archived).
pub fn may_add(status: ConversationStatus) -> bool {
    matches!(
        status,
        ConversationStatus::Resolved | ConversationStatus::Confirmed | ConversationStatus::Archived
    )
}

/// `text` trimmed, if it is 1–[`MAX_TEXT_CHARS`] characters:
/// `message_empty` or `text_too_long` otherwise.
pub fn checked(text: &str) -> Result<&str, ErrorCode> {
    let text = text.trim();
    match text.chars().count() {
        0 => Err(ErrorCode::MessageEmpty),
        n if n > MAX_TEXT_CHARS => Err(ErrorCode::TextTooLong),
        _ => Ok(text),
    }
}

/// `text` with the customer left out: each of `known` (their name, their
/// form answers; two characters or more) replaced, card numbers masked,
/// e-mail addresses and telephone numbers (a `+` and 7 digits or more, or
/// 9 digits or more, with spaces, dots, dashes or brackets between)
/// replaced.
pub fn anonymise(text: &str, known: &[&str]) -> String {
    let mut out = text.to_owned();
    let mut known: Vec<&str> = known
        .iter()
        .map(|k| k.trim())
        .filter(|k| k.chars().count() >= 2)
        .collect();
    // Longest first, so a full name goes before a part of it.
    known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    for k in known {
        if let Ok(re) = Regex::new(&format!("(?i){}", regex_lite::escape(k))) {
            out = re.replace_all(&out, CUSTOMER).into_owned();
        }
    }
    if let Some(email) = EMAIL_PATTERN.as_ref() {
        out = email.replace_all(&out, EMAIL).into_owned();
    }
    out = parley_app::redact::masked(&out);
    let Some(phone) = PHONE_PATTERN.as_ref() else {
        return out;
    };
    phone
        .replace_all(&out, |c: &regex_lite::Captures<'_>| {
            let found = &c[0];
            let digits = found.chars().filter(char::is_ascii_digit).count();
            let plus = found.starts_with('+');
            if (plus && digits >= 7) || digits >= 9 {
                PHONE.to_owned()
            } else {
                found.to_owned()
            }
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patterns_compile() {
        assert!(EMAIL_PATTERN.is_some() && PHONE_PATTERN.is_some());
    }

    #[test]
    fn resolved_cases_only() {
        for (status, ok) in [
            (ConversationStatus::Received, false),
            (ConversationStatus::Assigned, false),
            (ConversationStatus::InProgress, false),
            (ConversationStatus::WaitingOnCustomer, false),
            (ConversationStatus::Resolved, true),
            (ConversationStatus::Confirmed, true),
            (ConversationStatus::Archived, true),
            (ConversationStatus::Reopened, false),
        ] {
            assert_eq!(may_add(status), ok, "{status:?}");
        }
    }

    #[test]
    fn texts_are_bounded() {
        assert_eq!(checked("  "), Err(ErrorCode::MessageEmpty));
        assert_eq!(checked(" label wrong "), Ok("label wrong"));
        assert_eq!(checked(&"é".repeat(2000)).map(str::len), Ok(4000));
        assert_eq!(checked(&"é".repeat(2001)), Err(ErrorCode::TextTooLong));
    }

    #[test]
    fn the_customer_is_left_out() {
        let text = "Maria Lopez (maria.lopez@example.com, +34 612 34 56 78) paid with \
                    4111 1111 1111 1111; order NW-1042 shipped 2026-11-23, call 0612345678.";
        let out = anonymise(text, &["Maria Lopez", "NW-1042", "x"]);
        assert_eq!(
            out,
            "[customer] ([email], [phone]) paid with 4111 11•• •••• 1111; order [customer] \
             shipped 2026-11-23, call [phone]."
        );
        // Case-insensitive, every occurrence; a name's part alone stays
        // (only what is known whole is replaced).
        assert_eq!(
            anonymise(
                "MARIA LOPEZ wrote; maria lopez again; Maria",
                &["Maria Lopez"]
            ),
            "[customer] wrote; [customer] again; Maria"
        );
        // CJK and Arabic text with digits of other scripts.
        assert_eq!(
            anonymise(
                "王小明的卡号４１１１１１１１１１１１１１１１，电话13812345678",
                &["王小明"]
            ),
            "[customer]的卡号４１１１１１••••••１１１１，电话[phone]"
        );
        // Short numbers, prices and dates stay.
        assert_eq!(
            anonymise("Fee 12.50 EUR, 3 parcels, 2026-11-23", &[]),
            "Fee 12.50 EUR, 3 parcels, 2026-11-23"
        );
        // Patterns in names are literal.
        assert_eq!(anonymise("a.b and axb", &["a.b"]), "[customer] and axb");
    }
}
