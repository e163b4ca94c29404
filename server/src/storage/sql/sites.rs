//! SQLite implementation of [`SiteStore`].

use super::SqlStore;
use super::rows::*;
use crate::domain::site::LauncherPosition;
use crate::storage::{Site, SiteStore, StoreError, StoreResult};
use async_trait::async_trait;
use parley_app::canned::CannedReply;
use parley_app::compliance::{CompliancePolicy, PhraseRule, RuleAction};
use parley_app::fees::FeeLine;
use parley_app::protocol::StaffRole;
use sqlx::Row;

#[async_trait]
impl SiteStore for SqlStore {
    async fn upsert_site(&self, site: &Site, now: i64) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        write_site(&mut tx, site, now, true).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_site(&self, site: &Site, now: i64) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let taken: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sites WHERE key = $1")
            .bind(&site.key)
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Conflict);
        }
        write_site(&mut tx, site, now, false).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn sites(&self) -> StoreResult<Vec<Site>> {
        let rows = sqlx::query(
            "SELECT key, name, default_locale, allowed_origins, languages, accent, \
             launcher_position, enabled FROM sites ORDER BY key",
        )
        .fetch_all(&self.reader)
        .await?;
        let texts = sqlx::query(
            "SELECT site_key, kind, locale, body FROM site_texts \
             WHERE kind IN ('greeting', 'away', 'confirm', 'rating', 'launcher') ORDER BY locale",
        )
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let key: String = r.try_get("key")?;
                let origins: String = r.try_get("allowed_origins")?;
                let languages: String = r.try_get("languages")?;
                let position: String = r.try_get("launcher_position")?;
                let of_kind = |kind: &str| {
                    texts
                        .iter()
                        .filter(|t| {
                            t.try_get::<String, _>("site_key").ok().as_deref() == Some(&key)
                                && t.try_get::<String, _>("kind").ok().as_deref() == Some(kind)
                        })
                        .map(|t| Ok((t.try_get("locale")?, t.try_get("body")?)))
                        .collect::<StoreResult<Vec<_>>>()
                };
                Ok(Site {
                    name: r.try_get("name")?,
                    default_locale: r.try_get("default_locale")?,
                    allowed_origins: serde_json::from_str(&origins).unwrap_or_default(),
                    languages: serde_json::from_str(&languages).unwrap_or_default(),
                    greetings: of_kind("greeting")?,
                    away: of_kind("away")?,
                    confirm: of_kind("confirm")?,
                    rating: of_kind("rating")?,
                    launcher: of_kind("launcher")?,
                    accent: r.try_get("accent")?,
                    position: LauncherPosition::parse(&position).unwrap_or_default(),
                    enabled: r.try_get::<i64, _>("enabled")? != 0,
                    key,
                })
            })
            .collect()
    }

    async fn touch_site(&self, site: &str, now: i64) -> StoreResult<()> {
        let done =
            sqlx::query("UPDATE sites SET updated_at = MAX(updated_at + 1, $1) WHERE key = $2")
                .bind(now)
                .bind(site)
                .execute(&self.writer)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn sites_changed_at(&self) -> StoreResult<i64> {
        let at: Option<i64> = sqlx::query_scalar("SELECT MAX(updated_at) FROM sites")
            .fetch_one(&self.reader)
            .await?;
        Ok(at.unwrap_or(0))
    }

    async fn set_site_text(
        &self,
        site: &str,
        kind: &str,
        locale: &str,
        body: Option<&str>,
    ) -> StoreResult<()> {
        let exists: Option<i64> = sqlx::query_scalar("SELECT 1 FROM sites WHERE key = $1")
            .bind(site)
            .fetch_optional(&self.writer)
            .await?;
        if exists.is_none() {
            return Err(StoreError::NotFound);
        }
        sqlx::query("UPDATE sites SET updated_at = updated_at + 1 WHERE key = $1")
            .bind(site)
            .execute(&self.writer)
            .await?;
        match body {
            Some(body) => {
                sqlx::query(
                    "INSERT INTO site_texts (site_key, kind, locale, body) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT(site_key, kind, locale) DO UPDATE SET body = excluded.body",
                )
                .bind(site)
                .bind(kind)
                .bind(locale)
                .bind(body)
                .execute(&self.writer)
                .await?;
            }
            None => {
                sqlx::query(
                    "DELETE FROM site_texts WHERE site_key = $1 AND kind = $2 AND locale = $3",
                )
                .bind(site)
                .bind(kind)
                .bind(locale)
                .execute(&self.writer)
                .await?;
            }
        }
        Ok(())
    }

    async fn site_identity(&self, site: &str) -> StoreResult<(Option<String>, bool)> {
        let row =
            sqlx::query("SELECT identity_secret, identity_required FROM sites WHERE key = $1")
                .bind(site)
                .fetch_optional(&self.reader)
                .await?
                .ok_or(StoreError::NotFound)?;
        Ok((
            row.try_get("identity_secret")?,
            flag(&row, "identity_required")?,
        ))
    }

    async fn set_site_identity(
        &self,
        site: &str,
        sealed: Option<&str>,
        required: bool,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE sites SET identity_secret = $1, identity_required = $2 WHERE key = $3",
        )
        .bind(sealed)
        .bind(i64::from(required))
        .bind(site)
        .execute(&self.writer)
        .await?;
        found(&done)
    }

    async fn canned_replies(&self, site: &str) -> StoreResult<Vec<CannedReply>> {
        let rows = sqlx::query(
            "SELECT kind, locale, body FROM site_texts WHERE site_key = $1 AND kind LIKE 'canned:%' \
             ORDER BY kind, locale",
        )
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        let mut out: Vec<CannedReply> = Vec::new();
        for r in &rows {
            let kind: String = r.try_get("kind")?;
            let key = kind
                .strip_prefix(parley_app::canned::KIND_PREFIX)
                .unwrap_or(&kind)
                .to_owned();
            let text = (r.try_get("locale")?, r.try_get("body")?);
            match out.last_mut() {
                Some(last) if last.key == key => last.texts.push(text),
                _ => out.push(CannedReply {
                    key,
                    texts: vec![text],
                }),
            }
        }
        Ok(out)
    }

    async fn compliance_policy(&self, site: &str) -> StoreResult<CompliancePolicy> {
        let version: i64 =
            sqlx::query_scalar("SELECT compliance_version FROM sites WHERE key = $1")
                .bind(site)
                .fetch_optional(&self.reader)
                .await?
                .ok_or(StoreError::NotFound)?;
        let rows = sqlx::query(
            "SELECT locale, phrase, action FROM compliance_rules WHERE site_key = $1 \
             ORDER BY locale, action, phrase",
        )
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        let rules = rows
            .iter()
            .map(|r| {
                let action: String = r.try_get("action")?;
                Ok(PhraseRule {
                    locale: r.try_get("locale")?,
                    phrase: r.try_get("phrase")?,
                    action: match action.as_str() {
                        "block" => RuleAction::Block,
                        "warn" => RuleAction::Warn,
                        other => return Err(bad("rule action", other)),
                    },
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(CompliancePolicy { version, rules })
    }

    async fn set_compliance_rules(
        &self,
        site: &str,
        edits: &[(&str, Vec<PhraseRule>)],
    ) -> StoreResult<i64> {
        let mut tx = self.writer.begin().await?;
        let version: i64 = sqlx::query_scalar(
            "UPDATE sites SET compliance_version = compliance_version + 1 WHERE key = $1 \
             RETURNING compliance_version",
        )
        .bind(site)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        for (locale, rules) in edits {
            sqlx::query("DELETE FROM compliance_rules WHERE site_key = $1 AND locale = $2")
                .bind(site)
                .bind(locale)
                .execute(&mut *tx)
                .await?;
            for r in rules {
                sqlx::query(
                    "INSERT INTO compliance_rules (site_key, locale, phrase, action) \
                     VALUES ($1, $2, $3, $4) ON CONFLICT (site_key, locale, phrase) \
                     DO UPDATE SET action = excluded.action",
                )
                .bind(site)
                .bind(locale)
                .bind(&r.phrase)
                .bind(match r.action {
                    RuleAction::Block => "block",
                    RuleAction::Warn => "warn",
                })
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(version)
    }

    async fn fee_lines(&self, site: &str) -> StoreResult<Vec<FeeLine>> {
        self.site_json(site, SiteJson::FeeLines).await
    }

    async fn set_fee_lines(&self, site: &str, lines: &[FeeLine]) -> StoreResult<()> {
        self.set_site_json(site, SiteJson::FeeLines, &lines).await
    }

    async fn mfa_required(&self) -> StoreResult<Vec<StaffRole>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT role FROM mfa_policy WHERE required = 1")
                .fetch_all(&self.reader)
                .await?;
        Ok(rows.iter().filter_map(|r| StaffRole::parse(r)).collect())
    }

    async fn set_mfa_required(&self, role: StaffRole, required: bool) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO mfa_policy (role, required) VALUES ($1, $2) \
             ON CONFLICT(role) DO UPDATE SET required = excluded.required",
        )
        .bind(role.as_str())
        .bind(i64::from(required))
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}

/// Writes a site's row (inserted, or with `update` replacing an existing
/// one's settings) and the texts it lists.
async fn write_site(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    site: &Site,
    now: i64,
    update: bool,
) -> StoreResult<()> {
    let origins = serde_json::to_string(&site.allowed_origins)
        .map_err(|e| StoreError::Backend(e.to_string()))?;
    let languages =
        serde_json::to_string(&site.languages).map_err(|e| StoreError::Backend(e.to_string()))?;
    let upsert = if update {
        " ON CONFLICT(key) DO UPDATE SET name = excluded.name, \
         default_locale = excluded.default_locale, allowed_origins = excluded.allowed_origins, \
         languages = excluded.languages, accent = excluded.accent, \
         launcher_position = excluded.launcher_position, enabled = excluded.enabled, \
         updated_at = MAX(sites.updated_at + 1, excluded.updated_at)"
    } else {
        ""
    };
    // `upsert` is one of two constant strings.
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO sites (key, name, default_locale, allowed_origins, languages, accent, \
         launcher_position, enabled, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10){upsert}"
    )))
    .bind(&site.key)
    .bind(&site.name)
    .bind(&site.default_locale)
    .bind(origins)
    .bind(languages)
    .bind(&site.accent)
    .bind(site.position.as_str())
    .bind(i64::from(site.enabled))
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    for (kind, texts) in [
        ("greeting", &site.greetings),
        ("away", &site.away),
        ("confirm", &site.confirm),
        ("rating", &site.rating),
        ("launcher", &site.launcher),
    ] {
        for (locale, body) in texts {
            sqlx::query(
                "INSERT INTO site_texts (site_key, kind, locale, body) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT(site_key, kind, locale) DO UPDATE SET body = excluded.body",
            )
            .bind(&site.key)
            .bind(kind)
            .bind(locale)
            .bind(body)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
