//! SQL implementation of [`MailStore`], and [`note_reply`]: the waiting
//! row a staff reply writes in its own transaction when its customer left
//! an e-mail address.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::SqlStore;
use super::rows::bad;
use crate::storage::{
    MailAttempt, MailFile, MailKind, MailStore, MailThread, OutboxMail, PendingMail, ReceivedMail,
    StoreError, StoreResult,
};

/// Notes staff reply `seq` of conversation `conversation_id`, written at
/// `now`, as waiting to be mailed, inside the reply's transaction — when the
/// customer left an e-mail address and did not unsubscribe; otherwise
/// nothing is written.
pub(super) async fn note_reply(
    tx: &mut Transaction<'_, Any>,
    conversation_id: i64,
    seq: i64,
    now: i64,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO mail_pending (conversation_id, first_at, latest_at, up_to_seq) \
         SELECT c.id, $2, $2, $3 FROM conversations c \
         JOIN customer_contacts k ON k.site_key = c.site_key AND k.visitor_id = c.visitor_id \
         WHERE c.id = $1 AND k.email IS NOT NULL AND NOT EXISTS (\
           SELECT 1 FROM mail_threads t WHERE t.conversation_id = c.id \
           AND t.unsubscribed_at IS NOT NULL) \
         ON CONFLICT (conversation_id) DO UPDATE SET latest_at = excluded.latest_at, \
           up_to_seq = excluded.up_to_seq",
    )
    .bind(conversation_id)
    .bind(now)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const OUTBOX_COLUMNS: &str = "id, conversation_id, kind, from_seq, up_to_seq, created_at, \
     attempts, next_at, sent_at, gave_up_at, last_error";

fn outbox_of(r: &AnyRow) -> StoreResult<OutboxMail> {
    let kind: String = r.try_get("kind")?;
    let attempts: i64 = r.try_get("attempts")?;
    Ok(OutboxMail {
        id: r.try_get("id")?,
        conversation_id: r.try_get("conversation_id")?,
        kind: MailKind::parse(&kind).ok_or_else(|| bad("mail kind", &kind))?,
        from_seq: r.try_get("from_seq")?,
        up_to_seq: r.try_get("up_to_seq")?,
        created_at: r.try_get("created_at")?,
        attempts: u32::try_from(attempts).map_err(|_| bad("attempts", &attempts.to_string()))?,
        next_at: r.try_get("next_at")?,
        sent_at: r.try_get("sent_at")?,
        gave_up_at: r.try_get("gave_up_at")?,
        last_error: r.try_get("last_error")?,
    })
}

async fn insert_outbox(
    tx: &mut Transaction<'_, Any>,
    conversation_id: i64,
    kind: MailKind,
    (from_seq, up_to_seq): (i64, i64),
    now: i64,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO mail_outbox (conversation_id, kind, from_seq, up_to_seq, created_at, next_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(conversation_id)
    .bind(kind.as_str())
    .bind(from_seq)
    .bind(up_to_seq)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}

#[async_trait]
impl MailStore for SqlStore {
    async fn due_pending_mail(
        &self,
        latest_before: i64,
        first_before: i64,
        limit: i64,
    ) -> StoreResult<Vec<PendingMail>> {
        let rows = sqlx::query(
            "SELECT conversation_id, first_at, latest_at, up_to_seq FROM mail_pending \
             WHERE latest_at <= $1 OR first_at <= $2 ORDER BY first_at, conversation_id LIMIT $3",
        )
        .bind(latest_before)
        .bind(first_before)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PendingMail {
                    conversation_id: r.try_get("conversation_id")?,
                    first_at: r.try_get("first_at")?,
                    latest_at: r.try_get("latest_at")?,
                    up_to_seq: r.try_get("up_to_seq")?,
                })
            })
            .collect()
    }

    async fn queue_replies(&self, pending: &PendingMail, now: i64) -> StoreResult<Option<i64>> {
        let mut tx = self.writer.begin().await?;
        // A reply written since moved `up_to_seq`: the next round takes it.
        let taken =
            sqlx::query("DELETE FROM mail_pending WHERE conversation_id = $1 AND up_to_seq = $2")
                .bind(pending.conversation_id)
                .bind(pending.up_to_seq)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if taken == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let row = sqlx::query(
            "SELECT c.visitor_delivered_seq, COALESCE(t.mailed_seq, 0) AS mailed_seq, \
               t.unsubscribed_at FROM conversations c \
             LEFT JOIN mail_threads t ON t.conversation_id = c.id WHERE c.id = $1",
        )
        .bind(pending.conversation_id)
        .fetch_one(&mut *tx)
        .await?;
        let delivered: i64 = row.try_get("visitor_delivered_seq")?;
        let mailed: i64 = row.try_get("mailed_seq")?;
        let unsubscribed: Option<i64> = row.try_get("unsubscribed_at")?;
        // Staff replies the widget did not receive and no mail carried yet.
        let after = delivered.max(mailed);
        let first: Option<i64> = sqlx::query_scalar(
            "SELECT MIN(seq) FROM messages WHERE conversation_id = $1 AND seq > $2 \
             AND seq <= $3 AND author = 'agent'",
        )
        .bind(pending.conversation_id)
        .bind(after)
        .bind(pending.up_to_seq)
        .fetch_one(&mut *tx)
        .await?;
        let queued = match (first, unsubscribed) {
            (Some(first), None) => Some(
                insert_outbox(
                    &mut tx,
                    pending.conversation_id,
                    MailKind::Replies,
                    (first, pending.up_to_seq),
                    now,
                )
                .await?,
            ),
            _ => None,
        };
        sqlx::query(
            "INSERT INTO mail_threads (conversation_id, mailed_seq) VALUES ($1, $2) \
             ON CONFLICT (conversation_id) DO UPDATE SET \
               mailed_seq = CASE WHEN excluded.mailed_seq > mail_threads.mailed_seq \
                            THEN excluded.mailed_seq ELSE mail_threads.mailed_seq END",
        )
        .bind(pending.conversation_id)
        .bind(pending.up_to_seq)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(queued)
    }

    async fn queue_transcript(
        &self,
        conversation_id: i64,
        up_to_seq: i64,
        now: i64,
    ) -> StoreResult<i64> {
        let mut tx = self.writer.begin().await?;
        let id = insert_outbox(
            &mut tx,
            conversation_id,
            MailKind::Transcript,
            (1, up_to_seq),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn drop_pending_mail(&self, conversation_id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM mail_pending WHERE conversation_id = $1")
            .bind(conversation_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    async fn due_mail(&self, now: i64, limit: i64) -> StoreResult<Vec<OutboxMail>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OUTBOX_COLUMNS} FROM mail_outbox WHERE next_at IS NOT NULL AND next_at <= $1 \
             ORDER BY next_at, id LIMIT $2"
        )))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(outbox_of).collect()
    }

    async fn record_mail_attempt(&self, id: i64, at: i64, attempt: MailAttempt) -> StoreResult<()> {
        let (sent, error, next_at) = match &attempt {
            MailAttempt::Sent => (true, None, None),
            MailAttempt::Failed { error, next_at } => (false, Some(error.as_str()), *next_at),
        };
        let changed = sqlx::query(
            "UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, next_at = $2, \
             sent_at = CASE WHEN $3 = 1 THEN $4 ELSE sent_at END, \
             gave_up_at = CASE WHEN $3 = 0 AND CAST($2 AS BIGINT) IS NULL THEN $4 ELSE gave_up_at END \
             WHERE id = $5 AND next_at IS NOT NULL",
        )
        .bind(error)
        .bind(next_at)
        .bind(i64::from(sent))
        .bind(at)
        .bind(id)
        .execute(&self.writer)
        .await?
        .rows_affected();
        if changed == 1 {
            Ok(())
        } else {
            Err(StoreError::NotFound)
        }
    }

    async fn conversation_mails(
        &self,
        conversation_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMail>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {OUTBOX_COLUMNS} FROM mail_outbox WHERE conversation_id = $1 \
             ORDER BY id DESC LIMIT $2"
        )))
        .bind(conversation_id)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(outbox_of).collect()
    }

    async fn mail_thread(&self, conversation_id: i64) -> StoreResult<MailThread> {
        let row = sqlx::query(
            "SELECT mailed_seq, last_inbound_id, unsubscribed_at FROM mail_threads \
             WHERE conversation_id = $1",
        )
        .bind(conversation_id)
        .fetch_optional(&self.reader)
        .await?;
        match row {
            None => Ok(MailThread::default()),
            Some(r) => Ok(MailThread {
                mailed_seq: r.try_get("mailed_seq")?,
                last_inbound_id: r.try_get("last_inbound_id")?,
                unsubscribed_at: r.try_get("unsubscribed_at")?,
            }),
        }
    }

    async fn unsubscribe_mail(&self, conversation_id: i64, at: i64) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO mail_threads (conversation_id, unsubscribed_at) VALUES ($1, $2) \
             ON CONFLICT (conversation_id) DO UPDATE SET \
               unsubscribed_at = COALESCE(mail_threads.unsubscribed_at, excluded.unsubscribed_at)",
        )
        .bind(conversation_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM mail_pending WHERE conversation_id = $1")
            .bind(conversation_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE mail_outbox SET next_at = NULL, gave_up_at = $2, last_error = 'unsubscribed' \
             WHERE conversation_id = $1 AND next_at IS NOT NULL",
        )
        .bind(conversation_id)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn received_mail(&self, message_id: &str) -> StoreResult<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT conversation_id FROM mail_received WHERE message_id = $1")
                .bind(message_id)
                .fetch_optional(&self.reader)
                .await?,
        )
    }

    async fn record_received_mail(&self, mail: &ReceivedMail<'_>) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO mail_received (message_id, conversation_id, received_at) \
             VALUES ($1, $2, $3) ON CONFLICT (message_id) DO NOTHING",
        )
        .bind(mail.message_id)
        .bind(mail.conversation_id)
        .bind(mail.at)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO mail_threads (conversation_id, last_inbound_id) VALUES ($1, $2) \
             ON CONFLICT (conversation_id) DO UPDATE SET last_inbound_id = excluded.last_inbound_id",
        )
        .bind(mail.conversation_id)
        .bind(mail.message_id)
        .execute(&mut *tx)
        .await?;
        for id in mail.files {
            sqlx::query(
                "UPDATE attachments SET conversation_id = $1, message_seq = $2 \
                 WHERE id = $3 AND conversation_id IS NULL",
            )
            .bind(mail.conversation_id)
            .bind(mail.message_seq)
            .bind(*id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn mail_files(&self, conversation_id: i64) -> StoreResult<Vec<MailFile>> {
        let rows = sqlx::query(
            "SELECT * FROM attachments WHERE conversation_id = $1 AND message_seq IS NOT NULL \
             ORDER BY message_seq, created_at, id",
        )
        .bind(conversation_id)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(MailFile {
                    file: super::attachments::attachment_of(r)?,
                    message_seq: r.try_get("message_seq")?,
                })
            })
            .collect()
    }
}
