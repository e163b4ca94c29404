//! Weekly QA review (R-QA3): each site's score sheet, the weeks drawn with
//! their seeds, the conversations sampled (drawn or added by hand) and the
//! reviews of them; and the conversations closed in a period, which a
//! draw is made from (rules in [`crate::domain::qa`]).
//!
//! Part of [`Store`](super::Store); the SQL implementation is in
//! `sql/qa.rs`.

use async_trait::async_trait;

use super::StoreResult;
use crate::domain::qa::Criterion;

/// A conversation resolved in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosedCase {
    /// The conversation.
    pub id: i64,
    /// Its agent: the owner, else who answered first.
    pub agent: Option<i64>,
    /// Its team (`None`: the general queue).
    pub team: Option<i64>,
    /// When it was (last) resolved in the period, Unix ms.
    pub closed_at: i64,
}

/// A week's draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QaWeek {
    /// The site.
    pub site: String,
    /// Its Monday, `YYYY-MM-DD`.
    pub week: String,
    /// The seed the sample is drawn with.
    pub seed: i64,
    /// The zone its days are counted in.
    pub time_zone: String,
    /// When it was first drawn, Unix ms.
    pub drawn_at: i64,
    /// When it was drawn after the week ended (`None`: not yet).
    pub complete_at: Option<i64>,
}

/// A conversation put in a week's sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSample {
    /// The conversation.
    pub conversation_id: i64,
    /// Its agent.
    pub agent_id: Option<i64>,
    /// Who added it by hand (`None`: drawn).
    pub added_by: Option<i64>,
}

/// A criterion as a review scored it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScoredCriterion {
    /// Its key.
    pub key: String,
    /// Its weight then.
    pub weight: u32,
    /// Points, 0–4.
    pub points: u8,
}

/// A review of a sampled conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QaReview {
    /// The conversation.
    pub conversation_id: i64,
    /// Its site.
    pub site: String,
    /// The week it was sampled in.
    pub week: String,
    /// Its agent.
    pub agent_id: Option<i64>,
    /// Their name (filled in when read).
    pub agent_name: Option<String>,
    /// The reviewer.
    pub reviewer_id: i64,
    /// Their name (filled in when read).
    pub reviewer_name: String,
    /// The sheet as scored.
    pub criteria: Vec<ScoredCriterion>,
    /// Basis points.
    pub score: u32,
    /// The reviewer's comment.
    pub comment: String,
    /// When, Unix ms.
    pub at: i64,
}

/// A sampled conversation, as the week's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QaSample {
    /// The conversation.
    pub conversation_id: i64,
    /// Its agent and their name.
    pub agent: Option<(i64, String)>,
    /// Its team (`None`: the general queue).
    pub team: Option<i64>,
    /// Who added it by hand, by name (`None`: drawn).
    pub added_by: Option<String>,
    /// When it was put in the sample.
    pub added_at: i64,
    /// Its review, if made.
    pub review: Option<QaReview>,
}

/// Weekly QA review: sheets, draws, samples, reviews.
#[async_trait]
pub trait QaStore: Send + Sync {
    /// A site's score sheet (`None`: never set, the default applies).
    async fn qa_sheet(&self, site: &str) -> StoreResult<Option<Vec<Criterion>>>;
    /// Sets a site's score sheet (checked by the caller).
    async fn set_qa_sheet(
        &self,
        site: &str,
        sheet: &[Criterion],
        by: i64,
        at: i64,
    ) -> StoreResult<()>;
    /// The site's conversations resolved in `[from, until)`, in id order.
    async fn closed_between(
        &self,
        site: &str,
        from: i64,
        until: i64,
    ) -> StoreResult<Vec<ClosedCase>>;
    /// The week's draw, if made.
    async fn qa_week(&self, site: &str, week: &str) -> StoreResult<Option<QaWeek>>;
    /// Records `week`'s draw unless one is recorded already, and returns
    /// the one that stands.
    async fn open_qa_week(&self, week: &QaWeek) -> StoreResult<QaWeek>;
    /// Puts `samples` in the week's sample (those in it already stay as
    /// they were); with `complete_at`, marks the week drawn after its end.
    /// Returns how many were new.
    async fn add_qa_samples(
        &self,
        site: &str,
        week: &str,
        samples: &[NewSample],
        at: i64,
        complete_at: Option<i64>,
    ) -> StoreResult<u64>;
    /// The week's sample with the reviews made, in conversation order.
    async fn qa_samples(&self, site: &str, week: &str) -> StoreResult<Vec<QaSample>>;
    /// Records a review once: `false` if the conversation was reviewed
    /// already (the first review stands).
    async fn save_qa_review(&self, review: &QaReview) -> StoreResult<bool>;
    /// The reviews of `agent`'s conversations, newest first, at most `limit`.
    async fn qa_reviews_of(&self, agent: i64, limit: i64) -> StoreResult<Vec<QaReview>>;
}
