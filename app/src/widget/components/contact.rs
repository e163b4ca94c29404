//! Contact details, offered once the customer has written: what is
//! collected and why is shown first, and nothing is sent without the
//! consent box ticked (the server refuses it too).

use web_sys::Element;

use crate::error::ErrorCode;
use crate::i18n::{error_text, t, t_with};
use crate::widget::dom::{Scope, event_checked, event_value};
use crate::widget::session;
use crate::widget::state::{field_error, read, write};

/// How long contact details are kept, in days (shown in the notice).
const KEPT_DAYS: u32 = 365;

/// The offer (a button) or the open form.
pub(super) fn build(cx: &Scope) -> Vec<Element> {
    let offer = cx
        .h("div")
        .attr("class", "contact-offer")
        .when(|| !read(|s| s.contact_open), offer)
        .when(|| read(|s| s.contact_on_file && !s.contact_open), saved)
        .when(|| read(|s| s.contact_open), form);
    vec![offer.el()]
}

fn offer(cx: &Scope) -> Vec<Element> {
    vec![
        cx.h("button")
            .attr("type", "button")
            .attr("class", "link")
            .attr("data-testid", "contact-open")
            .on("click", |_| {
                write(|s| {
                    // A signed-in user of the site: their name and e-mail to start from.
                    if let Some(user) = s.identity.clone() {
                        if s.contact.name.is_empty() {
                            s.contact.name = user.name.unwrap_or_default();
                        }
                        if s.contact.email.is_empty() {
                            s.contact.email = user.email.unwrap_or_default();
                        }
                    }
                    s.contact_open = true;
                });
            })
            .text_with(|| {
                if read(|s| s.contact_on_file) {
                    t("contact-update")
                } else {
                    t("contact-offer")
                }
            })
            .el(),
    ]
}

fn saved(cx: &Scope) -> Vec<Element> {
    vec![
        cx.h("p")
            .attr("class", "notice")
            .attr("role", "status")
            .attr("data-testid", "contact-saved")
            .text_with(|| t("contact-saved"))
            .el(),
    ]
}

fn input(cx: &Scope, field: &'static str, kind: &str, auto: &str) -> Element {
    let id = format!("contact-{field}");
    let err_id = format!("contact-{field}-error");
    cx.h("div")
        .attr("class", "fact")
        .child(
            cx.h("label")
                .attr("for", &id)
                .text_with(move || t_with("contact-field", &[("field", field.into())])),
        )
        .child(
            cx.h("input")
                .attr("id", &id)
                .attr("type", kind)
                .attr("autocomplete", auto)
                .attr("dir", "auto")
                .attr("data-testid", &id)
                .attr_with("aria-invalid", move || {
                    field_error(field).map(|_| "true".to_owned())
                })
                .attr("aria-describedby", &err_id)
                .value_with(move || read(|s| s.contact.get(field).to_owned()))
                .on("input", move |ev| {
                    let value = event_value(&ev);
                    write(|s| *s.contact.get_mut(field) = value);
                }),
        )
        .child(
            cx.h("p")
                .attr("class", "field-error error")
                .attr("id", &err_id)
                .attr("data-testid", &err_id)
                .flag_with("hidden", move || field_error(field).is_none())
                .text_with(move || field_error(field).map(error_text).unwrap_or_default()),
        )
        .el()
}

fn form(cx: &Scope) -> Vec<Element> {
    vec![
        cx.h("form")
            .attr("class", "contact-form")
            .attr("data-testid", "contact-form")
            .on("submit", |ev| {
                ev.prevent_default();
                let (details, consent) = read(|s| (s.contact.clone(), s.consent));
                session::contact(details, consent);
            })
            .child(
                cx.h("p")
                    .attr("class", "notice")
                    .attr("id", "contact-notice")
                    .attr("data-testid", "contact-notice")
                    .text_with(|| t_with("contact-notice", &[("days", KEPT_DAYS.into())])),
            )
            .child(input(cx, "name", "text", "name"))
            .child(input(cx, "email", "email", "email"))
            .child(input(cx, "phone", "tel", "tel"))
            .child(input(cx, "address", "text", "street-address"))
            .child(
                cx.h("label")
                    .attr("class", "consent")
                    .attr("for", "contact-consent")
                    .child(
                        cx.h("input")
                            .attr("type", "checkbox")
                            .attr("id", "contact-consent")
                            .attr("data-testid", "contact-consent")
                            .attr("aria-describedby", "contact-notice")
                            .checked_with(|| read(|s| s.consent))
                            .on("change", |ev| {
                                let on = event_checked(&ev);
                                write(|s| s.consent = on);
                            }),
                    )
                    .child(cx.h("span").text_with(|| t("contact-consent-label"))),
            )
            .child(
                cx.h("p")
                    .attr("class", "field-error error")
                    .attr("data-testid", "contact-consent-error")
                    .flag_with("hidden", || {
                        read(|s| s.notice != Some(ErrorCode::ConsentRequired))
                    })
                    .text_with(|| error_text(ErrorCode::ConsentRequired)),
            )
            .child(
                cx.h("button")
                    .attr("type", "submit")
                    .attr("data-testid", "contact-submit")
                    .text_with(|| t("contact-submit")),
            )
            .child(
                cx.h("button")
                    .attr("type", "button")
                    .attr("class", "secondary")
                    .on("click", |_| write(|s| s.contact_open = false))
                    .text_with(|| t("contact-cancel")),
            )
            .el(),
    ]
}
