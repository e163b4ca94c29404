//! `/desk/sites`'s forms: add a site, save its settings, disable or enable
//! it. Plain HTML forms post here (they work before the WASM loads); the
//! answer is a redirect back to `/desk/sites?site=KEY` with `saved=…` or
//! `error=<code>` (and `field=` naming what to fix). The admin gate
//! (`http::guard`) checks who may act on which site before these run;
//! `services::sites` holds the rules and the audit lines.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Form, Router};
use parley_app::api::SignedIn;
use parley_app::error::ErrorCode;
use parley_app::locale::SHIPPED;

use crate::error::ApiError;
use crate::http::admin::require_admin;
use crate::services::sites::{self, SiteSettings};
use crate::services::workflow::Refusal;
use crate::state::AppState;

/// Routes under `/api/admin/sites`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/sites", post(create))
        .route("/api/admin/sites/{site}", post(save))
        .route("/api/admin/sites/{site}/enabled", post(set_enabled))
        .route("/api/admin/sites/{site}/staff", post(set_staff))
}

/// Back to the page, on `site` if any, with `outcome`.
fn back(site: Option<&str>, outcome: &str) -> Response {
    let at = site.map(|s| format!("site={s}&")).unwrap_or_default();
    Redirect::to(&format!("/desk/sites?{at}{outcome}")).into_response()
}

/// The refusal as the page's query: `error=<code>` and the field, encoded.
fn refused(site: Option<&str>, refusal: &Refusal) -> Response {
    let mut outcome = format!("error={}", refusal.code);
    if let Some(field) = &refusal.field {
        let encoded: String = form_urlencoded::byte_serialize(field.as_bytes()).collect();
        outcome.push_str(&format!("&field={encoded}"));
    }
    back(site, &outcome)
}

/// The page again after a change to `site`: `saved=<what>`, or the
/// refusal by field; an unknown site or a failure is an error answer.
fn answer<T>(site: &str, outcome: Result<T, Refusal>, saved: &str) -> Result<Response, ApiError> {
    match outcome {
        Ok(_) => Ok(back(Some(site), &format!("saved={saved}"))),
        Err(r) if matches!(r.code, ErrorCode::Internal | ErrorCode::NotFound) => {
            Err(ApiError::from(r.code))
        }
        Err(r) => Ok(refused(Some(site), &r)),
    }
}

async fn create(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: axum::http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let name = form.get("name").map(String::as_str).unwrap_or_default();
    match sites::create(&state, &admin, name).await {
        Ok(key) => Ok(back(Some(&key), "saved=created")),
        Err(r) if r.code == ErrorCode::Internal => Err(ApiError::from(r.code)),
        Err(r) => Ok(refused(None, &r)),
    }
}

/// The settings a form carries.
pub fn settings_of(form: &HashMap<String, String>) -> SiteSettings {
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    SiteSettings {
        name: field("name"),
        origins: field("origins"),
        accent: field("accent"),
        position: field("position"),
        launcher: SHIPPED
            .iter()
            .filter_map(|l| {
                form.get(&format!("launcher.{l}"))
                    .map(|v| ((*l).to_owned(), v.clone()))
            })
            .collect(),
        identity_required: form.contains_key("identity_required"),
    }
}

async fn save(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Extension(signed_in): Extension<SignedIn>,
    headers: axum::http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let saved = sites::save(&state, &admin, &site, &settings_of(&form)).await;
    answer(&site, saved, "settings")
}

async fn set_enabled(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Extension(signed_in): Extension<SignedIn>,
    headers: axum::http::HeaderMap,
    Form(form): Form<HashMap<String, String>>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let enabled = form.get("enabled").map(String::as_str) == Some("on");
    let done = sites::set_enabled(&state, &admin, &site, enabled).await;
    answer(&site, done, if enabled { "enabled" } else { "disabled" })
}

async fn set_staff(
    State(state): State<AppState>,
    Path(site): Path<String>,
    Extension(signed_in): Extension<SignedIn>,
    headers: axum::http::HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, ApiError> {
    let admin = require_admin(&state, &headers, signed_in)?;
    let chosen: Vec<i64> = form
        .iter()
        .filter(|(k, _)| k == "agent")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let done = sites::set_staff(&state, &admin, &site, &chosen).await;
    answer(&site, done, "staff")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_become_settings() {
        let form: HashMap<String, String> = [
            ("name", "Acme"),
            ("origins", "https://a.example"),
            ("accent", "#123456"),
            ("position", "start"),
            ("launcher.de", "Fragen?"),
            ("launcher.xx", "ignored"),
            ("identity_required", "on"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let s = settings_of(&form);
        assert_eq!(s.name, "Acme");
        assert_eq!(s.position, "start");
        assert_eq!(s.launcher, vec![("de".to_owned(), "Fragen?".to_owned())]);
        assert!(s.identity_required);
        assert!(!settings_of(&HashMap::new()).identity_required);
    }

    #[test]
    fn refusals_name_the_field_encoded() {
        let r = Refusal {
            code: ErrorCode::OriginInvalid,
            field: Some("http://a b&c".into()),
        };
        let resp = refused(Some("s-1"), &r);
        let loc = resp.headers()["location"].to_str().unwrap();
        assert_eq!(
            loc,
            "/desk/sites?site=s-1&error=origin_invalid&field=http%3A%2F%2Fa+b%26c"
        );
    }
}
