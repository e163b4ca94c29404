//! `QueuePlace`: where a waiting customer stands in the queue.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::widget::state::WidgetState;

/// "You are 2nd in line (3 waiting) · Our team is online now."
#[component]
pub(crate) fn QueuePlace(state: WidgetState) -> impl IntoView {
    let waiting = move || state.queue.get().filter(|q| q.position.is_some());
    view! {
        <div class="queue" data-testid="queue" role="status"
            data-position=move || waiting().and_then(|q| q.position)
            data-staff-online=move || waiting().map(|q| q.staff_online.to_string())
            hidden=move || waiting().is_none()>
            {move || waiting().map(|q| view! {
                <p>{tr!("widget-queue-position", {
                    "position" => q.position.unwrap_or(1),
                    "waiting" => q.waiting,
                })}</p>
                {q.staff_online.then(|| view! {
                    <p class="online">{tr!("widget-staff-online")}</p>
                })}
            })}
        </div>
    }
}
