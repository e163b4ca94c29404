//! What the service reports are computed from: one row of facts per
//! conversation whose first-response clock started in a period, gathered
//! from the conversation, its clocks, transitions, messages, ratings and
//! complaint (definitions in [`crate::domain::metrics`]).
//!
//! Part of [`Store`](super::Store); the SQL implementation is in
//! `sql/reports.rs`.

use async_trait::async_trait;

use super::StoreResult;
use crate::domain::metrics::CaseFacts;

/// Which conversations a report covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactQuery {
    /// The site.
    pub site: String,
    /// Only these teams' conversations and the general queue's (no team);
    /// `None`: the whole site.
    pub teams: Option<Vec<i64>>,
    /// Clocks started from, Unix ms (inclusive).
    pub from: i64,
    /// Clocks started until, Unix ms (exclusive).
    pub until: i64,
}

/// The facts behind the service reports.
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// The facts of every conversation `q` covers, oldest first. Agents
    /// and teams are keyed by their ids; the region is the customer's.
    async fn case_facts(&self, q: &FactQuery) -> StoreResult<Vec<CaseFacts>>;
}
