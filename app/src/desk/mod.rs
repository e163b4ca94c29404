//! The staff desk at `/desk`: sign-in form (a plain HTML form, so it works
//! before the WASM loads), the live conversation list, one open conversation
//! with replies, typing indicators, receipts and "mark resolved".

use leptos::prelude::*;

use crate::error::ErrorCode;
use crate::i18n::error_text;

mod access;
mod api_keys;
mod case;
mod commands;
mod compensation;
mod complaint;
mod components;
mod countdown;
mod filters;
mod kb;
mod ledger;
pub(crate) mod library;
mod mail;
mod qa;
mod reports;
pub mod security;
#[cfg(feature = "browser")]
mod session;
mod setup;
mod sites;
mod staff;
mod state;
mod texts;
mod tracking;
mod webhooks;

pub use api_keys::ApiKeysPage;
pub use components::DeskPage;
pub use kb::KbPage;
pub use ledger::{AnalysisPage, ComplaintsPage};
pub use library::LibraryPage;
pub use qa::QaPage;
pub use reports::ReportsPage;
pub use setup::SetupPage;
pub use sites::SitesPage;
pub use staff::StaffPage;
pub use texts::TextsPage;
pub use webhooks::WebhooksPage;

/// What an admin page shows for its loaded data: the page itself, the
/// refusal (not signed in, not an admin, unknown site) with its code, or an
/// internal error. `page` names the `data-testid` of the refusal.
pub(crate) fn admin_view<T>(
    loaded: Result<T, ErrorCode>,
    page: &'static str,
    show: impl FnOnce(T) -> AnyView,
) -> AnyView {
    match loaded {
        Ok(data) => show(data),
        Err(code) => view! {
            <p class="error" role="alert" data-testid=format!("{page}-refused") data-code=code.as_str()>
                {move || error_text(code)}
            </p>
        }
        .into_any(),
    }
}

/// What a page's plain form did, read from the address it came back to:
/// the value of `done` (what was done) and the refusal's code (`error`).
pub(crate) fn form_outcome(done: &'static str) -> Memo<(Option<String>, Option<ErrorCode>)> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| {
        let q = query.read();
        (
            q.get(done),
            q.get("error").and_then(|e| ErrorCode::parse(&e)),
        )
    })
}

/// A form's refusal in words (`data-testid` `{form}-error`).
#[component]
pub(crate) fn FormError(form: &'static str, code: ErrorCode) -> impl IntoView {
    view! {
        <p class="error" role="alert" data-testid=format!("{form}-error") data-code=code.as_str()>
            {move || error_text(code)}
        </p>
    }
}
