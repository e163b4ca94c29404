//! The site owner's HTTP API, `/api/v1` (issue 19). One layer below every
//! route authenticates the key (`Authorization: Bearer`), applies its rate
//! and checks its scope against the method ([`crate::domain::api_access`]),
//! so a new route cannot skip it; the next replays a repeated
//! `Idempotency-Key`. Handlers then reach only their key's site. Errors are
//! JSON (`{"code", "field"?}`) with the codes the desk and widget
//! translate. The OpenAPI 3.1 document is built from the handlers and the
//! types in [`schema`] and served at `/api/v1/openapi.json`, with a page
//! for people at `/api/v1/docs`.

mod conversations;
mod customers;
mod docs;
mod kb;
mod keys;
mod reports;
pub mod schema;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use parley_app::error::ErrorCode;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::domain::api_access::needed;
use crate::services::api_keys::{self, ApiClient};
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::IdempotencyClaim;
use schema::ErrorBody;

/// Largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// The header naming a POST's idempotency key.
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";
/// Set on an answer replayed for a repeated key.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Parley site API",
        version = "1",
        description = "The site owner's back-end talks to Parley: conversations, messages, \
            customers and proactive messages of the key's site. Authenticate with \
            `Authorization: Bearer pk_…` (keys are made by a site admin at /desk/api-keys; \
            read keys may only GET). Every POST takes an optional `Idempotency-Key` \
            (1–64 of A–Z a–z 0–9 _ -): a repeat within 24 hours gets the first answer \
            again (header `Idempotent-Replayed: true`), another request with the same key \
            `409 idempotency_conflict`. Errors are `{\"code\": …, \"field\"?: …}`. Each key \
            may make bursts of 100 requests, then 20 a second (`429 rate_limited`)."
    ),
    servers((url = "/")),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

/// The bearer scheme, required by every operation, and the errors every
/// operation may answer (applied once the routes have added their paths).
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{ContentBuilder, RefOr, ResponseBuilder};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A site API key, pk_…"))
                    .build(),
            ),
        );
        let error = |what: &str| {
            ResponseBuilder::new()
                .description(what)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(
                            "ErrorBody",
                        ))))
                        .build(),
                )
                .build()
        };
        let common = [
            (
                "400",
                "The request is malformed or a field is invalid (`field` names it)",
            ),
            ("401", "No live key"),
            (
                "403",
                "The key's scope, or whom it may act for, does not allow this",
            ),
            ("404", "No such resource of the key's site"),
            (
                "409",
                "Not possible in the current state, or the Idempotency-Key was reused",
            ),
            ("413", "The body is larger than 64 KiB"),
            ("415", "The body is not JSON"),
            ("429", "The key's rate is used up"),
        ];
        let requirement = utoipa::openapi::security::SecurityRequirement::new::<
            &str,
            [&str; 0],
            &str,
        >("api_key", []);
        for item in openapi.paths.paths.values_mut() {
            for op in [&mut item.get, &mut item.post].into_iter().flatten() {
                for (status, what) in common {
                    op.responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| RefOr::T(error(what)));
                }
                op.security = Some(vec![requirement.clone()]);
            }
        }
    }
}

/// The API's routes (and its document), and the admin routes for keys.
pub fn router(state: AppState) -> Router<AppState> {
    let (api, mut doc) = api_routes().split_for_parts();
    Security.modify(&mut doc);
    let api = api
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .route_layer(middleware::from_fn_with_state(state.clone(), idempotency))
        .route_layer(middleware::from_fn_with_state(state, authenticate));
    let doc = std::sync::Arc::new(doc);
    Router::new()
        .merge(keys::router())
        .merge(docs::router(doc))
        .merge(api)
}

/// Every operation, registered with its route and its document entry at
/// once (so neither can be missing).
fn api_routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(conversations::routes())
        .merge(customers::routes())
        .merge(kb::routes())
        .merge(reports::routes())
}

/// The OpenAPI document (tests, `parley openapi`).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let mut doc = api_routes().into_openapi();
    Security.modify(&mut doc);
    doc
}

/// An error answered by the API: a status and `{"code", "field"?}`.
#[derive(Debug)]
pub struct V1Error {
    status: StatusCode,
    body: ErrorBody,
}

impl V1Error {
    /// `code` with its usual status and `field`.
    pub fn new(code: ErrorCode, field: Option<&str>) -> Self {
        V1Error {
            status: status_of(code),
            body: ErrorBody {
                code,
                field: field.map(str::to_owned),
            },
        }
    }

    fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }
}

/// The status an error code answers with.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::InvalidTransition | ErrorCode::IdempotencyConflict => StatusCode::CONFLICT,
        ErrorCode::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::FrameTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        _ => StatusCode::BAD_REQUEST,
    }
}

impl IntoResponse for V1Error {
    fn into_response(self) -> Response {
        (self.status, Json(self.body)).into_response()
    }
}

impl From<Refusal> for V1Error {
    fn from(r: Refusal) -> Self {
        V1Error::new(r.code, r.field.as_deref())
    }
}

impl From<ErrorCode> for V1Error {
    fn from(code: ErrorCode) -> Self {
        V1Error::new(code, None)
    }
}

impl From<crate::storage::StoreError> for V1Error {
    fn from(e: crate::storage::StoreError) -> Self {
        crate::error::store_code(e).into()
    }
}

/// A JSON body; what does not parse is a JSON error, never plain text.
pub struct Body<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Body<T> {
    type Rejection = V1Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        use axum::extract::rejection::JsonRejection as R;
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(Body(v)),
            Err(R::MissingJsonContentType(_)) => Err(V1Error::new(ErrorCode::InvalidJson, None)
                .with_status(StatusCode::UNSUPPORTED_MEDIA_TYPE)),
            Err(R::JsonSyntaxError(_)) => Err(V1Error::new(ErrorCode::InvalidJson, None)),
            Err(R::JsonDataError(e)) => {
                tracing::info!(error = %e.body_text(), "API body of the wrong shape");
                Err(V1Error::new(ErrorCode::InvalidFrame, None))
            }
            Err(R::BytesRejection(_)) => Err(V1Error::new(ErrorCode::FrameTooLarge, None)),
            Err(_) => Err(V1Error::new(ErrorCode::InvalidJson, None)),
        }
    }
}

/// Path parameters; what does not parse is `400 invalid_frame`.
pub struct Params<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Params<T> {
    type Rejection = V1Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Params(p.0))
            .map_err(|_| V1Error::new(ErrorCode::InvalidFrame, Some("path")))
    }
}

/// Query parameters; what does not parse is `400 invalid_frame` naming
/// the parameter when it can.
pub struct Filters<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Filters<T> {
    type Rejection = V1Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded_query(query)
            .map(Filters)
            .map_err(|e| V1Error::new(ErrorCode::InvalidFrame, e.as_deref()))
    }
}

fn serde_urlencoded_query<T: DeserializeOwned>(query: &str) -> Result<T, Option<String>> {
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let map: serde_json::Map<String, serde_json::Value> = pairs
        .into_iter()
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    serde_json::from_value(serde_json::Value::Object(map)).map_err(|e| {
        let text = e.to_string();
        // serde names the field in backticks: "unknown field `x`", "… `limit` …".
        text.split('`').nth(1).map(str::to_owned)
    })
}

/// The request's idempotency key, checked (`None` without one).
pub fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, V1Error> {
    match headers.get(IDEMPOTENCY_HEADER) {
        None => Ok(None),
        Some(v) => match v.to_str() {
            Ok(k) if api_keys::idempotency_key_ok(k) => Ok(Some(k.to_owned())),
            _ => Err(V1Error::new(
                ErrorCode::InvalidFrame,
                Some("Idempotency-Key"),
            )),
        },
    }
}

/// The `client_id` a written message gets: the idempotency key, or a
/// fresh one.
pub fn client_id(headers: &HeaderMap) -> Result<String, V1Error> {
    Ok(match idempotency_key(headers)? {
        Some(k) => k,
        None => {
            use rand::RngCore;
            let mut bytes = [0u8; 12];
            rand::rng().fill_bytes(&mut bytes);
            format!("api-{}", hex::encode(bytes))
        }
    })
}

/// Every `/api/v1` request: a live key within its rate whose scope covers
/// the method.
async fn authenticate(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Result<Response, V1Error> {
    let header = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let Some(client) = api_keys::authenticate(&state, header).await? else {
        tracing::info!(path = %req.uri().path(), "API request without a live key");
        return Err(ErrorCode::Unauthorized.into());
    };
    let now = state.clock.now();
    let bucket = format!("api-key:{}", client.key_id);
    if !state.allow_creation(&bucket, now, crate::domain::rate::TokenBucket::for_api_key) {
        tracing::info!(key = client.key_id, "API key over its rate");
        return Err(ErrorCode::RateLimited.into());
    }
    if client.scope < needed(req.method().as_str()) {
        tracing::info!(key = client.key_id, path = %req.uri().path(), "API key's scope too narrow");
        return Err(ErrorCode::Forbidden.into());
    }
    req.extensions_mut().insert(client);
    Ok(next.run(req).await)
}

/// A POST with an `Idempotency-Key`: the first runs and its answer is
/// kept (unless the server failed); a repeat of the same request gets that
/// answer again, any other request with the key `409 idempotency_conflict`.
async fn idempotency(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Result<Response, V1Error> {
    if req.method() != Method::POST {
        return Ok(next.run(req).await);
    }
    let Some(key) = idempotency_key(req.headers())? else {
        return Ok(next.run(req).await);
    };
    let Some(client) = req.extensions().get::<ApiClient>().cloned() else {
        return Err(ErrorCode::Unauthorized.into());
    };
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES)
        .await
        .map_err(|_| V1Error::new(ErrorCode::FrameTooLarge, None))?;
    let fingerprint = hex::encode(
        Sha256::new()
            .chain_update(parts.method.as_str())
            .chain_update([0])
            .chain_update(parts.uri.path_and_query().map_or("", |p| p.as_str()))
            .chain_update([0])
            .chain_update(&bytes)
            .finalize(),
    );
    match api_keys::claim(&state, &client, &key, &fingerprint).await? {
        IdempotencyClaim::New => {
            let answer = next
                .run(Request::from_parts(parts, axum::body::Body::from(bytes)))
                .await;
            settle(&state, &client, &key, answer).await
        }
        IdempotencyClaim::Done {
            fingerprint: first,
            status,
            response,
        } if first == fingerprint => {
            tracing::info!(key = client.key_id, "idempotent request replayed");
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            Ok((
                status,
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    ),
                    (
                        header::HeaderName::from_static(REPLAYED_HEADER),
                        HeaderValue::from_static("true"),
                    ),
                ],
                response,
            )
                .into_response())
        }
        IdempotencyClaim::Done { .. } | IdempotencyClaim::Running { .. } => {
            tracing::info!(
                key = client.key_id,
                "Idempotency-Key reused for another request or while running"
            );
            Err(V1Error::new(
                ErrorCode::IdempotencyConflict,
                Some("Idempotency-Key"),
            ))
        }
    }
}

/// Keeps a first answer for its key (a server failure is forgotten, so a
/// retry runs again) and passes it on.
async fn settle(
    state: &AppState,
    client: &ApiClient,
    key: &str,
    answer: Response,
) -> Result<Response, V1Error> {
    let (parts, body) = answer.into_parts();
    let bytes: Bytes = axum::body::to_bytes(body, 4 * MAX_BODY_BYTES)
        .await
        .map_err(|_| V1Error::new(ErrorCode::Internal, None))?;
    let kept = (!parts.status.is_server_error())
        .then(|| {
            std::str::from_utf8(&bytes)
                .ok()
                .map(|b| (parts.status.as_u16(), b))
        })
        .flatten();
    api_keys::settle(state, client, key, kept).await;
    Ok(Response::from_parts(parts, axum::body::Body::from(bytes)))
}
