//! The message box of both the widget and the desk: Enter sends (unless an
//! IME composition is in progress), Shift+Enter makes a new line, every
//! keystroke reports typing. The input id doubles as its `data-testid`.

use leptos::prelude::*;

/// Labels of a composer, already translated (reactive).
#[derive(Clone, Copy)]
pub struct ComposerTexts {
    /// Screen-reader label of the input.
    pub label: Signal<String>,
    /// Placeholder.
    pub placeholder: Signal<String>,
    /// Send button text.
    pub send: Signal<String>,
}

/// A message box bound to `draft`.
#[component]
pub fn Composer(
    /// `id` and `data-testid` of the input, e.g. `composer-input`.
    input_id: &'static str,
    /// `data-testid` of the send button.
    send_id: &'static str,
    /// Visible rows.
    rows: u8,
    texts: ComposerTexts,
    draft: RwSignal<String>,
    /// Called with the text to send; the draft is cleared when it returns
    /// `true` (e.g. the widget keeps it while its form still has an error).
    on_send: Callback<String, bool>,
    /// Called on every edit.
    on_typing: Callback<()>,
) -> impl IntoView {
    let submit = move || {
        let body = draft.get_untracked();
        if body.trim().is_empty() {
            return;
        }
        if on_send.run(body) {
            draft.set(String::new());
        }
    };
    view! {
        <form class="composer" on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <label for=input_id class="sr-only">{move || texts.label.get()}</label>
            <textarea id=input_id data-testid=input_id rows=rows
                maxlength=crate::protocol::MAX_BODY_CHARS
                placeholder=move || texts.placeholder.get()
                prop:value=move || draft.get()
                on:input=move |ev| { draft.set(event_target_value(&ev)); on_typing.run(()); }
                on:keydown=move |ev| {
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        submit();
                    }
                }
            ></textarea>
            <button type="submit" data-testid=send_id>{move || texts.send.get()}</button>
        </form>
    }
}
