//! The service reports (issue 21, R-QA2) as the desk shows them and the
//! exports write them: one row of figures per slice and per period, the
//! columns fixed by [`Metric::ALL`]. The server computes every figure and
//! verdict (`server/src/domain/metrics.rs`); the desk only displays them.

use serde::{Deserialize, Serialize};

/// A column of the reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Metric {
    /// Conversations in the population.
    Conversations,
    /// Answered by staff at least once.
    ResponseRate,
    /// First responses on time (target ≥ 95 %).
    OnTime,
    /// Resolved at least once (target ≥ 90 %).
    Resolution,
    /// Resolved without a reopening or transfer.
    FirstContact,
    /// Mean first-response time (business time).
    FirstResponseMean,
    /// 90th-percentile first-response time.
    FirstResponseP90,
    /// Mean rating (target ≥ 4.5).
    Csat,
    /// Ratings given.
    Ratings,
    /// Conversations with a complaint (target ≤ 5 %).
    ComplaintRate,
    /// Mean complaint resolution time (target ≤ 24 h).
    ComplaintTime,
    /// Follow-ups done on time.
    FollowUp,
    /// Mean weekly QA review score of the reviewed conversations.
    QaScore,
}

/// How a [`Metric`]'s values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A count.
    Count,
    /// A share in basis points (10,000 = 100 %).
    BasisPoints,
    /// A duration in milliseconds.
    Millis,
    /// A score in hundredths (450 = 4.50).
    Hundredths,
}

impl Metric {
    /// Every column, in the reports' order.
    pub const ALL: [Metric; 13] = [
        Metric::Conversations,
        Metric::ResponseRate,
        Metric::OnTime,
        Metric::Resolution,
        Metric::FirstContact,
        Metric::FirstResponseMean,
        Metric::FirstResponseP90,
        Metric::Csat,
        Metric::Ratings,
        Metric::ComplaintRate,
        Metric::ComplaintTime,
        Metric::FollowUp,
        Metric::QaScore,
    ];

    /// Its name in exports, addresses and Fluent selectors.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Conversations => "conversations",
            Metric::ResponseRate => "response_rate",
            Metric::OnTime => "on_time_first_response",
            Metric::Resolution => "resolution_rate",
            Metric::FirstContact => "first_contact_resolution",
            Metric::FirstResponseMean => "first_response_mean",
            Metric::FirstResponseP90 => "first_response_p90",
            Metric::Csat => "csat",
            Metric::Ratings => "ratings",
            Metric::ComplaintRate => "complaint_rate",
            Metric::ComplaintTime => "complaint_resolution_time",
            Metric::FollowUp => "follow_up_completion",
            Metric::QaScore => "qa_score",
        }
    }

    /// How its values read.
    pub fn unit(self) -> Unit {
        match self {
            Metric::Conversations | Metric::Ratings => Unit::Count,
            Metric::FirstResponseMean | Metric::FirstResponseP90 | Metric::ComplaintTime => {
                Unit::Millis
            }
            Metric::Csat => Unit::Hundredths,
            _ => Unit::BasisPoints,
        }
    }

    /// Its column in a [`ReportRow`].
    pub fn index(self) -> usize {
        Metric::ALL.iter().position(|m| *m == self).unwrap_or(0)
    }
}

/// The figures of one slice or period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportRow {
    /// The slice's key (agent or team id, region, locale, topic,
    /// priority; empty: none) or the period's first day (`YYYY-MM-DD`).
    pub key: String,
    /// Its name when the server knows it (agents, teams, topics).
    pub label: String,
    /// One value per [`Metric::ALL`]; `None`: nothing to count.
    pub values: Vec<Option<i64>>,
    /// Per [`Metric::ALL`]: target met, missed, or no target / nothing to
    /// judge.
    pub verdicts: Vec<Option<bool>>,
}

impl ReportRow {
    /// The value of `metric`.
    pub fn value(&self, metric: Metric) -> Option<i64> {
        self.values.get(metric.index()).copied().flatten()
    }

    /// The verdict on `metric`.
    pub fn verdict(&self, metric: Metric) -> Option<bool> {
        self.verdicts.get(metric.index()).copied().flatten()
    }
}

/// What a report covers (every field may be empty: the defaults).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReportFilter {
    /// Site key.
    pub site: String,
    /// First day, `YYYY-MM-DD`, in `tz`.
    pub from: String,
    /// Last day (inclusive).
    pub until: String,
    /// Slice by: `agent`, `team`, `region`, `language`, `category`,
    /// `priority`.
    pub by: String,
    /// Trend step: `day`, `week`, `month`.
    pub period: String,
    /// The viewer's IANA time zone.
    pub tz: String,
}

/// A report: the totals, the slices and the trend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    /// Sites the viewer may report on.
    pub sites: Vec<String>,
    /// The filter as applied (defaults filled in).
    pub filter: ReportFilter,
    /// Whether it covers the whole site (admins) or the viewer's teams.
    pub whole_site: bool,
    /// Every conversation of the population.
    pub total: ReportRow,
    /// Per slice, largest first.
    pub slices: Vec<ReportRow>,
    /// Per period, oldest first (periods with no conversation included).
    pub trend: Vec<ReportRow>,
    /// The site's audit-log reviews (admins only).
    pub audit: Option<AuditReviews>,
}

/// The monthly audit-log review of a site (R-SEC6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditReviews {
    /// Ended months (`YYYY-MM`) no admin has marked reviewed, oldest first.
    pub unreviewed: Vec<String>,
    /// The reviews made, newest month first.
    pub reviewed: Vec<ReviewedMonth>,
}

/// A month marked reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewedMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// The admin's name.
    pub by: String,
    /// Their note.
    pub note: String,
    /// When, Unix ms.
    pub at: i64,
}
