//! The API's document: `/api/v1/openapi.json` for tools, `/api/v1/docs`
//! for people. Neither needs a key.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use utoipa::openapi::OpenApi;

use crate::state::AppState;

pub(super) fn router(doc: Arc<OpenApi>) -> Router<AppState> {
    let json: Arc<str> = doc.to_pretty_json().unwrap_or_default().into();
    Router::new().route(
        "/api/v1/openapi.json",
        get(move |State(_): State<AppState>| {
            let json = json.clone();
            async move { document(&json) }
        }),
    )
}

fn document(json: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        json.to_owned(),
    )
        .into_response()
}
