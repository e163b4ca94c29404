//! The fee calculator (R-SELF4): a site owner's price lines, e.g. "US air:
//! first 0.5 kg 120, each further 0.5 kg 50, up to 30 kg", and the quote for a
//! weight. Pure and shared: the widget quotes as the customer types, the
//! server checks what admins write with the same rules.
//!
//! Money is held in the currency's minor units (cents, fils; yen have none)
//! with the currency's ISO 4217 exponent alongside, so no float ever touches
//! a price; weights are whole grams. Only display converts, and formatting is
//! the browser's `Intl.NumberFormat` in the reader's locale.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Heaviest weight any line may quote (1 tonne), in grams.
pub const MAX_GRAMS: u32 = 1_000_000;

/// Largest price or step price, in minor units (keeps every quote far from
/// overflow and exact in a JavaScript number).
pub const MAX_MINOR: i64 = 1_000_000_000_000;

/// One price line of a site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    /// Stable key, e.g. `us-air`.
    pub key: String,
    /// Name per locale.
    pub names: BTreeMap<String, String>,
    /// ISO 4217 code, e.g. `CNY`.
    pub currency: String,
    /// Decimal places of the currency's minor unit (2 for USD, 0 for JPY).
    pub exponent: u8,
    /// The first weight band, in grams.
    pub first_grams: u32,
    /// Its price, in minor units.
    pub first_price: i64,
    /// Each further band, in grams.
    pub step_grams: u32,
    /// Its price, in minor units.
    pub step_price: i64,
    /// Heaviest weight the line takes, in grams (`None`: [`MAX_GRAMS`]).
    #[serde(default)]
    pub max_grams: Option<u32>,
}

/// Why a weight gets no quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteError {
    /// Zero, or not a weight at all.
    WeightInvalid,
    /// Over the line's maximum.
    TooHeavy,
}

impl FeeLine {
    /// The heaviest weight quoted, in grams.
    pub fn limit(&self) -> u32 {
        self.max_grams.unwrap_or(MAX_GRAMS).min(MAX_GRAMS)
    }

    /// The fee for `grams`, in minor units: the first band's price, plus one
    /// step price for each further band begun.
    pub fn quote(&self, grams: u32) -> Result<i64, QuoteError> {
        if grams == 0 || self.step_grams == 0 {
            return Err(QuoteError::WeightInvalid);
        }
        if grams > self.limit() {
            return Err(QuoteError::TooHeavy);
        }
        let extra = grams.saturating_sub(self.first_grams);
        let steps = i64::from(extra.div_ceil(self.step_grams));
        steps
            .checked_mul(self.step_price)
            .and_then(|s| s.checked_add(self.first_price))
            .ok_or(QuoteError::TooHeavy)
    }

    /// The name for `locale`: that locale, its language, `default_locale`,
    /// then the key.
    pub fn name<'a>(&'a self, locale: &str, default_locale: &str) -> &'a str {
        let language = locale.split('-').next().unwrap_or(locale);
        [locale, language, default_locale]
            .iter()
            .find_map(|l| self.names.get(*l))
            .map(String::as_str)
            .unwrap_or(&self.key)
    }
}

/// An amount in minor units as a number of major units, for `Intl` (exact
/// for every amount up to [`MAX_MINOR`] times a few thousand steps).
pub fn major_units(minor: i64, exponent: u8) -> f64 {
    minor as f64 / 10f64.powi(i32::from(exponent))
}

/// Digits and decimal separators as people type them on any keyboard:
/// ASCII, full-width, Arabic-Indic and Eastern Arabic-Indic digits; `.`,
/// `,`, the Arabic decimal separator and the full-width stop.
fn normalized(input: &str) -> Option<String> {
    input
        .trim()
        .chars()
        .map(|c| match c {
            '0'..='9' => Some(c),
            '\u{FF10}'..='\u{FF19}' => char::from_digit(c as u32 - 0xFF10, 10),
            '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
            '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
            '.' | ',' | '\u{066B}' | '\u{FF0E}' | '\u{FF0C}' => Some('.'),
            _ => None,
        })
        .collect()
}

/// A decimal as a whole number of `10^-places` units: `"1.25"` at 3 places
/// is 1250. `None` for anything else (signs, exponents, more decimals than
/// `places`, more than one separator).
pub fn parse_decimal(input: &str, places: u8) -> Option<i64> {
    let text = normalized(input)?;
    let (whole, fraction) = match text.split_once('.') {
        Some((w, f)) => (w, f),
        None => (text.as_str(), ""),
    };
    if (whole.is_empty() && fraction.is_empty())
        || fraction.contains('.')
        || fraction.len() > usize::from(places)
        || whole.len() > 15
    {
        return None;
    }
    let scale = 10i64.checked_pow(u32::from(places))?;
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let padded = format!("{fraction:0<width$}", width = usize::from(places));
    let fraction: i64 = if padded.is_empty() {
        0
    } else {
        padded.parse().ok()?
    };
    whole.checked_mul(scale)?.checked_add(fraction)
}

/// A weight typed in kilograms (up to gram precision) as grams.
pub fn parse_kg(input: &str) -> Option<u32> {
    u32::try_from(parse_decimal(input, 3)?).ok()
}

/// Minor units written as a plain decimal, e.g. 12050 at exponent 2 is
/// `"120.50"` (what the admin's JSON shows).
pub fn decimal_text(units: i64, places: u8) -> String {
    if places == 0 {
        return units.to_string();
    }
    let scale = 10i64.pow(u32::from(places));
    let sign = if units < 0 { "-" } else { "" };
    let (whole, fraction) = (units.abs() / scale, units.abs() % scale);
    format!(
        "{sign}{whole}.{fraction:0width$}",
        width = usize::from(places)
    )
}

/// Grams as kilograms without trailing zeros, e.g. 500 → `"0.5"`.
pub fn kg_text(grams: u32) -> String {
    let text = decimal_text(i64::from(grams), 3);
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// "US air line: first 0.5 kg 120, each further 0.5 kg 50" (CNY).
    fn us_air() -> FeeLine {
        FeeLine {
            key: "us-air".into(),
            names: BTreeMap::from([
                ("en".into(), "USA, air".into()),
                ("zh-CN".into(), "美国空运".into()),
            ]),
            currency: "CNY".into(),
            exponent: 2,
            first_grams: 500,
            first_price: 12_000,
            step_grams: 500,
            step_price: 5_000,
            max_grams: Some(30_000),
        }
    }

    #[test]
    fn the_requirement_example_quotes_by_started_half_kilo() {
        let line = us_air();
        for (grams, fee) in [
            (1, 12_000),
            (500, 12_000),
            (501, 17_000),
            (1_000, 17_000),
            (1_001, 22_000),
            (2_300, 32_000),
            (30_000, 12_000 + 59 * 5_000),
        ] {
            assert_eq!(line.quote(grams), Ok(fee), "{grams} g");
        }
        assert_eq!(line.quote(0), Err(QuoteError::WeightInvalid));
        assert_eq!(line.quote(30_001), Err(QuoteError::TooHeavy));
    }

    #[test]
    fn limits_and_degenerate_lines() {
        let mut line = us_air();
        line.max_grams = None;
        assert_eq!(line.limit(), MAX_GRAMS);
        assert!(line.quote(MAX_GRAMS).is_ok());
        assert_eq!(line.quote(MAX_GRAMS + 1), Err(QuoteError::TooHeavy));
        line.max_grams = Some(u32::MAX);
        assert_eq!(line.limit(), MAX_GRAMS, "never above the global cap");
        line.step_grams = 0;
        assert_eq!(line.quote(700), Err(QuoteError::WeightInvalid));
        // A yen line: no minor unit.
        let yen = FeeLine {
            currency: "JPY".into(),
            exponent: 0,
            first_price: 1_200,
            step_price: 300,
            first_grams: 1_000,
            step_grams: 1_000,
            ..us_air()
        };
        assert_eq!(yen.quote(2_500), Ok(1_800));
        assert_eq!(major_units(1_800, 0), 1800.0);
        assert_eq!(major_units(17_000, 2), 170.0);
        assert_eq!(major_units(1_234, 3), 1.234);
    }

    #[test]
    fn names_fall_back_by_language_then_site_default_then_key() {
        let mut line = us_air();
        assert_eq!(line.name("zh-CN", "en"), "美国空运");
        assert_eq!(line.name("en-GB", "en"), "USA, air");
        assert_eq!(line.name("ja", "en"), "USA, air");
        line.names.clear();
        assert_eq!(line.name("ja", "en"), "us-air");
    }

    #[test]
    fn weights_are_read_as_people_type_them() {
        for (input, grams) in [
            ("1", Some(1_000)),
            ("1.5", Some(1_500)),
            ("1,5", Some(1_500)),
            (" 0.25 ", Some(250)),
            (".5", Some(500)),
            ("2.", Some(2_000)),
            ("0.001", Some(1)),
            ("١٫٥", Some(1_500)),
            ("۲", Some(2_000)),
            ("１．２", Some(1_200)),
            ("0.0001", None),
            ("1.2.3", None),
            ("-1", None),
            ("1e3", None),
            ("", None),
            (".", None),
            ("abc", None),
            ("99999999999", None),
        ] {
            assert_eq!(parse_kg(input), grams, "{input:?}");
        }
    }

    #[test]
    fn amounts_keep_exact_minor_units() {
        assert_eq!(parse_decimal("120", 2), Some(12_000));
        assert_eq!(parse_decimal("120.5", 2), Some(12_050));
        assert_eq!(parse_decimal("0.05", 2), Some(5));
        assert_eq!(parse_decimal("0.005", 2), None);
        assert_eq!(parse_decimal("1200", 0), Some(1_200));
        assert_eq!(parse_decimal("1200.5", 0), None);
        assert_eq!(parse_decimal("1.234", 3), Some(1_234));
        assert_eq!(decimal_text(12_050, 2), "120.50");
        assert_eq!(decimal_text(5, 2), "0.05");
        assert_eq!(decimal_text(1_200, 0), "1200");
        assert_eq!(kg_text(500), "0.5");
        assert_eq!(kg_text(30_000), "30");
        assert_eq!(kg_text(1_250), "1.25");
    }

    proptest! {
        #[test]
        fn written_amounts_read_back(units in 0i64..MAX_MINOR, places in 0u8..=3) {
            prop_assert_eq!(parse_decimal(&decimal_text(units, places), places), Some(units));
        }

        #[test]
        fn quotes_never_fall_as_the_weight_rises(a in 1u32..=30_000, b in 1u32..=30_000) {
            let line = us_air();
            let (lo, hi) = (a.min(b), a.max(b));
            let (q_lo, q_hi) = (line.quote(lo).unwrap(), line.quote(hi).unwrap());
            prop_assert!(q_lo <= q_hi);
            // And a quote is the first price plus whole steps.
            prop_assert_eq!((q_hi - line.first_price) % line.step_price, 0);
        }
    }
}
