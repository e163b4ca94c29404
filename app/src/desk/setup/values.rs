//! The SLA targets and the fee calculator's price lines as forms.

use leptos::prelude::*;
use leptos_fluent::tr;

use super::fields::{field_at, label_id};

/// The SLA targets in the order they are shown, with their kind (`min`:
/// minutes, `days`: working days, `pct`: percent).
pub(super) const TARGETS: [(&str, &str); 15] = [
    ("urgent_first_response", "min"),
    ("routine_first_response", "min"),
    ("consultation_first_response", "min"),
    ("chat_first_reply", "min"),
    ("complaint_first_reply", "min"),
    ("email_first_reply", "min"),
    ("next_response", "min"),
    ("progress_update", "min"),
    ("complaint_registration", "min"),
    ("escalation_acceptance", "min"),
    ("urgent_resolution", "min"),
    ("routine_resolution", "min"),
    ("consultation_resolution", "min"),
    ("follow_up_working_days", "days"),
    ("warn_percent", "pct"),
];

/// The SLA targets as a form: one number per target, checked by the server
/// like the JSON (a refused field is marked).
#[component]
pub(super) fn TargetsForm(site: String, json: String, at: Option<String>) -> impl IntoView {
    let values: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&json).unwrap_or_default();
    let wrong = field_at(at.as_deref(), "targets").map(str::to_owned);
    let rows = TARGETS
        .iter()
        .map(|(key, unit)| {
            let (key, unit): (&'static str, &'static str) = (key, unit);
            let id = format!("target-{key}");
            let value = values.get(key).map(|v| v.to_string()).unwrap_or_default();
            let invalid = wrong.as_deref() == Some(key);
            let label = label_id(key);
            view! {
                <div class="target-row">
                    <label for=id.clone()>{move || crate::i18n::t(label)}</label>
                    <input id=id.clone() type="number" name=format!("{key}:n") value=value min="1" step="1"
                        inputmode="numeric" required aria-invalid=invalid.then_some("true")
                        aria-describedby=invalid.then_some("setup-error") data-testid=id.clone()/>
                    <span class="unit">{move || tr!("setup-unit", { "unit" => unit })}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/api/admin/sites/{site}/setup/targets") class="setup-form targets-form"
            data-testid="targets-form">
            <crate::desk::security::CsrfField/>
            <fieldset>
                <legend>{move || tr!("setup-targets")}</legend>
                <p class="hint">{move || tr!("setup-targets-hint")}</p>
                {rows}
            </fieldset>
            <button type="submit" data-testid="targets-save">{move || tr!("setup-save")}</button>
        </form>
    }
}

/// The fee calculator's price lines as a form: a row per line (and a blank
/// one to add), each with its names per language, currency, bands and
/// prices, a position and a box to remove it.
#[component]
pub(super) fn FeesForm(site: String, json: String, at: Option<String>) -> impl IntoView {
    let mut lines: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
    lines.push(serde_json::json!({}));
    let wrong = field_at(at.as_deref(), "fees").map(str::to_owned);
    let count = lines.len();
    let rows = lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let text = |v: Option<&serde_json::Value>| match v {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let is_new = i + 1 == count;
            let input = |field: &'static str, kind: &'static str, value: String| {
                let name = format!("[{i}].{field}");
                let id = format!("fee-{i}-{}", field.replace('.', "-"));
                let invalid = wrong.as_deref() == Some(name.as_str())
                    || wrong
                        .as_deref()
                        .is_some_and(|w| field.starts_with("names.") && w == format!("[{i}].names"));
                let label = label_id(field.split('.').next().unwrap_or(field));
                let lang = field.strip_prefix("names.").map(str::to_owned);
                view! {
                    <div class="fee-field">
                        <label for=id.clone()>
                            {move || crate::i18n::t(label)}
                            {lang.clone().map(|l| view! { " (" {crate::i18n::language_name(&l)} ")" })}
                        </label>
                        <input id=id.clone() name=name type=kind value=value dir="auto"
                            aria-invalid=invalid.then_some("true")
                            aria-describedby=invalid.then_some("setup-error") data-testid=id.clone()/>
                    </div>
                }
            };
            let names = crate::locale::SHIPPED
                .iter()
                .map(|l| {
                    let field: &'static str = match *l {
                        "en" => "names.en",
                        "de" => "names.de",
                        "es" => "names.es",
                        "ar" => "names.ar",
                        "ja" => "names.ja",
                        _ => "names.zh-CN",
                    };
                    input(field, "text", text(line.get("names").and_then(|n| n.get(*l))))
                })
                .collect_view();
            let order_id = format!("fee-{i}-order");
            let remove_id = format!("fee-{i}-remove");
            view! {
                <fieldset class="fee-row" data-testid=format!("fee-row-{i}") data-new=is_new.to_string()>
                    <legend>
                        {move || if is_new { tr!("setup-fee-new") } else { tr!("setup-fee-line", { "n" => i + 1 }) }}
                    </legend>
                    {input("key", "text", text(line.get("key")))}
                    {names}
                    {input("currency", "text", text(line.get("currency")))}
                    {input("first_kg", "text", text(line.get("first_kg")))}
                    {input("first_price", "text", text(line.get("first_price")))}
                    {input("step_kg", "text", text(line.get("step_kg")))}
                    {input("step_price", "text", text(line.get("step_price")))}
                    {input("max_kg", "text", text(line.get("max_kg")))}
                    <div class="fee-field">
                        <label for=order_id.clone()>{move || tr!("setup-order")}</label>
                        <input id=order_id.clone() type="number" name=format!("[{i}]._order:n")
                            value=(i + 1).to_string() min="1" step="1" data-testid=order_id.clone()/>
                    </div>
                    {(!is_new).then(|| view! {
                        <label class="check" for=remove_id.clone()>
                            <input type="checkbox" id=remove_id.clone() name=format!("[{i}]._remove:b")
                                data-testid=remove_id.clone()/>
                            {move || tr!("setup-remove")}
                        </label>
                    })}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <form method="post" action=format!("/api/admin/sites/{site}/setup/fees") class="setup-form fees-form"
            data-testid="fees-form">
            <crate::desk::security::CsrfField/>
            <h2>{move || tr!("setup-part", { "part" => "fees" })}</h2>
            <p class="hint">{move || tr!("setup-fees-hint")}</p>
            {rows}
            <button type="submit" data-testid="fees-save">{move || tr!("setup-save")}</button>
        </form>
    }
}
