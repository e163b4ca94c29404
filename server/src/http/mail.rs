//! The customer's "stop e-mails about this conversation": the address each
//! mail's footer and `List-Unsubscribe` header carry. `GET` shows a page
//! with one button (a link checker opening the address changes nothing);
//! `POST` — the button, or a mail program's one-click unsubscribe (RFC
//! 8058) — stops them. A wrong token is `not_found`.

use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use parley_app::i18n::lookup;
use parley_app::locale::is_rtl;

use super::help_page::{error, page};
use crate::domain::html::escape_html as esc;
use crate::services::mail;
use crate::state::AppState;

/// The largest body a one-click unsubscribe sends.
const MAX_BODY: usize = 256;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/mail/unsubscribe/{address}",
        get(ask).post(stop).layer(DefaultBodyLimit::max(MAX_BODY)),
    )
}

fn shell(locale: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"{locale}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><link rel=\"stylesheet\" href=\"/pkg/parley.css\"></head>\
         <body class=\"help\"><main><h1>{title}</h1>{body}</main></body></html>",
        locale = esc(locale),
        dir = if is_rtl(locale) { "rtl" } else { "ltr" },
        title = esc(&lookup(locale, "mail-unsubscribe-title")),
    )
}

async fn ask(State(state): State<AppState>, Path(address): Path<String>) -> Response {
    match mail::unsubscribe_target(&state, &address).await {
        Ok((_, locale)) => page(
            StatusCode::OK,
            shell(
                &locale,
                &format!(
                    "<form method=\"post\"><button type=\"submit\" data-testid=\"mail-unsubscribe\">{}</button></form>",
                    esc(&lookup(&locale, "mail-unsubscribe-confirm"))
                ),
            ),
        ),
        Err(code) => error("en", code),
    }
}

async fn stop(State(state): State<AppState>, Path(address): Path<String>) -> Response {
    match mail::unsubscribe(&state, &address).await {
        Ok(locale) => page(
            StatusCode::OK,
            shell(
                &locale,
                &format!(
                    "<p role=\"status\" data-testid=\"mail-unsubscribed\">{}</p>",
                    esc(&lookup(&locale, "mail-unsubscribed"))
                ),
            ),
        ),
        Err(code) => error("en", code),
    }
}
