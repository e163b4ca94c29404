//! SQL implementation of [`KbStore`].

use std::collections::BTreeMap;

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::SqlStore;
use super::rows::{bad, flag, found, from_json, json};
use crate::storage::{
    BotPart, KbAction, KbArticle, KbAuthor, KbChange, KbCollection, KbEvent, KbEventKind, KbStats,
    KbStore, KbVersion, NewKbVersion, PublishedKb, StoreError, StoreResult,
};

fn who(by: KbAuthor<'_>) -> (Option<i64>, Option<&str>) {
    match by {
        KbAuthor::Agent(id) => (Some(id), None),
        KbAuthor::Named(label) => (None, Some(label)),
    }
}

struct Line<'a> {
    article_id: i64,
    locale: Option<&'a str>,
    action: KbAction,
    title: Option<&'a str>,
    body: Option<&'a str>,
    by: KbAuthor<'a>,
    at: i64,
}

impl<'a> Line<'a> {
    /// A line about the article as a whole (no locale, no title).
    fn article(
        article_id: i64,
        action: KbAction,
        body: Option<&'a str>,
        by: KbAuthor<'a>,
        at: i64,
    ) -> Self {
        Line {
            article_id,
            locale: None,
            action,
            title: None,
            body,
            by,
            at,
        }
    }
}

/// Checks that collection `id` (if any) is one of `site`'s.
async fn site_collection(
    tx: &mut Transaction<'_, Any>,
    id: Option<i64>,
    site: &str,
) -> StoreResult<()> {
    if let Some(c) = id {
        let same: Option<i64> =
            sqlx::query_scalar("SELECT id FROM kb_collections WHERE id = $1 AND site_key = $2")
                .bind(c)
                .bind(site)
                .fetch_optional(&mut **tx)
                .await?;
        same.ok_or(StoreError::NotFound)?;
    }
    Ok(())
}

async fn history(tx: &mut Transaction<'_, Any>, l: Line<'_>) -> StoreResult<i64> {
    let (agent, label) = who(l.by);
    let id = sqlx::query_scalar(
        "INSERT INTO kb_history (article_id, locale, action, title, body, by_agent, by_label, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(l.article_id)
    .bind(l.locale)
    .bind(l.action.as_str())
    .bind(l.title)
    .bind(l.body)
    .bind(agent)
    .bind(label)
    .bind(l.at)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE kb_articles SET updated_at = $1 WHERE id = $2")
        .bind(l.at)
        .bind(l.article_id)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// The live article `id`, for a change (`NotFound` once removed).
async fn live(tx: &mut Transaction<'_, Any>, id: i64) -> StoreResult<String> {
    sqlx::query_scalar("SELECT site_key FROM kb_articles WHERE id = $1 AND removed_at IS NULL")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(StoreError::NotFound)
}

const ARTICLE: &str = "SELECT id, site_key, collection_id, slug, created_at, updated_at \
     FROM kb_articles WHERE removed_at IS NULL";

/// What an article query filters on.
enum By<'a> {
    Id(i64),
    Site(&'a str),
    Slug(&'a str, &'a str),
}

impl SqlStore {
    async fn articles(&self, by: By<'_>) -> StoreResult<Vec<KbArticle>> {
        let query = match by {
            By::Id(id) => {
                sqlx::query(sqlx::AssertSqlSafe(format!("{ARTICLE} AND id = $1"))).bind(id)
            }
            By::Site(site) => sqlx::query(sqlx::AssertSqlSafe(format!(
                "{ARTICLE} AND site_key = $1 ORDER BY id"
            )))
            .bind(site),
            By::Slug(site, slug) => sqlx::query(sqlx::AssertSqlSafe(format!(
                "{ARTICLE} AND site_key = $1 AND slug = $2"
            )))
            .bind(site)
            .bind(slug),
        };
        let rows = query.fetch_all(&self.reader).await?;
        let mut out: Vec<KbArticle> = rows
            .iter()
            .map(|r| {
                Ok(KbArticle {
                    id: r.try_get("id")?,
                    site: r.try_get("site_key")?,
                    collection_id: r.try_get("collection_id")?,
                    slug: r.try_get("slug")?,
                    created_at: r.try_get("created_at")?,
                    updated_at: r.try_get("updated_at")?,
                    versions: Vec::new(),
                    files: Vec::new(),
                })
            })
            .collect::<StoreResult<_>>()?;
        if out.is_empty() {
            return Ok(out);
        }
        let by_id: BTreeMap<i64, usize> = out.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        // Ids are integers: written into the statement, never text.
        let ids = by_id
            .keys()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let versions = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT article_id, locale, title, body, published, updated_at FROM kb_versions \
             WHERE article_id IN ({ids}) ORDER BY article_id, locale"
        )))
        .fetch_all(&self.reader)
        .await?;
        for r in &versions {
            let id: i64 = r.try_get("article_id")?;
            if let Some(&i) = by_id.get(&id) {
                out[i].versions.push(KbVersion {
                    locale: r.try_get("locale")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                    published: flag(r, "published")?,
                    updated_at: r.try_get("updated_at")?,
                });
            }
        }
        let files = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT article_id, attachment_id FROM kb_files WHERE article_id IN ({ids}) \
             ORDER BY added_at, attachment_id"
        )))
        .fetch_all(&self.reader)
        .await?;
        for r in &files {
            let id: i64 = r.try_get("article_id")?;
            if let Some(&i) = by_id.get(&id) {
                out[i].files.push(r.try_get("attachment_id")?);
            }
        }
        Ok(out)
    }

    async fn article(&self, by: By<'_>) -> StoreResult<KbArticle> {
        self.articles(by)
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound)
    }
}

fn change_of(r: &AnyRow) -> StoreResult<KbChange> {
    let action: String = r.try_get("action")?;
    Ok(KbChange {
        id: r.try_get("id")?,
        article_id: r.try_get("article_id")?,
        locale: r.try_get("locale")?,
        action: KbAction::parse(&action).ok_or_else(|| bad("kb action", &action))?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        by_agent: r.try_get("by_agent")?,
        by_label: r.try_get("by_label")?,
        at: r.try_get("at")?,
    })
}

fn event_of(r: &AnyRow) -> StoreResult<KbEvent> {
    let kind: String = r.try_get("kind")?;
    Ok(KbEvent {
        site: r.try_get("site_key")?,
        article_id: r.try_get("article_id")?,
        locale: r.try_get("locale")?,
        kind: KbEventKind::parse(&kind).ok_or_else(|| bad("kb event", &kind))?,
        visitor_id: r.try_get("visitor_id")?,
        conversation_id: r.try_get("conversation_id")?,
        at: r.try_get("at")?,
    })
}

#[async_trait]
impl KbStore for SqlStore {
    async fn save_kb_collection(
        &self,
        site: &str,
        slug: &str,
        names: &BTreeMap<String, String>,
        position: i64,
    ) -> StoreResult<i64> {
        let id = sqlx::query_scalar(
            "INSERT INTO kb_collections (site_key, slug, names, position) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (site_key, slug) DO UPDATE SET names = excluded.names, \
             position = excluded.position RETURNING id",
        )
        .bind(site)
        .bind(slug)
        .bind(json(names)?)
        .bind(position)
        .fetch_one(&self.writer)
        .await?;
        Ok(id)
    }

    async fn kb_collections(&self, site: &str) -> StoreResult<Vec<KbCollection>> {
        let rows = sqlx::query(
            "SELECT id, site_key, slug, names, position FROM kb_collections \
             WHERE site_key = $1 ORDER BY position, id",
        )
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let names: String = r.try_get("names")?;
                Ok(KbCollection {
                    id: r.try_get("id")?,
                    site: r.try_get("site_key")?,
                    slug: r.try_get("slug")?,
                    names: from_json(&names)?,
                    position: r.try_get("position")?,
                })
            })
            .collect()
    }

    async fn create_kb_article(
        &self,
        site: &str,
        slug: &str,
        collection_id: Option<i64>,
        by: KbAuthor<'_>,
        now: i64,
    ) -> StoreResult<i64> {
        let mut tx = self.writer.begin().await?;
        site_collection(&mut tx, collection_id, site).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO kb_articles (site_key, collection_id, slug, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(site)
        .bind(collection_id)
        .bind(slug)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        history(
            &mut tx,
            Line::article(id, KbAction::Moved, Some(slug), by, now),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn move_kb_article(
        &self,
        id: i64,
        slug: &str,
        collection_id: Option<i64>,
        by: KbAuthor<'_>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let site = live(&mut tx, id).await?;
        site_collection(&mut tx, collection_id, &site).await?;
        sqlx::query("UPDATE kb_articles SET slug = $1, collection_id = $2 WHERE id = $3")
            .bind(slug)
            .bind(collection_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        history(
            &mut tx,
            Line::article(id, KbAction::Moved, Some(slug), by, now),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_kb_version(&self, v: NewKbVersion<'_>) -> StoreResult<i64> {
        let mut tx = self.writer.begin().await?;
        live(&mut tx, v.article_id).await?;
        let was: Option<i64> = sqlx::query_scalar(
            "SELECT published FROM kb_versions WHERE article_id = $1 AND locale = $2",
        )
        .bind(v.article_id)
        .bind(v.locale)
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO kb_versions (article_id, locale, title, body, published, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (article_id, locale) DO UPDATE SET \
             title = excluded.title, body = excluded.body, published = excluded.published, \
             updated_at = excluded.updated_at",
        )
        .bind(v.article_id)
        .bind(v.locale)
        .bind(v.title)
        .bind(v.body)
        .bind(i64::from(v.published))
        .bind(v.now)
        .execute(&mut *tx)
        .await?;
        let action = match (was.is_some_and(|p| p != 0), v.published) {
            (false, true) => KbAction::Published,
            (true, false) => KbAction::Unpublished,
            _ => KbAction::Saved,
        };
        let id = history(
            &mut tx,
            Line {
                article_id: v.article_id,
                locale: Some(v.locale),
                action,
                title: Some(v.title),
                body: Some(v.body),
                by: v.by,
                at: v.now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn remove_kb_article(&self, id: i64, by: KbAuthor<'_>, now: i64) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        live(&mut tx, id).await?;
        // The slug is freed for a new article.
        sqlx::query(
            "UPDATE kb_articles SET removed_at = $1, slug = slug || '~' || CAST(id AS TEXT) \
             WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        history(&mut tx, Line::article(id, KbAction::Removed, None, by, now)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn kb_article(&self, id: i64) -> StoreResult<KbArticle> {
        self.article(By::Id(id)).await
    }

    async fn kb_article_by_slug(&self, site: &str, slug: &str) -> StoreResult<KbArticle> {
        self.article(By::Slug(site, slug)).await
    }

    async fn kb_articles(&self, site: &str) -> StoreResult<Vec<KbArticle>> {
        self.articles(By::Site(site)).await
    }

    async fn published_kb(&self, articles: Option<&[i64]>) -> StoreResult<Vec<PublishedKb>> {
        let mut sql = String::from(
            "SELECT a.site_key, a.slug, v.article_id, v.locale, v.title, v.body FROM kb_versions v \
             JOIN kb_articles a ON a.id = v.article_id \
             WHERE v.published = 1 AND a.removed_at IS NULL",
        );
        if let Some(ids) = articles {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            // Ids are integers: written into the statement, never text.
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            sql.push_str(&format!(" AND v.article_id IN ({})", list.join(",")));
        }
        sql.push_str(" ORDER BY v.article_id, v.locale");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.reader)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PublishedKb {
                    site: r.try_get("site_key")?,
                    article_id: r.try_get("article_id")?,
                    slug: r.try_get("slug")?,
                    locale: r.try_get("locale")?,
                    title: r.try_get("title")?,
                    body: r.try_get("body")?,
                })
            })
            .collect()
    }

    async fn kb_history(&self, article_id: i64) -> StoreResult<Vec<KbChange>> {
        let rows = sqlx::query(
            "SELECT id, article_id, locale, action, title, body, by_agent, by_label, at \
             FROM kb_history WHERE article_id = $1 ORDER BY id DESC",
        )
        .bind(article_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(change_of).collect()
    }

    async fn kb_changes_since(&self, after: i64, limit: i64) -> StoreResult<(Vec<i64>, i64)> {
        let rows =
            sqlx::query("SELECT id, article_id FROM kb_history WHERE id > $1 ORDER BY id LIMIT $2")
                .bind(after)
                .bind(limit)
                .fetch_all(&self.reader)
                .await?;
        let mut mark = after;
        let mut articles = Vec::new();
        for r in &rows {
            mark = mark.max(r.try_get("id")?);
            let a: i64 = r.try_get("article_id")?;
            if !articles.contains(&a) {
                articles.push(a);
            }
        }
        Ok((articles, mark))
    }

    async fn kb_change_mark(&self) -> StoreResult<i64> {
        let mark: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM kb_history")
            .fetch_one(&self.reader)
            .await?;
        Ok(mark.unwrap_or(0))
    }

    async fn add_kb_file(
        &self,
        article_id: i64,
        attachment_id: &str,
        by: KbAuthor<'_>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let site = live(&mut tx, article_id).await?;
        let same: Option<String> =
            sqlx::query_scalar("SELECT id FROM attachments WHERE id = $1 AND site_key = $2")
                .bind(attachment_id)
                .bind(&site)
                .fetch_optional(&mut *tx)
                .await?;
        same.ok_or(StoreError::NotFound)?;
        sqlx::query(
            "INSERT INTO kb_files (article_id, attachment_id, added_at) VALUES ($1, $2, $3) \
             ON CONFLICT DO NOTHING",
        )
        .bind(article_id)
        .bind(attachment_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        history(
            &mut tx,
            Line::article(
                article_id,
                KbAction::FileAdded,
                Some(attachment_id),
                by,
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn remove_kb_file(
        &self,
        article_id: i64,
        attachment_id: &str,
        by: KbAuthor<'_>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        live(&mut tx, article_id).await?;
        let done = sqlx::query("DELETE FROM kb_files WHERE article_id = $1 AND attachment_id = $2")
            .bind(article_id)
            .bind(attachment_id)
            .execute(&mut *tx)
            .await?;
        found(&done)?;
        history(
            &mut tx,
            Line::article(
                article_id,
                KbAction::FileRemoved,
                Some(attachment_id),
                by,
                now,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn kb_file_article(&self, attachment_id: &str) -> StoreResult<Option<i64>> {
        let id = sqlx::query_scalar(
            "SELECT f.article_id FROM kb_files f JOIN kb_articles a ON a.id = f.article_id \
             WHERE f.attachment_id = $1 AND a.removed_at IS NULL",
        )
        .bind(attachment_id)
        .fetch_optional(&self.reader)
        .await?;
        Ok(id)
    }

    async fn record_kb_event(&self, e: &KbEvent) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO kb_events (site_key, article_id, locale, kind, visitor_id, \
             conversation_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&e.site)
        .bind(e.article_id)
        .bind(&e.locale)
        .bind(e.kind.as_str())
        .bind(&e.visitor_id)
        .bind(e.conversation_id)
        .bind(e.at)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn conversation_kb_events(&self, conversation_id: i64) -> StoreResult<Vec<KbEvent>> {
        let rows = sqlx::query(
            "SELECT site_key, article_id, locale, kind, visitor_id, conversation_id, at \
             FROM kb_events WHERE conversation_id = $1 ORDER BY id",
        )
        .bind(conversation_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(event_of).collect()
    }

    async fn mark_bot_answered(&self, conversation_id: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE conversations SET bot_answered = 1 WHERE id = $1")
            .bind(conversation_id)
            .execute(&self.writer)
            .await?;
        found(&done)
    }

    async fn hold_for_bot(&self, conversation_id: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE conversations SET bot_holding = 1 WHERE id = $1")
            .bind(conversation_id)
            .execute(&self.writer)
            .await?;
        found(&done)
    }

    async fn mark_handed_over(&self, conversation_id: i64, now: i64) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE conversations SET handed_over_at = COALESCE(handed_over_at, $1), bot_holding = 0 \
             WHERE id = $2 AND bot_holding = 1",
        )
        .bind(now)
        .bind(conversation_id)
        .execute(&self.writer)
        .await?;
        if done.rows_affected() > 0 {
            return Ok(true);
        }
        self.bot_part(conversation_id).await.map(|_| false)
    }

    async fn bot_part(&self, conversation_id: i64) -> StoreResult<BotPart> {
        let row = sqlx::query(
            "SELECT bot_holding, bot_answered, handed_over_at FROM conversations WHERE id = $1",
        )
        .bind(conversation_id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(BotPart {
            holding: flag(&row, "bot_holding")?,
            answered: flag(&row, "bot_answered")?,
            handed_over_at: row.try_get("handed_over_at")?,
        })
    }

    async fn bot_held(&self, site: &str) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM conversations WHERE site_key = $1 AND bot_holding = 1 ORDER BY id",
        )
        .bind(site)
        .fetch_all(&self.reader)
        .await?)
    }

    async fn kb_stats(&self, site: &str, since: i64) -> StoreResult<KbStats> {
        let mut stats = KbStats::default();
        let rows = sqlx::query(
            "SELECT article_id, kind, COUNT(*) AS n FROM kb_events \
             WHERE site_key = $1 AND at >= $2 GROUP BY article_id, kind",
        )
        .bind(site)
        .bind(since)
        .fetch_all(&self.reader)
        .await?;
        for r in &rows {
            let kind: String = r.try_get("kind")?;
            let slot = match KbEventKind::parse(&kind) {
                Some(KbEventKind::Viewed) => 0,
                Some(KbEventKind::Helpful) => 1,
                Some(KbEventKind::NotHelpful) => 2,
                Some(KbEventKind::Offered) => 3,
                None => return Err(bad("kb event", &kind)),
            };
            let n: i64 = r.try_get("n")?;
            stats
                .articles
                .entry(r.try_get("article_id")?)
                .or_insert([0; 4])[slot] = n;
        }
        let row = sqlx::query(
            "SELECT \
               COALESCE(SUM(CASE WHEN bot_answered = 1 AND handed_over_at IS NULL THEN 1 ELSE 0 END), 0) AS alone, \
               COALESCE(SUM(CASE WHEN handed_over_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS handed \
             FROM conversations WHERE site_key = $1 AND created_at >= $2",
        )
        .bind(site)
        .bind(since)
        .fetch_one(&self.reader)
        .await?;
        stats.bot_alone = row.try_get("alone")?;
        stats.handed_over = row.try_get("handed")?;
        Ok(stats)
    }

    async fn set_kb_bot(&self, site: &str, on: bool) -> StoreResult<()> {
        let done = sqlx::query("UPDATE sites SET bot_enabled = $1 WHERE key = $2")
            .bind(i64::from(on))
            .bind(site)
            .execute(&self.writer)
            .await?;
        found(&done)
    }

    async fn kb_bot(&self, site: &str) -> StoreResult<bool> {
        let row = sqlx::query("SELECT bot_enabled FROM sites WHERE key = $1")
            .bind(site)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)?;
        flag(&row, "bot_enabled")
    }
}
