//! `RatingPrompt`: "is your problem solved?" and the rating of the resolution.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::widget::commands::rate;
use crate::widget::state::WidgetState;

/// After a resolution: 1–5 stars (radio buttons, so arrow keys and screen
/// readers work) and an optional comment, in the site's words per locale.
#[component]
pub(crate) fn RatingPrompt(state: WidgetState) -> impl IntoView {
    let score = RwSignal::new(0u8);
    let comment = RwSignal::new(String::new());
    let asked =
        move || state.status.get().is_some_and(crate::rating::may_rate) && !state.rated.get();
    let question = move || {
        let locale = state.locale.get();
        state
            .config
            .with_value(|c| c.rating(&locale).map(str::to_owned))
            .unwrap_or_else(|| tr!("widget-rating-question"))
    };
    let stars = move || {
        crate::rating::SCORES.map(|n| {
            let label = move || tr!("widget-rating-star", { "score" => n });
            view! {
                <input type="radio" class="sr-only" name="score" id=format!("rating-{n}")
                    value=n.to_string() required prop:checked=move || score.get() == n
                    data-testid=format!("rating-{n}") on:change=move |_| score.set(n)/>
                <label for=format!("rating-{n}") title=label
                    class:lit=move || { score.get() >= n }>
                    <span aria-hidden="true">{move || if score.get() >= n { "★" } else { "☆" }}</span>
                    <span class="sr-only">{label}</span>
                </label>
            }
        })
        .collect_view()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = score.get_untracked();
        if crate::rating::SCORES.contains(&n) {
            rate(state, n, comment.get_untracked());
        }
    };
    view! {
        <Show when=asked>
            <form class="rating" data-testid="rating" on:submit=submit>
                <fieldset>
                    <legend dir="auto">{question}</legend>
                    <div class="stars">{stars()}</div>
                </fieldset>
                <label for="rating-comment">{move || tr!("widget-rating-comment")}</label>
                <textarea id="rating-comment" data-testid="rating-comment" dir="auto" rows="2"
                    maxlength=crate::rating::MAX_COMMENT_CHARS.to_string()
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                <button type="submit" data-testid="rating-send"
                    disabled=move || score.get() == 0>
                    {move || tr!("widget-rating-send")}
                </button>
            </form>
        </Show>
        <Show when=move || state.thanked.get()>
            <p class="notice" role="status" data-testid="rating-thanks">
                {move || tr!("widget-rating-thanks")}
            </p>
        </Show>
    }
}
