//! `ArticlePicker`: knowledge-base articles for the open conversation (R-I18N3,
//! issue 20) — suggested from the customer's latest messages and the facts
//! collected, or found with the agent's own words — in the language the
//! customer reads; one click puts an article's link, or its text and link,
//! into the reply.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::desk::state::DeskState;
use crate::protocol::{ArticleSuggestion, DeskFrame};

/// Characters of an article's body shown in the list.
const PREVIEW_CHARS: usize = 140;

#[component]
pub(crate) fn ArticlePicker(state: DeskState, draft: RwSignal<String>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let conversation = move || state.selected.get();
    let ask = move |q: Option<String>| {
        if let Some(id) = state.selected.get_untracked() {
            state.send(&DeskFrame::SuggestArticles {
                conversation_id: id,
                query: q,
            });
        }
    };
    let articles = move || {
        let id = conversation();
        state
            .articles
            .get()
            .filter(|(c, _)| Some(*c) == id)
            .map(|(_, a)| a)
    };
    let insert = move |text: String| {
        draft.update(|d| {
            if !d.trim().is_empty() {
                d.push_str("\n\n");
            }
            d.push_str(&text);
        });
    };
    let search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        ask(Some(query.get_untracked()));
    };
    let toggle = move |_| {
        let now = !open.get_untracked();
        open.set(now);
        if now {
            ask(None);
        }
    };
    view! {
        <div class="articles" data-testid="articles">
            <button type="button" class="secondary" data-testid="articles-open"
                aria-expanded=move || open.get().to_string() aria-controls="articles-panel"
                on:click=toggle>{move || tr!("kb-suggest")}</button>
            <div id="articles-panel" hidden=move || !open.get()>
            <form on:submit=search role="search">
                <label for="articles-query" class="sr-only">{move || tr!("kb-suggest-search")}</label>
                <input id="articles-query" type="search" maxlength="200" data-testid="articles-query"
                    placeholder=move || tr!("kb-suggest-search")
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev))/>
                <button type="submit" class="secondary">{move || tr!("help-search-button")}</button>
            </form>
            <div aria-live="polite">
                {move || articles().map(|list| {
                    if list.is_empty() {
                        return view! { <p class="hint" data-testid="articles-none">{move || tr!("kb-suggest-none")}</p> }.into_any();
                    }
                    view! {
                        <ul class="article-suggestions">
                            {list.into_iter().map(|a| view! { <Suggestion a insert/> }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </div>
            </div>
        </div>
    }
}

#[component]
fn Suggestion(a: ArticleSuggestion, insert: impl Fn(String) + Copy + 'static) -> impl IntoView {
    let preview: String = {
        let flat = a.body.split_whitespace().collect::<Vec<_>>().join(" ");
        match flat.char_indices().nth(PREVIEW_CHARS) {
            Some((i, _)) => format!("{}…", &flat[..i]),
            None => flat,
        }
    };
    let link = a.url.clone();
    let text = format!("{}\n{}\n{}", a.title, a.body, a.url);
    let dir = if crate::locale::is_rtl(&a.locale) {
        "rtl"
    } else {
        "ltr"
    };
    view! {
        <li data-testid="article-suggestion" data-slug=a.slug.clone() data-locale=a.locale.clone()>
            <strong lang=a.locale.clone() dir=dir>{a.title.clone()}</strong>
            <p lang=a.locale.clone() dir=dir>{preview}</p>
            <button type="button" class="secondary" data-testid="article-insert-link"
                on:click=move |_| insert(link.clone())>{move || tr!("kb-insert-link")}</button>
            " "
            <button type="button" class="secondary" data-testid="article-insert-text"
                on:click=move |_| insert(text.clone())>{move || tr!("kb-insert-text")}</button>
        </li>
    }
}
