//! `ContactForm`: contact details, with what is collected and why, sent only with consent.

use leptos::prelude::*;
use leptos_fluent::tr;

use crate::error::ErrorCode;
use crate::i18n::error_text;
use crate::protocol::ContactDetails;
use crate::widget::commands::send_contact;
use crate::widget::state::WidgetState;

/// Contact details, offered once the customer has written: what is
/// collected and why is shown first, and nothing is sent without the
/// consent box ticked (the server refuses it too).
#[component]
pub(crate) fn ContactForm(state: WidgetState) -> impl IntoView {
    let open = state.contact_open;
    let consent = RwSignal::new(false);
    let values = RwSignal::new(ContactDetails::default());
    let days = 365;
    let field_error = move |field: &'static str| {
        state.field_error.with(|e| {
            e.as_ref()
                .filter(|(_, f)| f == field)
                .map(|(code, _)| *code)
        })
    };
    let input = move |field: &'static str, kind: &'static str, auto: &'static str| {
        let id = format!("contact-{field}");
        let err_id = format!("contact-{field}-error");
        view! {
            <div class="fact">
                <label for=id.clone()>{move || tr!("contact-field", { "field" => field })}</label>
                <input id=id.clone() type=kind autocomplete=auto dir="auto" data-testid=id.clone()
                    aria-invalid=move || field_error(field).map(|_| "true")
                    aria-describedby=err_id.clone()
                    prop:value=move || values.with(|v| v.get(field).to_owned())
                    on:input=move |ev| values.update(|v| *v.get_mut(field) = event_target_value(&ev))/>
                <p class="field-error error" id=err_id.clone() data-testid=err_id
                    hidden=move || field_error(field).is_none()>
                    {move || field_error(field).map(error_text)}
                </p>
            </div>
        }
    };
    view! {
        <Show when=move || state.has_conversation.get()>
            <div class="contact-offer">
                <Show when=move || !open.get()>
                    <button type="button" class="link" data-testid="contact-open"
                        on:click=move |_| {
                            // A signed-in user of the site: their name and e-mail to start from.
                            if let Some(user) = state.identity.get_value() {
                                values.update(|v| {
                                    if v.name.is_empty() {
                                        v.name = user.name.unwrap_or_default();
                                    }
                                    if v.email.is_empty() {
                                        v.email = user.email.unwrap_or_default();
                                    }
                                });
                            }
                            open.set(true);
                        }>
                        {move || if state.contact_on_file.get() { tr!("contact-update") } else { tr!("contact-offer") }}
                    </button>
                    <Show when=move || state.contact_on_file.get()>
                        <p class="notice" role="status" data-testid="contact-saved">{move || tr!("contact-saved")}</p>
                    </Show>
                </Show>
                <Show when=move || open.get()>
                    <form class="contact-form" data-testid="contact-form"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            send_contact(state, values.get_untracked(), consent.get_untracked());
                        }>
                        <p class="notice" id="contact-notice" data-testid="contact-notice">
                            {move || tr!("contact-notice", { "days" => days })}
                        </p>
                        {input("name", "text", "name")}
                        {input("email", "email", "email")}
                        {input("phone", "tel", "tel")}
                        {input("address", "text", "street-address")}
                        <label class="consent" for="contact-consent">
                            <input type="checkbox" id="contact-consent" data-testid="contact-consent"
                                aria-describedby="contact-notice"
                                prop:checked=move || consent.get()
                                on:change=move |ev| consent.set(event_target_checked(&ev))/>
                            {move || tr!("contact-consent-label")}
                        </label>
                        <p class="field-error error" data-testid="contact-consent-error"
                            hidden=move || state.notice.get() != Some(ErrorCode::ConsentRequired)>
                            {move || error_text(ErrorCode::ConsentRequired)}
                        </p>
                        <button type="submit" data-testid="contact-submit">{move || tr!("contact-submit")}</button>
                        <button type="button" class="secondary" on:click=move |_| open.set(false)>
                            {move || tr!("contact-cancel")}
                        </button>
                    </form>
                </Show>
            </div>
        </Show>
    }
}
