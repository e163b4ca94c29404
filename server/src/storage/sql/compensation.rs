//! SQL implementation of [`CompensationStore`].

use super::SqlStore;
use super::rows::SiteJson;
use super::rows::{bad, flag};
use crate::domain::compensation::{Authority, Kind, Money, Outcome, Rate, Stage};
use crate::storage::{
    CompensationRecord, CompensationStore, Decision, NewCompensation, StoreError, StoreResult,
};
use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

const LEDGER_COLUMNS: &str = "c.id, c.site_key, c.conversation_id, c.client_id, c.kind, \
     c.currency, c.exponent, c.minor, c.reference_currency, c.reference_exponent, \
     c.reference_minor, c.rate_micros, \
     c.major, c.reason, c.proposed_by, c.proposed_at, d.outcome, d.minor AS decided_minor, \
     d.reference_minor AS decided_reference, d.decided_by, d.decided_at, d.reason AS decided_reason, \
     (SELECT e.at FROM compensation_escalations e WHERE e.compensation_id = c.id \
        AND e.stage = 'on_call') AS on_call_at, \
     (SELECT e.at FROM compensation_escalations e WHERE e.compensation_id = c.id \
        AND e.stage = 'management') AS management_at \
     FROM compensations c LEFT JOIN compensation_decisions d ON d.compensation_id = c.id";

fn record_of(row: &AnyRow) -> StoreResult<CompensationRecord> {
    let kind: String = row.try_get("kind")?;
    let exponent: i64 = row.try_get("exponent")?;
    let exponent = u8::try_from(exponent).map_err(|_| bad("exponent", &exponent.to_string()))?;
    let reference_currency: String = row.try_get("reference_currency")?;
    let currency: String = row.try_get("currency")?;
    let reference_minor: i64 = row.try_get("reference_minor")?;
    let outcome: Option<String> = row.try_get("outcome")?;
    let decision = match outcome {
        None => None,
        Some(o) => Some(Decision {
            outcome: Outcome::parse(&o).ok_or_else(|| bad("outcome", &o))?,
            minor: row.try_get("decided_minor")?,
            reference_minor: row.try_get("decided_reference")?,
            decided_by: row.try_get("decided_by")?,
            decided_at: row.try_get("decided_at")?,
            reason: row.try_get("decided_reason")?,
        }),
    };
    let reference_exponent: i64 = row.try_get("reference_exponent")?;
    let reference_exponent = u8::try_from(reference_exponent)
        .map_err(|_| bad("exponent", &reference_exponent.to_string()))?;
    Ok(CompensationRecord {
        id: row.try_get("id")?,
        site: row.try_get("site_key")?,
        conversation_id: row.try_get("conversation_id")?,
        client_id: row.try_get("client_id")?,
        kind: Kind::parse(&kind).ok_or_else(|| bad("kind", &kind))?,
        amount: Money {
            minor: row.try_get("minor")?,
            currency,
            exponent,
        },
        reference: Money {
            minor: reference_minor,
            currency: reference_currency,
            exponent: reference_exponent,
        },
        rate_micros: row.try_get("rate_micros")?,
        major: flag(row, "major")?,
        reason: row.try_get("reason")?,
        proposed_by: row.try_get("proposed_by")?,
        proposed_at: row.try_get("proposed_at")?,
        decision,
        escalations: [
            (Stage::OnCall, row.try_get::<Option<i64>, _>("on_call_at")?),
            (
                Stage::Management,
                row.try_get::<Option<i64>, _>("management_at")?,
            ),
        ]
        .into_iter()
        .filter_map(|(stage, at)| at.map(|at| (stage, at)))
        .collect(),
    })
}

#[async_trait]
impl CompensationStore for SqlStore {
    async fn compensation_authority(&self, site: &str) -> StoreResult<Authority> {
        self.site_json(site, SiteJson::CompensationAuthority).await
    }

    async fn set_compensation_authority(&self, site: &str, a: &Authority) -> StoreResult<()> {
        self.set_site_json(site, SiteJson::CompensationAuthority, a)
            .await
    }

    async fn escalate_compensation(&self, id: i64, stage: Stage, at: i64) -> StoreResult<bool> {
        let inserted = sqlx::query(
            "INSERT INTO compensation_escalations (compensation_id, stage, at) VALUES ($1, $2, $3) \
             ON CONFLICT (compensation_id, stage) DO NOTHING",
        )
        .bind(id)
        .bind(stage.as_str())
        .bind(at)
        .execute(&self.writer)
        .await?
        .rows_affected();
        Ok(inserted == 1)
    }

    async fn waiting_compensations(&self, limit: i64) -> StoreResult<Vec<CompensationRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {LEDGER_COLUMNS} WHERE d.compensation_id IS NULL \
             ORDER BY c.proposed_at, c.id LIMIT $1"
        )))
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(record_of).collect()
    }

    async fn set_rate(&self, site: &str, rate: &Rate, set_by: i64, now: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO exchange_rates (site_key, currency, valid_from, reference_micros, set_by, \
             set_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(site)
        .bind(&rate.currency)
        .bind(rate.valid_from)
        .bind(rate.reference_micros)
        .bind(set_by)
        .bind(now)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    async fn rates(&self, site: &str) -> StoreResult<Vec<Rate>> {
        let rows = sqlx::query(
            "SELECT currency, valid_from, reference_micros FROM exchange_rates \
             WHERE site_key = $1 ORDER BY valid_from, currency",
        )
        .bind(site)
        .fetch_all(&self.reader)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Rate {
                    currency: r.try_get("currency")?,
                    valid_from: r.try_get("valid_from")?,
                    reference_micros: r.try_get("reference_micros")?,
                })
            })
            .collect()
    }

    async fn propose(&self, c: NewCompensation<'_>) -> StoreResult<(CompensationRecord, bool)> {
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO compensations (site_key, conversation_id, client_id, kind, currency, \
             exponent, minor, reference_currency, reference_exponent, reference_minor, rate_micros, \
             major, reason, proposed_by, proposed_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
             ON CONFLICT (conversation_id, client_id) DO NOTHING RETURNING id",
        )
        .bind(c.site)
        .bind(c.conversation_id)
        .bind(c.client_id)
        .bind(c.kind.as_str())
        .bind(&c.amount.currency)
        .bind(i64::from(c.amount.exponent))
        .bind(c.amount.minor)
        .bind(&c.reference.currency)
        .bind(i64::from(c.reference.exponent))
        .bind(c.reference.minor)
        .bind(c.rate_micros)
        .bind(i64::from(c.major))
        .bind(c.reason)
        .bind(c.proposed_by)
        .bind(c.now)
        .fetch_optional(&self.writer)
        .await?;
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {LEDGER_COLUMNS} WHERE c.conversation_id = $1 AND c.client_id = $2"
        )))
        .bind(c.conversation_id)
        .bind(c.client_id)
        .fetch_one(&self.writer)
        .await?;
        Ok((record_of(&row)?, inserted.is_some()))
    }

    async fn decide(&self, id: i64, d: &Decision) -> StoreResult<CompensationRecord> {
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO compensation_decisions (compensation_id, outcome, minor, \
             reference_minor, decided_by, decided_at, reason) \
             SELECT id, $2, $3, $4, $5, $6, $7 FROM compensations WHERE id = $1 \
             ON CONFLICT (compensation_id) DO NOTHING RETURNING compensation_id",
        )
        .bind(id)
        .bind(d.outcome.as_str())
        .bind(d.minor)
        .bind(d.reference_minor)
        .bind(d.decided_by)
        .bind(d.decided_at)
        .bind(&d.reason)
        .fetch_optional(&self.writer)
        .await?;
        let record = self.compensation(id).await?;
        match inserted {
            Some(_) => Ok(record),
            None => Err(StoreError::Conflict),
        }
    }

    async fn compensation(&self, id: i64) -> StoreResult<CompensationRecord> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {LEDGER_COLUMNS} WHERE c.id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.reader)
        .await?
        .ok_or(StoreError::NotFound)?;
        record_of(&row)
    }

    async fn compensations(
        &self,
        site: &str,
        conversation_id: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<CompensationRecord>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {LEDGER_COLUMNS} WHERE c.site_key = $1 AND (CAST($2 AS BIGINT) IS NULL OR c.conversation_id = $2) \
             ORDER BY c.proposed_at DESC, c.id DESC LIMIT $3"
        )))
        .bind(site)
        .bind(conversation_id)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        rows.iter().map(record_of).collect()
    }
}
