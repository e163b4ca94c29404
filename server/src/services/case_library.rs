//! The case library (issue 21, R-QA4): staff add a resolved case — what
//! the customer wanted and how it was solved, with the customer left out
//! ([`crate::domain::case_library::anonymise`]) — with its topic and
//! rating; the library is searched with the knowledge base's multilingual
//! search (a second [`crate::search::KbIndex`], one document per case in
//! its language), and the case panel of a new conversation shows the
//! cases most like it. Every server keeps its index current by following
//! the library's change feed, as with the knowledge base.
//!
//! Who may: the desk frames' gate checks access to the conversation
//! (`similar_cases` read-only, `add_to_library` full); the library page
//! is for the site's staff; taking a case out is for its admins and
//! supervisors (the admin gate, [`crate::domain::qa::may_run_qa`]).

use std::sync::Arc;
use std::sync::atomic::Ordering;

use parley_app::error::ErrorCode;
use parley_app::protocol::{AgentProfile, LibraryCase as CaseView};

use crate::domain::case_library::{anonymise, checked, may_add};
use crate::search::{IndexedVersion, KbIndex};
use crate::services::audit::{self, Entry};
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::{LibraryCase, StoreError};

/// How often the change feed is read, ms.
const FOLLOW_EVERY_MS: u64 = 1_000;
/// Changes read at once.
const FEED_BATCH: i64 = 500;
/// Similar cases the case panel shows.
const SIMILAR_SHOWN: usize = 3;
/// Cases the library page lists.
const PAGE_SHOWN: usize = 50;
/// The longest search the library page takes, in characters.
const MAX_QUERY_CHARS: usize = 200;

fn indexed(c: &LibraryCase) -> IndexedVersion {
    IndexedVersion {
        site: c.site.clone(),
        article: c.id,
        slug: String::new(),
        locale: c.locale.clone(),
        title: c.demand.clone(),
        body: format!("{}\n{}", c.demand, c.solution),
    }
}

async fn replace(
    index: Arc<KbIndex>,
    ids: Vec<i64>,
    cases: Vec<LibraryCase>,
) -> Result<(), StoreError> {
    let docs: Vec<IndexedVersion> = cases.iter().map(indexed).collect();
    tokio::task::spawn_blocking(move || index.replace(&ids, &docs))
        .await
        .map_err(|e| StoreError::Backend(e.to_string()))?
        .map_err(|e| StoreError::Backend(e.to_string()))
}

/// Indexes every site's library (at start).
pub async fn load(state: &AppState) -> Result<(), StoreError> {
    let mark = last_mark(state).await?;
    let mut cases = Vec::new();
    for config in state.sites.all() {
        cases.extend(state.store.site_library(&config.site, i64::MAX).await?);
    }
    let ids = cases.iter().map(|c| c.id).collect();
    let n = cases.len();
    replace(state.cases.clone(), ids, cases).await?;
    state.cases_mark.fetch_max(mark, Ordering::SeqCst);
    tracing::info!(cases = n, "case library indexed");
    Ok(())
}

/// The feed's newest position.
async fn last_mark(state: &AppState) -> Result<i64, StoreError> {
    let mut mark = 0;
    loop {
        let (_, next) = state.store.library_changes_since(mark, FEED_BATCH).await?;
        if next == mark {
            return Ok(mark);
        }
        mark = next;
    }
}

async fn reindex(state: &AppState, ids: &[i64]) -> Result<(), StoreError> {
    let cases = state.store.library_cases(ids).await?;
    replace(state.cases.clone(), ids.to_vec(), cases).await
}

/// Keeps this server's case index current with changes made on others.
pub async fn follow(state: AppState) {
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(FOLLOW_EVERY_MS)).await;
        let after = state.cases_mark.load(Ordering::SeqCst);
        match state.store.library_changes_since(after, FEED_BATCH).await {
            Ok((ids, mark)) if mark > after => {
                if !ids.is_empty()
                    && let Err(e) = reindex(&state, &ids).await
                {
                    tracing::error!(error = %e, "re-indexing changed library cases");
                    continue;
                }
                state.cases_mark.fetch_max(mark, Ordering::SeqCst);
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "reading the case library's changes"),
        }
    }
}

fn view(state: &AppState, c: LibraryCase) -> CaseView {
    let category = c.category.as_ref().and_then(|key| {
        let config = state.sites.get(&c.site)?;
        let topic = config.categories.iter().find(|t| &t.key == key)?;
        Some(topic.name(&c.locale, &config.default_locale))
    });
    CaseView {
        id: c.id,
        conversation_id: c.conversation_id,
        locale: c.locale,
        category: category.or(c.category),
        rating: c.rating,
        demand: c.demand,
        solution: c.solution,
        added_by: c.added_by_name,
        added_at: c.added_at,
    }
}

/// The site's cases best matching `query` for a reader of `locale` (their
/// language first, then the site's), best first.
async fn search(
    state: &AppState,
    site: &str,
    locale: &str,
    query: &str,
    limit: usize,
) -> Result<Vec<CaseView>, Refusal> {
    let fallback = state
        .sites
        .get(site)
        .map(|c| c.default_locale)
        .ok_or(ErrorCode::NotFound)?;
    let query: String = query.chars().take(MAX_QUERY_CHARS).collect();
    let (index, site_key, locale) = (state.cases.clone(), site.to_owned(), locale.to_owned());
    let hits = tokio::task::spawn_blocking(move || {
        index.search(&site_key, &locale, &fallback, &query, limit)
    })
    .await
    .map_err(|_| ErrorCode::Internal)?
    .map_err(|e| {
        tracing::error!(error = %e, "case library search");
        Refusal::from(ErrorCode::Internal)
    })?;
    let ids: Vec<i64> = hits.iter().map(|h| h.article).collect();
    let mut found = state.store.library_cases(&ids).await?;
    // In the order of the hits; a case taken out meanwhile is skipped.
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(i) = found.iter().position(|c| c.id == id) {
            out.push(view(state, found.swap_remove(i)));
        }
    }
    Ok(out)
}

/// Conversation `id`'s own case in the library, and the cases most like
/// it (from `query`, else its latest customer messages and facts), in the
/// customer's language first.
pub async fn similar(
    state: &AppState,
    id: i64,
    query: Option<&str>,
) -> Result<(Option<CaseView>, Vec<CaseView>), Refusal> {
    let record = state.store.record(id).await?;
    let summary = state.store.summary(id).await?;
    let own = state.store.library_case_of(id).await?;
    let words = crate::services::kb::search_words(state, &record, query).await?;
    let locale = match summary.locale {
        Some(l) => l,
        None => state
            .sites
            .get(&record.site)
            .map(|c| c.default_locale)
            .ok_or(ErrorCode::NotFound)?,
    };
    let cases = search(state, &record.site, &locale, &words, SIMILAR_SHOWN + 1)
        .await?
        .into_iter()
        .filter(|c| c.conversation_id != id)
        .take(SIMILAR_SHOWN)
        .collect();
    Ok((own.map(|c| view(state, c)), cases))
}

/// `agent` adds resolved conversation `id` to the library: `demand` and
/// `solution` 1–2,000 characters each (`message_empty`,
/// `text_too_long`), the customer left out of both; not resolved →
/// `case_not_resolved`; added already → `already_in_library`.
pub async fn add(
    state: &AppState,
    agent: &AgentProfile,
    id: i64,
    demand: &str,
    solution: &str,
) -> Result<(), Refusal> {
    let record = state.store.record(id).await?;
    if !may_add(record.status) {
        return Err(ErrorCode::CaseNotResolved.into());
    }
    let (demand, solution) = (checked(demand)?, checked(solution)?);
    let summary = state.store.summary(id).await?;
    let mut known: Vec<&str> = vec![summary.visitor_label.as_str()];
    known.extend(record.facts.values().map(String::as_str));
    let config = state.sites.get(&record.site).ok_or(ErrorCode::NotFound)?;
    let rating = state.store.ratings(id).await?.last().map(|r| r.score);
    let case = LibraryCase {
        id: 0,
        site: record.site.clone(),
        conversation_id: id,
        locale: summary
            .locale
            .clone()
            .unwrap_or_else(|| config.default_locale.clone()),
        category: record.category.clone(),
        rating,
        demand: anonymise(demand, &known),
        solution: anonymise(solution, &known),
        added_by: agent.id,
        added_by_name: agent.name.clone(),
        added_at: state.clock.now(),
    };
    let case_id = match state.store.add_library_case(&case).await {
        Ok(case_id) => case_id,
        Err(StoreError::Conflict) => return Err(ErrorCode::AlreadyInLibrary.into()),
        Err(e) => return Err(e.into()),
    };
    reindex(state, &[case_id]).await?;
    audit::record(
        state,
        Entry::by(agent, "library_case_added")
            .conversation(&record.site, id)
            .detail(serde_json::json!({ "case": case_id })),
    )
    .await;
    Ok(())
}

/// `actor` (an admin or supervisor of `site`, checked by the admin gate)
/// takes case `id` out of the library.
pub async fn remove(
    state: &AppState,
    actor: &AgentProfile,
    site: &str,
    id: i64,
) -> Result<(), Refusal> {
    state
        .store
        .remove_library_case(site, id, state.clock.now())
        .await?;
    reindex(state, &[id]).await?;
    audit::record(
        state,
        Entry::by(actor, "library_case_removed")
            .site(site)
            .detail(serde_json::json!({ "case": id })),
    )
    .await;
    Ok(())
}

/// `/desk/library` for `agent`: the sites they serve, and `site`'s cases
/// matching `query` (empty: the newest) for a reader of `locale`.
pub async fn page(
    state: &AppState,
    agent: &AgentProfile,
    site: &str,
    query: &str,
    locale: &str,
) -> Result<parley_app::api::LibraryView, ErrorCode> {
    let sites = crate::services::reports::report_sites(state, agent);
    let site = if site.is_empty() {
        sites.first().cloned().ok_or(ErrorCode::NotFound)?
    } else if sites.iter().any(|s| s == site) {
        site.to_owned()
    } else {
        return Err(ErrorCode::NotFound);
    };
    let query = query.trim();
    let cases = if query.is_empty() {
        state
            .store
            .site_library(&site, PAGE_SHOWN as i64)
            .await
            .map_err(crate::error::store_code)?
            .into_iter()
            .map(|c| view(state, c))
            .collect()
    } else {
        search(state, &site, locale, query, PAGE_SHOWN)
            .await
            .map_err(|r| r.code)?
    };
    Ok(parley_app::api::LibraryView {
        may_curate: crate::domain::qa::may_run_qa(agent, &site),
        sites,
        site,
        query: query.to_owned(),
        cases,
    })
}
