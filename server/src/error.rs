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
        store_code(e).into()
    }
}

impl From<ErrorCode> for ApiError {
    /// The code with its usual status: 404, 409, 401, 403, 500, else 400.
    fn from(code: ErrorCode) -> Self {
        let status = match code {
            ErrorCode::NotFound => StatusCode::NOT_FOUND,
            ErrorCode::InvalidTransition => StatusCode::CONFLICT,
            ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
            ErrorCode::Forbidden | ErrorCode::OriginForbidden | ErrorCode::CsrfInvalid => {
                StatusCode::FORBIDDEN
            }
            ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiError::new(status, code)
    }
}

/// What a client is told of a storage failure — the one mapping, used by
/// HTTP answers, websocket refusals and workflow steps alike. Internals are
/// logged, never sent.
pub fn store_code(e: StoreError) -> ErrorCode {
    match e {
        StoreError::NotFound => ErrorCode::NotFound,
        StoreError::Conflict => ErrorCode::InvalidTransition,
        StoreError::Backend(detail) => {
            tracing::error!(%detail, "storage failure");
            ErrorCode::Internal
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_failures_map_once_to_codes_and_statuses() {
        let cases = [
            (
                StoreError::NotFound,
                ErrorCode::NotFound,
                StatusCode::NOT_FOUND,
            ),
            (
                StoreError::Conflict,
                ErrorCode::InvalidTransition,
                StatusCode::CONFLICT,
            ),
            (
                StoreError::Backend("disk I/O error".into()),
                ErrorCode::Internal,
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
        ];
        for (error, code, status) in cases {
            let copy = match &error {
                StoreError::NotFound => StoreError::NotFound,
                StoreError::Conflict => StoreError::Conflict,
                StoreError::Backend(d) => StoreError::Backend(d.clone()),
            };
            assert_eq!(store_code(error), code);
            let api = ApiError::from(copy);
            assert_eq!((api.code, api.status), (code, status));
        }
    }
}
