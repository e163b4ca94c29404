//! The root component and the HTML shell.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::desk::security::{AuditPage, SecurityPage};
use crate::desk::{DeskPage, SetupPage, SitesPage, StaffPage, TextsPage};
use crate::i18n::I18nProvider;

/// The document around the staff pages (server only renders it). The
/// customer widget is not a Leptos route: the server serves its page and its
/// own bundle renders it (see [`crate::widget`]).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport"
                    content="width=device-width, initial-scale=1, interactive-widget=resizes-content"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <link rel="icon" type="image/svg+xml" href="/favicon.svg"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Routes of the Leptos part of Parley: the staff pages.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/parley.css"/>
        <I18nProvider>
            <Router>
                <PageRoutes/>
            </Router>
        </I18nProvider>
    }
}

#[component]
fn PageRoutes() -> impl IntoView {
    view! {
        <Routes fallback=|| view! { <NotFound/> }>
            <Route path=path!("/desk") view=DeskPage/>
            <Route path=path!("/desk/texts") view=TextsPage/>
            <Route path=path!("/desk/sites") view=SitesPage/>
            <Route path=path!("/desk/staff") view=StaffPage/>
            <Route path=path!("/desk/setup") view=SetupPage/>
            <Route path=path!("/desk/security") view=SecurityPage/>
            <Route path=path!("/desk/audit") view=AuditPage/>
            <Route path=path!("/desk/complaints") view=crate::desk::ComplaintsPage/>
            <Route path=path!("/desk/api-keys") view=crate::desk::ApiKeysPage/>
            <Route path=path!("/desk/webhooks") view=crate::desk::WebhooksPage/>
            <Route path=path!("/desk/kb") view=crate::desk::KbPage/>
            <Route path=path!("/desk/complaints/analysis") view=crate::desk::AnalysisPage/>
            <Route path=path!("/desk/reports") view=crate::desk::ReportsPage/>
            <Route path=path!("/desk/qa") view=crate::desk::QaPage/>
            <Route path=path!("/desk/library") view=crate::desk::LibraryPage/>
        </Routes>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! { <main><p>{move || tr!("error-not-found")}</p></main> }
}
