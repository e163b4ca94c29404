//! `FeeCalculator`: shipping fees by weight, in the customer's language and currency format.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::fees::{self, FeeLine, QuoteError};
use crate::widget::state::WidgetState;

/// Money in the reader's locale via `Intl` (the calculator only opens in the
/// browser, so the server never renders an amount).
pub(crate) fn money(minor: i64, line: &FeeLine, locale: &str) -> String {
    let plain = || {
        format!(
            "{} {}",
            fees::decimal_text(minor, line.exponent),
            line.currency
        )
    };
    #[cfg(feature = "hydrate")]
    {
        crate::client::format_money(
            fees::major_units(minor, line.exponent),
            &line.currency,
            locale,
        )
        .unwrap_or_else(plain)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = locale;
        plain()
    }
}

/// A weight in the reader's locale via `Intl`.
pub(crate) fn weight(grams: u32, locale: &str) -> String {
    let plain = || format!("{} kg", fees::kg_text(grams));
    #[cfg(feature = "hydrate")]
    {
        crate::client::format_kg(f64::from(grams) / 1000.0, locale).unwrap_or_else(plain)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = locale;
        plain()
    }
}

/// The site's fee calculator (R-SELF4): pick a line, type a weight, see
/// the price at once in the reader's currency format.
#[component]
pub(crate) fn FeeCalculator(state: WidgetState) -> impl IntoView {
    let lines = state.config.with_value(|c| c.fees.clone());
    let first = lines.first().map(|l| l.key.clone())?;
    let default_locale = StoredValue::new(state.config.with_value(|c| c.default_locale.clone()));
    let lines = StoredValue::new(lines);
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(first);
    let typed = RwSignal::new(String::new());
    let line = move || lines.with_value(|ls| ls.iter().find(|l| l.key == chosen.get()).cloned());
    let rate = move || {
        let l = line()?;
        let locale = state.locale.get();
        let mut text = tr!("widget-fees-rate", {
            "first_weight" => weight(l.first_grams, &locale),
            "first_price" => money(l.first_price, &l, &locale),
            "step_weight" => weight(l.step_grams, &locale),
            "step_price" => money(l.step_price, &l, &locale),
        });
        if let Some(max) = l.max_grams {
            text.push_str(" · ");
            text.push_str(&tr!("widget-fees-max", { "max_weight" => weight(max, &locale) }));
        }
        Some(text)
    };
    // `None` until something is typed; `Ok` a price, `Err` why there is none.
    let result = move || {
        let l = line()?;
        let input = typed.get();
        if input.trim().is_empty() {
            return None;
        }
        let quote = fees::parse_kg(&input)
            .ok_or(QuoteError::WeightInvalid)
            .and_then(|g| l.quote(g));
        Some((quote, l))
    };
    let result_text = move || {
        let locale = state.locale.get();
        result().map(|(quote, l)| match quote {
            Ok(minor) => tr!("widget-fees-result", { "price" => money(minor, &l, &locale) }),
            Err(QuoteError::WeightInvalid) => tr!("widget-fees-weight-invalid"),
            Err(QuoteError::TooHeavy) => {
                tr!("widget-fees-too-heavy", { "max_weight" => weight(l.limit(), &locale) })
            }
        })
    };
    let options = move || {
        let locale = state.locale.get();
        lines.with_value(|ls| {
            ls.iter()
                .map(|l| {
                    let key = l.key.clone();
                    let selected = chosen.get_untracked() == key;
                    view! {
                        <option value=key selected=selected>
                            {default_locale.with_value(|d| l.name(&locale, d).to_owned())}
                        </option>
                    }
                })
                .collect_view()
        })
    };
    Some(view! {
        <section class="fees">
            <button type="button" class="secondary" data-testid="fees-toggle"
                aria-expanded=move || open.get().to_string() aria-controls="fees-panel"
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || tr!("widget-fees-open")}
            </button>
            <Show when=move || open.get()>
                <div id="fees-panel" class="fees-panel" data-testid="fees-panel">
                    <label for="fees-line">{move || tr!("widget-fees-line")}</label>
                    <select id="fees-line" data-testid="fees-line"
                        on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {options}
                    </select>
                    <p class="fees-rate" data-testid="fees-rate">{rate}</p>
                    <label for="fees-weight">{move || tr!("widget-fees-weight")}</label>
                    <input id="fees-weight" data-testid="fees-weight" type="text" inputmode="decimal"
                        autocomplete="off" aria-describedby="fees-result"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))/>
                    <output id="fees-result" data-testid="fees-result" aria-live="polite"
                        class:error=move || result().is_some_and(|(q, _)| q.is_err())
                        data-amount=move || result().and_then(|(q, _)| q.ok()).map(|m| m.to_string())>
                        {result_text}
                    </output>
                </div>
            </Show>
        </section>
    })
}
