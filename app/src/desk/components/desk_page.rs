//! `DeskPage`: the `/desk` route (sign-in form or the desk).

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::Title;

use crate::api::DeskSession;
use crate::error::ErrorCode;
use crate::i18n::error_text;

use crate::desk::components::desk::Desk;
use crate::desk::components::login_form::LoginForm;

/// The `/desk` route.
#[component]
pub fn DeskPage() -> impl IntoView {
    let viewer = crate::desk::security::provide_session().0;
    // The title is rendered by the meta context, outside the I18n provider
    // after a client-side navigation: hold the handle here.
    let i18n = expect_context::<leptos_fluent::I18n>();
    view! {
        <Title text=move || tr!(i18n, "desk-title")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match viewer.await {
                    Ok(DeskSession::SignedIn { agent, csrf }) => view! { <Desk agent csrf/> }.into_any(),
                    Ok(DeskSession::SignedOut) => view! { <LoginForm/> }.into_any(),
                    Ok(DeskSession::Code { csrf }) => view! { <crate::desk::security::CodeForm csrf/> }.into_any(),
                    Ok(DeskSession::Enrol { csrf }) => view! { <crate::desk::security::EnrolPage csrf/> }.into_any(),
                    Ok(DeskSession::NewPassword { csrf }) => view! { <crate::desk::security::NewPasswordPage csrf/> }.into_any(),
                    Err(_) => view! {
                        <p role="alert">{error_text(ErrorCode::Internal)}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
