//! `LoginForm`: the staff sign-in form, a plain HTML form that works before the WASM loads.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_router::hooks::use_query_map;

use crate::error::ErrorCode;
use crate::i18n::error_text;

#[component]
pub(crate) fn LoginForm() -> impl IntoView {
    let query = use_query_map();
    let error = move || query.read().get("error").and_then(|e| ErrorCode::parse(&e));
    view! {
        <main class="login">
            <form method="post" action="/api/auth/login" class="login-form">
                <h1>{move || tr!("login-heading")}</h1>
                {move || error().map(|code| view! {
                    <p class="error" role="alert" data-testid="login-error" data-code=code.as_str()>
                        {error_text(code)}
                    </p>
                })}
                <label for="login-email">{move || tr!("login-email")}</label>
                <input id="login-email" name="email" type="email" autocomplete="username"
                    required data-testid="login-email"/>
                <label for="login-password">{move || tr!("login-password")}</label>
                <input id="login-password" name="password" type="password"
                    autocomplete="current-password" required data-testid="login-password"/>
                <button type="submit" data-testid="login-submit">{move || tr!("login-submit")}</button>
            </form>
        </main>
    }
}
