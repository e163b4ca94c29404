//! The knowledge base (issue 20): editing by a site's admins and
//! supervisors (and its API keys), the search index every server keeps in
//! memory, and what customers read — search, an article in their locale or
//! the site's fallback, the help centre's table of contents.
//!
//! A change is live at once: the server that made it re-indexes the
//! article before answering; every other server follows the store's change
//! feed (the history) every [`FOLLOW_EVERY_MS`] and re-indexes what moved.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;

use crate::domain::kb::{self, Invalid, may_edit_kb};
use crate::search::{Hit, IndexedVersion, KbIndex};
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::{KbArticle, KbAuthor, KbCollection, NewKbVersion, StoreError};

/// How often a server looks for changes made on others.
pub const FOLLOW_EVERY_MS: u64 = 1_000;
/// Changes read per look.
const FEED_BATCH: i64 = 1_000;

impl From<Invalid> for Refusal {
    fn from(e: Invalid) -> Self {
        Refusal {
            code: e.code,
            field: Some(e.field.into()),
        }
    }
}

/// Who writes: a staff member (checked against the site) or an API key of
/// the site (checked by the API's own gate), named in the history.
#[derive(Debug, Clone, Copy)]
pub enum Editor<'a> {
    /// A staff member at the desk.
    Staff(&'a AgentProfile),
    /// An API key, by name.
    Key(&'a str),
}

impl Editor<'_> {
    fn may_edit(&self, site: &str) -> bool {
        match self {
            Editor::Staff(actor) => may_edit_kb(actor, site),
            Editor::Key(_) => true,
        }
    }
}

/// Replaces what the index holds for `articles` with their published
/// versions now in the store (off the async threads: analysis is CPU work).
pub async fn reindex(state: &AppState, articles: &[i64]) -> Result<(), StoreError> {
    let versions = state.store.published_kb(Some(articles)).await?;
    replace(state.kb.clone(), articles.to_vec(), versions).await
}

async fn replace(
    index: Arc<KbIndex>,
    articles: Vec<i64>,
    versions: Vec<crate::storage::PublishedKb>,
) -> Result<(), StoreError> {
    let versions: Vec<IndexedVersion> = versions
        .into_iter()
        .map(|v| IndexedVersion {
            site: v.site,
            article: v.article_id,
            slug: v.slug,
            locale: v.locale,
            title: v.title,
            body: v.body,
        })
        .collect();
    tokio::task::spawn_blocking(move || index.replace(&articles, &versions))
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))?
        .map_err(|e| StoreError::Backend(e.to_string()))
}

/// Indexes every published article (at start).
pub async fn load(state: &AppState) -> Result<(), StoreError> {
    let started = std::time::Instant::now();
    let mark = state.store.kb_change_mark().await?;
    let versions = state.store.published_kb(None).await?;
    let mut articles: Vec<i64> = versions.iter().map(|v| v.article_id).collect();
    articles.dedup();
    let n = versions.len();
    replace(state.kb.clone(), articles, versions).await?;
    state.kb_mark.fetch_max(mark, Ordering::SeqCst);
    tracing::info!(
        versions = n,
        ms = started.elapsed().as_millis() as u64,
        "knowledge base indexed"
    );
    Ok(())
}

/// Keeps this server's index current with changes made on others.
pub async fn follow(state: AppState) {
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(FOLLOW_EVERY_MS)).await;
        let after = state.kb_mark.load(Ordering::SeqCst);
        match state.store.kb_changes_since(after, FEED_BATCH).await {
            Ok((articles, mark)) if mark > after => {
                if !articles.is_empty()
                    && let Err(e) = reindex(&state, &articles).await
                {
                    tracing::error!(error = %e, "re-indexing changed articles");
                    continue;
                }
                state.kb_mark.fetch_max(mark, Ordering::SeqCst);
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "reading the knowledge base's changes"),
        }
    }
}

/// A version as an editor sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionInput {
    /// Locale (a shipped one).
    pub locale: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Customers see it.
    pub published: bool,
}

/// An article as an editor sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleInput {
    /// Its address.
    pub slug: String,
    /// Its collection's slug (`None`: none).
    pub collection: Option<String>,
    /// The versions to save (others are left as they are).
    pub versions: Vec<VersionInput>,
}

fn checked(input: &ArticleInput) -> Result<(), Refusal> {
    kb::slug(&input.slug)?;
    if input.versions.len() > parley_app::locale::SHIPPED.len() {
        return Err(Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("versions".into()),
        });
    }
    for v in &input.versions {
        if !parley_app::locale::SHIPPED.contains(&v.locale.as_str()) {
            return Err(Refusal {
                code: ErrorCode::InvalidFrame,
                field: Some("locale".into()),
            });
        }
        kb::version(&v.title, &v.body, v.published)?;
    }
    Ok(())
}

async fn collection_id(
    state: &AppState,
    site: &str,
    slug: Option<&str>,
) -> Result<Option<i64>, Refusal> {
    let Some(slug) = slug.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let found = state
        .store
        .kb_collections(site)
        .await?
        .into_iter()
        .find(|c| c.slug == slug)
        .map(|c| c.id);
    found.map(Some).ok_or(Refusal {
        code: ErrorCode::NotFound,
        field: Some("collection".into()),
    })
}

fn author<'a>(editor: &Editor<'a>, label: &'a mut String) -> KbAuthor<'a> {
    match editor {
        Editor::Staff(a) => KbAuthor::Agent(a.id),
        Editor::Key(name) => {
            *label = format!("api:{name}");
            KbAuthor::Named(label.as_str())
        }
    }
}

/// Creates or renames a collection of `site`; its id.
pub async fn save_collection(
    state: &AppState,
    editor: Editor<'_>,
    site: &str,
    slug: &str,
    names: &BTreeMap<String, String>,
    position: i64,
) -> Result<i64, Refusal> {
    if !editor.may_edit(site) || state.sites.get(site).is_none() {
        return Err(ErrorCode::NotFound.into());
    }
    kb::slug(slug)?;
    let names: BTreeMap<String, String> = names
        .iter()
        .filter(|(l, n)| parley_app::locale::SHIPPED.contains(&l.as_str()) && !n.trim().is_empty())
        .map(|(l, n)| (l.clone(), n.trim().chars().take(kb::MAX_TITLE).collect()))
        .collect();
    if names.is_empty() {
        return Err(Refusal {
            code: ErrorCode::MessageEmpty,
            field: Some("names".into()),
        });
    }
    Ok(state
        .store
        .save_kb_collection(site, slug, &names, position)
        .await?)
}

/// A taken address is the editor's to fix; other failures are ours.
fn slug_taken(e: StoreError) -> Refusal {
    match e {
        StoreError::Conflict => Refusal {
            code: ErrorCode::SlugTaken,
            field: Some("slug".into()),
        },
        other => other.into(),
    }
}

/// Creates an article of `site` with its versions; its id.
pub async fn create(
    state: &AppState,
    editor: Editor<'_>,
    site: &str,
    input: &ArticleInput,
) -> Result<i64, Refusal> {
    if !editor.may_edit(site) || state.sites.get(site).is_none() {
        return Err(ErrorCode::NotFound.into());
    }
    checked(input)?;
    let collection = collection_id(state, site, input.collection.as_deref()).await?;
    let now = state.clock.now();
    let mut label = String::new();
    let by = author(&editor, &mut label);
    let id = state
        .store
        .create_kb_article(site, &input.slug, collection, by, now)
        .await
        .map_err(slug_taken)?;
    save_versions(state, id, &input.versions, by, now).await?;
    reindex(state, &[id]).await?;
    tracing::info!(site, article = id, slug = %input.slug, "article created");
    Ok(id)
}

async fn save_versions(
    state: &AppState,
    id: i64,
    versions: &[VersionInput],
    by: KbAuthor<'_>,
    now: i64,
) -> Result<(), Refusal> {
    for v in versions {
        let (title, body) = kb::version(&v.title, &v.body, v.published)?;
        state
            .store
            .save_kb_version(NewKbVersion {
                article_id: id,
                locale: &v.locale,
                title,
                body,
                published: v.published,
                by,
                now,
            })
            .await?;
    }
    Ok(())
}

/// The article `id` of `site` if `editor` may change it (one of another
/// site is not found).
async fn editable(
    state: &AppState,
    editor: &Editor<'_>,
    site: &str,
    id: i64,
) -> Result<KbArticle, Refusal> {
    let article = state.store.kb_article(id).await?;
    if article.site != site || !editor.may_edit(&article.site) {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(article)
}

/// Changes an article: its address or collection, and the versions given.
/// `site` is the site the editor acts for (an article of another is not
/// found).
pub async fn update(
    state: &AppState,
    editor: Editor<'_>,
    site: &str,
    id: i64,
    input: &ArticleInput,
) -> Result<(), Refusal> {
    let article = editable(state, &editor, site, id).await?;
    checked(input)?;
    let collection = collection_id(state, site, input.collection.as_deref()).await?;
    let now = state.clock.now();
    let mut label = String::new();
    let by = author(&editor, &mut label);
    if article.slug != input.slug || article.collection_id != collection {
        state
            .store
            .move_kb_article(id, &input.slug, collection, by, now)
            .await
            .map_err(slug_taken)?;
    }
    save_versions(state, id, &input.versions, by, now).await?;
    reindex(state, &[id]).await?;
    tracing::info!(site, article = id, "article changed");
    Ok(())
}

/// Removes an article of `site`.
pub async fn remove(
    state: &AppState,
    editor: Editor<'_>,
    site: &str,
    id: i64,
) -> Result<(), Refusal> {
    editable(state, &editor, site, id).await?;
    let mut label = String::new();
    let by = author(&editor, &mut label);
    state
        .store
        .remove_kb_article(id, by, state.clock.now())
        .await?;
    reindex(state, &[id]).await?;
    tracing::info!(site, article = id, "article removed");
    Ok(())
}

/// A site's articles and collections for its editors.
pub async fn for_editor(
    state: &AppState,
    actor: &AgentProfile,
    site: &str,
) -> Result<(Vec<KbCollection>, Vec<KbArticle>), Refusal> {
    if !may_edit_kb(actor, site) || state.sites.get(site).is_none() {
        return Err(ErrorCode::NotFound.into());
    }
    Ok((
        state.store.kb_collections(site).await?,
        state.store.kb_articles(site).await?,
    ))
}

/// The site's articles, drafts included (for its API keys).
pub async fn articles(state: &AppState, site: &str) -> Result<Vec<KbArticle>, Refusal> {
    Ok(state.store.kb_articles(site).await?)
}

/// The site's article `id`, drafts included (for its API keys).
pub async fn article(state: &AppState, site: &str, id: i64) -> Result<KbArticle, Refusal> {
    let article = state.store.kb_article(id).await?;
    if article.site != site {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(article)
}

/// The site's fallback locale, or `None` for an unknown or disabled site.
fn fallback(state: &AppState, site: &str) -> Option<String> {
    state.sites.live(site).map(|c| c.default_locale)
}

/// The site's published articles best matching `query` for a reader of
/// `locale` (their locale first, then the site's fallback).
pub async fn search(
    state: &AppState,
    site: &str,
    locale: &str,
    query: &str,
    limit: usize,
) -> Result<Vec<Hit>, Refusal> {
    let fallback = fallback(state, site).ok_or(ErrorCode::NotFound)?;
    let query = kb::query(query).to_owned();
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let (index, site, locale) = (state.kb.clone(), site.to_owned(), locale.to_owned());
    let limit = limit.min(kb::MAX_RESULTS);
    tokio::task::spawn_blocking(move || index.search(&site, &locale, &fallback, &query, limit))
        .await
        .map_err(|_| ErrorCode::Internal)?
        .map_err(|e| {
            tracing::error!(error = %e, "knowledge-base search");
            ErrorCode::Internal.into()
        })
}

/// What a reader sees of a published article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The article.
    pub article: KbArticle,
    /// The version shown: the reader's locale, else the site's fallback.
    pub locale: String,
    /// Its title.
    pub title: String,
    /// Its body.
    pub body: String,
}

fn shown(article: KbArticle, locale: &str, fallback: &str) -> Option<Published> {
    let v = article
        .versions
        .iter()
        .find(|v| v.published && v.locale == locale)
        .or_else(|| {
            article
                .versions
                .iter()
                .find(|v| v.published && v.locale == fallback)
        })?
        .clone();
    Some(Published {
        article,
        locale: v.locale,
        title: v.title,
        body: v.body,
    })
}

/// The published article `slug` of `site` for a reader of `locale`.
pub async fn read(
    state: &AppState,
    site: &str,
    locale: &str,
    slug: &str,
) -> Result<Published, Refusal> {
    let fallback = fallback(state, site).ok_or(ErrorCode::NotFound)?;
    let article = state.store.kb_article_by_slug(site, slug).await?;
    shown(article, locale, &fallback).ok_or_else(|| ErrorCode::NotFound.into())
}

/// The published article `id` of `site` for a reader of `locale`.
pub async fn read_id(
    state: &AppState,
    site: &str,
    locale: &str,
    id: i64,
) -> Result<Published, Refusal> {
    let fallback = fallback(state, site).ok_or(ErrorCode::NotFound)?;
    let article = state.store.kb_article(id).await?;
    if article.site != site {
        return Err(ErrorCode::NotFound.into());
    }
    shown(article, locale, &fallback).ok_or_else(|| ErrorCode::NotFound.into())
}

/// The help centre's contents for a reader of `locale`: each collection
/// (name in the reader's locale or the fallback) with its published
/// articles, then articles in no collection (`None`).
pub async fn contents(
    state: &AppState,
    site: &str,
    locale: &str,
) -> Result<Vec<(Option<KbCollection>, Vec<Published>)>, Refusal> {
    let fallback = fallback(state, site).ok_or(ErrorCode::NotFound)?;
    let collections = state.store.kb_collections(site).await?;
    let articles: Vec<Published> = state
        .store
        .kb_articles(site)
        .await?
        .into_iter()
        .filter_map(|a| shown(a, locale, &fallback))
        .collect();
    let mut out: Vec<(Option<KbCollection>, Vec<Published>)> = Vec::new();
    for c in collections {
        let mine: Vec<Published> = articles
            .iter()
            .filter(|a| a.article.collection_id == Some(c.id))
            .cloned()
            .collect();
        if !mine.is_empty() {
            out.push((Some(c), mine));
        }
    }
    let loose: Vec<Published> = articles
        .into_iter()
        .filter(|a| a.article.collection_id.is_none())
        .collect();
    if !loose.is_empty() {
        out.push((None, loose));
    }
    Ok(out)
}

/// Checks that `editor` may attach one more file to article `id` of `site`.
pub async fn may_attach(
    state: &AppState,
    editor: Editor<'_>,
    site: &str,
    id: i64,
) -> Result<(), Refusal> {
    let article = editable(state, &editor, site, id).await?;
    if article.files.len() >= kb::MAX_FILES {
        return Err(Refusal {
            code: ErrorCode::StorageQuota,
            field: Some("files".into()),
        });
    }
    Ok(())
}

/// Attaches the stored upload `file` (of the same site) to article `id`.
pub async fn add_file(
    state: &AppState,
    editor: Editor<'_>,
    site: &str,
    id: i64,
    file: &str,
) -> Result<(), Refusal> {
    may_attach(state, editor, site, id).await?;
    let mut label = String::new();
    let by = author(&editor, &mut label);
    state
        .store
        .add_kb_file(id, file, by, state.clock.now())
        .await?;
    tracing::info!(site, article = id, file, "file attached to an article");
    Ok(())
}

/// Takes file `file` off article `id` of `site`.
pub async fn remove_file(
    state: &AppState,
    editor: Editor<'_>,
    site: &str,
    id: i64,
    file: &str,
) -> Result<(), Refusal> {
    editable(state, &editor, site, id).await?;
    let mut label = String::new();
    let by = author(&editor, &mut label);
    state
        .store
        .remove_kb_file(id, file, by, state.clock.now())
        .await?;
    Ok(())
}

/// The records of an article's files, in order.
pub async fn files(
    state: &AppState,
    article: &KbArticle,
) -> Result<Vec<crate::storage::AttachmentRecord>, Refusal> {
    let mut out = Vec::with_capacity(article.files.len());
    for id in &article.files {
        out.push(state.store.attachment(id).await?);
    }
    Ok(out)
}

/// File `file` for anyone, when it belongs to a live article of `site`
/// with a published version (drafts' files stay private).
pub async fn public_file(
    state: &AppState,
    site: &str,
    file: &str,
) -> Result<crate::storage::AttachmentRecord, Refusal> {
    let Some(article) = state.store.kb_file_article(file).await? else {
        return Err(ErrorCode::NotFound.into());
    };
    let article = state.store.kb_article(article).await?;
    if article.site != site || !article.versions.iter().any(|v| v.published) {
        return Err(ErrorCode::NotFound.into());
    }
    Ok(state.store.attachment(file).await?)
}

/// What a conversation is about, to search with: `query` when the agent
/// typed one, else its latest three customer messages and its facts.
pub async fn search_words(
    state: &AppState,
    record: &crate::storage::ConversationRecord,
    query: Option<&str>,
) -> Result<String, StoreError> {
    if let Some(q) = query.map(str::trim).filter(|q| !q.is_empty()) {
        return Ok(q.to_owned());
    }
    let from = (record.last_seq - 20).max(0);
    let messages = state.store.messages_after(record.id, from, 20).await?;
    let mut words: Vec<String> = messages
        .into_iter()
        .rev()
        .filter(|m| m.author == parley_app::protocol::Author::Customer)
        .take(3)
        .map(|m| m.body)
        .collect();
    words.extend(record.facts.values().cloned());
    Ok(words.join(" "))
}

/// Articles suggested to staff for conversation `id` (its access was
/// checked by the frame's gate): from `query`, or from the customer's
/// latest messages and the facts collected; in the customer's language,
/// else the site's fallback; at most five, each with its help-centre
/// address.
pub async fn suggest(
    state: &AppState,
    id: i64,
    query: Option<&str>,
) -> Result<Vec<parley_app::protocol::ArticleSuggestion>, Refusal> {
    let record = state.store.record(id).await?;
    let summary = state.store.summary(id).await?;
    let fallback = fallback(state, &record.site).ok_or(ErrorCode::NotFound)?;
    let locale = summary.locale.unwrap_or_else(|| fallback.clone());
    let text = search_words(state, &record, query).await?;
    let hits = search(state, &record.site, &locale, &text, 5).await?;
    let mut out = Vec::with_capacity(hits.len());
    for hit in hits {
        let Ok(shown) = read_id(state, &record.site, &hit.locale, hit.article).await else {
            continue;
        };
        out.push(parley_app::protocol::ArticleSuggestion {
            id: hit.article,
            url: format!(
                "{}/help/{}/{}/{}",
                state.settings.public_origin, record.site, shown.locale, shown.article.slug
            ),
            slug: shown.article.slug,
            locale: shown.locale,
            title: shown.title,
            body: shown.body,
        });
    }
    Ok(out)
}
