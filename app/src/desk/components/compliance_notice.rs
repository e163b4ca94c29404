//! `ComplianceNotice`: a reply held back by the site's compliance rules.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::desk::state::DeskState;

/// What the compliance rules found in a held reply: a blocked phrase must be
/// rephrased; a warned one can be sent after confirming.
#[component]
pub(crate) fn ComplianceNotice(state: DeskState, draft: RwSignal<String>) -> impl IntoView {
    use crate::compliance::RuleAction;
    let held = move || state.held.get();
    view! {
        {move || held().map(|(body, hits)| {
            let blocked = hits.iter().find(|h| h.action == RuleAction::Block).map(|h| h.phrase.clone());
            let phrase = blocked.clone().unwrap_or_else(|| hits[0].phrase.clone());
            let text = if blocked.is_some() {
                tr!("compliance-blocked", { "phrase" => phrase.clone() })
            } else {
                tr!("compliance-warning", { "phrase" => phrase.clone() })
            };
            let action = if blocked.is_some() { "block" } else { "warn" };
            view! {
                <div class="compliance" role="alert" data-testid="compliance-notice" data-action=action>
                    <p>{text}</p>
                    {blocked.is_none().then(|| {
                        let body = body.clone();
                        view! {
                            <button type="button" data-testid="compliance-send-anyway"
                                on:click=move |_| {
                                    state.held.set(None);
                                    draft.set(String::new());
                                    state.reply(body.clone(), true);
                                }>
                                {move || tr!("compliance-send-anyway")}
                            </button>
                        }
                    })}
                    <button type="button" class="secondary" data-testid="compliance-edit"
                        on:click=move |_| state.held.set(None)>
                        {move || tr!("compliance-edit")}
                    </button>
                </div>
            }
        })}
    }
}
