//! What a site owner's page touches: `/embed.js` (the plain-JS loader),
//! `/embed/config?site=KEY` (the site's launcher: accent, position, label
//! per locale — or why this page may not show it), and `/demo`, an
//! ordinary host page that embeds the widget by script tag (unless
//! `PARLEY_DEMO=off`).
//!
//! Also the security headers of the widget page: its `frame-ancestors` are the
//! site's allowed origins, so the browser itself refuses to show a site's
//! widget inside anybody else's page.

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use parley_app::error::ErrorCode;
use parley_app::i18n::{LOCALES, lookup};

use crate::domain::site;
use crate::state::AppState;

const EMBED_TEMPLATE: &str = include_str!("embed.js");
const DEMO_TEMPLATE: &str = include_str!("demo.html");

/// Routes `/embed.js` and `/demo`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/embed.js", get(embed_js))
        .route("/embed/config", get(embed_config))
        .route("/demo", get(demo))
}

/// `/embed/config?site=KEY`.
#[derive(serde::Deserialize)]
pub struct ConfigQuery {
    #[serde(default)]
    site: String,
}

/// What `embed.js` draws the launcher from.
#[derive(serde::Serialize)]
struct LauncherConfig {
    accent: String,
    position: String,
    /// Label per shipped locale: the site's, else the translated default.
    labels: BTreeMap<String, String>,
}

/// The site's launcher for a host page, readable from any origin (it is
/// public) but refused, with the reason, to pages whose origin the site
/// does not allow (`origin_forbidden`) and for unknown or disabled sites
/// (`unknown_site`): `embed.js` then draws nothing and says why.
async fn embed_config(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<ConfigQuery>,
) -> Response {
    let cors = || {
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::VARY, "Origin"),
            (header::CACHE_CONTROL, "no-cache"),
        ]
    };
    let refuse = |status: StatusCode, code: ErrorCode| {
        let body = serde_json::json!({ "error": code.as_str() });
        (status, cors(), axum::Json(body)).into_response()
    };
    let Some(config) = state.sites.live(&query.site) else {
        tracing::info!(site = %query.site.chars().take(64).collect::<String>(), "launcher for an unknown or disabled site refused");
        return refuse(StatusCode::NOT_FOUND, ErrorCode::UnknownSite);
    };
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let allowed = state.allowed_origins(&config.site);
        if !site::origin_allowed(&allowed, origin) {
            tracing::warn!(site = %config.site, %origin, "launcher for a page of an origin the site does not allow refused");
            return refuse(StatusCode::FORBIDDEN, ErrorCode::OriginForbidden);
        }
    }
    let labels = LOCALES
        .iter()
        .map(|l| {
            let own = config
                .launcher
                .iter()
                .find(|(k, _)| k == l)
                .map(|(_, v)| v.clone());
            (
                (*l).to_owned(),
                own.unwrap_or_else(|| lookup(l, "widget-launcher")),
            )
        })
        .collect();
    let body = LauncherConfig {
        accent: config.accent,
        position: config.position,
        labels,
    };
    (cors(), axum::Json(body)).into_response()
}

/// The loader, minified (once, the first time it is asked for).
pub fn render_embed_js() -> &'static str {
    static MINIFIED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    MINIFIED.get_or_init(|| minifier::js::minify(EMBED_TEMPLATE).to_string())
}

async fn embed_js(headers: HeaderMap) -> Response {
    let mut out = HeaderMap::new();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    out.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    // Compressed once, at the highest settings: it is on every page of
    // every site that embeds Parley.
    super::widget::respond(
        &headers,
        &super::widget::compressed(render_embed_js().to_owned()),
        out,
    )
}

/// `/demo?locale=de` adds `data-locale="de"` to the script tag, as a site
/// owner would to force the widget's language.
#[derive(serde::Deserialize)]
pub struct DemoQuery {
    locale: Option<String>,
}

async fn demo(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<DemoQuery>,
) -> Response {
    if !state.settings.demo {
        return StatusCode::NOT_FOUND.into_response();
    }
    // The demo page must be a different origin from the widget, as on a real
    // site: served under the public host, it moves to the other loopback name.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let public_host = state
        .settings
        .public_origin
        .split("://")
        .nth(1)
        .unwrap_or("");
    if host.eq_ignore_ascii_case(public_host)
        && let Some(demo_origin) = &state.settings.demo_origin
    {
        let query = query
            .locale
            .map(|l| format!("?locale={l}"))
            .unwrap_or_default();
        return Redirect::temporary(&format!("{demo_origin}/demo{query}")).into_response();
    }
    let forced = query
        .locale
        .as_deref()
        .and_then(|l| parley_app::locale::match_one(l, parley_app::locale::SHIPPED))
        .map(|l| format!(" data-locale=\"{l}\""))
        .unwrap_or_default();
    let html = DEMO_TEMPLATE
        .replace("__PARLEY_ORIGIN__", &state.settings.public_origin)
        .replace(
            " data-site=\"demo\" async></script>\n</body>",
            &format!(" data-site=\"demo\"{forced} async></script>\n</body>"),
        );
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// Middleware: security headers for the pages.
/// The pages' Content-Security-Policy: scripts only from this origin or
/// carrying this response's nonce (Leptos puts it on its hydration and
/// resource scripts), WebAssembly allowed to compile, nothing else inline or
/// foreign. `frame-ancestors` is added per page by [`page_headers`].
pub fn content_security_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'"
    );
    if let Ok(v) = HeaderValue::from_str(&policy) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, v);
    }
}

/// Adds `frame-ancestors` to a page's policy (or makes it the policy).
fn with_ancestors(h: &mut axum::http::HeaderMap, ancestors: &str) {
    let policy = match h
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
    {
        Some(p) => format!("{p}; frame-ancestors {ancestors}"),
        None => format!("frame-ancestors {ancestors}"),
    };
    if let Ok(v) = HeaderValue::from_str(&policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
}

pub async fn page_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let site = req.uri().query().and_then(|q| {
        q.split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == "site")
            .map(|(_, v)| v.to_owned())
    });
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        "referrer-policy",
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    if path == "/widget" {
        let origins = site.map(|s| state.allowed_origins(&s)).unwrap_or_default();
        let ancestors = if origins.is_empty() {
            "'none'".to_owned()
        } else {
            origins.join(" ")
        };
        with_ancestors(h, &ancestors);
    } else if path == "/desk" || path.starts_with("/desk/") {
        with_ancestors(h, "'none'");
        h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embed_js_is_minified_and_keeps_its_contract() {
        let js = render_embed_js();
        assert!(
            js.len() < EMBED_TEMPLATE.len() * 3 / 4,
            "{} bytes",
            js.len()
        );
        assert!(!js.contains("/* Parley embed loader"));
        if let Ok(out) = std::env::var("PARLEY_WRITE_EMBED") {
            std::fs::write(out, js).unwrap();
        }
        for kept in [
            "data-testid=\"launcher\"",
            "unread-badge",
            "/embed/config?site=",
            "parley:forget",
        ] {
            assert!(js.contains(kept), "{kept}");
        }
    }
}
