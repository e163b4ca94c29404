//! A switch of language: the new locale's messages and the site's texts in
//! it, fetched from `/widget/messages?lang=&site=` and made active.

use crate::widget::state::{site, write};

/// Fetches `tag`'s messages (a shipped locale) and makes them active.
pub(crate) fn switch(tag: &'static str) {
    if super::i18n::language() == tag {
        return;
    }
    let site = site();
    wasm_bindgen_futures::spawn_local(async move {
        let url = format!("/widget/messages?lang={tag}&site={site}");
        if let Some(answer) = crate::client::fetch_text(&url)
            .await
            .and_then(|json| serde_json::from_str::<crate::api::WidgetLanguage>(&json).ok())
        {
            if let Some(config) = answer.config {
                write(|s| s.config = config);
            }
            super::i18n::install(answer.messages);
        }
    });
}
