//! The customer widget's page and files.
//!
//! - `GET /widget?site=KEY&host=ORIGIN&langs=…`: a small page with the site's
//!   configuration, the embedding page's origin, the negotiated locale and
//!   that locale's widget messages ([`WidgetBoot`], JSON in a script
//!   element), and a module script that loads the widget's WASM, which
//!   renders everything. An unknown or disabled site gets the reason, in the
//!   reader's language, and no script.
//! - `GET /widget/messages?lang=…&site=…`: another locale's widget messages
//!   (compiled) and the site's texts in it, for a customer who switches.
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
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use parley_app::api::{WidgetBoot, WidgetConfig, WidgetLanguage};
use parley_app::error::ErrorCode;
use parley_app::i18n::{lookup, widget_catalog};
use parley_app::locale;
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

/// `/widget?site=…&host=…&langs=…` (`host` is read by the widget itself).
#[derive(serde::Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    site: String,
    /// The reader's preferences, most wanted first (`embed.js` sends the
    /// remembered choice, the page's `data-locale`, `navigator.languages`).
    #[serde(default)]
    langs: String,
    /// A language that comes before all of them.
    #[serde(default)]
    lang: String,
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

pub(crate) use crate::domain::html::escape_html;

/// JSON that is safe inside a `<script>` element: `<` only occurs in
/// strings there, where `\u003c` means the same.
fn script_json(boot: &WidgetBoot) -> String {
    serde_json::to_string(boot)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<PageQuery>,
) -> Response {
    let mut prefs = preferences(&query.langs);
    if !query.lang.trim().is_empty() {
        prefs.insert(0, query.lang.trim());
        prefs.truncate(MAX_PREFERENCES);
    }
    let html = match state.sites.live(&query.site) {
        Some(config) => {
            let locale = config.locale_for(&prefs);
            widget_page(config, locale)
        }
        None => {
            tracing::info!(site = %query.site.chars().take(64).collect::<String>(), "widget for an unknown or disabled site refused");
            let locale = locale::negotiate(&prefs, locale::SHIPPED, "en");
            error_page(locale, ErrorCode::UnknownSite)
        }
    };
    let mut out = HeaderMap::new();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    // Revalidated on each open: unchanged, it costs a 304.
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&content_security_policy()) {
        out.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    respond(&headers, &compressed(html), out)
}

/// Sends `page` as the request takes it (brotli, gzip or plain), with its
/// `ETag`, or `304` when the client holds it already; `out` are the other
/// response headers.
pub(crate) fn respond(request: &HeaderMap, page: &Compressed, mut out: HeaderMap) -> Response {
    out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if let Ok(v) = HeaderValue::from_str(&page.etag) {
        out.insert(header::ETAG, v);
    }
    let unchanged = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == page.etag));
    if unchanged {
        return (StatusCode::NOT_MODIFIED, out).into_response();
    }
    let accepted = request
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (encoding, body) = if accepts(accepted, "br") {
        (Some("br"), page.br.clone())
    } else if accepts(accepted, "gzip") {
        (Some("gzip"), page.gzip.clone())
    } else {
        (None, page.raw.clone())
    };
    if let Some(encoding) = encoding {
        out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    (out, body).into_response()
}

/// Whether an `Accept-Encoding` value takes `coding` (not with `q=0`).
fn accepts(header: &str, coding: &str) -> bool {
    header.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        parts.next().is_some_and(|c| c.eq_ignore_ascii_case(coding))
            && !parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            })
    })
}

/// The page's one inline script: loads the widget's module and WASM.
const BOOT_SCRIPT: &str =
    "import init from \"/widget/widget.js\";init({module_or_path:\"/widget/widget.wasm\"});";

/// The pages' Content-Security-Policy: this origin's scripts and styles,
/// the boot script by its hash, WebAssembly allowed to compile.
fn content_security_policy() -> String {
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(BOOT_SCRIPT));
    format!(
        "default-src 'self'; script-src 'self' 'sha256-{hash}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'"
    )
}

/// A page as sent: raw, brotli and gzip, with its `ETag`.
pub(crate) struct Compressed {
    etag: String,
    raw: axum::body::Bytes,
    br: axum::body::Bytes,
    gzip: axum::body::Bytes,
}

/// Pages kept compressed, by content: a widget page depends only on the
/// site's configuration and the locale (and `embed.js` on nothing), so each
/// is compressed once (brotli at quality 11, gzip at 9) however many
/// customers open it.
const CACHED_PAGES: usize = 256;

pub(crate) fn compressed(html: String) -> std::sync::Arc<Compressed> {
    use sha2::Digest;
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static CACHE: OnceLock<Mutex<HashMap<[u8; 32], Arc<Compressed>>>> = OnceLock::new();
    let key: [u8; 32] = sha2::Sha256::digest(html.as_bytes()).into();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
        return hit;
    }
    let mut br = Vec::with_capacity(html.len() / 3);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut html.as_bytes(), &mut br, &params);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let gzip = std::io::Write::write_all(&mut gz, html.as_bytes())
        .and_then(|()| gz.finish())
        .unwrap_or_default();
    let page = Arc::new(Compressed {
        etag: format!("\"{}\"", hex::encode(&key[..12])),
        raw: html.into(),
        br: br.into(),
        gzip: gzip.into(),
    });
    if let Ok(mut c) = cache.lock() {
        if c.len() >= CACHED_PAGES {
            c.clear();
        }
        c.insert(key, page.clone());
    }
    page
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

/// The widget's page for a live site. It holds nothing about the reader
/// besides the negotiated locale (the embedding page's origin is in the
/// address, read by the widget), so it can be cached.
fn widget_page(mut config: WidgetConfig, locale: &str) -> String {
    // The launcher's labels are embed.js's business, not the widget's.
    config.launcher.clear();
    // The accent was checked when it was saved; a stored one that is not a
    // colour (an older row, a hand edit) gets the default, so the widget
    // sets it as it is.
    if crate::domain::site::Rgb::parse(&config.accent).is_none() {
        config.accent = parley_app::api::DEFAULT_ACCENT.to_owned();
    }
    let boot = WidgetBoot {
        config: config.for_reader(locale),
        locale: locale.to_owned(),
        messages: catalog(locale),
    };
    format!(
        "{head}<link rel=\"preload\" href=\"/widget/widget.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
         <script type=\"module\">{BOOT_SCRIPT}</script>\
         </head><body><script type=\"application/json\" id=\"parley-boot\">{json}</script></body></html>",
        head = head(locale, &lookup(locale, "widget-title")),
        json = script_json(&boot),
    )
}

/// A locale's compiled widget messages (compiled once per locale).
fn catalog(locale: &str) -> parley_app::catalog::Catalog {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    static CATALOGS: OnceLock<Mutex<HashMap<String, parley_app::catalog::Catalog>>> =
        OnceLock::new();
    let catalogs = CATALOGS.get_or_init(Default::default);
    if let Some(c) = catalogs.lock().ok().and_then(|c| c.get(locale).cloned()) {
        return c;
    }
    let c = widget_catalog(locale);
    if let Ok(mut all) = catalogs.lock() {
        all.insert(locale.to_owned(), c.clone());
    }
    c
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

/// `/widget/messages?lang=…&site=…`.
#[derive(serde::Deserialize)]
pub struct MessagesQuery {
    #[serde(default)]
    lang: String,
    #[serde(default)]
    site: String,
}

/// Another locale for a widget already open: its messages and the site's
/// texts in it.
async fn messages(State(state): State<AppState>, Query(query): Query<MessagesQuery>) -> Response {
    let Some(locale) = locale::match_one(&query.lang, locale::SHIPPED) else {
        return crate::error::ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound)
            .into_response();
    };
    let answer = WidgetLanguage {
        messages: catalog(locale),
        config: state.sites.live(&query.site).map(|mut c| {
            c.launcher.clear();
            c.for_reader(locale)
        }),
    };
    ([(header::CACHE_CONTROL, "no-cache")], axum::Json(answer)).into_response()
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
    fn encodings_are_taken_unless_refused() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("br;q=0.5, gzip", "br"));
        assert!(!accepts("br;q=0, gzip", "br"));
        assert!(!accepts("gzip", "br"));
        assert!(accepts("GZIP", "gzip"));
        assert!(!accepts("", "gzip"));
    }

    #[test]
    fn a_page_is_compressed_once_and_reads_back_the_same() {
        let html = widget_page(WidgetConfig::default(), "ja");
        let a = compressed(html.clone());
        let b = compressed(html.clone());
        assert!(std::sync::Arc::ptr_eq(&a, &b));
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut a.br.as_ref(), &mut back).unwrap();
        assert_eq!(back, html.as_bytes());
        let mut gz = flate2::read::GzDecoder::new(a.gzip.as_ref());
        let mut text = String::new();
        std::io::Read::read_to_string(&mut gz, &mut text).unwrap();
        assert_eq!(text, html);
        assert!(
            a.br.len() * 3 < html.len(),
            "{} of {}",
            a.br.len(),
            html.len()
        );
        // The inline script is the one the policy names by hash.
        assert!(html.contains(&format!("<script type=\"module\">{BOOT_SCRIPT}</script>")));
        assert!(!html.contains("nonce"));
    }

    #[test]
    fn preferences_are_bounded() {
        let many = vec!["de"; 40].join(",");
        assert_eq!(preferences(&many).len(), MAX_PREFERENCES);
        assert_eq!(preferences(" ja , ,en"), vec!["ja", "en"]);
    }
}
