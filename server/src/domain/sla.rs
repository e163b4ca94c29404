//! SLA clocks: several deadlines per conversation, each counted on the owning
//! team's [`BusinessCalendar`].
//!
//! A [`SlaClock`] keeps how much business time it has consumed up to `since`
//! and whether it is running; its `due_at` is derived from the calendar
//! (`since` + remaining business time), so pausing, resuming and handing the
//! conversation to a team in another region only change `since`/`consumed` and
//! the calendar used. [`SlaPolicy`] holds the site's targets and
//! [`apply`] decides which clocks start, stop, pause and resume on each
//! conversation event.
//!
//! Pure code: `now` is always passed in; instants are Unix milliseconds.

use chrono::{DateTime, Duration, Utc};
use parley_app::protocol::{ClockKind, ClockPhase, ConversationStatus, Priority};
use serde::{Deserialize, Serialize};

use super::calendar::BusinessCalendar;

/// What a clock measures against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Target {
    /// Business minutes on the calendar.
    Minutes(i64),
    /// Close of business on the n-th working day after the clock started.
    WorkingDays(u32),
}

/// One clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaClock {
    /// What it measures.
    pub kind: ClockKind,
    /// Its target.
    pub target: Target,
    /// When it started, Unix ms.
    pub started_at: i64,
    /// Business ms consumed before `since` (for [`Target::Minutes`]).
    pub consumed_ms: i64,
    /// Start of the current running or paused segment, Unix ms.
    pub since: i64,
    /// Running, paused or finished.
    pub phase: ClockPhase,
    /// When it stopped (met, breached or cancelled), Unix ms.
    pub stopped_at: Option<i64>,
}

/// Per-site targets, configurable by admins. Defaults follow the service
/// policies in REQUIREMENTS.md (R-CH2, R-FLOW2, R-FLOW5, R-CMP1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlaPolicy {
    /// First response, by priority (minutes): urgent.
    pub urgent_first_response: i64,
    /// First response, routine.
    pub routine_first_response: i64,
    /// First response, consultation.
    pub consultation_first_response: i64,
    /// Chat channel: first reply (minutes). The first-response clock of a chat
    /// uses the stricter of this and the priority's target.
    pub chat_first_reply: i64,
    /// Chat channel, complaints: first reply (minutes), instead of the
    /// above (R-CH2: "10 minutes for complaints").
    pub complaint_first_reply: i64,
    /// E-mail channel: first reply (minutes), and the answer to each later
    /// mail of the customer's (R-CH2: "Email first reply within 24 h").
    pub email_first_reply: i64,
    /// A later customer message waiting for an answer (minutes).
    pub next_response: i64,
    /// Complex questions: a progress update to the customer at least this often.
    pub progress_update: i64,
    /// Complaints: registered (taken into work) within (minutes).
    pub complaint_registration: i64,
    /// Escalations: taken on by the specialist team within (minutes).
    pub escalation_acceptance: i64,
    /// Resolution, by priority (business minutes).
    pub urgent_resolution: i64,
    /// Resolution, routine.
    pub routine_resolution: i64,
    /// Resolution, consultation.
    pub consultation_resolution: i64,
    /// Follow-up after resolution, working days.
    pub follow_up_working_days: u32,
    /// Percentage of a target after which a clock is "due soon".
    pub warn_percent: i64,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        SlaPolicy {
            urgent_first_response: 10,
            routine_first_response: 30,
            consultation_first_response: 120,
            chat_first_reply: 5,
            complaint_first_reply: 10,
            email_first_reply: 24 * 60,
            next_response: 5,
            progress_update: 30,
            complaint_registration: 60,
            escalation_acceptance: 60,
            urgent_resolution: 4 * 60,
            routine_resolution: 8 * 60,
            consultation_resolution: 16 * 60,
            follow_up_working_days: 3,
            warn_percent: 80,
        }
    }
}

impl SlaPolicy {
    /// First-response target for a chat of this priority.
    pub fn first_response(&self, priority: Priority) -> Target {
        let by_priority = match priority {
            Priority::Urgent => self.urgent_first_response,
            Priority::Routine => self.routine_first_response,
            Priority::Consultation => self.consultation_first_response,
        };
        Target::Minutes(by_priority.min(self.chat_first_reply))
    }

    /// First-response target for a chat of this priority, or of a
    /// complaint (its own target, whatever the priority).
    pub fn first_response_of(&self, priority: Priority, complaint: bool) -> Target {
        if complaint {
            Target::Minutes(self.complaint_first_reply)
        } else {
            self.first_response(priority)
        }
    }

    /// Resolution target for this priority.
    pub fn resolution(&self, priority: Priority) -> Target {
        Target::Minutes(match priority {
            Priority::Urgent => self.urgent_resolution,
            Priority::Routine => self.routine_resolution,
            Priority::Consultation => self.consultation_resolution,
        })
    }

    /// Every target positive and the warning between 1 and 99 %.
    pub fn is_valid(&self) -> bool {
        self.invalid_field().is_none()
    }

    /// The first target out of its bounds, by name: minutes from 1 to 60
    /// days, follow-up 1 to 60 working days, warning at 1 to 99 %.
    pub fn invalid_field(&self) -> Option<&'static str> {
        let minutes = [
            ("urgent_first_response", self.urgent_first_response),
            ("routine_first_response", self.routine_first_response),
            (
                "consultation_first_response",
                self.consultation_first_response,
            ),
            ("chat_first_reply", self.chat_first_reply),
            ("complaint_first_reply", self.complaint_first_reply),
            ("email_first_reply", self.email_first_reply),
            ("next_response", self.next_response),
            ("progress_update", self.progress_update),
            ("complaint_registration", self.complaint_registration),
            ("escalation_acceptance", self.escalation_acceptance),
            ("urgent_resolution", self.urgent_resolution),
            ("routine_resolution", self.routine_resolution),
            ("consultation_resolution", self.consultation_resolution),
        ];
        if let Some((name, _)) = minutes
            .iter()
            .find(|(_, m)| !(1..=60 * 24 * 60).contains(m))
        {
            return Some(name);
        }
        if !(1..=60).contains(&self.follow_up_working_days) {
            return Some("follow_up_working_days");
        }
        if !(1..=99).contains(&self.warn_percent) {
            return Some("warn_percent");
        }
        None
    }
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::UNIX_EPOCH)
}

fn business_ms(calendar: &BusinessCalendar, from: i64, until: i64) -> i64 {
    calendar
        .business_time_between(at(from), at(until))
        .num_milliseconds()
}

impl SlaClock {
    /// A running clock started at `now`.
    pub fn start(kind: ClockKind, target: Target, now: i64) -> Self {
        SlaClock {
            kind,
            target,
            started_at: now,
            consumed_ms: 0,
            since: now,
            phase: ClockPhase::Running,
            stopped_at: None,
        }
    }

    /// Whether the clock still counts (running or paused).
    pub fn is_active(&self) -> bool {
        matches!(self.phase, ClockPhase::Running | ClockPhase::Paused)
    }

    /// Business time consumed up to `now`.
    pub fn consumed(&self, calendar: &BusinessCalendar, now: i64) -> i64 {
        match self.phase {
            ClockPhase::Running => self.consumed_ms + business_ms(calendar, self.since, now),
            _ => self.consumed_ms,
        }
    }

    /// When the target falls due, for a running clock (`None` while paused,
    /// once finished, or when the calendar never opens).
    pub fn due_at(&self, calendar: &BusinessCalendar) -> Option<i64> {
        self.deadline(calendar, 100)
    }

    /// When the clock becomes "due soon" (`percent` of the target used).
    pub fn warn_at(&self, calendar: &BusinessCalendar, percent: i64) -> Option<i64> {
        self.deadline(calendar, percent)
    }

    fn deadline(&self, calendar: &BusinessCalendar, percent: i64) -> Option<i64> {
        if self.phase != ClockPhase::Running {
            return None;
        }
        match self.target {
            Target::Minutes(minutes) => {
                let budget = minutes * 60_000 * percent / 100;
                let left = (budget - self.consumed_ms).max(0);
                calendar
                    .add_business_time(at(self.since), Duration::milliseconds(left))
                    .map(|t| t.timestamp_millis())
            }
            Target::WorkingDays(days) => {
                let due = calendar.add_working_days(at(self.started_at), days)?;
                if percent >= 100 {
                    return Some(due.timestamp_millis());
                }
                let start = at(self.started_at);
                let total = calendar.business_time_between(start, due);
                calendar
                    .add_business_time(start, total * (percent as i32) / 100)
                    .map(|t| t.timestamp_millis())
            }
        }
    }

    /// Stops counting until [`SlaClock::resume`].
    pub fn pause(&mut self, calendar: &BusinessCalendar, now: i64) {
        if self.phase == ClockPhase::Running && !matches!(self.target, Target::WorkingDays(_)) {
            self.consumed_ms = self.consumed(calendar, now);
            self.since = now;
            self.phase = ClockPhase::Paused;
        }
    }

    /// Counts again from `now`.
    pub fn resume(&mut self, now: i64) {
        if self.phase == ClockPhase::Paused {
            self.since = now;
            self.phase = ClockPhase::Running;
        }
    }

    /// Moves a running clock from `from`'s calendar to another team's: time up
    /// to `now` is counted on `from`, the rest on the new calendar.
    pub fn hand_off(&mut self, from: &BusinessCalendar, now: i64) {
        if self.phase == ClockPhase::Running && matches!(self.target, Target::Minutes(_)) {
            self.consumed_ms = self.consumed(from, now);
            self.since = now;
        }
    }

    /// Stops the clock because its goal was reached: met or breached.
    pub fn complete(&mut self, calendar: &BusinessCalendar, now: i64) {
        if !self.is_active() {
            return;
        }
        let breached = match self.target {
            Target::Minutes(minutes) => self.consumed(calendar, now) > minutes * 60_000,
            Target::WorkingDays(days) => calendar
                .add_working_days(at(self.started_at), days)
                .is_some_and(|due| now > due.timestamp_millis()),
        };
        self.consumed_ms = self.consumed(calendar, now);
        self.since = now;
        self.phase = if breached {
            ClockPhase::Breached
        } else {
            ClockPhase::Met
        };
        self.stopped_at = Some(now);
    }

    /// Stops the clock because it no longer applies (not a breach).
    pub fn cancel(&mut self, calendar: &BusinessCalendar, now: i64) {
        if self.is_active() {
            self.consumed_ms = self.consumed(calendar, now);
            self.since = now;
            self.phase = ClockPhase::Cancelled;
            self.stopped_at = Some(now);
        }
    }

    /// Where the clock stands at `now`.
    pub fn standing(&self, calendar: &BusinessCalendar, policy: &SlaPolicy, now: i64) -> Standing {
        match self.phase {
            ClockPhase::Running => match self.due_at(calendar) {
                Some(due) if now >= due => Standing::Breached,
                Some(_)
                    if self
                        .warn_at(calendar, policy.warn_percent)
                        .is_some_and(|w| now >= w) =>
                {
                    Standing::DueSoon
                }
                _ => Standing::OnTrack,
            },
            ClockPhase::Paused => Standing::Paused,
            ClockPhase::Breached => Standing::Breached,
            ClockPhase::Met | ClockPhase::Cancelled => Standing::Done,
        }
    }
}

/// A clock's standing at a moment, for escalation and inbox filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Running with time to spare.
    OnTrack,
    /// Past the warning threshold.
    DueSoon,
    /// Past its target (running or finished late).
    Breached,
    /// Waiting on the customer or the clock is otherwise stopped for now.
    Paused,
    /// Finished in time or cancelled.
    Done,
}

/// What happened to a conversation, as far as its clocks care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockEvent {
    /// The first customer message created it.
    Opened {
        /// Its priority.
        priority: Priority,
        /// Whether its category is a complaint.
        complaint: bool,
        /// Whether it began with a mail (the e-mail target, whatever the
        /// priority or category).
        email: bool,
    },
    /// A customer message (not the first).
    CustomerMessage,
    /// A customer's mail (not the first message): answered within the
    /// e-mail target.
    CustomerMail,
    /// A public agent message (internal notes do not count).
    AgentMessage,
    /// The state changed.
    StatusChanged(ConversationStatus),
    /// An agent changed the priority.
    PriorityChanged(Priority),
    /// An agent marked the question complex (progress updates due) or not.
    ComplexChanged(bool),
    /// Handed to a specialist team, who must take it on within the
    /// acceptance target (a reply or taking it into work does).
    Escalated,
}

fn running_mut(clocks: &mut [SlaClock], kind: ClockKind) -> Option<&mut SlaClock> {
    clocks.iter_mut().find(|c| c.kind == kind && c.is_active())
}

fn has_active(clocks: &[SlaClock], kind: ClockKind) -> bool {
    clocks.iter().any(|c| c.kind == kind && c.is_active())
}

fn start_unless_active(clocks: &mut Vec<SlaClock>, kind: ClockKind, target: Target, now: i64) {
    if !has_active(clocks, kind) {
        clocks.push(SlaClock::start(kind, target, now));
    }
}

/// Facts about the conversation that the clock rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockContext {
    /// Current state (before the event, for messages).
    pub status: ConversationStatus,
    /// Current priority.
    pub priority: Priority,
    /// Whether progress updates are owed.
    pub complex: bool,
    /// Whether its topic is a complaint.
    pub complaint: bool,
}

/// Applies one event to a conversation's clocks (finished clocks are kept as
/// history; at most one active clock per kind).
pub fn apply(
    clocks: &mut Vec<SlaClock>,
    event: ClockEvent,
    ctx: ClockContext,
    policy: &SlaPolicy,
    calendar: &BusinessCalendar,
    now: i64,
) {
    use ClockKind as K;
    use ConversationStatus as S;
    match event {
        ClockEvent::Opened {
            priority,
            complaint,
            email,
        } => {
            let first = if email {
                Target::Minutes(policy.email_first_reply)
            } else {
                policy.first_response_of(priority, complaint)
            };
            start_unless_active(clocks, K::FirstResponse, first, now);
            start_unless_active(clocks, K::Resolution, policy.resolution(priority), now);
            if complaint {
                let target = Target::Minutes(policy.complaint_registration);
                start_unless_active(clocks, K::Registration, target, now);
            }
        }
        ClockEvent::CustomerMessage | ClockEvent::CustomerMail => {
            let answered = !has_active(clocks, K::FirstResponse);
            let closed = matches!(ctx.status, S::Resolved | S::Confirmed | S::Archived);
            if closed {
                // The message reopens it; StatusChanged(Reopened) starts the clocks.
                return;
            }
            if answered {
                let minutes = if event == ClockEvent::CustomerMail {
                    policy.email_first_reply
                } else {
                    policy.next_response
                };
                start_unless_active(clocks, K::NextResponse, Target::Minutes(minutes), now);
            }
        }
        ClockEvent::AgentMessage => {
            for kind in [K::FirstResponse, K::NextResponse, K::Acceptance] {
                if let Some(c) = running_mut(clocks, kind) {
                    c.complete(calendar, now);
                }
            }
            if matches!(ctx.status, S::Resolved | S::Confirmed)
                && let Some(c) = running_mut(clocks, K::FollowUp)
            {
                c.complete(calendar, now);
            }
            if let Some(c) = running_mut(clocks, K::ProgressUpdate) {
                // An update restarts the interval.
                c.complete(calendar, now);
                let target = Target::Minutes(policy.progress_update);
                clocks.push(SlaClock::start(K::ProgressUpdate, target, now));
            }
        }
        ClockEvent::StatusChanged(to) => match to {
            S::WaitingOnCustomer => {
                for c in clocks.iter_mut().filter(|c| c.is_active()) {
                    if matches!(c.kind, K::Resolution | K::NextResponse | K::ProgressUpdate) {
                        c.pause(calendar, now);
                    }
                }
            }
            S::InProgress | S::Assigned | S::Received => {
                for c in clocks.iter_mut().filter(|c| c.phase == ClockPhase::Paused) {
                    c.resume(now);
                }
                if to == S::InProgress {
                    for kind in [K::Registration, K::Acceptance] {
                        if let Some(c) = running_mut(clocks, kind) {
                            c.complete(calendar, now);
                        }
                    }
                    if ctx.complex {
                        let target = Target::Minutes(policy.progress_update);
                        start_unless_active(clocks, K::ProgressUpdate, target, now);
                    }
                }
            }
            S::Resolved => {
                for c in clocks.iter_mut().filter(|c| c.is_active()) {
                    match c.kind {
                        K::Resolution | K::FirstResponse | K::Registration | K::Acceptance => {
                            c.resume(now);
                            c.complete(calendar, now);
                        }
                        _ => c.cancel(calendar, now),
                    }
                }
                let target = Target::WorkingDays(policy.follow_up_working_days);
                clocks.push(SlaClock::start(K::FollowUp, target, now));
            }
            S::Confirmed => {
                // The customer closed the loop themselves: that is the follow-up.
                if let Some(c) = running_mut(clocks, K::FollowUp) {
                    c.complete(calendar, now);
                }
            }
            S::Reopened => {
                for c in clocks.iter_mut().filter(|c| c.is_active()) {
                    c.cancel(calendar, now);
                }
                let next = Target::Minutes(policy.next_response);
                clocks.push(SlaClock::start(K::NextResponse, next, now));
                clocks.push(SlaClock::start(
                    K::Resolution,
                    policy.resolution(ctx.priority),
                    now,
                ));
            }
            S::Archived => {
                for c in clocks.iter_mut().filter(|c| c.is_active()) {
                    if c.kind == K::FollowUp {
                        c.complete(calendar, now);
                    } else {
                        c.cancel(calendar, now);
                    }
                }
            }
        },
        ClockEvent::PriorityChanged(priority) => {
            // New targets, same consumed time.
            for c in clocks.iter_mut().filter(|c| c.is_active()) {
                match c.kind {
                    K::FirstResponse => {
                        c.target = policy.first_response_of(priority, ctx.complaint)
                    }
                    K::Resolution => c.target = policy.resolution(priority),
                    _ => {}
                }
            }
        }
        ClockEvent::Escalated => {
            // A second escalation starts its own hour.
            if let Some(c) = running_mut(clocks, K::Acceptance) {
                c.cancel(calendar, now);
            }
            let target = Target::Minutes(policy.escalation_acceptance);
            clocks.push(SlaClock::start(K::Acceptance, target, now));
        }
        ClockEvent::ComplexChanged(complex) => {
            if complex && matches!(ctx.status, S::InProgress) {
                let target = Target::Minutes(policy.progress_update);
                start_unless_active(clocks, K::ProgressUpdate, target, now);
            } else if !complex && let Some(c) = running_mut(clocks, K::ProgressUpdate) {
                c.cancel(calendar, now);
            }
        }
    }
}

/// Moves every running clock to a new team's calendar at `now`.
pub fn hand_off(clocks: &mut [SlaClock], from: &BusinessCalendar, now: i64) {
    for c in clocks.iter_mut() {
        c.hand_off(from, now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{CalendarSpec, ShiftSpec};

    const MIN: i64 = 60_000;

    fn ms(s: &str) -> i64 {
        DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis()
    }

    fn weekdays(tz: &str, start: &str, end: &str, closures: &[&str]) -> BusinessCalendar {
        let spec = CalendarSpec {
            time_zone: tz.into(),
            shifts: ["mon", "tue", "wed", "thu", "fri"]
                .iter()
                .map(|d| ShiftSpec {
                    day: (*d).into(),
                    start: start.into(),
                    end: end.into(),
                })
                .collect(),
            closures: closures.iter().map(|c| (*c).into()).collect(),
        };
        BusinessCalendar::try_from(&spec).unwrap()
    }

    fn berlin() -> BusinessCalendar {
        weekdays("Europe/Berlin", "08:00", "17:00", &["2026-12-25"])
    }

    fn shanghai() -> BusinessCalendar {
        weekdays("Asia/Shanghai", "09:00", "18:00", &[])
    }

    fn ctx(status: ConversationStatus) -> ClockContext {
        ClockContext {
            status,
            priority: Priority::Routine,
            complex: false,
            complaint: false,
        }
    }

    fn active(clocks: &[SlaClock], kind: ClockKind) -> Option<&SlaClock> {
        clocks.iter().find(|c| c.kind == kind && c.is_active())
    }

    fn last(clocks: &[SlaClock], kind: ClockKind) -> &SlaClock {
        clocks.iter().rev().find(|c| c.kind == kind).unwrap()
    }

    fn opened(
        priority: Priority,
        complaint: bool,
        cal: &BusinessCalendar,
        now: i64,
    ) -> Vec<SlaClock> {
        let mut clocks = Vec::new();
        apply(
            &mut clocks,
            ClockEvent::Opened {
                priority,
                complaint,
                email: false,
            },
            ctx(ConversationStatus::Received),
            &SlaPolicy::default(),
            cal,
            now,
        );
        clocks
    }

    #[test]
    fn default_targets_follow_the_policies() {
        let p = SlaPolicy::default();
        assert!(p.is_valid());
        // Chat: the stricter of 5 min and the priority's target.
        assert_eq!(p.first_response(Priority::Urgent), Target::Minutes(5));
        assert_eq!(p.first_response(Priority::Consultation), Target::Minutes(5));
        let relaxed = SlaPolicy {
            chat_first_reply: 24 * 60,
            ..SlaPolicy::default()
        };
        assert_eq!(
            relaxed.first_response(Priority::Urgent),
            Target::Minutes(10)
        );
        assert_eq!(
            relaxed.first_response(Priority::Routine),
            Target::Minutes(30)
        );
        assert_eq!(
            relaxed.first_response(Priority::Consultation),
            Target::Minutes(120)
        );
        assert!(
            !SlaPolicy {
                warn_percent: 100,
                ..SlaPolicy::default()
            }
            .is_valid()
        );
        assert!(
            !SlaPolicy {
                next_response: 0,
                ..SlaPolicy::default()
            }
            .is_valid()
        );
        assert!(
            !SlaPolicy {
                follow_up_working_days: 0,
                ..SlaPolicy::default()
            }
            .is_valid()
        );
    }

    #[test]
    fn opening_starts_first_response_and_resolution_and_complaints_registration() {
        let cal = berlin();
        let now = ms("2026-11-23T09:00:00Z"); // Mon 10:00 Berlin
        let clocks = opened(Priority::Routine, false, &cal, now);
        let kinds: Vec<_> = clocks.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, vec![ClockKind::FirstResponse, ClockKind::Resolution]);
        assert_eq!(clocks[0].due_at(&cal), Some(now + 5 * MIN));
        assert_eq!(clocks[0].warn_at(&cal, 80), Some(now + 4 * MIN));
        assert_eq!(
            clocks[1].due_at(&cal),
            Some(ms("2026-11-24T08:00:00Z")),
            "8 business hours: Tue 09:00"
        );
        let complaint = opened(Priority::Routine, true, &cal, now);
        assert_eq!(complaint[2].kind, ClockKind::Registration);
        assert_eq!(complaint[2].due_at(&cal), Some(now + 60 * MIN));
        // A complaint's chat gets its own first-reply target (10 min), not
        // the ordinary chat's 5, whatever its priority.
        assert_eq!(complaint[0].due_at(&cal), Some(now + 10 * MIN));
        let urgent = opened(Priority::Urgent, true, &cal, now);
        assert_eq!(urgent[0].due_at(&cal), Some(now + 10 * MIN));
        // A later priority change keeps the complaint's target.
        let mut clocks = complaint.clone();
        let ctx = ClockContext {
            complaint: true,
            ..ctx(ConversationStatus::InProgress)
        };
        let policy = SlaPolicy::default();
        apply(
            &mut clocks,
            ClockEvent::PriorityChanged(Priority::Consultation),
            ctx,
            &policy,
            &cal,
            now,
        );
        assert_eq!(clocks[0].target, Target::Minutes(10));
        let plain = ClockContext {
            complaint: false,
            ..ctx
        };
        apply(
            &mut clocks,
            ClockEvent::PriorityChanged(Priority::Consultation),
            plain,
            &policy,
            &cal,
            now,
        );
        assert_eq!(clocks[0].target, Target::Minutes(5));
    }

    #[test]
    fn a_clock_does_not_run_outside_hours() {
        let cal = berlin();
        // Opened Friday 16:58 Berlin: 2 min on Friday, 3 on Monday → 08:03.
        let now = ms("2026-11-27T15:58:00Z");
        let clocks = opened(Priority::Urgent, false, &cal, now);
        let fr = active(&clocks, ClockKind::FirstResponse).unwrap();
        assert_eq!(fr.due_at(&cal), Some(ms("2026-11-30T07:03:00Z")));
        let policy = SlaPolicy::default();
        // Saturday: still on track although days have passed.
        assert_eq!(
            fr.standing(&cal, &policy, ms("2026-11-28T12:00:00Z")),
            Standing::OnTrack
        );
        assert_eq!(
            fr.standing(&cal, &policy, ms("2026-11-30T07:02:59Z")),
            Standing::DueSoon
        );
        assert_eq!(
            fr.standing(&cal, &policy, ms("2026-11-30T07:03:00Z")),
            Standing::Breached
        );
        // 80% = 4 min used: Monday 08:02.
        assert_eq!(fr.warn_at(&cal, 80), Some(ms("2026-11-30T07:02:00Z")));
        assert_eq!(
            fr.standing(&cal, &policy, ms("2026-11-27T15:59:00Z")),
            Standing::OnTrack
        );
    }

    #[test]
    fn an_answer_in_time_is_met_and_a_late_one_breached() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let now = ms("2026-11-23T09:00:00Z");
        for (after, expected) in [
            (4 * MIN, ClockPhase::Met),
            (5 * MIN, ClockPhase::Met),
            (5 * MIN + 1, ClockPhase::Breached),
        ] {
            let mut clocks = opened(Priority::Routine, false, &cal, now);
            apply(
                &mut clocks,
                ClockEvent::AgentMessage,
                ctx(ConversationStatus::Assigned),
                &policy,
                &cal,
                now + after,
            );
            let fr = last(&clocks, ClockKind::FirstResponse);
            assert_eq!(fr.phase, expected, "answered after {after} ms");
            assert_eq!(fr.stopped_at, Some(now + after));
            assert_eq!(fr.due_at(&cal), None, "a finished clock has no deadline");
            // Resolution keeps running.
            assert!(active(&clocks, ClockKind::Resolution).is_some());
        }
    }

    #[test]
    fn a_mail_is_answered_within_the_email_target() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T09:00:00Z"); // Mon 10:00 Berlin
        let mut clocks = Vec::new();
        // Whatever the priority or complaint: the e-mail target (24 business hours).
        apply(
            &mut clocks,
            ClockEvent::Opened {
                priority: Priority::Urgent,
                complaint: true,
                email: true,
            },
            ctx(ConversationStatus::Received),
            &policy,
            &cal,
            t0,
        );
        let first = active(&clocks, ClockKind::FirstResponse).unwrap();
        assert_eq!(first.target, Target::Minutes(24 * 60));
        // 24 business hours on a 9-hour weekday calendar: 7 on Monday, 9 on
        // Tuesday, 8 on Wednesday, so Wednesday 16:00 Berlin.
        assert_eq!(first.due_at(&cal), Some(ms("2026-11-25T15:00:00Z")));
        apply(
            &mut clocks,
            ClockEvent::AgentMessage,
            ctx(ConversationStatus::Assigned),
            &policy,
            &cal,
            t0 + MIN,
        );
        // The customer's answer by mail waits the e-mail target, not the chat's.
        apply(
            &mut clocks,
            ClockEvent::CustomerMail,
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0 + 2 * MIN,
        );
        let next = active(&clocks, ClockKind::NextResponse).unwrap();
        assert_eq!(next.target, Target::Minutes(24 * 60));
        // A chat conversation keeps the chat's first reply.
        let chat = opened(Priority::Urgent, false, &cal, t0);
        assert_eq!(
            active(&chat, ClockKind::FirstResponse).unwrap().target,
            Target::Minutes(5)
        );
        assert!(
            !SlaPolicy {
                email_first_reply: 0,
                ..SlaPolicy::default()
            }
            .is_valid()
        );
    }

    #[test]
    fn next_response_starts_on_a_customer_message_after_an_answer() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T09:00:00Z");
        let mut clocks = opened(Priority::Routine, false, &cal, t0);
        // A second customer message before any answer adds nothing.
        apply(
            &mut clocks,
            ClockEvent::CustomerMessage,
            ctx(ConversationStatus::Received),
            &policy,
            &cal,
            t0 + MIN,
        );
        assert!(active(&clocks, ClockKind::NextResponse).is_none());
        apply(
            &mut clocks,
            ClockEvent::AgentMessage,
            ctx(ConversationStatus::Assigned),
            &policy,
            &cal,
            t0 + 2 * MIN,
        );
        apply(
            &mut clocks,
            ClockEvent::CustomerMessage,
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0 + 3 * MIN,
        );
        let next = active(&clocks, ClockKind::NextResponse).unwrap();
        assert_eq!(next.due_at(&cal), Some(t0 + 8 * MIN));
        // Another customer message does not restart it.
        apply(
            &mut clocks,
            ClockEvent::CustomerMessage,
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0 + 4 * MIN,
        );
        assert_eq!(
            clocks
                .iter()
                .filter(|c| c.kind == ClockKind::NextResponse)
                .count(),
            1
        );
        apply(
            &mut clocks,
            ClockEvent::AgentMessage,
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0 + 6 * MIN,
        );
        assert_eq!(
            last(&clocks, ClockKind::NextResponse).phase,
            ClockPhase::Met
        );
    }

    #[test]
    fn waiting_on_the_customer_pauses_resolution_and_resumes_with_the_same_budget() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T08:00:00Z"); // Mon 09:00
        let mut clocks = opened(Priority::Urgent, false, &cal, t0);
        // 1 h in progress, then wait for the customer for 3 hours.
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::WaitingOnCustomer),
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0 + 60 * MIN,
        );
        let res = active(&clocks, ClockKind::Resolution).unwrap();
        assert_eq!(res.phase, ClockPhase::Paused);
        assert_eq!(res.due_at(&cal), None);
        assert_eq!(
            res.consumed(&cal, t0 + 240 * MIN),
            60 * MIN,
            "no time counts while paused"
        );
        assert_eq!(
            res.standing(&cal, &policy, t0 + 10_000 * MIN),
            Standing::Paused
        );
        // The customer answers: 3 h left of the urgent 4 h target.
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::InProgress),
            ctx(ConversationStatus::WaitingOnCustomer),
            &policy,
            &cal,
            t0 + 240 * MIN,
        );
        let res = active(&clocks, ClockKind::Resolution).unwrap();
        assert_eq!(res.due_at(&cal), Some(t0 + 420 * MIN));
        // First response is not paused by waiting (it was already due).
        assert_eq!(
            active(&clocks, ClockKind::FirstResponse).unwrap().phase,
            ClockPhase::Running
        );
    }

    #[test]
    fn pause_and_resume_across_a_closed_night() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T15:00:00Z"); // Mon 16:00, 1 h before close
        let mut clocks = opened(Priority::Routine, false, &cal, t0);
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::WaitingOnCustomer),
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0 + 30 * MIN,
        );
        // Resumed at night (the customer wrote at 23:00): counts from Tue 08:00.
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::InProgress),
            ctx(ConversationStatus::WaitingOnCustomer),
            &policy,
            &cal,
            ms("2026-11-23T22:00:00Z"),
        );
        let res = active(&clocks, ClockKind::Resolution).unwrap();
        // 8 h target, 30 min used: 7h30 from Tue 08:00 → 15:30 Berlin.
        assert_eq!(res.due_at(&cal), Some(ms("2026-11-24T14:30:00Z")));
    }

    #[test]
    fn hand_off_moves_the_rest_of_the_clock_to_the_new_calendar() {
        let (emea, apac) = (berlin(), shanghai());
        let policy = SlaPolicy::default();
        // Mon 16:00 Berlin: EMEA works 1 h on it, then hands it to APAC at
        // 17:00 Berlin = Tue 00:00 Shanghai; APAC opens at 09:00 Shanghai.
        let t0 = ms("2026-11-23T15:00:00Z");
        let mut clocks = opened(Priority::Routine, false, &emea, t0);
        let handoff = ms("2026-11-23T16:00:00Z");
        hand_off(&mut clocks, &emea, handoff);
        let res = active(&clocks, ClockKind::Resolution).unwrap();
        assert_eq!(res.consumed_ms, 60 * MIN);
        // 7 h left on Shanghai's calendar: Tue 09:00 + 7 h = 16:00 Shanghai = 08:00Z.
        assert_eq!(res.due_at(&apac), Some(ms("2026-11-24T08:00:00Z")));
        // Had it stayed in Berlin it would be due Tue 15:00 Berlin = 14:00Z.
        let mut stay = opened(Priority::Routine, false, &emea, t0);
        hand_off(&mut stay, &emea, handoff);
        assert_eq!(
            active(&stay, ClockKind::Resolution).unwrap().due_at(&emea),
            Some(ms("2026-11-24T14:00:00Z"))
        );
        // Consumption after the hand-off is measured on the new calendar.
        let res = active(&clocks, ClockKind::Resolution).unwrap();
        assert_eq!(
            res.consumed(&apac, ms("2026-11-24T02:00:00Z")),
            120 * MIN,
            "1 h EMEA + 1 h APAC"
        );
        // A paused clock handed off keeps its consumption and stays paused.
        let mut paused = opened(Priority::Routine, false, &emea, t0);
        apply(
            &mut paused,
            ClockEvent::StatusChanged(ConversationStatus::WaitingOnCustomer),
            ctx(ConversationStatus::InProgress),
            &policy,
            &emea,
            t0 + 30 * MIN,
        );
        hand_off(&mut paused, &emea, handoff);
        let r = active(&paused, ClockKind::Resolution).unwrap();
        assert_eq!((r.phase, r.consumed_ms), (ClockPhase::Paused, 30 * MIN));
    }

    #[test]
    fn resolution_starts_the_follow_up_in_working_days_and_confirmation_meets_it() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-27T10:00:00Z"); // Fri 11:00
        let mut clocks = opened(Priority::Routine, false, &cal, t0);
        apply(
            &mut clocks,
            ClockEvent::AgentMessage,
            ctx(ConversationStatus::Assigned),
            &policy,
            &cal,
            t0 + MIN,
        );
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::Resolved),
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0 + 60 * MIN,
        );
        assert_eq!(last(&clocks, ClockKind::Resolution).phase, ClockPhase::Met);
        let fu = active(&clocks, ClockKind::FollowUp).unwrap();
        // Three working days after Friday: Mon, Tue, Wed → Wed 17:00 Berlin.
        assert_eq!(fu.due_at(&cal), Some(ms("2026-12-02T16:00:00Z")));
        assert!(fu.warn_at(&cal, 80).unwrap() < fu.due_at(&cal).unwrap());
        // Waiting on the customer never pauses a working-day clock.
        let mut copy = fu.clone();
        copy.pause(&cal, t0 + 70 * MIN);
        assert_eq!(copy.phase, ClockPhase::Running);
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::Confirmed),
            ctx(ConversationStatus::Resolved),
            &policy,
            &cal,
            t0 + 120 * MIN,
        );
        assert_eq!(last(&clocks, ClockKind::FollowUp).phase, ClockPhase::Met);
        assert!(clocks.iter().all(|c| !c.is_active()), "{clocks:?}");
    }

    #[test]
    fn a_follow_up_after_the_third_working_day_is_breached() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-12-22T10:00:00Z"); // Tue 22 Dec
        let mut clocks = opened(Priority::Routine, false, &cal, t0);
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::Resolved),
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0,
        );
        // Wed 23, Thu 24, (Fri 25 holiday), Mon 28 → due Mon 17:00.
        let fu = active(&clocks, ClockKind::FollowUp).unwrap();
        assert_eq!(fu.due_at(&cal), Some(ms("2026-12-28T16:00:00Z")));
        apply(
            &mut clocks,
            ClockEvent::AgentMessage,
            ctx(ConversationStatus::Resolved),
            &policy,
            &cal,
            ms("2026-12-28T16:00:01Z"),
        );
        assert_eq!(
            last(&clocks, ClockKind::FollowUp).phase,
            ClockPhase::Breached
        );
    }

    #[test]
    fn reopening_cancels_the_follow_up_and_starts_fresh_clocks() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T09:00:00Z");
        let mut clocks = opened(Priority::Routine, false, &cal, t0);
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::Resolved),
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0 + MIN,
        );
        // A customer message on a resolved conversation waits for the reopen.
        apply(
            &mut clocks,
            ClockEvent::CustomerMessage,
            ctx(ConversationStatus::Resolved),
            &policy,
            &cal,
            t0 + 2 * MIN,
        );
        assert!(active(&clocks, ClockKind::NextResponse).is_none());
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::Reopened),
            ctx(ConversationStatus::Resolved),
            &policy,
            &cal,
            t0 + 2 * MIN,
        );
        assert_eq!(
            last(&clocks, ClockKind::FollowUp).phase,
            ClockPhase::Cancelled
        );
        assert_eq!(
            active(&clocks, ClockKind::NextResponse)
                .unwrap()
                .due_at(&cal),
            Some(t0 + 7 * MIN)
        );
        assert_eq!(
            active(&clocks, ClockKind::Resolution).unwrap().started_at,
            t0 + 2 * MIN
        );
        assert_eq!(clocks.iter().filter(|c| c.is_active()).count(), 2);
    }

    #[test]
    fn complaints_are_registered_when_taken_into_work() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T09:00:00Z");
        let mut clocks = opened(Priority::Routine, true, &cal, t0);
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::Assigned),
            ctx(ConversationStatus::Received),
            &policy,
            &cal,
            t0 + 10 * MIN,
        );
        assert!(
            active(&clocks, ClockKind::Registration).is_some(),
            "assignment alone is not registration"
        );
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::InProgress),
            ctx(ConversationStatus::Assigned),
            &policy,
            &cal,
            t0 + 61 * MIN,
        );
        assert_eq!(
            last(&clocks, ClockKind::Registration).phase,
            ClockPhase::Breached
        );
    }

    #[test]
    fn complex_questions_owe_progress_updates_every_interval() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T09:00:00Z");
        let mut clocks = opened(Priority::Routine, false, &cal, t0);
        let busy = ClockContext {
            status: ConversationStatus::InProgress,
            priority: Priority::Routine,
            complex: true,
            complaint: false,
        };
        apply(
            &mut clocks,
            ClockEvent::ComplexChanged(true),
            busy,
            &policy,
            &cal,
            t0,
        );
        assert_eq!(
            active(&clocks, ClockKind::ProgressUpdate)
                .unwrap()
                .due_at(&cal),
            Some(t0 + 30 * MIN)
        );
        apply(
            &mut clocks,
            ClockEvent::AgentMessage,
            busy,
            &policy,
            &cal,
            t0 + 20 * MIN,
        );
        let updates: Vec<_> = clocks
            .iter()
            .filter(|c| c.kind == ClockKind::ProgressUpdate)
            .collect();
        assert_eq!(updates.len(), 2);
        assert_eq!(updates[0].phase, ClockPhase::Met);
        assert_eq!(updates[1].due_at(&cal), Some(t0 + 50 * MIN));
        apply(
            &mut clocks,
            ClockEvent::ComplexChanged(false),
            busy,
            &policy,
            &cal,
            t0 + 25 * MIN,
        );
        assert!(active(&clocks, ClockKind::ProgressUpdate).is_none());
        // Entering in-progress with the flag set starts it too.
        let mut fresh = opened(Priority::Routine, false, &cal, t0);
        apply(
            &mut fresh,
            ClockEvent::StatusChanged(ConversationStatus::InProgress),
            busy,
            &policy,
            &cal,
            t0,
        );
        assert!(active(&fresh, ClockKind::ProgressUpdate).is_some());
    }

    #[test]
    fn changing_priority_keeps_the_time_used_and_changes_the_target() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T08:00:00Z");
        let mut clocks = opened(Priority::Routine, false, &cal, t0);
        apply(
            &mut clocks,
            ClockEvent::PriorityChanged(Priority::Urgent),
            ctx(ConversationStatus::InProgress),
            &policy,
            &cal,
            t0 + 30 * MIN,
        );
        let res = active(&clocks, ClockKind::Resolution).unwrap();
        assert_eq!(res.target, Target::Minutes(240));
        assert_eq!(res.due_at(&cal), Some(t0 + 240 * MIN));
    }

    #[test]
    fn archiving_stops_everything_and_a_breach_stays_a_breach() {
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T08:00:00Z");
        let mut clocks = opened(Priority::Routine, false, &cal, t0);
        apply(
            &mut clocks,
            ClockEvent::AgentMessage,
            ctx(ConversationStatus::Assigned),
            &policy,
            &cal,
            t0 + 6 * MIN,
        );
        apply(
            &mut clocks,
            ClockEvent::StatusChanged(ConversationStatus::Archived),
            ctx(ConversationStatus::Resolved),
            &policy,
            &cal,
            t0 + 7 * MIN,
        );
        assert!(clocks.iter().all(|c| !c.is_active()));
        let fr = last(&clocks, ClockKind::FirstResponse);
        assert_eq!(fr.standing(&cal, &policy, t0 + 8 * MIN), Standing::Breached);
        assert_eq!(
            last(&clocks, ClockKind::Resolution).standing(&cal, &policy, t0),
            Standing::Done
        );
    }

    #[test]
    fn any_sequence_of_events_keeps_at_most_one_active_clock_per_kind() {
        // Exhaustive over all sequences of 5 events drawn from 9 kinds
        // (59,049 sequences): invariants hold after every step.
        use ConversationStatus as S;
        let events = [
            ClockEvent::CustomerMessage,
            ClockEvent::AgentMessage,
            ClockEvent::StatusChanged(S::WaitingOnCustomer),
            ClockEvent::StatusChanged(S::InProgress),
            ClockEvent::StatusChanged(S::Resolved),
            ClockEvent::StatusChanged(S::Reopened),
            ClockEvent::StatusChanged(S::Confirmed),
            ClockEvent::PriorityChanged(Priority::Urgent),
            ClockEvent::ComplexChanged(true),
        ];
        let cal = berlin();
        let policy = SlaPolicy::default();
        let t0 = ms("2026-11-23T08:00:00Z");
        let n = events.len();
        for code in 0..n.pow(5) {
            let mut clocks = opened(Priority::Consultation, true, &cal, t0);
            let mut status = S::Received;
            let mut c = code;
            for step in 0..5 {
                let e = events[c % n];
                c /= n;
                let now = t0 + (step as i64 + 1) * 7 * MIN;
                let context = ClockContext {
                    status,
                    priority: Priority::Consultation,
                    complex: true,
                    complaint: false,
                };
                apply(&mut clocks, e, context, &policy, &cal, now);
                if let ClockEvent::StatusChanged(to) = e {
                    status = to;
                }
                for kind in [
                    ClockKind::FirstResponse,
                    ClockKind::NextResponse,
                    ClockKind::Resolution,
                    ClockKind::FollowUp,
                    ClockKind::ProgressUpdate,
                    ClockKind::Registration,
                ] {
                    let live = clocks
                        .iter()
                        .filter(|x| x.kind == kind && x.is_active())
                        .count();
                    assert!(live <= 1, "{kind:?} twice after {code}: {clocks:?}");
                }
                for x in &clocks {
                    assert!(x.consumed(&cal, now) >= 0);
                    assert_eq!(x.is_active(), x.stopped_at.is_none());
                    if x.phase == ClockPhase::Running {
                        assert!(x.due_at(&cal).is_some());
                    }
                }
            }
        }
    }
}
