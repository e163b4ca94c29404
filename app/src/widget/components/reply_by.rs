//! `ReplyBy`: when staff are due to answer, as the server computed it.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::widget::state::WidgetState;

/// "We'll reply by …" in the customer's own time zone.
#[component]
pub(crate) fn ReplyBy(state: WidgetState) -> impl IntoView {
    let text = move || {
        let ms = state.reply_by.get()?;
        let locale = state.locale.get();
        #[cfg(feature = "hydrate")]
        let time = crate::client::time_zone()
            .and_then(|tz| crate::client::format_time_in_zone(ms, &locale, &tz))
            .unwrap_or_else(|| crate::client::format_time(ms, &locale));
        #[cfg(not(feature = "hydrate"))]
        let time = {
            let _ = locale;
            ms.to_string()
        };
        Some(tr!("widget-reply-by", { "time" => time }))
    };
    view! {
        <p class="reply-by" data-testid="reply-by" role="status"
            data-reply-by=move || state.reply_by.get()
            hidden=move || state.reply_by.get().is_none()>
            {text}
        </p>
    }
}
