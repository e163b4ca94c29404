//! SQL implementation of [`WebhookStore`], and [`enqueue`]: the outbox
//! rows an event writes in its own transaction, one per endpoint of the
//! conversation's site that asked for it.

use async_trait::async_trait;
use rand::RngCore;
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::SqlStore;
use crate::domain::webhooks::Event;
use crate::storage::{
    Attempt, DeliveryRecord, DueDelivery, EndpointRecord, NewEndpoint, StoreError, StoreResult,
    WebhookStore,
};

/// Queues `event` for every live endpoint of conversation `conversation_id`'s
/// site that subscribed to it, inside `tx`: the envelope `{id, event,
/// created_at, site, data}` with `data` as given. Nothing when none did.
pub(super) async fn enqueue(
    tx: &mut Transaction<'_, Any>,
    conversation_id: i64,
    event: Event,
    data: serde_json::Value,
    now: i64,
) -> StoreResult<()> {
    // Usually no endpoint wants it: one indexed look, nothing written.
    let site: Option<String> = sqlx::query_scalar(
        "SELECT c.site_key FROM conversations c WHERE c.id = $1 AND EXISTS (\
           SELECT 1 FROM webhook_endpoints e WHERE e.site_key = c.site_key \
           AND e.removed_at IS NULL AND (',' || e.events || ',') LIKE ('%,' || $2 || ',%'))",
    )
    .bind(conversation_id)
    .bind(event.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    let Some(site) = site else {
        return Ok(());
    };
    let mut id = [0u8; 16];
    rand::rng().fill_bytes(&mut id);
    let event_id = format!("evt_{}", hex::encode(id));
    let envelope = serde_json::json!({
        "id": event_id,
        "event": event.as_str(),
        "created_at": now,
        "site": site,
        "data": data,
    })
    .to_string();
    sqlx::query(
        "INSERT INTO webhook_deliveries (endpoint_id, event, event_id, payload, created_at, next_at) \
         SELECT e.id, $2, $3, $4, $5, $5 FROM webhook_endpoints e \
         WHERE e.site_key = $1 AND e.removed_at IS NULL \
           AND (',' || e.events || ',') LIKE ('%,' || $2 || ',%')",
    )
    .bind(&site)
    .bind(event.as_str())
    .bind(&event_id)
    .bind(&envelope)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Exactly one row changed, else `NotFound` (this file's own copy: the
/// shared helpers' file calls [`enqueue`], and files do not import each
/// other).
fn changed_one(changed: u64) -> StoreResult<()> {
    if changed == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

fn events_of(text: &str) -> Vec<Event> {
    text.split(',').filter_map(Event::parse).collect()
}

fn endpoint_of(row: &AnyRow) -> StoreResult<EndpointRecord> {
    Ok(EndpointRecord {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        url: row.try_get("url")?,
        events: events_of(&row.try_get::<String, _>("events")?),
        secret: row.try_get("secret")?,
        created_at: row.try_get("created_at")?,
        failing_since: row.try_get("failing_since")?,
    })
}

const DELIVERY_COLUMNS: &str = "d.id, d.endpoint_id, d.event, d.event_id, d.payload, d.created_at, \
     d.attempts, d.next_at, d.delivered_at, d.gave_up_at, d.last_status, d.last_error";

fn delivery_of(row: &AnyRow) -> StoreResult<DeliveryRecord> {
    let attempts: i64 = row.try_get("attempts")?;
    let status: Option<i64> = row.try_get("last_status")?;
    Ok(DeliveryRecord {
        id: row.try_get("id")?,
        endpoint_id: row.try_get("endpoint_id")?,
        event: row.try_get("event")?,
        event_id: row.try_get("event_id")?,
        payload: row.try_get("payload")?,
        created_at: row.try_get("created_at")?,
        attempts: u32::try_from(attempts)
            .map_err(|_| StoreError::Backend(format!("stored attempts {attempts}")))?,
        next_at: row.try_get("next_at")?,
        delivered_at: row.try_get("delivered_at")?,
        gave_up_at: row.try_get("gave_up_at")?,
        last_status: status.and_then(|s| u16::try_from(s).ok()),
        last_error: row.try_get("last_error")?,
    })
}

#[async_trait]
impl WebhookStore for SqlStore {
    async fn create_webhook(&self, e: NewEndpoint<'_>) -> StoreResult<i64> {
        let events: Vec<&str> = e.events.iter().map(|e| e.as_str()).collect();
        Ok(sqlx::query_scalar(
            "INSERT INTO webhook_endpoints (site_key, url, events, secret, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(e.site)
        .bind(e.url)
        .bind(events.join(","))
        .bind(e.secret)
        .bind(e.created_by)
        .bind(e.now)
        .fetch_one(&self.writer)
        .await?)
    }

    async fn webhooks(&self, site: &str) -> StoreResult<Vec<EndpointRecord>> {
        let rows = sqlx::query(
            "SELECT id, site_key, url, events, secret, created_at, failing_since \
             FROM webhook_endpoints WHERE site_key = $1 AND removed_at IS NULL ORDER BY id",
        )
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(endpoint_of).collect()
    }

    async fn remove_webhook(&self, site: &str, id: i64, at: i64) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        changed_one(
            sqlx::query(
                "UPDATE webhook_endpoints SET removed_at = $1 \
                 WHERE id = $2 AND site_key = $3 AND removed_at IS NULL",
            )
            .bind(at)
            .bind(id)
            .bind(site)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
        )?;
        sqlx::query("UPDATE webhook_deliveries SET next_at = NULL WHERE endpoint_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn due_deliveries(&self, now: i64, limit: i64) -> StoreResult<Vec<DueDelivery>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DELIVERY_COLUMNS}, e.url, e.secret, e.site_key FROM webhook_deliveries d \
             JOIN webhook_endpoints e ON e.id = d.endpoint_id \
             WHERE d.next_at IS NOT NULL AND d.next_at <= $1 AND e.removed_at IS NULL \
             ORDER BY d.next_at, d.id LIMIT $2"
        )))
        .bind(now)
        .bind(limit)
        .fetch_all(&self.writer)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DueDelivery {
                    delivery: delivery_of(r)?,
                    url: r.try_get("url")?,
                    secret: r.try_get("secret")?,
                    site: r.try_get("site_key")?,
                })
            })
            .collect()
    }

    async fn record_attempt(&self, id: i64, at: i64, attempt: Attempt) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        let (status, error, next_at, delivered) = match &attempt {
            Attempt::Delivered { status } => (*status, None, None, true),
            Attempt::Failed {
                status,
                error,
                next_at,
            } => (*status, Some(error.as_str()), *next_at, false),
        };
        changed_one(
            sqlx::query(
                "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1, \
                 last_error = $2, next_at = $3, \
                 delivered_at = CASE WHEN $4 = 1 THEN $5 ELSE delivered_at END, \
                 gave_up_at = CASE WHEN $4 = 0 AND CAST($3 AS BIGINT) IS NULL THEN $5 ELSE gave_up_at END \
                 WHERE id = $6",
            )
            .bind(i64::from(status))
            .bind(error)
            .bind(next_at)
            .bind(i64::from(delivered))
            .bind(at)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected(),
        )?;
        let flag = if delivered {
            Some(
                "UPDATE webhook_endpoints SET failing_since = NULL \
                  WHERE id = (SELECT endpoint_id FROM webhook_deliveries WHERE id = $2) AND $1 > 0",
            )
        } else if next_at.is_none() {
            Some(
                "UPDATE webhook_endpoints SET failing_since = COALESCE(failing_since, $1) \
                  WHERE id = (SELECT endpoint_id FROM webhook_deliveries WHERE id = $2)",
            )
        } else {
            None
        };
        if let Some(sql) = flag {
            sqlx::query(sql).bind(at).bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn deliveries(
        &self,
        site: &str,
        endpoint_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<DeliveryRecord>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries d \
             JOIN webhook_endpoints e ON e.id = d.endpoint_id \
             WHERE d.endpoint_id = $1 AND e.site_key = $2 ORDER BY d.id DESC LIMIT $3"
        )))
        .bind(endpoint_id)
        .bind(site)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(delivery_of).collect()
    }

    async fn purge_deliveries(&self, before: i64) -> StoreResult<u64> {
        Ok(
            sqlx::query("DELETE FROM webhook_deliveries WHERE next_at IS NULL AND created_at < $1")
                .bind(before)
                .execute(&self.writer)
                .await?
                .rows_affected(),
        )
    }

    async fn set_order_lookup(
        &self,
        site: &str,
        lookup: Option<(&str, &str)>,
        by: i64,
        at: i64,
    ) -> StoreResult<()> {
        match lookup {
            None => {
                sqlx::query("DELETE FROM order_lookups WHERE site_key = $1")
                    .bind(site)
                    .execute(&self.writer)
                    .await?;
            }
            Some((url, secret)) => {
                sqlx::query(
                    "INSERT INTO order_lookups (site_key, url, secret, updated_by, updated_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (site_key) DO UPDATE SET \
                     url = excluded.url, secret = excluded.secret, \
                     updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                )
                .bind(site)
                .bind(url)
                .bind(secret)
                .bind(by)
                .bind(at)
                .execute(&self.writer)
                .await?;
            }
        }
        Ok(())
    }

    async fn order_lookup(&self, site: &str) -> StoreResult<Option<(String, String)>> {
        let row = sqlx::query("SELECT url, secret FROM order_lookups WHERE site_key = $1")
            .bind(site)
            .fetch_optional(&self.reader)
            .await?;
        row.map(|r| Ok((r.try_get("url")?, r.try_get("secret")?)))
            .transpose()
    }

    async fn redeliver(&self, site: &str, id: i64, now: i64) -> StoreResult<i64> {
        sqlx::query_scalar(
            "INSERT INTO webhook_deliveries (endpoint_id, event, event_id, payload, created_at, next_at) \
             SELECT d.endpoint_id, d.event, d.event_id, d.payload, $1, $1 FROM webhook_deliveries d \
             JOIN webhook_endpoints e ON e.id = d.endpoint_id \
             WHERE d.id = $2 AND e.site_key = $3 AND e.removed_at IS NULL RETURNING id",
        )
        .bind(now)
        .bind(id)
        .bind(site)
        .fetch_optional(&self.writer)
        .await?
        .ok_or(StoreError::NotFound)
    }
}
