//! The knowledge base's editing routes for the desk (`/desk/kb`): plain
//! forms, each answered with a redirect back to the page (`saved=<id>`,
//! `removed=<id>`, or `error=<code>&field=<field>`), and the page's data
//! as JSON. Behind the admin gate ([`crate::http::guard`]), which lets the
//! site's admins and supervisors through ([`crate::domain::kb::may_edit_kb`]);
//! the service checks the same rule again.

use axum::extract::{Path, Query, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use parley_app::api::{SignedIn, query_value};
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::error::ApiError;
use crate::services::kb::{self, ArticleInput, Editor, VersionInput};
use crate::services::workflow::Refusal;
use crate::state::AppState;

/// Routes under `/api/admin/sites/{site}/kb`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/sites/{site}/kb", get(view))
        .route("/api/admin/sites/{site}/kb/articles", post(create))
        .route("/api/admin/sites/{site}/kb/bot", post(bot))
        .route("/api/admin/sites/{site}/kb/articles/{id}", post(update))
        .route(
            "/api/admin/sites/{site}/kb/articles/{id}/remove",
            post(remove),
        )
        .route(
            "/api/admin/sites/{site}/kb/articles/{id}/files",
            post(upload),
        )
        .route(
            "/api/admin/sites/{site}/kb/articles/{id}/files/{file}/remove",
            post(remove_file),
        )
}

/// The signed-in editor (the gate has let them through), or the refusal.
fn staff(signed_in: SignedIn) -> Result<AgentProfile, ApiError> {
    signed_in
        .0
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized))
}

fn back(
    site: &str,
    article: Option<i64>,
    locale: Option<&str>,
    outcome: Result<(&str, i64), Refusal>,
) -> Response {
    let mut query = format!("site={}", query_value(site));
    if let Some(a) = article {
        query.push_str(&format!("&article={a}"));
    }
    if let Some(l) = locale {
        query.push_str(&format!("&locale={}", query_value(l)));
    }
    match outcome {
        Ok((what, id)) => query.push_str(&format!("&{what}={id}")),
        Err(r) => {
            if r.code == ErrorCode::NotFound && r.field.is_none() {
                tracing::warn!(
                    site,
                    ?article,
                    "knowledge-base change refused: not found or not allowed"
                );
            }
            query.push_str(&format!("&error={}", r.code.as_str()));
            if let Some(f) = r.field {
                query.push_str(&format!("&field={}", query_value(&f)));
            }
        }
    }
    Redirect::to(&format!("/desk/kb?{query}")).into_response()
}

/// The article form: `slug`, `collection`, and one version (`locale`,
/// `title`, `body`, `published=on`).
fn form(body: &[u8]) -> ArticleInput {
    let mut input = ArticleInput {
        slug: String::new(),
        collection: None,
        versions: Vec::new(),
    };
    let mut v = VersionInput {
        locale: String::new(),
        title: String::new(),
        body: String::new(),
        published: false,
    };
    for (k, value) in form_urlencoded::parse(body) {
        match k.as_ref() {
            "slug" => input.slug = value.trim().to_owned(),
            "collection" => input.collection = Some(value.into_owned()).filter(|c| !c.is_empty()),
            "locale" => v.locale = value.into_owned(),
            "title" => v.title = value.into_owned(),
            "body" => v.body = value.replace("\r\n", "\n"),
            "published" => v.published = value == "on",
            _ => {}
        }
    }
    if !v.locale.is_empty() {
        input.versions.push(v);
    }
    input
}

#[derive(serde::Deserialize)]
struct ArticleQuery {
    article: Option<i64>,
}

async fn view(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(site): Path<String>,
    Query(q): Query<ArticleQuery>,
) -> Result<Response, ApiError> {
    let actor = staff(signed_in)?;
    let view = crate::services::kb_view::editor_view(&state, &actor, &site, q.article).await?;
    Ok(Json(view).into_response())
}

async fn create(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(site): Path<String>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let actor = staff(signed_in)?;
    let input = form(&body);
    let locale = input.versions.first().map(|v| v.locale.clone());
    let made = kb::create(&state, Editor::Staff(&actor), &site, &input).await;
    let article = made.as_ref().ok().copied();
    Ok(back(
        &site,
        article,
        locale.as_deref(),
        made.map(|id| ("saved", id)),
    ))
}

async fn update(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path((site, id)): Path<(String, i64)>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let actor = staff(signed_in)?;
    let input = form(&body);
    let locale = input.versions.first().map(|v| v.locale.clone());
    let done = kb::update(&state, Editor::Staff(&actor), &site, id, &input).await;
    Ok(back(
        &site,
        Some(id),
        locale.as_deref(),
        done.map(|()| ("saved", id)),
    ))
}

/// Turns the site's bot on (`on=on`) or off (off hands over what it holds).
async fn bot(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path(site): Path<String>,
    RawForm(body): RawForm,
) -> Result<Response, ApiError> {
    let actor = staff(signed_in)?;
    let on = form_urlencoded::parse(&body).any(|(k, v)| k == "on" && v == "on");
    let done = crate::services::bot::switch(&state, &actor, &site, on).await;
    Ok(back(
        &site,
        None,
        None,
        done.map(|()| (if on { "bot_on" } else { "bot_off" }, 1)),
    ))
}

async fn remove(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path((site, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let actor = staff(signed_in)?;
    let done = kb::remove(&state, Editor::Staff(&actor), &site, id).await;
    Ok(back(&site, None, None, done.map(|()| ("removed", id))))
}

/// A file for an article: the raw body (`X-File-Name` names it), checked
/// and stored like a customer's upload (type from its bytes, size, the
/// site's quota, sealed at rest), then attached. Answers the file's record
/// as JSON (the desk's page uploads with `fetch`).
async fn upload(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    headers: axum::http::HeaderMap,
    Path((site, id)): Path<(String, i64)>,
    body: axum::body::Body,
) -> Result<Response, ApiError> {
    let actor = staff(signed_in)?;
    kb::may_attach(&state, Editor::Staff(&actor), &site, id)
        .await
        .map_err(refused)?;
    let record = crate::http::attachments::store(&state, &site, None, &headers, body).await?;
    kb::add_file(&state, Editor::Staff(&actor), &site, id, &record.id)
        .await
        .map_err(refused)?;
    Ok((
        StatusCode::CREATED,
        Json(parley_app::protocol::AttachmentInfo {
            id: record.id,
            file_name: record.file_name,
            content_type: record.content_type,
            size: record.size,
        }),
    )
        .into_response())
}

fn refused(r: Refusal) -> ApiError {
    ApiError::new(crate::http::api_v1::status_of(r.code), r.code)
}

async fn remove_file(
    State(state): State<AppState>,
    Extension(signed_in): Extension<SignedIn>,
    Path((site, id, file)): Path<(String, i64, String)>,
) -> Result<Response, ApiError> {
    let actor = staff(signed_in)?;
    let done = kb::remove_file(&state, Editor::Staff(&actor), &site, id, &file).await;
    Ok(back(&site, Some(id), None, done.map(|()| ("saved", id))))
}
