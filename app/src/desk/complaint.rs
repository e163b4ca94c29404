//! Complaints in the desk (issue 18): the case panel shows the open
//! conversation's complaint (step, owner, clocks, a link to its page in the
//! ledger) or a form to raise one; the alert banner carries its clocks'
//! alerts. The ledger itself is `/desk/complaints` (`super::ledger`).

use leptos::prelude::*;
use leptos_fluent::tr;

use super::state::DeskState;
use crate::complaints::{ComplaintClock, ComplaintView, Severity, Standing};
use crate::protocol::DeskFrame;

impl DeskState {
    /// Raises a complaint on the open conversation.
    pub fn raise_complaint(self, summary: String, severity: Severity) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        self.send(&DeskFrame::RaiseComplaint {
            conversation_id,
            summary,
            severity,
        });
    }

    /// A complaint changed: the open case shows it.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub fn complaint_changed(self, c: ComplaintView) {
        if self.selected.get_untracked() == Some(c.conversation_id) {
            self.detail.update(|d| {
                if let Some(d) = d {
                    d.complaint = Some(c);
                }
            });
        }
    }
}

pub(crate) fn step_name(step: crate::complaints::Step) -> String {
    tr!("complaint-step", { "step" => step.as_str() })
}

pub(crate) fn clock_name(clock: ComplaintClock) -> String {
    tr!("complaint-clock", { "clock" => clock.as_str() })
}

pub(crate) fn standing_name(s: Standing) -> String {
    tr!("complaint-standing", { "standing" => s.as_str() })
}

/// The case panel's complaint: where it stands, or a form to raise one.
#[component]
pub(crate) fn ComplaintSection(
    state: DeskState,
    complaint: Option<ComplaintView>,
) -> impl IntoView {
    let summary = RwSignal::new(String::new());
    let major = RwSignal::new(false);
    view! {
        <section class="complaint" aria-labelledby="complaint-heading" data-testid="complaint">
            <h3 id="complaint-heading">{move || tr!("complaint-heading")}</h3>
            {match complaint {
                Some(c) => {
                    let href = format!("/desk/complaints?id={}", c.id);
                    let step = c.step;
                    let owner = c.owner.clone();
                    view! {
                        <p data-testid="complaint-step" data-step=step.as_str() data-severity=c.severity.as_str()>
                            {move || step_name(step)}
                            {owner.map(|o| view! { " · " {move || tr!("complaint-owner", { "name" => o.clone() })} })}
                        </p>
                        <ul class="clocks">
                            {c.clocks.into_iter().map(|k| view! {
                                <li data-clock=k.clock.as_str() data-standing=k.standing.as_str()>
                                    {move || clock_name(k.clock)} ": " {move || standing_name(k.standing)}
                                </li>
                            }).collect_view()}
                        </ul>
                        <a href=href data-testid="complaint-link">{move || tr!("complaint-open")}</a>
                    }.into_any()
                }
                None => view! {
                    <form class="raise" data-testid="complaint-form"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            let severity = if major.get_untracked() { Severity::Major } else { Severity::Ordinary };
                            state.raise_complaint(summary.get_untracked(), severity);
                        }>
                        <label for="complaint-summary">{move || tr!("complaint-summary")}</label>
                        <textarea id="complaint-summary" rows="2" maxlength="2000" required data-testid="complaint-summary"
                            prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev))></textarea>
                        <label class="check">
                            <input type="checkbox" data-testid="complaint-major"
                                prop:checked=move || major.get() on:change=move |ev| major.set(event_target_checked(&ev))/>
                            {move || tr!("complaint-major")}
                        </label>
                        <button type="submit" class="secondary" data-testid="complaint-raise">{move || tr!("complaint-raise")}</button>
                    </form>
                }.into_any(),
            }}
        </section>
    }
}

/// Live complaint alerts, newest first, each a link to the complaint.
#[component]
pub(crate) fn ComplaintAlerts(state: DeskState) -> impl IntoView {
    view! {
        <div class="alerts" role="alert" data-testid="complaint-alerts">
            <For each=move || state.complaint_alerts.get() key=|a| (a.complaint_id, a.clock, a.breached) let:a>
                <p class="alert" class:breached=a.breached data-testid="complaint-alert"
                    data-breached=a.breached.to_string() data-for-me=a.for_me.to_string()>
                    <a href=format!("/desk/complaints?id={}", a.complaint_id)>
                        {move || tr!("complaint-alert", {
                            "id" => a.complaint_id.to_string(),
                            "clock" => clock_name(a.clock),
                            "breached" => a.breached.to_string(),
                        })}
                    </a>
                </p>
            </For>
        </div>
    }
}
