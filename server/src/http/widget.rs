//! The customer widget's page and files.
//!
//! - `GET /widget?site=KEY&host=ORIGIN&langs=…`: a small page with the site's
//!   configuration, the embedding page's origin, the negotiated locale and
//!   that locale's widget messages ([`WidgetBoot`], JSON in a script
//!   element), and a module script that loads the widget's WASM, which
//!   renders everything. An unknown or disabled site gets the reason, in the
//!   reader's language, and no script.
//! - `GET /widget/messages?lang=…`: another locale's widget messages
//!   (compiled, JSON), for a customer who switches language.
//! - `/widget/widget.js`, `/widget/widget.wasm`, `/widget/widget.css`: what
//!   `run.sh` builds (the stylesheet is `style/main.css` without the desk's part),
//!   served brotli- or gzip-compressed as built (`.br`, `.gz` next to them)
//!   when the browser takes it, with the build's hash as `ETag`.
//!
//! The page's Content-Security-Policy allows this origin's scripts and the
//! page's own nonce; `page_headers` adds the `frame-ancestors` of the site.

use std::path::Path;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use parley_app::api::{WidgetBoot, WidgetConfig};
use parley_app::error::ErrorCode;
use parley_app::i18n::{lookup, widget_catalog};
use parley_app::locale;
use rand::RngCore;
use tower_http::services::ServeFile;

use crate::state::AppState;

/// The widget's routes; its files are under `site_root/widget`.
pub fn router(site_root: &str) -> Router<AppState> {
    let dir = Path::new(site_root).join("widget");
    let file = |name: &str| {
        ServeFile::new(dir.join(name))
            .precompressed_br()
            .precompressed_gzip()
    };
    Router::new()
        .route("/widget", get(page))
        .route("/widget/messages", get(messages))
        .route_service("/widget/widget.js", file("widget.js"))
        .route_service("/widget/widget.wasm", file("widget.wasm"))
        .route_service("/widget/widget.css", file("widget.css"))
}

/// `/widget?site=…&host=…&langs=…`.
#[derive(serde::Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    site: String,
    #[serde(default)]
    host: String,
    /// The reader's preferences, most wanted first (`embed.js` sends the
    /// remembered choice, the page's `data-locale`, `navigator.languages`).
    #[serde(default)]
    langs: String,
}

/// At most this many preferences are considered.
const MAX_PREFERENCES: usize = 12;

fn preferences(langs: &str) -> Vec<&str> {
    langs
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .take(MAX_PREFERENCES)
        .collect()
}

/// A fresh nonce for the page's one inline script and one inline style.
fn nonce() -> String {
    let mut raw = [0u8; 16];
    rand::rng().fill_bytes(&mut raw);
    hex::encode(raw)
}

/// Text for an HTML text node or a double-quoted attribute.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// JSON that is safe inside a `<script>` element: `<` only occurs in
/// strings there, where `\u003c` means the same.
fn script_json(boot: &WidgetBoot) -> String {
    serde_json::to_string(boot)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

async fn page(State(state): State<AppState>, Query(query): Query<PageQuery>) -> Response {
    let prefs = preferences(&query.langs);
    let nonce = nonce();
    let html = match state.sites.live(&query.site) {
        Some(config) => {
            let locale = config.locale_for(&prefs);
            widget_page(&nonce, config, query.host, locale)
        }
        None => {
            tracing::info!(site = %query.site.chars().take(64).collect::<String>(), "widget for an unknown or disabled site refused");
            let locale = locale::negotiate(&prefs, locale::SHIPPED, "en");
            error_page(locale, ErrorCode::UnknownSite)
        }
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; img-src 'self' data: blob:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'"
    );
    let mut headers = HeaderMap::new();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    (headers, html).into_response()
}

/// The `<head>` both pages share: language, direction, viewport, title and
/// the stylesheet.
fn head(locale: &str, title: &str) -> String {
    let dir = if locale::is_rtl(locale) { "rtl" } else { "ltr" };
    format!(
        "<!DOCTYPE html><html lang=\"{locale}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1, interactive-widget=resizes-content\">\
         <title>{}</title><link rel=\"icon\" type=\"image/svg+xml\" href=\"/favicon.svg\">\
         <link rel=\"stylesheet\" href=\"/widget/widget.css\">",
        escape_html(title)
    )
}

fn widget_page(nonce: &str, config: WidgetConfig, host: String, locale: &str) -> String {
    // The accent was checked when it was saved; checked again here because
    // it goes into a style element.
    let accent = Some(config.accent.as_str())
        .filter(|a| crate::domain::site::Rgb::parse(a).is_some())
        .unwrap_or(parley_app::api::DEFAULT_ACCENT)
        .to_owned();
    let boot = WidgetBoot {
        config,
        host,
        locale: locale.to_owned(),
        messages: widget_catalog(locale),
    };
    format!(
        "{head}<style nonce=\"{nonce}\">:root{{--accent:{accent};--bubble-mine:{accent}}}</style>\
         <link rel=\"preload\" href=\"/widget/widget.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
         <script type=\"module\" nonce=\"{nonce}\">import init from \"/widget/widget.js\";init({{module_or_path:\"/widget/widget.wasm\"}});</script>\
         </head><body><script type=\"application/json\" id=\"parley-boot\">{json}</script></body></html>",
        head = head(locale, &lookup(locale, "widget-title")),
        json = script_json(&boot),
    )
}

fn error_page(locale: &str, code: ErrorCode) -> String {
    format!(
        "{head}</head><body><main class=\"widget\"><p class=\"widget-error\" role=\"alert\" \
         data-testid=\"widget-error\" data-code=\"{code}\">{text}</p></main></body></html>",
        head = head(locale, &lookup(locale, "widget-title")),
        code = code.as_str(),
        text = escape_html(&lookup(locale, &code.fluent_id())),
    )
}

/// `/widget/messages?lang=…`.
#[derive(serde::Deserialize)]
pub struct MessagesQuery {
    #[serde(default)]
    lang: String,
}

async fn messages(Query(query): Query<MessagesQuery>) -> Response {
    let Some(locale) = locale::match_one(&query.lang, locale::SHIPPED) else {
        return crate::error::ApiError::new(axum::http::StatusCode::NOT_FOUND, ErrorCode::NotFound)
            .into_response();
    };
    (
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        axum::Json(widget_catalog(locale)),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_cannot_be_broken_out_of() {
        let boot = WidgetBoot {
            config: WidgetConfig {
                name: "</script><script>alert(1)</script>".into(),
                ..WidgetConfig::default()
            },
            host: "https://shop.example".into(),
            locale: "en".into(),
            messages: parley_app::i18n::widget_catalog("en"),
        };
        let json = script_json(&boot);
        assert!(!json.contains('<'));
        let back: WidgetBoot = serde_json::from_str(&json).unwrap();
        assert_eq!(back, boot);
        assert_eq!(
            escape_html("<b a=\"x\">&"),
            "&lt;b a=&quot;x&quot;&gt;&amp;"
        );
    }

    #[test]
    fn preferences_are_bounded() {
        let many = vec!["de"; 40].join(",");
        assert_eq!(preferences(&many).len(), MAX_PREFERENCES);
        assert_eq!(preferences(" ja , ,en"), vec!["ja", "en"]);
    }
}
