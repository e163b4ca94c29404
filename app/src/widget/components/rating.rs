//! After a resolution: 1–5 stars (radio buttons, so arrow keys and screen
//! readers work) and an optional comment, in the site's words per locale.

use web_sys::Element;

use crate::i18n::active_language as locale;
use crate::i18n::{t, t_with};
use crate::widget::dom::{Scope, event_value};
use crate::widget::session;
use crate::widget::state::{read, write};

/// Whether the customer is asked to rate.
pub(super) fn asked() -> bool {
    read(|s| s.status.is_some_and(crate::rating::may_rate) && !s.rated)
}

/// The rating form.
pub(super) fn form(cx: &Scope) -> Vec<Element> {
    let mut stars = cx.h("div").attr("class", "stars");
    for n in crate::rating::SCORES {
        let id = format!("rating-{n}");
        let label = move || t_with("widget-rating-star", &[("score", n.into())]);
        stars = stars
            .child(
                cx.h("input")
                    .attr("type", "radio")
                    .attr("class", "sr-only")
                    .attr("name", "score")
                    .attr("id", &id)
                    .attr("value", &n.to_string())
                    .flag("required", true)
                    .attr("data-testid", &id)
                    .checked_with(move || read(|s| s.score == n))
                    .on("change", move |_| write(|s| s.score = n)),
            )
            .child(
                cx.h("label")
                    .attr("for", &id)
                    .attr_with("title", move || Some(label()))
                    .attr_with("class", move || {
                        read(|s| s.score >= n).then(|| "lit".to_owned())
                    })
                    .child(cx.h("span").attr("aria-hidden", "true").text_with(move || {
                        if read(|s| s.score >= n) { "★" } else { "☆" }.to_owned()
                    }))
                    .child(cx.h("span").attr("class", "sr-only").text_with(label)),
            );
    }
    vec![
        cx.h("form")
            .attr("class", "rating")
            .attr("data-testid", "rating")
            .on("submit", |ev| {
                ev.prevent_default();
                let (n, comment) = read(|s| (s.score, s.comment.clone()));
                if crate::rating::SCORES.contains(&n) {
                    session::rate(n, comment);
                }
            })
            .child(
                cx.h("fieldset")
                    .child(cx.h("legend").attr("dir", "auto").text_with(|| {
                        let locale = locale();
                        read(|s| s.config.rating(&locale).map(str::to_owned))
                            .unwrap_or_else(|| t("widget-rating-question"))
                    }))
                    .child(stars),
            )
            .child(
                cx.h("label")
                    .attr("for", "rating-comment")
                    .text_with(|| t("widget-rating-comment")),
            )
            .child(
                cx.h("textarea")
                    .attr("id", "rating-comment")
                    .attr("data-testid", "rating-comment")
                    .attr("dir", "auto")
                    .attr("rows", "2")
                    .attr("maxlength", &crate::rating::MAX_COMMENT_CHARS.to_string())
                    .value_with(|| read(|s| s.comment.clone()))
                    .on("input", |ev| {
                        let comment = event_value(&ev);
                        write(|s| s.comment = comment);
                    }),
            )
            .child(
                cx.h("button")
                    .attr("type", "submit")
                    .attr("data-testid", "rating-send")
                    .flag_with("disabled", || read(|s| s.score == 0))
                    .text_with(|| t("widget-rating-send")),
            )
            .el(),
    ]
}

/// Thanks, once rated in this view.
pub(super) fn thanks(cx: &Scope) -> Vec<Element> {
    vec![
        cx.h("p")
            .attr("class", "notice")
            .attr("role", "status")
            .attr("data-testid", "rating-thanks")
            .text_with(|| t("widget-rating-thanks"))
            .el(),
    ]
}
