//! SQLite implementation of [`PrivacyStore`].

use super::rows::*;
use super::{Backend, SqlStore};
use crate::storage::{
    DestructionRecord, Ended, NewConsent, PrivacyStore, SealedContact, StoreError, StoreResult,
};
use async_trait::async_trait;
use parley_app::protocol::AccessRequestView;
use sqlx::{AssertSqlSafe, Row};

#[async_trait]
impl PrivacyStore for SqlStore {
    async fn save_contact(
        &self,
        site: &str,
        visitor_id: &str,
        c: &SealedContact,
        consent: &NewConsent<'_>,
        now: i64,
    ) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO customer_contacts (site_key, visitor_id, name, email, phone, address, \
             updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT(site_key, visitor_id) DO UPDATE SET \
             name = COALESCE(excluded.name, customer_contacts.name), \
             email = COALESCE(excluded.email, customer_contacts.email), \
             phone = COALESCE(excluded.phone, customer_contacts.phone), \
             address = COALESCE(excluded.address, customer_contacts.address), \
             updated_at = excluded.updated_at",
        )
        .bind(site)
        .bind(visitor_id)
        .bind(&c.name)
        .bind(&c.email)
        .bind(&c.phone)
        .bind(&c.address)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO consents (conversation_id, purpose, fields, locale, at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(consent.conversation_id)
        .bind(consent.purpose)
        .bind(json(&consent.fields)?)
        .bind(consent.locale)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn contact(
        &self,
        site: &str,
        visitor_id: &str,
    ) -> StoreResult<Option<(SealedContact, Option<i64>)>> {
        let row = sqlx::query(
            "SELECT name, email, phone, address, \
             (SELECT MAX(k.at) FROM consents k JOIN conversations c ON c.id = k.conversation_id \
              WHERE c.site_key = cc.site_key AND c.visitor_id = cc.visitor_id) AS consent_at \
             FROM customer_contacts cc WHERE site_key = $1 AND visitor_id = $2",
        )
        .bind(site)
        .bind(visitor_id)
        .fetch_optional(&self.reader)
        .await?;
        row.map(|r| {
            Ok((
                SealedContact {
                    name: r.try_get("name")?,
                    email: r.try_get("email")?,
                    phone: r.try_get("phone")?,
                    address: r.try_get("address")?,
                },
                r.try_get("consent_at")?,
            ))
        })
        .transpose()
    }

    async fn set_verified_user(
        &self,
        visitor_id: &str,
        sealed: Option<&str>,
        user_key: Option<&str>,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE visitors SET verified_user = $1, user_key = $2 WHERE id = $3")
            .bind(sealed)
            .bind(user_key)
            .bind(visitor_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn visitor_of_user(&self, site: &str, user_key: &str) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM visitors WHERE site_key = $1 AND user_key = $2 \
             ORDER BY created_at, id LIMIT 1",
        )
        .bind(site)
        .bind(user_key)
        .fetch_optional(&self.reader)
        .await?)
    }

    async fn verified_user(&self, visitor_id: &str) -> StoreResult<Option<String>> {
        let v: Option<Option<String>> =
            sqlx::query_scalar("SELECT verified_user FROM visitors WHERE id = $1")
                .bind(visitor_id)
                .fetch_optional(&self.reader)
                .await?;
        Ok(v.flatten())
    }

    async fn retention_days(&self, site: &str) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT retention_days FROM sites WHERE key = $1")
            .bind(site)
            .fetch_optional(&self.reader)
            .await?
            .ok_or(StoreError::NotFound)
    }

    async fn set_retention_days(&self, site: &str, days: i64) -> StoreResult<()> {
        let done = sqlx::query("UPDATE sites SET retention_days = $1 WHERE key = $2")
            .bind(days)
            .bind(site)
            .execute(&self.writer)
            .await?;
        found(&done)
    }

    async fn ended_conversations(&self, limit: i64) -> StoreResult<Vec<Ended>> {
        let rows = sqlx::query(
            "SELECT c.id, c.site_key, c.ended_at, s.retention_days FROM conversations c \
             JOIN sites s ON s.key = c.site_key \
             WHERE c.ended_at IS NOT NULL AND c.destroyed_at IS NULL \
             ORDER BY c.ended_at LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Ended {
                    id: r.try_get("id")?,
                    site: r.try_get("site_key")?,
                    ended_at: r.try_get("ended_at")?,
                    retention_days: r.try_get("retention_days")?,
                })
            })
            .collect()
    }

    async fn destroy_conversation(
        &self,
        conversation_id: i64,
        rule: &str,
        actor_id: Option<i64>,
        now: i64,
    ) -> StoreResult<(Vec<String>, serde_json::Value)> {
        let mut tx = self.writer.begin().await?;
        let row = sqlx::query("SELECT site_key, visitor_id FROM conversations WHERE id = $1")
            .bind(conversation_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let site: String = row.try_get("site_key")?;
        let visitor: String = row.try_get("visitor_id")?;
        let messages =
            sqlx::query("UPDATE messages SET body = '' WHERE conversation_id = $1 AND body != ''")
                .bind(conversation_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        let notes = sqlx::query("DELETE FROM notes WHERE conversation_id = $1")
            .bind(conversation_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let handoffs = sqlx::query(
            "UPDATE status_changes SET note = NULL WHERE conversation_id = $1 AND note IS NOT NULL",
        )
        .bind(conversation_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        // No mail goes out for it any more (the outbox holds no text).
        sqlx::query("DELETE FROM mail_pending WHERE conversation_id = $1")
            .bind(conversation_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE mail_outbox SET next_at = NULL, gave_up_at = $2, last_error = 'destroyed' \
             WHERE conversation_id = $1 AND next_at IS NOT NULL",
        )
        .bind(conversation_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        // A complaint's record stays (the ledger's counts and clocks); its
        // summary of the customer's words goes.
        sqlx::query("UPDATE complaints SET summary = '' WHERE conversation_id = $1")
            .bind(conversation_id)
            .execute(&mut *tx)
            .await?;
        // Scores stay (they hold nothing personal); the customer's words go.
        let rating_comments = sqlx::query(
            "UPDATE ratings SET comment = '' WHERE conversation_id = $1 AND comment != ''",
        )
        .bind(conversation_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query(
            "UPDATE conversations SET facts = '{}', last_preview = NULL, destroyed_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(conversation_id)
        .execute(&mut *tx)
        .await?;
        // The customer's own data goes with their last live conversation.
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM conversations WHERE site_key = $1 AND visitor_id = $2 \
             AND destroyed_at IS NULL",
        )
        .bind(&site)
        .bind(&visitor)
        .fetch_one(&mut *tx)
        .await?;
        let (mut contacts, mut files) = (0u64, Vec::new());
        if live == 0 {
            contacts = sqlx::query(
                "DELETE FROM customer_contacts WHERE site_key = $1 AND visitor_id = $2",
            )
            .bind(&site)
            .bind(&visitor)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            sqlx::query("UPDATE visitors SET verified_user = NULL, user_key = NULL WHERE id = $1")
                .bind(&visitor)
                .execute(&mut *tx)
                .await?;
            files = sqlx::query_scalar(
                "SELECT id FROM attachments WHERE site_key = $1 AND visitor_id = $2",
            )
            .bind(&site)
            .bind(&visitor)
            .fetch_all(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM attachments WHERE site_key = $1 AND visitor_id = $2")
                .bind(&site)
                .bind(&visitor)
                .execute(&mut *tx)
                .await?;
        }
        let what = serde_json::json!({
            "message_texts": messages,
            "notes": notes,
            "handoff_notes": handoffs,
            "rating_comments": rating_comments,
            "facts": 1,
            "contact_records": contacts,
            "attachments": files.len(),
        });
        sqlx::query(
            "INSERT INTO destruction_records (at, rule, site_key, conversation_id, actor_id, what) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(now)
        .bind(rule)
        .bind(&site)
        .bind(conversation_id)
        .bind(actor_id)
        .bind(what.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        // SQLite: old page versions in the WAL go too. Postgres keeps dead
        // row versions until VACUUM (see the README on retention).
        if self.backend == Backend::Sqlite {
            sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.writer)
                .await?;
        }
        Ok((files, what))
    }

    async fn destruction_records(&self, limit: i64) -> StoreResult<Vec<DestructionRecord>> {
        let rows = sqlx::query(
            "SELECT id, at, rule, site_key, conversation_id, actor_id, what FROM destruction_records \
             ORDER BY id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                let what: String = r.try_get("what")?;
                Ok(DestructionRecord {
                    id: r.try_get("id")?,
                    at: r.try_get("at")?,
                    rule: r.try_get("rule")?,
                    site: r.try_get("site_key")?,
                    conversation_id: r.try_get("conversation_id")?,
                    actor_id: r.try_get("actor_id")?,
                    what: from_json(&what)?,
                })
            })
            .collect()
    }

    async fn customer_conversations(&self, site: &str, visitor_id: &str) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM conversations WHERE site_key = $1 AND visitor_id = $2 ORDER BY id",
        )
        .bind(site)
        .bind(visitor_id)
        .fetch_all(&self.reader)
        .await?)
    }

    async fn conversation_visitor(&self, conversation_id: i64) -> StoreResult<(String, String)> {
        let row = sqlx::query("SELECT site_key, visitor_id FROM conversations WHERE id = $1")
            .bind(conversation_id)
            .fetch_optional(&self.writer)
            .await?
            .ok_or(StoreError::NotFound)?;
        Ok((row.try_get("site_key")?, row.try_get("visitor_id")?))
    }

    async fn create_access_request(
        &self,
        agent_id: i64,
        conversation_id: i64,
        reason: &str,
        now: i64,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO access_grants (agent_id, conversation_id, reason, requested_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(agent_id)
        .bind(conversation_id)
        .bind(reason)
        .bind(now)
        .fetch_one(&self.writer)
        .await?)
    }

    async fn access_request(&self, id: i64) -> StoreResult<AccessRequestView> {
        let row = sqlx::query(AssertSqlSafe(format!("{ACCESS_COLUMNS} WHERE g.id = $1")))
            .bind(id)
            .fetch_optional(&self.writer)
            .await?
            .ok_or(StoreError::NotFound)?;
        access_of(&row)
    }

    async fn decide_access(
        &self,
        id: i64,
        approver: i64,
        approve: bool,
        expires_at: Option<i64>,
        now: i64,
    ) -> StoreResult<AccessRequestView> {
        let done = sqlx::query(
            "UPDATE access_grants SET decision = $1, approved_by = $2, approved_at = $3, expires_at = $4 \
             WHERE id = $5 AND decision IS NULL",
        )
        .bind(if approve { "approved" } else { "denied" })
        .bind(approver)
        .bind(if approve { Some(now) } else { None })
        .bind(if approve { expires_at } else { None })
        .bind(id)
        .execute(&self.writer)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict);
        }
        self.access_request(id).await
    }

    async fn open_access_requests(&self, now: i64) -> StoreResult<Vec<AccessRequestView>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "{ACCESS_COLUMNS} WHERE g.decision IS NULL \
             OR (g.decision = 'approved' AND g.expires_at > $1) ORDER BY g.id DESC LIMIT 200"
        )))
        .bind(now)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(access_of).collect()
    }
}
