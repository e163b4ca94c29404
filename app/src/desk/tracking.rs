//! The case panel's order lookup (R-SELF3): the agent asks the site's
//! back-end where an order of this customer is, and sees the same journey
//! the customer's "Track my order" shows — each step in the desk's
//! language, times in the agent's.

use leptos::prelude::*;
use leptos_fluent::tr;

use super::security::DateTime;
use super::state::DeskState;
use crate::protocol::DeskFrame;

/// The lookup form and its latest answer for this conversation.
#[component]
pub(crate) fn TrackingSection(state: DeskState, conversation_id: i64) -> impl IntoView {
    let order = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        state.tracking.set(None);
        state.send(&DeskFrame::TrackOrder {
            conversation_id,
            order: order.get_untracked(),
        });
    };
    let answer = move || {
        state
            .tracking
            .get()
            .filter(|(id, _)| *id == conversation_id)
            .map(|(_, a)| a)
    };
    view! {
        <section class="tracking" aria-labelledby="case-track-heading" data-testid="case-tracking">
            <h3 id="case-track-heading">{move || tr!("track-title")}</h3>
            <form on:submit=submit data-testid="case-track-form">
                <label for="case-track-order">{move || tr!("track-order")}</label>
                <input id="case-track-order" required maxlength="64" data-testid="case-track-order"
                    prop:value=move || order.get() on:input=move |ev| order.set(event_target_value(&ev))/>
                <button type="submit" data-testid="case-track-submit">{move || tr!("track-submit")}</button>
            </form>
            <div aria-live="polite">
                {move || answer().map(|a| match a {
                    Ok(t) => view! {
                        <p>{tr!("track-order-is", { "order" => t.order.clone() })}
                            {t.carrier.clone().map(|c| format!(" · {c}"))}</p>
                        {t.eta.map(|ms| view! { <Eta ms/> })}
                        <ol class="track-steps" data-testid="case-tracking-steps">
                            {t.steps.iter().rev().map(|s| {
                                let kind = s.kind.as_str();
                                view! {
                                    <li data-testid="case-track-step" data-kind=kind>
                                        <strong>{move || tr!("track-step", { "kind" => kind })}</strong> " "
                                        <DateTime ms=s.at/>
                                        {s.place.clone().map(|p| view! { " · " <span dir="auto">{p}</span> })}
                                        {s.detail.clone().map(|d| view! { " · " <span dir="auto">{d}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    Err(code) => view! {
                        <p class="error" role="alert" data-testid="case-track-error" data-code=code.as_str()>
                            {move || crate::i18n::error_text(code)}
                        </p>
                    }.into_any(),
                })}
            </div>
        </section>
    }
}

/// "Expected: …", the date and time in the desk's language (the browser's `Intl`).
#[component]
fn Eta(ms: i64) -> impl IntoView {
    let when = RwSignal::new(String::new());
    #[cfg(feature = "browser")]
    {
        let i18n = expect_context::<leptos_fluent::I18n>();
        Effect::new(move |_| {
            let locale = i18n.language.get().id.to_string();
            when.set(crate::client::format_date_time(ms, &locale));
        });
    }
    #[cfg(not(feature = "browser"))]
    let _ = ms;
    view! { <p data-testid="case-track-eta">{move || tr!("track-eta", { "when" => when.get() })}</p> }
}
