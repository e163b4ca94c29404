//! `/api/v1/kb/articles…`: the site's knowledge base for its back-end —
//! list and read articles (drafts included), create one, change one (its
//! address, collection, and the versions sent). A change is live at once,
//! as from the desk; the history names the key.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use parley_app::locale::SHIPPED;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{Body, Params, V1Error};
use crate::services::api_keys::ApiClient;
use crate::services::kb::{self, ArticleInput, Editor, VersionInput};
use crate::state::AppState;
use crate::storage::KbArticle;

pub(super) fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(read, update))
}

fn locale_schema() -> utoipa::openapi::schema::Object {
    utoipa::openapi::schema::Object::builder()
        .schema_type(utoipa::openapi::schema::SchemaType::new(
            utoipa::openapi::schema::Type::String,
        ))
        .enum_values(Some(SHIPPED.iter().copied()))
        .build()
}

/// One locale's version of an article.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleVersion {
    /// Locale.
    #[schema(schema_with = locale_schema)]
    pub locale: String,
    /// Title (one line).
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// Body: plain text; a blank line parts paragraphs, `- ` starts a list
    /// item. May be empty only in a draft.
    #[schema(max_length = 20000)]
    pub body: String,
    /// Customers see it.
    pub published: bool,
}

/// An article to create, or the changes to one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleChange {
    /// Its address: 1–80 of `a-z`, `0-9` and inner `-`.
    #[schema(
        pattern = "^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$",
        example = "customs-documents"
    )]
    pub slug: String,
    /// Its collection's address (none: no collection).
    #[serde(default)]
    pub collection: Option<String>,
    /// The versions to save; others stay as they are.
    #[schema(max_items = 6)]
    pub versions: Vec<ArticleVersion>,
}

/// An article.
#[derive(Debug, Serialize, ToSchema)]
pub struct Article {
    /// Id.
    pub id: i64,
    /// Address.
    pub slug: String,
    /// Created, Unix ms.
    pub created_at: i64,
    /// Last change, Unix ms.
    pub updated_at: i64,
    /// Versions by locale.
    pub versions: Vec<ArticleVersion>,
    /// Attached files' ids.
    pub files: Vec<String>,
}

impl From<KbArticle> for Article {
    fn from(a: KbArticle) -> Self {
        Article {
            id: a.id,
            slug: a.slug,
            created_at: a.created_at,
            updated_at: a.updated_at,
            versions: a
                .versions
                .into_iter()
                .map(|v| ArticleVersion {
                    locale: v.locale,
                    title: v.title,
                    body: v.body,
                    published: v.published,
                })
                .collect(),
            files: a.files,
        }
    }
}

/// The site's articles.
#[derive(Debug, Serialize, ToSchema)]
pub struct Articles {
    /// Oldest first.
    pub articles: Vec<Article>,
}

fn input(change: ArticleChange) -> ArticleInput {
    ArticleInput {
        slug: change.slug,
        collection: change.collection,
        versions: change
            .versions
            .into_iter()
            .map(|v| VersionInput {
                locale: v.locale,
                title: v.title,
                body: v.body,
                published: v.published,
            })
            .collect(),
    }
}

fn label(client: &ApiClient) -> String {
    format!("key-{}", client.key_id)
}

/// The site's articles, drafts included.
#[utoipa::path(get, path = "/api/v1/kb/articles", tag = "knowledge base",
    responses((status = 200, description = "The articles", body = Articles)))]
async fn list(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
) -> Result<Json<Articles>, V1Error> {
    let articles = kb::articles(&state, &client.site).await?;
    Ok(Json(Articles {
        articles: articles.into_iter().map(Article::from).collect(),
    }))
}

/// Creates an article with the versions sent.
#[utoipa::path(post, path = "/api/v1/kb/articles", tag = "knowledge base",
    params(("Idempotency-Key" = Option<String>, Header, description = "1–64 of A–Z a–z 0–9 _ -", pattern = "^[A-Za-z0-9_-]{1,64}$")),
    request_body = ArticleChange,
    responses((status = 201, description = "Created", body = Article)))]
async fn create(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Body(change): Body<ArticleChange>,
) -> Result<(StatusCode, Json<Article>), V1Error> {
    let name = label(&client);
    let id = kb::create(&state, Editor::Key(&name), &client.site, &input(change)).await?;
    let article = kb::article(&state, &client.site, id).await?;
    Ok((StatusCode::CREATED, Json(article.into())))
}

/// One article of the site.
#[utoipa::path(get, path = "/api/v1/kb/articles/{id}", tag = "knowledge base",
    params(("id" = i64, Path, description = "Article id", minimum = 1)),
    responses((status = 200, description = "The article", body = Article)))]
async fn read(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Params(id): Params<i64>,
) -> Result<Json<Article>, V1Error> {
    Ok(Json(kb::article(&state, &client.site, id).await?.into()))
}

/// Changes an article: its address, its collection and the versions sent.
#[utoipa::path(post, path = "/api/v1/kb/articles/{id}", tag = "knowledge base",
    params(
        ("id" = i64, Path, description = "Article id", minimum = 1),
        ("Idempotency-Key" = Option<String>, Header, description = "1–64 of A–Z a–z 0–9 _ -", pattern = "^[A-Za-z0-9_-]{1,64}$"),
    ),
    request_body = ArticleChange,
    responses((status = 200, description = "Changed", body = Article)))]
async fn update(
    State(state): State<AppState>,
    Extension(client): Extension<ApiClient>,
    Params(id): Params<i64>,
    Body(change): Body<ArticleChange>,
) -> Result<Json<Article>, V1Error> {
    let name = label(&client);
    kb::update(&state, Editor::Key(&name), &client.site, id, &input(change)).await?;
    Ok(Json(kb::article(&state, &client.site, id).await?.into()))
}
