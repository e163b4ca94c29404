//! `CustomerLocalTime`: the customer's local time, from their time zone.

use leptos::prelude::*;
use leptos_fluent::tr;

/// The customer's local time, refreshed every 30 s, in the agent's locale.
#[component]
pub(crate) fn CustomerLocalTime(time_zone: String) -> impl IntoView {
    let now = RwSignal::new(0i64);
    #[cfg(feature = "browser")]
    {
        now.set(js_sys::Date::now() as i64);
        if let Ok(handle) = set_interval_with_handle(
            move || now.set(js_sys::Date::now() as i64),
            std::time::Duration::from_secs(30),
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    let i18n = expect_context::<leptos_fluent::I18n>();
    let text = move || {
        let ms = now.get();
        let reader = i18n.language.get().id.to_string();
        local_time_text(ms, &reader, &time_zone)
            .map(|time| tr!("conversation-local-time", { "time" => time }))
    };
    view! { <p class="local-time" data-testid="customer-local-time">{text}</p> }
}

#[cfg(feature = "browser")]
pub(crate) fn local_time_text(ms: i64, reader: &str, time_zone: &str) -> Option<String> {
    (ms > 0)
        .then(|| crate::client::format_time_in_zone(ms, reader, time_zone))
        .flatten()
}

/// Rendered only in the browser, where the clock and `Intl` are.
#[cfg(not(feature = "browser"))]
pub(crate) fn local_time_text(_ms: i64, _reader: &str, _time_zone: &str) -> Option<String> {
    None
}
