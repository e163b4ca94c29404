//! `AvailabilitySelect`: the agent takes conversations now, or is away.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::desk::state::DeskState;

/// The agent's own choice: take conversations (routing gives them some
/// while a desk is open) or be away.
#[component]
pub(crate) fn AvailabilitySelect(state: DeskState) -> impl IntoView {
    use crate::protocol::Availability;
    let mine = move || {
        state.agents.with(|a| {
            a.iter()
                .find(|a| a.id == state.agent_id)
                .map(|a| a.availability)
        })
    };
    view! {
        <label class="availability">
            <span class="sr-only">{move || tr!("availability-label")}</span>
            <select data-testid="availability-select" data-availability=move || mine().map(|a| a.as_str())
                on:change=move |ev| {
                    if let Some(a) = Availability::parse(&event_target_value(&ev)) {
                        set_availability(state, a);
                    }
                }>
                {[Availability::Available, Availability::Away].into_iter().map(|a| view! {
                    <option value=a.as_str() selected=move || mine() == Some(a)>
                        {move || tr!("availability", { "availability" => a.as_str() })}
                    </option>
                }).collect_view()}
            </select>
        </label>
    }
}

pub(crate) fn set_availability(state: DeskState, availability: crate::protocol::Availability) {
    state.set_availability(availability);
}
