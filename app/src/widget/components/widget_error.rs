//! `WidgetError`: why the widget cannot start (unknown site, foreign host).

use leptos::prelude::*;

use crate::error::ErrorCode;
use crate::i18n::error_text;

#[component]
pub(crate) fn WidgetError(code: ErrorCode) -> impl IntoView {
    view! {
        <main class="widget">
            <p class="widget-error" role="alert" data-testid="widget-error" data-code=code.as_str()>
                {move || error_text(code)}
            </p>
        </main>
    }
}
