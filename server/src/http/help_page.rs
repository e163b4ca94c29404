//! What every help-centre page shares: the response with its security
//! headers, the error page, addresses.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use parley_app::i18n::lookup;
use parley_app::locale::is_rtl;

use crate::http::widget::escape_html as esc;

pub(super) fn page(status: StatusCode, html: String) -> Response {
    let mut resp = (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        html,
    )
        .into_response();
    resp.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'self'",
        ),
    );
    resp
}

pub(super) fn not_found(locale: &str) -> Response {
    error(locale, parley_app::error::ErrorCode::NotFound)
}

pub(super) fn error(locale: &str, code: parley_app::error::ErrorCode) -> Response {
    let status = match code {
        parley_app::error::ErrorCode::NotFound => StatusCode::NOT_FOUND,
        parley_app::error::ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let html = format!(
        "<!doctype html><html lang=\"{locale}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><link rel=\"stylesheet\" href=\"/pkg/parley.css\"></head>\
         <body class=\"help\"><main><p role=\"alert\" data-code=\"{code}\">{t}</p></main></body></html>",
        dir = if is_rtl(locale) { "rtl" } else { "ltr" },
        t = esc(&lookup(locale, &code.fluent_id())),
        code = code.as_str(),
    );
    page(status, html)
}

/// A site key in a path (keys are `[a-z0-9-]`, so this only guards).
pub(super) fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
