//! `IntakeForm`: the category and its facts, asked before the first message.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::components::facts::{FactForm, FactInput};
use crate::i18n::error_text;
use crate::intake::Facts;
use crate::widget::commands::needs_intake;
use crate::widget::state::WidgetState;

/// Category and key facts, asked before the first message (R-FLOW1).
#[component]
pub(crate) fn IntakeForm(state: WidgetState) -> impl IntoView {
    // Country names come from the browser: render after hydration only.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let form = FactForm {
        values: state.facts,
        error: state.field_error,
        locale: state.locale,
        default_locale: StoredValue::new(state.config.with_value(|c| c.default_locale.clone())),
        countries: StoredValue::new(state.config.with_value(|c| c.countries.clone())),
        id_prefix: "intake",
        upload_site: Some(state.site),
    };
    let category_error = move || {
        state.field_error.with(|e| {
            e.as_ref()
                .filter(|(_, f)| f == "category")
                .map(|(code, _)| *code)
        })
    };
    let fields = move || {
        let key = state.category.get()?;
        let category = state
            .config
            .with_value(|c| c.categories.iter().find(|x| x.key == key).cloned())?;
        Some(
            category
                .fields
                .into_iter()
                .map(|field| view! { <FactInput field form/> })
                .collect_view(),
        )
    };
    view! {
        <Show when=move || mounted.get() && needs_intake(state)>
            <fieldset class="intake" data-testid="intake">
                <legend>{move || tr!("intake-heading")}</legend>
                <div class="fact">
                    <label for="intake-category">{move || tr!("intake-category-label")}</label>
                    <select id="intake-category" data-testid="intake-category" required=true
                        aria-invalid=move || category_error().map(|_| "true")
                        aria-describedby="intake-category-error"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            state.category.set((!v.is_empty()).then_some(v));
                            state.facts.set(Facts::new());
                            state.field_error.set(None);
                        }>
                        <option value="">{move || tr!("intake-category-placeholder")}</option>
                        {move || {
                            let locale = state.locale.get();
                            state.config.with_value(|c| {
                                c.categories.iter().map(|cat| {
                                    let key = cat.key.clone();
                                    let selected = state.category.get_untracked().as_deref() == Some(key.as_str());
                                    view! {
                                        <option value=key selected=selected>
                                            {cat.name(&locale, &c.default_locale)}
                                        </option>
                                    }
                                }).collect_view()
                            })
                        }}
                    </select>
                    <p class="field-error error" id="intake-category-error"
                        data-testid="intake-category-error" hidden=move || category_error().is_none()>
                        {move || category_error().map(error_text)}
                    </p>
                </div>
                {fields}
            </fieldset>
        </Show>
    }
}
