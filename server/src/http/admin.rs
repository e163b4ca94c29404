//! Admin changes to a site's operator texts (greeting, …) per locale.
//!
//! A plain HTML form posts here (it works before the WASM loads); the answer
//! is a redirect back to `/desk/texts` with `saved=1` or `error=<code>`.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Form, Router};
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use parley_app::locale::SHIPPED;

use crate::error::ApiError;
use crate::services::bootstrap;
use crate::state::AppState;

/// Operator texts that exist per locale.
pub const TEXT_KINDS: &[&str] = &["greeting"];
/// Longest operator text, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Routes under `/api/admin`.
pub fn router() -> Router<AppState> {
    Router::new().route("/api/admin/sites/{site}/texts", post(save_texts))
}

fn back(site: &str, outcome: &str) -> Response {
    Redirect::to(&format!("/desk/texts?site={site}&{outcome}")).into_response()
}

/// One edit: `(kind, locale, text or None to remove)`.
pub type TextEdit = (&'static str, &'static str, Option<String>);

/// The edits a form carries.
/// Unknown fields are ignored; a text over the limit is refused whole.
pub fn parse_texts(form: &HashMap<String, String>) -> Result<Vec<TextEdit>, ErrorCode> {
    let mut edits = Vec::new();
    for kind in TEXT_KINDS {
        for locale in SHIPPED {
            let Some(value) = form.get(&format!("{kind}.{locale}")) else {
                continue;
            };
            let value = value.trim();
            if value.chars().count() > MAX_TEXT_CHARS {
                return Err(ErrorCode::TextTooLong);
            }
            edits.push((
                *kind,
                *locale,
                (!value.is_empty()).then(|| value.to_owned()),
            ));
        }
    }
    Ok(edits)
}

async fn save_texts(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| !o.eq_ignore_ascii_case(&state.settings.public_origin))
    {
        return ApiError::new(StatusCode::FORBIDDEN, ErrorCode::OriginForbidden).into_response();
    }
    let Some(agent) = signed_in.0 else {
        return ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized).into_response();
    };
    if agent.role != "admin" {
        tracing::warn!(agent = agent.id, "non-admin tried to change site texts");
        return ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden).into_response();
    }
    if state.sites.get(&site).is_none() {
        return ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound).into_response();
    }
    let edits = match parse_texts(&form) {
        Ok(e) => e,
        Err(code) => return back(&site, &format!("error={code}")),
    };
    for (kind, locale, body) in edits {
        if let Err(e) = state
            .store
            .set_site_text(&site, kind, locale, body.as_deref())
            .await
        {
            return ApiError::from(e).into_response();
        }
    }
    if let Err(e) = bootstrap::load_sites(&state).await {
        tracing::error!(error = %e, "reloading sites after a text change");
        return ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            .into_response();
    }
    tracing::info!(agent = agent.id, %site, "site texts changed");
    back(&site, "saved=1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_fields_and_treats_blank_as_removal() {
        let form: HashMap<String, String> = [
            ("greeting.en", " Hello "),
            ("greeting.de", "   "),
            ("greeting.xx", "ignored"),
            ("other", "ignored"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let mut edits = parse_texts(&form).unwrap();
        edits.sort();
        assert_eq!(
            edits,
            vec![
                ("greeting", "de", None),
                ("greeting", "en", Some("Hello".to_owned()))
            ]
        );
    }

    #[test]
    fn refuses_overlong_texts() {
        let form: HashMap<String, String> =
            [("greeting.ja".to_owned(), "字".repeat(MAX_TEXT_CHARS + 1))]
                .into_iter()
                .collect();
        assert_eq!(parse_texts(&form), Err(ErrorCode::TextTooLong));
    }
}
