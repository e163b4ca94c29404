//! `AwayNotice`: the site's away message while nobody who could answer is on shift.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::widget::state::WidgetState;

/// The site's away message while nobody who could answer is on shift: the
/// customer can still write, and nothing they write is lost.
#[component]
pub(crate) fn AwayNotice(state: WidgetState) -> impl IntoView {
    let away = move || state.staff_online.get() == Some(false);
    let text = move || {
        let locale = state.locale.get();
        state
            .config
            .with_value(|c| c.away(&locale).map(str::to_owned))
            .unwrap_or_else(|| tr!("widget-staff-offline"))
    };
    view! {
        <p class="away" data-testid="away-notice" role="status" dir="auto" hidden=move || !away()>
            {move || away().then(text)}
        </p>
    }
}
