//! The intake form (R-FLOW1): the category and its facts, asked before the
//! first message, each fact a labelled input suited to its kind, marked
//! required, with the server's or the widget's own error under it.

use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::i18n::active_language as locale;
use crate::i18n::{error_text, t, t_with};
use crate::intake::{FactField, FactKind, Facts};
use crate::widget::dom::{H, Scope, event_value};
use crate::widget::state::{field_error, read, write};

/// The form (shown while the first message still needs it).
pub(super) fn form(cx: &Scope) -> Vec<Element> {
    let category_error = || field_error("category");
    let select = cx
        .h("select")
        .attr("id", "intake-category")
        .attr("data-testid", "intake-category")
        .flag("required", true)
        .attr_with("aria-invalid", move || {
            category_error().map(|_| "true".to_owned())
        })
        .attr("aria-describedby", "intake-category-error")
        .child(
            cx.h("option")
                .attr("value", "")
                .text_with(|| t("intake-category-placeholder")),
        )
        .switch(locale, |locale, cx| {
            read(|s| {
                s.config
                    .categories
                    .iter()
                    .map(|c| {
                        cx.h("option")
                            .attr("value", &c.key)
                            .text(&c.name(locale, &s.config.default_locale))
                            .el()
                    })
                    .collect()
            })
        })
        .value_with(|| read(|s| s.category.clone().unwrap_or_default()))
        .on("change", |ev| {
            let v = event_value(&ev);
            write(|s| {
                s.category = (!v.is_empty()).then_some(v);
                s.facts = Facts::new();
                s.field_error = None;
            });
        });
    let fieldset = cx
        .h("fieldset")
        .attr("class", "intake")
        .attr("data-testid", "intake")
        .child(cx.h("legend").text_with(|| t("intake-heading")))
        .child(
            cx.h("div")
                .attr("class", "fact")
                .child(
                    cx.h("label")
                        .attr("for", "intake-category")
                        .text_with(|| t("intake-category-label")),
                )
                .child(select)
                .child(
                    cx.h("p")
                        .attr("class", "field-error error")
                        .attr("id", "intake-category-error")
                        .attr("data-testid", "intake-category-error")
                        .flag_with("hidden", move || category_error().is_none())
                        .text_with(move || category_error().map(error_text).unwrap_or_default()),
                ),
        )
        .switch(
            || read(|s| s.category.clone().unwrap_or_default()),
            |key, cx| {
                let fields = read(|s| {
                    s.config
                        .categories
                        .iter()
                        .find(|c| c.key == key)
                        .map(|c| c.fields.clone())
                        .unwrap_or_default()
                });
                fields.into_iter().map(|f| fact(cx, f)).collect()
            },
        );
    vec![fieldset.el()]
}

/// The fact's current value.
fn value_of(key: &str) -> String {
    read(|s| s.facts.get(key).cloned().unwrap_or_default())
}

/// Sets the fact's value (and clears its error).
fn set_value(key: &str, value: String) {
    write(|s| {
        s.facts.insert(key.to_owned(), value);
        if s.field_error.as_ref().is_some_and(|(_, f)| f == key) {
            s.field_error = None;
        }
    });
}

/// One labelled fact.
fn fact(cx: &Scope, field: FactField) -> Element {
    let id = format!("intake-{}", field.key);
    let error_id = format!("{id}-error");
    let key = field.key.clone();
    let label_field = field.clone();
    let mut label = cx.h("label").attr("for", &id).child(
        cx.h("span")
            .text_with(move || read(|s| label_field.label(&locale(), &s.config.default_locale))),
    );
    if field.required {
        label = label
            .child(
                cx.h("span")
                    .attr("class", "required")
                    .attr("aria-hidden", "true")
                    .text(" *"),
            )
            .child(
                cx.h("span")
                    .attr("class", "sr-only")
                    .text_with(|| t("fact-required")),
            );
    }
    let invalid = {
        let key = key.clone();
        move || field_error(&key).map(|_| "true".to_owned())
    };
    let mut out = cx
        .h("div")
        .attr("class", "fact")
        .attr("data-key", &field.key)
        .child(label);
    out = match field.kind {
        FactKind::Upload => upload(cx, out, &id, &error_id, &key, invalid),
        FactKind::Country => {
            let (k1, k2) = (key.clone(), key.clone());
            out.child(
                cx.h("select")
                    .attr("id", &id)
                    .attr("data-testid", &id)
                    .flag("required", field.required)
                    .attr_with("aria-invalid", invalid)
                    .attr("aria-describedby", &error_id)
                    .child(
                        cx.h("option")
                            .attr("value", "")
                            .text_with(|| t("fact-choose-country")),
                    )
                    .switch(locale, |locale, cx| {
                        let named: Vec<(String, String)> = read(|s| {
                            s.config
                                .countries
                                .iter()
                                .map(|code| (country_name(code, locale), code.clone()))
                                .collect()
                        });
                        let order = crate::client::collate(
                            named.iter().map(|(name, _)| name.clone()).collect(),
                            locale,
                        );
                        order
                            .iter()
                            .filter_map(|name| named.iter().find(|(n, _)| n == name))
                            .map(|(name, code)| cx.h("option").attr("value", code).text(name).el())
                            .collect()
                    })
                    .value_with(move || value_of(&k1))
                    .on("change", move |ev| set_value(&k2, event_value(&ev))),
            )
        }
        kind => {
            let (k1, k2) = (key.clone(), key.clone());
            let mut input = cx
                .h("input")
                .attr("id", &id)
                .attr("data-testid", &id)
                .attr(
                    "type",
                    if kind == FactKind::Date {
                        "date"
                    } else {
                        "text"
                    },
                )
                .flag("required", field.required)
                .attr("autocomplete", "off")
                .attr_with("aria-invalid", invalid)
                .attr("aria-describedby", &error_id);
            if kind == FactKind::Number {
                input = input.attr("inputmode", "decimal");
            }
            if let Some(example) = &field.example {
                input = input.attr("placeholder", example);
            }
            out.child(
                input
                    .value_with(move || value_of(&k1))
                    .on("input", move |ev| set_value(&k2, event_value(&ev))),
            )
        }
    };
    let k3 = key.clone();
    out.child(
        cx.h("p")
            .attr("class", "field-error error")
            .attr("id", &error_id)
            .attr("data-testid", &error_id)
            .flag_with("hidden", move || field_error(&key).is_none())
            .text_with(move || field_error(&k3).map(error_text).unwrap_or_default()),
    )
    .el()
}

/// The name of a country code in `locale` (the code itself without `Intl`).
fn country_name(code: &str, locale: &str) -> String {
    crate::client::region_name(code, locale).unwrap_or_else(|| code.to_owned())
}

/// Upload facts: a file picker that uploads each file as it is picked (the
/// fact holds the attachment ids, comma-separated), the files so far with a
/// button to remove each.
fn upload<'a>(
    cx: &'a Scope,
    out: H<'a>,
    id: &str,
    error_id: &str,
    key: &str,
    invalid: impl Fn() -> Option<String> + 'static,
) -> H<'a> {
    let (k1, k2) = (key.to_owned(), key.to_owned());
    out.child(
        cx.h("input")
            .attr("id", id)
            .attr("data-testid", id)
            .attr("type", "file")
            .flag("multiple", true)
            .attr(
                "accept",
                "image/jpeg,image/png,image/gif,image/webp,application/pdf",
            )
            .attr_with("aria-invalid", invalid)
            .attr("aria-describedby", error_id)
            .on("change", move |ev| {
                let Some(input) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                else {
                    return;
                };
                let files: Vec<web_sys::File> = input
                    .files()
                    .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
                    .unwrap_or_default();
                input.set_value("");
                upload_files(k1.clone(), files);
            }),
    )
    .child(
        cx.h("p")
            .attr("class", "uploading")
            .attr("role", "status")
            .flag_with("hidden", || read(|s| s.uploading == 0))
            .text_with(|| t("upload-busy")),
    )
    .child(
        cx.h("ul")
            .attr("class", "uploads")
            .attr("data-testid", &format!("{id}-files"))
            .list(
                move || {
                    read(|s| {
                        s.uploads
                            .iter()
                            .filter(|(fact, _, _)| *fact == k2)
                            .map(|(_, id, name)| (id.clone(), (id.clone(), name.clone())))
                            .collect()
                    })
                },
                |(file_id, name), cx| {
                    let (gone, label) = (file_id.clone(), name.clone());
                    cx.h("li")
                        .attr("data-attachment-id", file_id)
                        .child(cx.h("span").attr("dir", "auto").text(name))
                        .child(
                            cx.h("button")
                                .attr("type", "button")
                                .attr("class", "link")
                                .attr_with("aria-label", move || {
                                    Some(t_with("upload-remove", &[("name", label.clone().into())]))
                                })
                                .on("click", move |_| remove_upload(&gone))
                                .text("×"),
                        )
                        .el()
                },
            ),
    )
}

/// Uploads `files` one after the other with the visitor's token; each one
/// stored joins the fact `key`.
fn upload_files(key: String, files: Vec<web_sys::File>) {
    let token = crate::widget::session::token().unwrap_or_default();
    write(|s| s.uploading += 1);
    wasm_bindgen_futures::spawn_local(async move {
        for file in files {
            match crate::client::upload_attachment(file, &token).await {
                Ok(info) => write(|s| {
                    let mut ids: Vec<String> = s
                        .facts
                        .get(&key)
                        .map(|v| {
                            v.split(',')
                                .filter(|i| !i.is_empty())
                                .map(str::to_owned)
                                .collect()
                        })
                        .unwrap_or_default();
                    ids.push(info.id.clone());
                    s.facts.insert(key.clone(), ids.join(","));
                    s.uploads.push((key.clone(), info.id, info.file_name));
                    if s.field_error.as_ref().is_some_and(|(_, f)| *f == key) {
                        s.field_error = None;
                    }
                }),
                Err(code) => write(|s| s.field_error = Some((code, key.clone()))),
            }
        }
        write(|s| s.uploading = s.uploading.saturating_sub(1));
    });
}

/// Takes an uploaded file out of its fact.
fn remove_upload(file_id: &str) {
    write(|s| {
        let Some(at) = s.uploads.iter().position(|(_, id, _)| id == file_id) else {
            return;
        };
        let (key, _, _) = s.uploads.remove(at);
        if let Some(value) = s.facts.get_mut(&key) {
            *value = value
                .split(',')
                .filter(|i| !i.is_empty() && *i != file_id)
                .collect::<Vec<_>>()
                .join(",");
        }
    });
}
