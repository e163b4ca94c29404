//! SQL implementation of [`CaseLibraryStore`].

use async_trait::async_trait;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::SqlStore;
use super::rows::bad;
use crate::storage::{CaseLibraryStore, LibraryCase, StoreError, StoreResult};

const COLUMNS: &str = "l.id, l.site_key, l.conversation_id, l.locale, l.category, l.rating, \
     l.demand, l.solution, l.added_by, a.name, l.added_at";

fn case_of(r: &AnyRow) -> StoreResult<LibraryCase> {
    let rating: Option<i64> = r.try_get("rating")?;
    Ok(LibraryCase {
        id: r.try_get("id")?,
        site: r.try_get("site_key")?,
        conversation_id: r.try_get("conversation_id")?,
        locale: r.try_get("locale")?,
        category: r.try_get("category")?,
        rating: rating
            .map(|v| u8::try_from(v).map_err(|_| bad("rating", &v.to_string())))
            .transpose()?,
        demand: r.try_get("demand")?,
        solution: r.try_get("solution")?,
        added_by: r.try_get("added_by")?,
        added_by_name: r.try_get("name")?,
        added_at: r.try_get("added_at")?,
    })
}

#[async_trait]
impl CaseLibraryStore for SqlStore {
    async fn add_library_case(&self, c: &LibraryCase) -> StoreResult<i64> {
        let mut tx = self.writer.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO case_library (site_key, conversation_id, locale, category, rating, \
             demand, solution, added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (conversation_id) WHERE removed_at IS NULL DO NOTHING RETURNING id",
        )
        .bind(&c.site)
        .bind(c.conversation_id)
        .bind(&c.locale)
        .bind(c.category.as_deref())
        .bind(c.rating.map(i64::from))
        .bind(&c.demand)
        .bind(&c.solution)
        .bind(c.added_by)
        .bind(c.added_at)
        .fetch_optional(&mut *tx)
        .await?;
        let id = id.ok_or(StoreError::Conflict)?;
        sqlx::query("INSERT INTO case_library_changes (case_id) VALUES ($1)")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn remove_library_case(&self, site: &str, id: i64, at: i64) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let gone = sqlx::query(
            "UPDATE case_library SET removed_at = $1 \
             WHERE id = $2 AND site_key = $3 AND removed_at IS NULL",
        )
        .bind(at)
        .bind(id)
        .bind(site)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if gone == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("INSERT INTO case_library_changes (case_id) VALUES ($1)")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn library_cases(&self, ids: &[i64]) -> StoreResult<Vec<LibraryCase>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let marks: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT {COLUMNS} FROM case_library l JOIN agents a ON a.id = l.added_by \
             WHERE l.removed_at IS NULL AND l.id IN ({}) ORDER BY l.id",
            marks.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for id in ids {
            q = q.bind(*id);
        }
        let rows = q.fetch_all(&self.reader).await?;
        rows.iter().map(case_of).collect()
    }

    async fn site_library(&self, site: &str, limit: i64) -> StoreResult<Vec<LibraryCase>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM case_library l JOIN agents a ON a.id = l.added_by \
             WHERE l.site_key = $1 AND l.removed_at IS NULL \
             ORDER BY l.added_at DESC, l.id DESC LIMIT $2"
        )))
        .bind(site)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(case_of).collect()
    }

    async fn library_case_of(&self, conversation_id: i64) -> StoreResult<Option<LibraryCase>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM case_library l JOIN agents a ON a.id = l.added_by \
             WHERE l.conversation_id = $1 AND l.removed_at IS NULL"
        )))
        .bind(conversation_id)
        .fetch_optional(&self.reader)
        .await?;
        row.as_ref().map(case_of).transpose()
    }

    async fn library_changes_since(&self, after: i64, limit: i64) -> StoreResult<(Vec<i64>, i64)> {
        let rows = sqlx::query(
            "SELECT id, case_id FROM case_library_changes WHERE id > $1 ORDER BY id LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        let mut mark = after;
        let mut cases = Vec::new();
        for r in &rows {
            mark = mark.max(r.try_get("id")?);
            let c: i64 = r.try_get("case_id")?;
            if !cases.contains(&c) {
                cases.push(c);
            }
        }
        Ok((cases, mark))
    }
}
