//! Compensation: the exchange rates an admin maintains per site, and the
//! ledger of proposals with their one decision each — append-only (the
//! database refuses to change or delete a line).
//!
//! Part of [`Store`](super::Store); the SQL implementation is in
//! `sql/compensation.rs`.

use async_trait::async_trait;

use super::StoreResult;
use crate::domain::compensation::{Authority, Kind, Money, Outcome, Rate, Stage};

/// A proposal to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCompensation<'a> {
    /// Site.
    pub site: &'a str,
    /// The conversation it settles.
    pub conversation_id: i64,
    /// Idempotency key (a proposal sent twice is stored once).
    pub client_id: &'a str,
    /// What is given.
    pub kind: Kind,
    /// How much, in the customer's currency.
    pub amount: &'a Money,
    /// The same in the site's reference currency (converted when proposed).
    pub reference: &'a Money,
    /// The rate used (`None`: same currency).
    pub rate_micros: Option<i64>,
    /// For a major complaint (management only).
    pub major: bool,
    /// Why.
    pub reason: &'a str,
    /// Who proposed it.
    pub proposed_by: i64,
    /// When, Unix ms.
    pub now: i64,
}

/// A decision on a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// How it ended.
    pub outcome: Outcome,
    /// The amount given, in the proposal's currency (0 when refused).
    pub minor: i64,
    /// The same in the reference currency (at the proposal's rate).
    pub reference_minor: i64,
    /// Who decided (the proposer, when granted within their authority).
    pub decided_by: i64,
    /// When, Unix ms.
    pub decided_at: i64,
    /// Why (required for a reduction or refusal).
    pub reason: String,
}

/// A ledger line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompensationRecord {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// The conversation it settles.
    pub conversation_id: i64,
    /// Idempotency key.
    pub client_id: String,
    /// What is given.
    pub kind: Kind,
    /// How much was proposed.
    pub amount: Money,
    /// The same in the reference currency.
    pub reference: Money,
    /// The rate used (`None`: same currency).
    pub rate_micros: Option<i64>,
    /// For a major complaint.
    pub major: bool,
    /// Why.
    pub reason: String,
    /// Who proposed it.
    pub proposed_by: i64,
    /// When, Unix ms.
    pub proposed_at: i64,
    /// The decision (`None` while it waits for approval).
    pub decision: Option<Decision>,
    /// When it went up the approval chain, each level once (on-call, then
    /// management), oldest first.
    pub escalations: Vec<(Stage, i64)>,
}

/// Compensation rates and ledger.
#[async_trait]
pub trait CompensationStore: Send + Sync {
    /// Records `rate` for `site` (`Conflict` when that currency already has
    /// a rate from that instant: rates are added, never changed).
    async fn set_rate(&self, site: &str, rate: &Rate, set_by: i64, now: i64) -> StoreResult<()>;

    /// The authority limits of `site` (the defaults until an admin sets them).
    async fn compensation_authority(&self, site: &str) -> StoreResult<Authority>;

    /// Sets the authority limits of `site`.
    async fn set_compensation_authority(&self, site: &str, a: &Authority) -> StoreResult<()>;

    /// Every rate of `site`, oldest first.
    async fn rates(&self, site: &str) -> StoreResult<Vec<Rate>>;

    /// Stores a proposal; with the same `client_id` again, the stored one
    /// (and `false`).
    async fn propose(&self, c: NewCompensation<'_>) -> StoreResult<(CompensationRecord, bool)>;

    /// Records the decision on proposal `id` (`Conflict` when it has one).
    async fn decide(&self, id: i64, d: &Decision) -> StoreResult<CompensationRecord>;

    /// Records that proposal `id` went up to `stage` at `at`; `false` when
    /// it had already (each level once).
    async fn escalate_compensation(&self, id: i64, stage: Stage, at: i64) -> StoreResult<bool>;

    /// Proposals of every site still waiting for a decision, oldest first,
    /// at most `limit`.
    async fn waiting_compensations(&self, limit: i64) -> StoreResult<Vec<CompensationRecord>>;

    /// One ledger line (`NotFound` when there is none).
    async fn compensation(&self, id: i64) -> StoreResult<CompensationRecord>;

    /// Ledger lines of `site` (of one conversation, when given), newest
    /// first, at most `limit`.
    async fn compensations(
        &self,
        site: &str,
        conversation_id: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<CompensationRecord>>;
}
