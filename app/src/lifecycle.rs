//! The closed loop of a conversation: its states, who may move it where, and
//! the priorities and customer tiers that order the queue.
//!
//! received → assigned → in progress ⇄ waiting on customer → resolved →
//! confirmed by customer → archived, plus reopened. [`next_status`] is the one
//! transition table: the server enforces it and the desk asks it which buttons
//! to offer, so the rule is written once. Pure; shared by server and WASM.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// New, in a team's queue, nobody owns it.
    Received,
    /// An agent owns it and has not answered yet.
    Assigned,
    /// The agent is working on it.
    InProgress,
    /// The agent asked the customer something; resolution clocks pause.
    WaitingOnCustomer,
    /// The agent considers it solved; the customer is asked to confirm.
    Resolved,
    /// The customer confirmed the problem is solved (loop closed).
    Confirmed,
    /// Done and filed.
    Archived,
    /// Came back: the customer said "not solved" or wrote again.
    Reopened,
}

/// Every state, in loop order.
pub const ALL_STATUSES: [ConversationStatus; 8] = [
    ConversationStatus::Received,
    ConversationStatus::Assigned,
    ConversationStatus::InProgress,
    ConversationStatus::WaitingOnCustomer,
    ConversationStatus::Resolved,
    ConversationStatus::Confirmed,
    ConversationStatus::Archived,
    ConversationStatus::Reopened,
];

impl ConversationStatus {
    /// The wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Received => "received",
            ConversationStatus::Assigned => "assigned",
            ConversationStatus::InProgress => "in_progress",
            ConversationStatus::WaitingOnCustomer => "waiting_on_customer",
            ConversationStatus::Resolved => "resolved",
            ConversationStatus::Confirmed => "confirmed",
            ConversationStatus::Archived => "archived",
            ConversationStatus::Reopened => "reopened",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<ConversationStatus> {
        ALL_STATUSES.into_iter().find(|st| st.as_str() == s)
    }

    /// Still needs staff (counts as open work in the queue).
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            ConversationStatus::Resolved
                | ConversationStatus::Confirmed
                | ConversationStatus::Archived
        )
    }
}

/// What someone asks to do with a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusAction {
    /// Give it an owner (routing, self-assign, transfer to an agent).
    Assign,
    /// Put it back in a team queue (transfer to a team).
    Unassign,
    /// The owner starts working on it (also implied by their first reply).
    Start,
    /// The agent waits for the customer's answer.
    WaitForCustomer,
    /// The agent marks it solved.
    Resolve,
    /// The customer confirms it is solved.
    Confirm,
    /// The customer says it is not solved.
    NotSolved,
    /// Staff reopen it.
    Reopen,
    /// Staff (or retention) file it away.
    Archive,
}

/// Every action, for exhaustive tests and the desk's menus.
pub const ALL_ACTIONS: [StatusAction; 9] = [
    StatusAction::Assign,
    StatusAction::Unassign,
    StatusAction::Start,
    StatusAction::WaitForCustomer,
    StatusAction::Resolve,
    StatusAction::Confirm,
    StatusAction::NotSolved,
    StatusAction::Reopen,
    StatusAction::Archive,
];

/// Who acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The customer in the widget.
    Customer,
    /// Staff in the desk.
    Staff,
    /// Parley (routing, retention).
    System,
}

/// The transition table. `Err(InvalidTransition)` when the action makes no
/// sense in this state, `Err(Forbidden)` when this actor may not take it.
pub fn next_status(
    from: ConversationStatus,
    action: StatusAction,
    actor: Actor,
) -> Result<ConversationStatus, ErrorCode> {
    use ConversationStatus as S;
    use StatusAction as A;
    let customer_action = matches!(action, A::Confirm | A::NotSolved);
    if customer_action != (actor == Actor::Customer) {
        return Err(ErrorCode::Forbidden);
    }
    let to = match (action, from) {
        (
            A::Assign,
            S::Received | S::Assigned | S::InProgress | S::WaitingOnCustomer | S::Reopened,
        ) => S::Assigned,
        (A::Unassign, S::Assigned | S::InProgress | S::WaitingOnCustomer | S::Reopened) => {
            S::Received
        }
        (A::Start, S::Assigned | S::WaitingOnCustomer | S::Reopened) => S::InProgress,
        (A::WaitForCustomer, S::Assigned | S::InProgress | S::Reopened) => S::WaitingOnCustomer,
        (A::Resolve, S::Assigned | S::InProgress | S::WaitingOnCustomer | S::Reopened) => {
            S::Resolved
        }
        (A::Confirm, S::Resolved) => S::Confirmed,
        (A::NotSolved, S::Resolved) => S::Reopened,
        (A::Reopen, S::Resolved | S::Confirmed | S::Archived) => S::Reopened,
        (A::Archive, S::Resolved | S::Confirmed) => S::Archived,
        _ => return Err(ErrorCode::InvalidTransition),
    };
    Ok(to)
}

/// What a customer's new message does to the state: a waiting conversation
/// goes back to work, a finished one reopens, anything else is unchanged.
pub fn after_customer_message(from: ConversationStatus) -> ConversationStatus {
    use ConversationStatus as S;
    match from {
        S::WaitingOnCustomer => S::InProgress,
        S::Resolved | S::Confirmed | S::Archived => S::Reopened,
        other => other,
    }
}

/// What an agent's public reply does: their first answer starts the work.
/// (A reply to an unowned conversation assigns it to the replier first.)
pub fn after_agent_message(from: ConversationStatus) -> ConversationStatus {
    use ConversationStatus as S;
    match from {
        S::Received | S::Assigned | S::Reopened => S::InProgress,
        other => other,
    }
}

/// Urgency, which sets the SLA targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Outages, security: first response within 10 minutes.
    Urgent,
    /// Order queries, after-sales: 30 minutes.
    Routine,
    /// Questions before buying: 2 hours.
    Consultation,
}

impl Priority {
    /// Every priority, most urgent first.
    pub const ALL: [Priority; 3] = [Priority::Urgent, Priority::Routine, Priority::Consultation];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Urgent => "urgent",
            Priority::Routine => "routine",
            Priority::Consultation => "consultation",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// How important the customer is to the business (R-FLOW6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// Key accounts with a dedicated owner; served first.
    Core,
    /// Served before ordinary customers.
    Important,
    /// Everyone else.
    Ordinary,
}

impl Tier {
    /// Every tier, highest first.
    pub const ALL: [Tier; 3] = [Tier::Core, Tier::Important, Tier::Ordinary];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Core => "core",
            Tier::Important => "important",
            Tier::Ordinary => "ordinary",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// The deadlines a conversation can carry at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// First answer from staff.
    FirstResponse,
    /// Answer to a later customer message.
    NextResponse,
    /// Periodic update on a complex question.
    ProgressUpdate,
    /// A complaint taken into work.
    Registration,
    /// Solved.
    Resolution,
    /// Visit back after resolution, in working days.
    FollowUp,
    /// An escalated question taken on by the specialist team (R-FLOW4).
    Acceptance,
}

impl ClockKind {
    /// Every kind.
    pub const ALL: [ClockKind; 7] = [
        ClockKind::FirstResponse,
        ClockKind::NextResponse,
        ClockKind::ProgressUpdate,
        ClockKind::Registration,
        ClockKind::Resolution,
        ClockKind::FollowUp,
        ClockKind::Acceptance,
    ];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockKind::FirstResponse => "first_response",
            ClockKind::NextResponse => "next_response",
            ClockKind::ProgressUpdate => "progress_update",
            ClockKind::Registration => "registration",
            ClockKind::Resolution => "resolution",
            ClockKind::FollowUp => "follow_up",
            ClockKind::Acceptance => "acceptance",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<ClockKind> {
        ClockKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A clock's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockPhase {
    /// Counting business time.
    Running,
    /// Stopped for now (waiting on the customer).
    Paused,
    /// Finished within target.
    Met,
    /// Finished late.
    Breached,
    /// No longer applies.
    Cancelled,
}

impl ClockPhase {
    /// Every phase.
    pub const ALL: [ClockPhase; 5] = [
        ClockPhase::Running,
        ClockPhase::Paused,
        ClockPhase::Met,
        ClockPhase::Breached,
        ClockPhase::Cancelled,
    ];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockPhase::Running => "running",
            ClockPhase::Paused => "paused",
            ClockPhase::Met => "met",
            ClockPhase::Breached => "breached",
            ClockPhase::Cancelled => "cancelled",
        }
    }

    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<ClockPhase> {
        ClockPhase::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConversationStatus as S;
    use StatusAction as A;

    #[test]
    fn names_round_trip_and_match_serde() {
        for s in ALL_STATUSES {
            assert_eq!(ConversationStatus::parse(s.as_str()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for p in Priority::ALL {
            assert_eq!(Priority::parse(p.as_str()), Some(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        }
        for t in Tier::ALL {
            assert_eq!(Tier::parse(t.as_str()), Some(t));
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
        for k in ClockKind::ALL {
            assert_eq!(ClockKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for p in ClockPhase::ALL {
            assert_eq!(ClockPhase::parse(p.as_str()), Some(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        }
        assert_eq!(ConversationStatus::parse("open"), None);
    }

    #[test]
    fn the_happy_path_closes_the_loop() {
        let mut s = S::Received;
        for (action, actor, expected) in [
            (A::Assign, Actor::System, S::Assigned),
            (A::Start, Actor::Staff, S::InProgress),
            (A::WaitForCustomer, Actor::Staff, S::WaitingOnCustomer),
            (A::Start, Actor::Staff, S::InProgress),
            (A::Resolve, Actor::Staff, S::Resolved),
            (A::Confirm, Actor::Customer, S::Confirmed),
            (A::Archive, Actor::System, S::Archived),
        ] {
            s = next_status(s, action, actor).unwrap();
            assert_eq!(s, expected);
        }
    }

    #[test]
    fn the_whole_table_is_exactly_as_designed() {
        // Every (state, action, actor) triple: 8 × 9 × 3 = 216 cases.
        let legal: &[(S, A, S)] = &[
            (S::Received, A::Assign, S::Assigned),
            (S::Assigned, A::Assign, S::Assigned),
            (S::InProgress, A::Assign, S::Assigned),
            (S::WaitingOnCustomer, A::Assign, S::Assigned),
            (S::Reopened, A::Assign, S::Assigned),
            (S::Assigned, A::Unassign, S::Received),
            (S::InProgress, A::Unassign, S::Received),
            (S::WaitingOnCustomer, A::Unassign, S::Received),
            (S::Reopened, A::Unassign, S::Received),
            (S::Assigned, A::Start, S::InProgress),
            (S::WaitingOnCustomer, A::Start, S::InProgress),
            (S::Reopened, A::Start, S::InProgress),
            (S::Assigned, A::WaitForCustomer, S::WaitingOnCustomer),
            (S::InProgress, A::WaitForCustomer, S::WaitingOnCustomer),
            (S::Reopened, A::WaitForCustomer, S::WaitingOnCustomer),
            (S::Assigned, A::Resolve, S::Resolved),
            (S::InProgress, A::Resolve, S::Resolved),
            (S::WaitingOnCustomer, A::Resolve, S::Resolved),
            (S::Reopened, A::Resolve, S::Resolved),
            (S::Resolved, A::Confirm, S::Confirmed),
            (S::Resolved, A::NotSolved, S::Reopened),
            (S::Resolved, A::Reopen, S::Reopened),
            (S::Confirmed, A::Reopen, S::Reopened),
            (S::Archived, A::Reopen, S::Reopened),
            (S::Resolved, A::Archive, S::Archived),
            (S::Confirmed, A::Archive, S::Archived),
        ];
        let mut ok = 0;
        for from in ALL_STATUSES {
            for action in ALL_ACTIONS {
                for actor in [Actor::Customer, Actor::Staff, Actor::System] {
                    let got = next_status(from, action, actor);
                    let by_customer = matches!(action, A::Confirm | A::NotSolved);
                    let expected = if by_customer != (actor == Actor::Customer) {
                        Err(ErrorCode::Forbidden)
                    } else {
                        legal
                            .iter()
                            .find(|(f, a, _)| *f == from && *a == action)
                            .map(|(_, _, to)| *to)
                            .ok_or(ErrorCode::InvalidTransition)
                    };
                    assert_eq!(got, expected, "{from:?} {action:?} by {actor:?}");
                    ok += usize::from(got.is_ok());
                }
            }
        }
        // Customer actions: 2 legal by the customer; staff actions: 24 × (staff, system).
        assert_eq!(ok, 2 + 24 * 2);
    }

    #[test]
    fn nothing_is_dropped_every_state_can_reach_archived_or_is_open() {
        // From every state some path of legal actions reaches Archived.
        for start in ALL_STATUSES {
            let mut seen = vec![start];
            let mut frontier = vec![start];
            while let Some(s) = frontier.pop() {
                for action in ALL_ACTIONS {
                    for actor in [Actor::Customer, Actor::Staff] {
                        if let Ok(to) = next_status(s, action, actor)
                            && !seen.contains(&to)
                        {
                            seen.push(to);
                            frontier.push(to);
                        }
                    }
                }
            }
            assert!(seen.contains(&S::Archived), "{start:?} cannot be closed");
        }
    }

    #[test]
    fn messages_move_the_state() {
        assert_eq!(after_customer_message(S::WaitingOnCustomer), S::InProgress);
        assert_eq!(after_customer_message(S::Resolved), S::Reopened);
        assert_eq!(after_customer_message(S::Confirmed), S::Reopened);
        assert_eq!(after_customer_message(S::Archived), S::Reopened);
        assert_eq!(after_customer_message(S::Received), S::Received);
        assert_eq!(after_customer_message(S::InProgress), S::InProgress);
        assert_eq!(after_agent_message(S::Assigned), S::InProgress);
        assert_eq!(after_agent_message(S::Reopened), S::InProgress);
        assert_eq!(
            after_agent_message(S::WaitingOnCustomer),
            S::WaitingOnCustomer
        );
        assert_eq!(
            after_agent_message(S::Resolved),
            S::Resolved,
            "a follow-up message keeps it resolved"
        );
        assert!(S::Reopened.is_open() && !S::Confirmed.is_open());
    }
}
