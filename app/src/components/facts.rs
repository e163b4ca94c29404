//! One fact of a category form, as the desk's facts editor renders it: a
//! labelled input suited to the fact's kind, marked required, with the
//! server's or the client's error under it. (The customer widget has its
//! own, `widget::components::intake`, built without Leptos.)
//!
//! Country names come from the browser (`Intl.DisplayNames`) in the reader's
//! language; the form is only rendered after hydration for that reason.

use crate::i18n::t;
use leptos::prelude::*;

use crate::error::ErrorCode;
use crate::i18n::error_text;
use crate::intake::{FactField, FactKind, Facts};

/// Everything a [`FactInput`] reads besides its field.
#[derive(Clone, Copy)]
pub struct FactForm {
    /// Values being edited.
    pub values: RwSignal<Facts>,
    /// The error to show, with the field it concerns.
    pub error: RwSignal<Option<(ErrorCode, String)>>,
    /// The reader's locale.
    pub locale: Signal<String>,
    /// The site's fallback locale for labels.
    pub default_locale: StoredValue<String>,
    /// Accepted country codes.
    pub countries: StoredValue<Vec<String>>,
    /// Prefix of element ids (`fact`).
    pub id_prefix: &'static str,
}

/// The name of a country code in `locale` (the code itself without `Intl`).
pub fn country_name(code: &str, locale: &str) -> String {
    #[cfg(feature = "browser")]
    if let Some(name) = crate::client::region_name(code, locale) {
        return name;
    }
    let _ = locale;
    code.to_owned()
}

/// One labelled input.
#[component]
pub fn FactInput(field: FactField, form: FactForm) -> impl IntoView {
    let id = format!("{}-{}", form.id_prefix, field.key);
    let error_id = format!("{id}-error");
    let key = StoredValue::new(field.key.clone());
    let label_field = field.clone();
    let label = move || label_field.label(&form.locale.get(), &form.default_locale.get_value());
    let value = move || {
        form.values
            .with(|v| v.get(&key.get_value()).cloned().unwrap_or_default())
    };
    let set = move |v: String| {
        form.values.update(|f| {
            f.insert(key.get_value(), v);
        });
        if form
            .error
            .with_untracked(|e| e.as_ref().is_some_and(|(_, f)| *f == key.get_value()))
        {
            form.error.set(None);
        }
    };
    let my_error = move || {
        form.error.with(|e| {
            e.as_ref()
                .filter(|(_, f)| *f == key.get_value())
                .map(|(code, _)| *code)
        })
    };
    let input = match field.kind {
        FactKind::Country => {
            let options = move || {
                let locale = form.locale.get();
                let mut named: Vec<(String, String)> = form.countries.with_value(|c| {
                    c.iter()
                        .map(|code| (country_name(code, &locale), code.clone()))
                        .collect()
                });
                named.sort();
                named
                    .into_iter()
                    .map(|(name, code)| {
                        let selected = value() == code;
                        view! { <option value=code selected=selected>{name}</option> }
                    })
                    .collect_view()
            };
            view! {
                <select id=id.clone() data-testid=id.clone() required=field.required
                    aria-invalid=move || my_error().map(|_| "true")
                    aria-describedby=error_id.clone()
                    on:change=move |ev| set(event_target_value(&ev))>
                    <option value="">{move || t("fact-choose-country")}</option>
                    {options}
                </select>
            }
            .into_any()
        }
        FactKind::Upload => view! {
            <UploadInput id=id.clone() value=Signal::derive(value)/>
        }
        .into_any(),
        kind => {
            let (input_type, input_mode) = match kind {
                FactKind::Date => ("date", None),
                FactKind::Number => ("text", Some("decimal")),
                _ => ("text", None),
            };
            view! {
                <input id=id.clone() data-testid=id.clone() type=input_type inputmode=input_mode
                    required=field.required autocomplete="off"
                    placeholder=field.example.clone()
                    aria-invalid=move || my_error().map(|_| "true")
                    aria-describedby=error_id.clone()
                    prop:value=value
                    on:input=move |ev| set(event_target_value(&ev))/>
            }
            .into_any()
        }
    };
    view! {
        <div class="fact" data-key=field.key.clone()>
            <label for=id.clone()>
                {label}
                {field.required.then(|| view! {
                    <span class="required" aria-hidden="true">" *"</span>
                    <span class="sr-only">{move || t("fact-required")}</span>
                })}
            </label>
            {input}
            <p class="field-error error" id=format!("{id}-error") data-testid=format!("{id}-error")
                hidden=move || my_error().is_none()>
                {move || my_error().map(error_text)}
            </p>
        </div>
    }
}

/// Upload facts: the customer's files as links (images as thumbnails),
/// served to staff only. (The widget's file picker is its own, in
/// `widget::components::intake`.)
#[component]
fn UploadInput(id: String, value: Signal<String>) -> impl IntoView {
    let ids = move || {
        value
            .get()
            .split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    view! {
        <ul class="uploads staff" id=id.clone() data-testid=id.clone()>
            {move || ids().into_iter().map(|file_id| {
                let href = format!("/api/attachments/{file_id}");
                let src = href.clone();
                view! {
                    <li>
                        <a href=href target="_blank" rel="noopener">
                            <img src=src alt=move || t("upload-photo") loading="lazy"
                                data-testid="attachment-thumb"/>
                        </a>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
