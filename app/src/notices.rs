//! How Parley's notices and amounts read: a system message's [`Notice`] in
//! the reader's language (Fluent, `Intl` for money and times), an amount in
//! the reader's locale. Used by the widget's and the desk's message rows and
//! the desk's compensation views; the data itself is in
//! [`crate::compensation`].

use crate::compensation::{Amount, Notice};

/// A notice's text in the reader's language (reactive where the language is).
pub fn text(notice: &Notice) -> String {
    match notice {
        Notice::Compensation { kind, amount, .. } => {
            let locale = crate::i18n::active_language();
            crate::i18n::t_with(
                notice.fluent_id(),
                &[
                    ("kind", kind.as_str().into()),
                    ("amount", money_text(amount, &locale).into()),
                ],
            )
        }
        Notice::Escalated {
            team,
            owner,
            reply_by,
        } => {
            let who = owner.clone().unwrap_or_else(|| "none".into());
            let mut text = crate::i18n::t_with(
                "notice-escalated",
                &[("team", team.clone().into()), ("owner", who.into())],
            );
            if let Some(at) = reply_by {
                text.push(' ');
                text.push_str(&crate::i18n::t_with(
                    "notice-escalated-by",
                    &[("time", date_time_text(*at).into())],
                ));
            }
            text
        }
    }
}

/// A date and time in the reader's locale and time zone (`Intl`; messages
/// are only rendered in the browser, so nothing elsewhere).
fn date_time_text(ms: i64) -> String {
    #[cfg(feature = "browser")]
    {
        crate::client::format_date_time(ms, &crate::i18n::active_language())
    }
    #[cfg(not(feature = "browser"))]
    {
        let _ = ms;
        String::new()
    }
}

/// `amount` in the reader's locale (`Intl.NumberFormat` in the browser;
/// the plain `80.00 USD` elsewhere).
pub fn money_text(amount: &Amount, locale: &str) -> String {
    #[cfg(feature = "browser")]
    if let Some(text) = crate::client::format_money(
        crate::fees::major_units(amount.minor, amount.exponent),
        &amount.currency,
        locale,
    ) {
        return text;
    }
    let _ = locale;
    amount.plain()
}
