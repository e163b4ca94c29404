//! HTTP-level errors: logged with details, answered with only an [`ErrorCode`].

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use parley_app::error::ErrorCode;

use crate::storage::StoreError;

/// An error answered to an HTTP client.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// What the client is told.
    pub code: ErrorCode,
}

impl ApiError {
    /// Builds an error.
    pub fn new(status: StatusCode, code: ErrorCode) -> Self {
        ApiError { status, code }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(serde_json::json!({ "code": self.code }))).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound),
            StoreError::Conflict => {
                ApiError::new(StatusCode::CONFLICT, ErrorCode::InvalidTransition)
            }
            StoreError::Backend(detail) => {
                tracing::error!(%detail, "storage failure");
                ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, ErrorCode::Internal)
            }
        }
    }
}

/// Maps a storage error onto the code a websocket client is told (logging internals).
pub fn store_code(e: StoreError) -> ErrorCode {
    ApiError::from(e).code
}
