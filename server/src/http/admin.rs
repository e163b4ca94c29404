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
use parley_app::api::TEXT_KINDS;
use parley_app::error::ErrorCode;
use parley_app::locale::SHIPPED;
use parley_app::protocol::AgentProfile;

use crate::domain::access;
use crate::error::ApiError;
use crate::services::site_directory;
use crate::state::AppState;

/// Longest operator text, in characters.
pub const MAX_TEXT_CHARS: usize = 1000;

/// Routes under `/api/admin`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/sites/{site}/texts", post(save_texts))
        .route("/api/admin/sites/{site}/languages", post(save_languages))
}

/// Back to the page the form was on (`from=sites`: the sites page; else
/// the texts page) with `outcome`.
fn back(form: &HashMap<String, String>, site: &str, outcome: &str) -> Response {
    let page = match form.get("from").map(String::as_str) {
        Some("sites") => "sites",
        _ => "texts",
    };
    Redirect::to(&format!("/desk/{page}?site={site}&{outcome}")).into_response()
}

/// One edit: `(kind, locale, text or None to remove)`.
pub type TextEdit = (&'static str, &'static str, Option<String>);

/// The edits a form carries.
/// Unknown fields are ignored; a text over the limit is refused whole.
pub fn parse_texts(form: &HashMap<String, String>) -> Result<Vec<TextEdit>, ErrorCode> {
    let mut edits = Vec::new();
    for kind in &TEXT_KINDS {
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

/// Same origin, an admin signed in, a known site — or the refusal to send.
fn authorize(
    state: &AppState,
    headers: &HeaderMap,
    signed_in: SignedIn,
    site: &str,
) -> Result<AgentProfile, ApiError> {
    let agent = require_admin(state, headers, signed_in)?;
    // Tenancy: an admin of other sites learns nothing of this one.
    if state.sites.get(site).is_none() || !access::may_administer_site(&agent, site) {
        return Err(ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound));
    }
    Ok(agent)
}

/// Same origin (a form on another site cannot post here) and an admin
/// signed in — or the refusal to send.
pub fn require_admin(
    state: &AppState,
    headers: &HeaderMap,
    signed_in: SignedIn,
) -> Result<AgentProfile, ApiError> {
    if headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| !o.eq_ignore_ascii_case(&state.settings.public_origin))
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::OriginForbidden,
        ));
    }
    let Some(agent) = signed_in.0 else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
        ));
    };
    if agent.role != parley_app::protocol::StaffRole::Admin {
        tracing::warn!(agent = agent.id, "non-admin tried an admin change");
        return Err(ApiError::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden));
    }
    Ok(agent)
}

async fn reload(
    state: &AppState,
    form: &HashMap<String, String>,
    site: &str,
) -> Result<Response, ApiError> {
    site_directory::reload(state).await.map_err(|e| {
        tracing::error!(error = %e, "reloading sites after an admin change");
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
    })?;
    Ok(back(form, site, "saved=1"))
}

/// The languages a form offers and its default. Offering every shipped
/// locale is stored as "all" (so locales added later are offered too).
pub fn parse_languages(form: &HashMap<String, String>) -> Result<(Vec<String>, String), ErrorCode> {
    let offered: Vec<String> = SHIPPED
        .iter()
        .filter(|l| form.contains_key(&format!("offer.{l}")))
        .map(|l| (*l).to_owned())
        .collect();
    let default = form
        .get("default")
        .and_then(|d| parley_app::locale::match_one(d, SHIPPED))
        .filter(|d| offered.iter().any(|o| o == d))
        .ok_or(ErrorCode::DefaultNotOffered)?;
    let stored = if offered.len() == SHIPPED.len() {
        Vec::new()
    } else {
        offered
    };
    Ok((stored, default.to_owned()))
}

async fn save_languages(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let agent = authorize(&state, &headers, signed_in, &site)?;
    let (languages, default_locale) = match parse_languages(&form) {
        Ok(v) => v,
        Err(code) => return Ok(back(&form, &site, &format!("error={code}"))),
    };
    site_directory::set_languages(&state, &agent, &site, languages, default_locale).await?;
    reload(&state, &form, &site).await
}

async fn save_texts(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Extension(signed_in): Extension<SignedIn>,
    headers: HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let agent = authorize(&state, &headers, signed_in, &site)?;
    let edits = match parse_texts(&form) {
        Ok(e) => e,
        Err(code) => return Ok(back(&form, &site, &format!("error={code}"))),
    };
    site_directory::set_texts(&state, &agent, &site, &edits).await?;
    reload(&state, &form, &site).await
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

    use crate::http::test_form as form;

    #[test]
    fn languages_form_rules() {
        let ok = parse_languages(&form(&[
            ("offer.de", "on"),
            ("offer.en", "on"),
            ("default", "de"),
        ]));
        assert_eq!(
            ok,
            Ok((vec!["en".to_owned(), "de".to_owned()], "de".to_owned()))
        );
        let all: Vec<(String, &str)> = SHIPPED
            .iter()
            .map(|l| (format!("offer.{l}"), "on"))
            .collect();
        let mut all: HashMap<String, String> =
            all.into_iter().map(|(k, v)| (k, v.to_owned())).collect();
        all.insert("default".into(), "ja".into());
        assert_eq!(
            parse_languages(&all),
            Ok((vec![], "ja".to_owned())),
            "everything = all"
        );
        for bad in [
            form(&[("offer.en", "on"), ("default", "de")]),
            form(&[("default", "de")]),
            form(&[("offer.en", "on"), ("default", "klingon")]),
            form(&[("offer.en", "on")]),
        ] {
            assert_eq!(parse_languages(&bad), Err(ErrorCode::DefaultNotOffered));
        }
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
