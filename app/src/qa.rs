//! The weekly QA review (issue 21, R-QA3) as `/desk/qa` shows it: a
//! site's week — the conversations drawn and added by hand, each with its
//! review — the site's score sheet, and the reviews of the viewer's own
//! conversations. The server draws, scores and decides who may review;
//! the desk displays.

use serde::{Deserialize, Serialize};

/// A criterion of the score sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaCriterion {
    /// Its key (`greeting`, `accuracy`, … or the site's own).
    pub key: String,
    /// Its weight, a share of 100.
    pub weight: u32,
}

/// A criterion as a review scored it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaPoints {
    /// Its key.
    pub key: String,
    /// Its weight then.
    pub weight: u32,
    /// Points, 0–4.
    pub points: u8,
}

/// A review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaReviewView {
    /// The conversation.
    pub conversation: i64,
    /// The week it was sampled in (its Monday).
    pub week: String,
    /// The agent reviewed.
    pub agent: String,
    /// The reviewer.
    pub reviewer: String,
    /// The points per criterion.
    pub criteria: Vec<QaPoints>,
    /// The score, basis points (10,000 = every criterion at 4).
    pub score: u32,
    /// The reviewer's comment.
    pub comment: String,
    /// When, Unix ms.
    pub at: i64,
}

/// A conversation in the week's sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaSampleRow {
    /// The conversation.
    pub conversation: i64,
    /// Its agent (empty: nobody).
    pub agent: String,
    /// Who added it by hand (`None`: drawn).
    pub added_by: Option<String>,
    /// Its review, once made.
    pub review: Option<QaReviewView>,
    /// Whether the viewer may review it (not their own).
    pub may_review: bool,
}

/// A conversation closed in the week and not in its sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaClosedRow {
    /// The conversation.
    pub conversation: i64,
    /// Its agent (empty: nobody).
    pub agent: String,
    /// When it was resolved, Unix ms.
    pub closed_at: i64,
}

/// A site's week for its supervisors and admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaWeekView {
    /// The site.
    pub site: String,
    /// The week's Monday, `YYYY-MM-DD`.
    pub week: String,
    /// Its Sunday.
    pub last_day: String,
    /// The Mondays before and after.
    pub previous: String,
    /// See `previous`.
    pub next: String,
    /// The zone its days are counted in.
    pub time_zone: String,
    /// Whether the week has ended.
    pub ended: bool,
    /// When it was drawn (`None`: not yet).
    pub drawn_at: Option<i64>,
    /// The seed it was drawn with, as text (the draw is reproducible).
    pub seed: Option<String>,
    /// Conversations closed in it (so far) that the viewer may see.
    pub closed: usize,
    /// The sample.
    pub samples: Vec<QaSampleRow>,
    /// Closed and not sampled (the newest first, at most 100).
    pub unsampled: Vec<QaClosedRow>,
    /// The site's score sheet.
    pub sheet: Vec<QaCriterion>,
    /// Whether the viewer sees the whole site (else their teams).
    pub whole_site: bool,
}

/// `/desk/qa`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QaView {
    /// The sites the viewer reviews (empty: an agent).
    pub sites: Vec<String>,
    /// The chosen site's week (supervisors and admins).
    pub week: Option<QaWeekView>,
    /// The reviews of the viewer's own conversations, newest first.
    pub mine: Vec<QaReviewView>,
}
