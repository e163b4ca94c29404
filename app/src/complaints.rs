//! The complaint ledger as both ends see it (R-CMP1, R-CMP3): a complaint's
//! severity and steps, its four clocks as they stand, the ledger's rows and
//! filters, and the monthly analysis. The rules (who may act, the order of
//! the steps, the deadlines) are the server's (`server/src/domain/`); these
//! are their words.

use serde::{Deserialize, Serialize};

/// How serious a complaint is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The usual.
    #[default]
    Ordinary,
    /// A large claim or a risk to the brand: management compensates.
    Major,
}

impl Severity {
    /// Both.
    pub const ALL: [Severity; 2] = [Severity::Ordinary, Severity::Major];

    /// Stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Ordinary => "ordinary",
            Severity::Major => "major",
        }
    }

    /// The severity a stored name stands for.
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A step of a complaint, in the order they happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Raised: from a complaint topic, or by staff on any conversation.
    Raised,
    /// Registered: an owner took it into work.
    Registered,
    /// Investigated: the cause is known.
    Investigated,
    /// Resolved: what is done about it is decided (the result).
    Resolved,
    /// Answered: the customer was told.
    Answered,
    /// Followed up and closed: the customer was asked whether it is
    /// settled; the root cause is recorded.
    Closed,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 6] = [
        Step::Raised,
        Step::Registered,
        Step::Investigated,
        Step::Resolved,
        Step::Answered,
        Step::Closed,
    ];

    /// Stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Raised => "raised",
            Step::Registered => "registered",
            Step::Investigated => "investigated",
            Step::Resolved => "resolved",
            Step::Answered => "answered",
            Step::Closed => "closed",
        }
    }

    /// The step a stored name stands for.
    pub fn parse(s: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// The step after this one, if any.
    pub fn next(self) -> Option<Step> {
        let i = Step::ALL.iter().position(|s| *s == self)?;
        Step::ALL.get(i + 1).copied()
    }
}

/// One of a complaint's clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintClock {
    /// Registered within 1 business hour of being raised.
    Registration,
    /// Investigated within 2 working days of being raised.
    Investigation,
    /// Answered within 1 working day of the resolution.
    Answer,
    /// Followed up within 3 working days of the answer.
    FollowUp,
}

impl ComplaintClock {
    /// All four, in order.
    pub const ALL: [ComplaintClock; 4] = [
        ComplaintClock::Registration,
        ComplaintClock::Investigation,
        ComplaintClock::Answer,
        ComplaintClock::FollowUp,
    ];

    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ComplaintClock::Registration => "registration",
            ComplaintClock::Investigation => "investigation",
            ComplaintClock::Answer => "answer",
            ComplaintClock::FollowUp => "follow_up",
        }
    }

    /// The clock a wire name stands for.
    pub fn parse(s: &str) -> Option<ComplaintClock> {
        ComplaintClock::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// Done by the deadline.
    Met,
    /// Done, but late.
    Breached,
    /// Not done, past the deadline.
    Overdue,
    /// Not done, past the warning point.
    DueSoon,
    /// Not done, in time.
    Running,
}

impl Standing {
    /// Wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Met => "met",
            Standing::Breached => "breached",
            Standing::Overdue => "overdue",
            Standing::DueSoon => "due_soon",
            Standing::Running => "running",
        }
    }
}

/// A clock as the ledger shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    /// Which.
    pub clock: ComplaintClock,
    /// When it started.
    pub started_at: i64,
    /// When it falls due (`None`: the calendar never opens).
    pub due_at: Option<i64>,
    /// When its step was done.
    pub done_at: Option<i64>,
    /// Where it stands.
    pub standing: Standing,
}

/// A step as the ledger's history shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepView {
    /// Which step (or `owner` for a change of owner).
    pub action: String,
    /// Who, by name (empty: Parley, from the complaint topic).
    pub who: String,
    /// When, Unix ms.
    pub at: i64,
    /// What they wrote.
    pub note: String,
}

/// A complaint as the ledger shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintView {
    /// Id.
    pub id: i64,
    /// Site.
    pub site: String,
    /// The conversation it came from.
    pub conversation_id: i64,
    /// The customer's short label (as in the desk's list).
    pub customer: String,
    /// The topic key, if any.
    pub category: Option<String>,
    /// What it is about.
    pub summary: String,
    /// Ordinary or major.
    pub severity: Severity,
    /// Who owns it, by id and name.
    pub owner_id: Option<i64>,
    /// The owner's name.
    pub owner: Option<String>,
    /// The team whose calendar its clocks count on.
    pub team: Option<String>,
    /// The last step done.
    pub step: Step,
    /// The root cause key, once closed.
    pub root_cause: Option<String>,
    /// The result, once resolved.
    pub result: String,
    /// When it was raised.
    pub raised_at: i64,
    /// Its clocks so far.
    pub clocks: Vec<ClockView>,
    /// Whether any clock is overdue now.
    pub overdue: bool,
}

/// A site's root cause: a key and its names per language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootCause {
    /// Stable key (a slug).
    pub key: String,
    /// Name per locale.
    #[serde(default)]
    pub names: std::collections::BTreeMap<String, String>,
}

impl RootCause {
    /// The name in `locale`, else English, else the key.
    pub fn name(&self, locale: &str) -> &str {
        self.names
            .get(locale)
            .or_else(|| self.names.get("en"))
            .map(String::as_str)
            .unwrap_or(&self.key)
    }
}

/// The ledger's filters (each optional), as the page's query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LedgerFilter {
    /// Site key.
    pub site: Option<String>,
    /// `open` (not closed), `closed`, or a step name.
    pub state: Option<String>,
    /// Only those with an overdue clock.
    pub overdue: bool,
    /// Topic key.
    pub category: Option<String>,
    /// Owner id.
    pub owner: Option<i64>,
    /// Severity.
    pub severity: Option<Severity>,
    /// Raised on or after this day (YYYY-MM-DD, UTC).
    pub from: Option<String>,
    /// Raised on or before this day.
    pub until: Option<String>,
}

/// Everything `/desk/complaints` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerView {
    /// The filters applied.
    pub filter: LedgerFilter,
    /// The complaints matching them, newest first.
    pub complaints: Vec<ComplaintView>,
    /// The sites the reader works for (filter choices).
    pub sites: Vec<String>,
    /// Staff who may own complaints, `(id, name)`.
    pub owners: Vec<(i64, String)>,
    /// Topics, `(key, name)` in the reader's language.
    pub categories: Vec<(String, String)>,
    /// The case view, when one complaint is asked for.
    pub case: Option<CaseView>,
    /// The signed-in reader's id.
    pub me: i64,
}

/// One complaint in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    /// The complaint.
    pub complaint: ComplaintView,
    /// Every step with who and when, oldest first.
    pub steps: Vec<StepView>,
    /// The site's root causes (to choose from when closing).
    pub root_causes: Vec<RootCause>,
    /// Compensation on its conversation.
    pub compensations: Vec<crate::compensation::CompensationView>,
    /// Whether the reader may act on it.
    pub may_act: bool,
    /// Further conversations of the customer it covers.
    #[serde(default)]
    pub linked: Vec<i64>,
    /// The customer's other conversations it could cover, `(id, preview)`.
    #[serde(default)]
    pub others: Vec<(i64, String)>,
}

/// One labelled count or amount of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// What it counts (a key: topic, root cause, clock, kind, month).
    pub key: String,
    /// Its name in the reader's language.
    pub label: String,
    /// The count, or the amount in minor units.
    pub value: i64,
}

/// The monthly analysis (R-CMP3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisView {
    /// Site key.
    pub site: String,
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Complaints raised in the month.
    pub complaints: i64,
    /// Conversations opened in the month.
    pub conversations: i64,
    /// Complaints per 10,000 conversations (target ≤ 500, i.e. 5 %).
    pub share_basis_points: i64,
    /// Counts by topic.
    pub by_category: Vec<Figure>,
    /// Counts by root cause (closed complaints).
    pub by_root_cause: Vec<Figure>,
    /// Per clock: on-time rate in basis points (`value`) among the clocks
    /// that came due or were done in the month.
    pub on_time: Vec<Figure>,
    /// Compensation given in the month by kind, in the reference currency's
    /// minor units.
    pub compensation: Vec<Figure>,
    /// The reference currency of `compensation`.
    pub currency: String,
    /// Its exponent.
    pub exponent: u8,
    /// Complaints per month, the 12 months up to this one.
    pub trend: Vec<Figure>,
    /// The sites the reader may analyse.
    pub sites: Vec<String>,
}
