//! `WidgetPage`: the `/widget` route the embed loader frames.

use leptos::prelude::*;
use leptos_fluent::tr;
use leptos_meta::{Stylesheet, Title};
use leptos_router::hooks::use_query_map;

use crate::api::load_widget_config;
use crate::error::ErrorCode;
use crate::widget::components::chat_panel::ChatPanel;
use crate::widget::components::widget_error::WidgetError;

/// The `/widget` route.
#[component]
pub fn WidgetPage() -> impl IntoView {
    let query = use_query_map();
    let site = Memo::new(move |_| query.read().get("site").unwrap_or_default());
    let host = Memo::new(move |_| query.read().get("host").unwrap_or_default());
    // Preferences from embed.js, most wanted first: the customer's remembered
    // choice, the page's `data-locale`, then `navigator.languages`.
    let prefs = Memo::new(move |_| {
        query
            .read()
            .get("langs")
            .map(|l| {
                l.split(',')
                    .map(|t| t.trim().to_owned())
                    .filter(|t| !t.is_empty())
                    .take(12)
                    .collect::<Vec<String>>()
            })
            .unwrap_or_default()
    });
    let config = Resource::new(move || site.get(), load_widget_config);
    // The title is rendered by the meta context, outside the I18n provider
    // after a client-side navigation: hold the handle here.
    let i18n = expect_context::<leptos_fluent::I18n>();
    // The site's accent (a stylesheet: the page's policy allows no inline
    // styles). Site keys are lowercase letters, digits and hyphens.
    let key: String = site
        .get_untracked()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
        .take(40)
        .collect();
    view! {
        <Title text=move || tr!(i18n, "widget-title")/>
        <Stylesheet id="parley-theme" href=format!("/embed/theme.css?site={key}")/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match config.await {
                    Ok(Some(cfg)) => {
                        let locale = cfg.locale_for(&prefs.get_untracked());
                        view! { <ChatPanel config=cfg host=host.get_untracked() locale/> }.into_any()
                    }
                    Ok(None) => view! { <WidgetError code=ErrorCode::UnknownSite/> }.into_any(),
                    Err(_) => view! { <WidgetError code=ErrorCode::Internal/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
