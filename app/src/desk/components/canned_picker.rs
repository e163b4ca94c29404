//! `CannedPicker`: canned replies in the customer's language, variables filled in.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::desk::state::DeskState;

/// Inserts a canned reply in the customer's language with the variables
/// the desk knows filled in (facts, the agent's name, the site); unknown
/// ones stay visible and are listed so the agent completes them.
#[component]
pub(crate) fn CannedPicker(state: DeskState, draft: RwSignal<String>) -> impl IntoView {
    let unfilled = RwSignal::new(Vec::<String>::new());
    let choice = RwSignal::new(String::new());
    let site = move || {
        state
            .open_summary
            .with(|s| s.as_ref().map(|s| s.site.clone()))
    };
    let replies = move || {
        let site = site();
        state
            .canned
            .with(|all| all.iter().find(|c| Some(&c.site) == site.as_ref()).cloned())
    };
    let insert = move |key: String| {
        let Some(site_canned) = replies() else { return };
        let Some(reply) = site_canned.replies.iter().find(|r| r.key == key) else {
            return;
        };
        let locale = state
            .open_summary
            .with_untracked(|s| s.as_ref().and_then(|s| s.locale.clone()))
            .unwrap_or_else(|| site_canned.default_locale.clone());
        let Some((_, text)) = reply.text_for(&locale, &site_canned.default_locale) else {
            return;
        };
        // Read when picked: the staff list arrives with the desk's welcome.
        let name = state
            .agents
            .with_untracked(|a| {
                a.iter()
                    .find(|a| a.id == state.agent_id)
                    .map(|a| a.name.clone())
            })
            .unwrap_or_default();
        let mut vars: Vec<(&str, String)> = vec![("agent_name", name)];
        // Facts, with country codes named in the customer's language.
        let facts: Vec<(String, String)> = state
            .detail
            .with_untracked(|d| {
                d.as_ref().map(|d| {
                    d.facts
                        .iter()
                        .map(|(k, v)| {
                            let country = d.category.as_ref().is_some_and(|c| {
                                c.fields.iter().any(|f| {
                                    &f.key == k && f.kind == crate::intake::FactKind::Country
                                })
                            });
                            let v = if country {
                                crate::components::facts::country_name(v, &locale)
                            } else {
                                v.clone()
                            };
                            (k.clone(), v)
                        })
                        .collect()
                })
            })
            .unwrap_or_default();
        vars.extend(facts.iter().map(|(k, v)| (k.as_str(), v.clone())));
        let filled = crate::canned::fill(text, &vars);
        unfilled.set(crate::canned::unfilled(text, &vars));
        draft.update(|d| {
            if !d.trim().is_empty() {
                d.push('\n');
            }
            d.push_str(&filled);
        });
    };
    view! {
        {move || replies().filter(|c| !c.replies.is_empty()).map(|c| view! {
            <div class="canned">
                <label>
                    <span class="sr-only">{move || tr!("canned-label")}</span>
                    <select data-testid="canned-select" prop:value=move || choice.get()
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            choice.set(key.clone());
                            if !key.is_empty() {
                                insert(key);
                            }
                            // Back to the prompt, so the same reply can be picked again.
                            choice.set(String::new());
                        }>
                        <option value="">{move || tr!("canned-label")}</option>
                        {c.replies.iter().map(|r| {
                            let key = r.key.clone();
                            view! { <option value=key.clone()>{key.clone()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || !unfilled.with(Vec::is_empty)>
                    <p class="hint" data-testid="canned-unfilled">
                        {move || tr!("canned-unfilled", { "names" => unfilled.get().join(", ") })}
                    </p>
                </Show>
            </div>
        })}
    }
}
