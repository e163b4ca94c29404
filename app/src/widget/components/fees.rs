//! The site's fee calculator (R-SELF4): pick a line, type a weight, see
//! the price at once in the reader's currency format.

use web_sys::Element;

use crate::fees::{self, FeeLine, QuoteError};
use crate::i18n::active_language as locale;
use crate::i18n::{t, t_with};
use crate::widget::dom::{Scope, event_value};
use crate::widget::state::{read, write};

/// Money in the reader's locale via `Intl`.
fn money(minor: i64, line: &FeeLine, locale: &str) -> String {
    crate::client::format_money(
        fees::major_units(minor, line.exponent),
        &line.currency,
        locale,
    )
    .unwrap_or_else(|| {
        format!(
            "{} {}",
            fees::decimal_text(minor, line.exponent),
            line.currency
        )
    })
}

/// A weight in the reader's locale via `Intl`.
fn weight(grams: u32, locale: &str) -> String {
    crate::client::format_kg(f64::from(grams) / 1000.0, locale)
        .unwrap_or_else(|| format!("{} kg", fees::kg_text(grams)))
}

/// The chosen line.
fn line() -> Option<FeeLine> {
    read(|s| {
        s.config
            .fees
            .iter()
            .find(|l| l.key == s.fees_line)
            .or_else(|| s.config.fees.first())
            .cloned()
    })
}

/// The price for what is typed: `None` until something is typed.
fn quote() -> Option<(Result<i64, QuoteError>, FeeLine)> {
    let l = line()?;
    let input = read(|s| s.fees_typed.clone());
    if input.trim().is_empty() {
        return None;
    }
    let quote = fees::parse_kg(&input)
        .ok_or(QuoteError::WeightInvalid)
        .and_then(|g| l.quote(g));
    Some((quote, l))
}

/// The calculator, when the site has fee lines.
pub(super) fn build(cx: &Scope) -> Vec<Element> {
    if read(|s| s.config.fees.is_empty()) {
        return Vec::new();
    }
    vec![
        cx.h("section")
            .attr("class", "fees")
            .child(
                cx.h("button")
                    .attr("type", "button")
                    .attr("class", "secondary")
                    .attr("data-testid", "fees-toggle")
                    .attr_with("aria-expanded", || Some(read(|s| s.fees_open).to_string()))
                    .attr("aria-controls", "fees-panel")
                    .on("click", |_| write(|s| s.fees_open = !s.fees_open))
                    .text_with(|| t("widget-fees-open")),
            )
            .when(|| read(|s| s.fees_open), panel)
            .el(),
    ]
}

fn panel(cx: &Scope) -> Vec<Element> {
    let rate = || {
        let Some(l) = line() else {
            return String::new();
        };
        let locale = locale();
        let mut text = t_with(
            "widget-fees-rate",
            &[
                ("first_weight", weight(l.first_grams, &locale).into()),
                ("first_price", money(l.first_price, &l, &locale).into()),
                ("step_weight", weight(l.step_grams, &locale).into()),
                ("step_price", money(l.step_price, &l, &locale).into()),
            ],
        );
        if let Some(max) = l.max_grams {
            text.push_str(" · ");
            text.push_str(&t_with(
                "widget-fees-max",
                &[("max_weight", weight(max, &locale).into())],
            ));
        }
        text
    };
    let result = || {
        let locale = locale();
        quote()
            .map(|(quote, l)| match quote {
                Ok(minor) => t_with(
                    "widget-fees-result",
                    &[("price", money(minor, &l, &locale).into())],
                ),
                Err(QuoteError::WeightInvalid) => t("widget-fees-weight-invalid"),
                Err(QuoteError::TooHeavy) => t_with(
                    "widget-fees-too-heavy",
                    &[("max_weight", weight(l.limit(), &locale).into())],
                ),
            })
            .unwrap_or_default()
    };
    vec![
        cx.h("div")
            .attr("id", "fees-panel")
            .attr("class", "fees-panel")
            .attr("data-testid", "fees-panel")
            .child(
                cx.h("label")
                    .attr("for", "fees-line")
                    .text_with(|| t("widget-fees-line")),
            )
            .child(
                cx.h("select")
                    .attr("id", "fees-line")
                    .attr("data-testid", "fees-line")
                    .switch(locale, |locale, cx| {
                        read(|s| {
                            s.config
                                .fees
                                .iter()
                                .map(|l| {
                                    cx.h("option")
                                        .attr("value", &l.key)
                                        .text(l.name(locale, &s.config.default_locale))
                                        .el()
                                })
                                .collect()
                        })
                    })
                    .value_with(|| line().map(|l| l.key).unwrap_or_default())
                    .on("change", |ev| {
                        let key = event_value(&ev);
                        write(|s| s.fees_line = key);
                    }),
            )
            .child(
                cx.h("p")
                    .attr("class", "fees-rate")
                    .attr("data-testid", "fees-rate")
                    .text_with(rate),
            )
            .child(
                cx.h("label")
                    .attr("for", "fees-weight")
                    .text_with(|| t("widget-fees-weight")),
            )
            .child(
                cx.h("input")
                    .attr("id", "fees-weight")
                    .attr("data-testid", "fees-weight")
                    .attr("type", "text")
                    .attr("inputmode", "decimal")
                    .attr("autocomplete", "off")
                    .attr("aria-describedby", "fees-result")
                    .value_with(|| read(|s| s.fees_typed.clone()))
                    .on("input", |ev| {
                        let typed = event_value(&ev);
                        write(|s| s.fees_typed = typed);
                    }),
            )
            .child(
                cx.h("output")
                    .attr("id", "fees-result")
                    .attr("data-testid", "fees-result")
                    .attr("aria-live", "polite")
                    .attr_with("class", || {
                        quote()
                            .is_some_and(|(q, _)| q.is_err())
                            .then(|| "error".to_owned())
                    })
                    .attr_with("data-amount", || {
                        quote().and_then(|(q, _)| q.ok()).map(|m| m.to_string())
                    })
                    .text_with(result),
            )
            .el(),
    ]
}
