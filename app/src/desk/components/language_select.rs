//! `DeskLanguageSelect`: the desk's own language.

use leptos::prelude::*;
use leptos_fluent::tr;

#[component]
pub(crate) fn DeskLanguageSelect() -> impl IntoView {
    let i18n = expect_context::<leptos_fluent::I18n>();
    let current = move || i18n.language.get().id.to_string();
    let hydrated = crate::components::hydrated();
    view! {
        <label class="language">
            <span class="sr-only">{move || tr!("language-label")}</span>
            <select data-testid="desk-language-select" disabled=move || !hydrated.get() on:change=move |ev| {
                crate::i18n::activate_language(&event_target_value(&ev));
            }>
                {crate::locale::SHIPPED.iter().map(|tag| {
                    let tag: &'static str = tag;
                    view! {
                        <option value=tag selected=move || current() == tag>
                            {crate::i18n::language_name(tag)}
                        </option>
                    }
                }).collect_view()}
            </select>
        </label>
    }
}
