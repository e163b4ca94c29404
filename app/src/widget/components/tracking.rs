//! "Track my order" (R-SELF3), when the site has an order lookup: the
//! order or waybill number (and, for a customer the site has not signed
//! in, the e-mail address or postcode it was placed with), then the
//! journey the site's back-end told, each step in the customer's language
//! with its place and its time in their time zone.

use web_sys::Element;

use crate::client::format_date_time;
use crate::i18n::{active_language as locale, t, t_with};
use crate::widget::dom::{Scope, event_value};
use crate::widget::session;
use crate::widget::state::{read, write};

/// The offer, the form when open, and the latest journey.
pub(super) fn build(cx: &Scope) -> Vec<Element> {
    vec![
        cx.h("section")
            .attr("class", "tracking")
            .attr("aria-labelledby", "track-title")
            .child(
                cx.h("button")
                    .attr("type", "button")
                    .attr("class", "link")
                    .attr("id", "track-title")
                    .attr("data-testid", "track-open")
                    .attr_with("aria-expanded", || Some(read(|s| s.track_open).to_string()))
                    .on("click", |_| write(|s| s.track_open = !s.track_open))
                    .text_with(|| t("track-title")),
            )
            .when(|| read(|s| s.track_open), form)
            .switch(
                || {
                    read(|s| {
                        s.tracking
                            .as_ref()
                            .map(|t| t.order.clone() + &t.steps.len().to_string())
                            .unwrap_or_default()
                    })
                },
                |key, cx| {
                    if key.is_empty() {
                        Vec::new()
                    } else {
                        journey(cx)
                    }
                },
            )
            .el(),
    ]
}

fn field(
    cx: &Scope,
    id: &'static str,
    label: &'static str,
    get: fn(&crate::widget::state::WidgetState) -> String,
    set: fn(&mut crate::widget::state::WidgetState, String),
) -> Element {
    cx.h("div")
        .attr("class", "fact")
        .child(cx.h("label").attr("for", id).text_with(move || t(label)))
        .child(
            cx.h("input")
                .attr("id", id)
                .attr("data-testid", id)
                .attr("dir", "auto")
                .attr("required", "")
                .value_with(move || read(get))
                .on("input", move |ev| {
                    let v = event_value(&ev);
                    write(|s| set(s, v));
                }),
        )
        .el()
}

fn form(cx: &Scope) -> Vec<Element> {
    let mut f = cx
        .h("form")
        .attr("data-testid", "track-form")
        .on("submit", |ev| {
            ev.prevent_default();
            let (order, contact) = read(|s| {
                (
                    s.track_order.clone(),
                    (!s.verified).then(|| s.track_contact.clone()),
                )
            });
            session::track(order, contact);
        })
        .child(field(
            cx,
            "track-order",
            "track-order",
            |s| s.track_order.clone(),
            |s, v| s.track_order = v,
        ));
    if !read(|s| s.verified) {
        f = f.child(field(
            cx,
            "track-contact",
            "track-contact",
            |s| s.track_contact.clone(),
            |s, v| s.track_contact = v,
        ));
    }
    vec![
        f.child(
            cx.h("button")
                .attr("type", "submit")
                .attr("data-testid", "track-submit")
                .text_with(|| t("track-submit")),
        )
        .el(),
    ]
}

fn journey(cx: &Scope) -> Vec<Element> {
    let Some(tr) = read(|s| s.tracking.clone()) else {
        return Vec::new();
    };
    let mut head = cx.h("p").attr("class", "track-head").text(&t_with(
        "track-order-is",
        &[("order", tr.order.clone().into())],
    ));
    if let Some(c) = &tr.carrier {
        head = head.text(&format!(" · {c}"));
    }
    let mut out = vec![head.el()];
    if let Some(eta) = tr.eta {
        out.push(
            cx.h("p")
                .attr("data-testid", "track-eta")
                .text(&t_with(
                    "track-eta",
                    &[("when", format_date_time(eta, &locale()).into())],
                ))
                .el(),
        );
    }
    let mut list = cx
        .h("ol")
        .attr("class", "track-steps")
        .attr("data-testid", "tracking")
        .attr("aria-live", "polite");
    for step in tr.steps.iter().rev() {
        let mut li = cx
            .h("li")
            .attr("data-testid", "track-step")
            .attr("data-kind", step.kind.as_str())
            .child(cx.h("strong").text(&t_with(
                "track-step",
                &[("kind", step.kind.as_str().into())],
            )))
            .child(cx.h("time").text(&format_date_time(step.at, &locale())));
        if let Some(p) = &step.place {
            li = li.child(cx.h("span").attr("dir", "auto").text(p));
        }
        if let Some(d) = &step.detail {
            li = li.child(cx.h("span").attr("dir", "auto").text(d));
        }
        list = list.child(li);
    }
    out.push(list.el());
    out
}
