//! Inbox views and filters (R-AGENT1): mine, unassigned, by team, category,
//! language, priority, tier, SLA due soon / breached; sorted by activity or by
//! the nearest deadline.
//!
//! The server answers a query from storage; live updates are then kept in
//! the view with [`InboxQuery::matches`] and [`InboxQuery::order`], which the
//! storage conformance test checks against the SQL. Pure; shared.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::lifecycle::{Priority, Tier};
use crate::protocol::views::ConversationSummary;

/// Whose conversations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxView {
    /// Every open conversation.
    #[default]
    All,
    /// Assigned to the reader.
    Mine,
    /// Nobody owns it yet.
    Unassigned,
}

/// Deadline filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaFilter {
    /// A running clock is past its warning threshold but not its deadline.
    DueSoon,
    /// A clock is past its deadline (or finished late).
    Breached,
}

/// Order of the list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxSort {
    /// Most recently active first.
    #[default]
    Activity,
    /// Nearest deadline first; conversations without one last.
    Due,
}

/// One inbox query. Every field narrows; the default is the open queue by activity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct InboxQuery {
    /// Whose.
    #[serde(default)]
    pub view: InboxView,
    /// Team name.
    #[serde(default)]
    pub team: Option<String>,
    /// Category key.
    #[serde(default)]
    pub category: Option<String>,
    /// Customer locale (exact tag, e.g. `ja`).
    #[serde(default)]
    pub locale: Option<String>,
    /// Priority.
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Customer tier.
    #[serde(default)]
    pub tier: Option<Tier>,
    /// Where the conversation began (the widget or a mail).
    #[serde(default)]
    pub channel: Option<crate::protocol::Channel>,
    /// Deadline state.
    #[serde(default)]
    pub sla: Option<SlaFilter>,
    /// Include resolved, confirmed and archived conversations.
    #[serde(default)]
    pub closed: bool,
    /// Order.
    #[serde(default)]
    pub sort: InboxSort,
}

impl InboxQuery {
    /// Whether `c` belongs in this view for `agent_id` at `now`.
    pub fn matches(&self, c: &ConversationSummary, agent_id: i64, now: i64) -> bool {
        let view = match self.view {
            InboxView::All => true,
            InboxView::Mine => c.assignee_id == Some(agent_id),
            InboxView::Unassigned => c.assignee_id.is_none(),
        };
        let sla = match self.sla {
            None => true,
            Some(SlaFilter::Breached) => c.breached || c.due_at.is_some_and(|d| d <= now),
            Some(SlaFilter::DueSoon) => {
                c.warn_at.is_some_and(|w| w <= now) && c.due_at.is_some_and(|d| d > now)
            }
        };
        view && sla
            && (self.closed || c.status.is_open())
            && self
                .team
                .as_ref()
                .is_none_or(|t| c.team.as_ref() == Some(t))
            && self
                .category
                .as_ref()
                .is_none_or(|k| c.category.as_ref() == Some(k))
            && self
                .locale
                .as_ref()
                .is_none_or(|l| c.locale.as_ref() == Some(l))
            && self.priority.is_none_or(|p| c.priority == p)
            && self.tier.is_none_or(|t| c.tier == t)
            && self.channel.is_none_or(|ch| c.channel == ch)
    }

    /// The list order of two conversations.
    pub fn order(&self, a: &ConversationSummary, b: &ConversationSummary) -> Ordering {
        match self.sort {
            InboxSort::Activity => b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)),
            InboxSort::Due => match (a.due_at, b.due_at) {
                (Some(x), Some(y)) => x.cmp(&y).then(a.id.cmp(&b.id)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle::ConversationStatus;

    pub(crate) fn summary(id: i64) -> ConversationSummary {
        ConversationSummary {
            channel: Default::default(),
            id,
            site: "demo".into(),
            status: ConversationStatus::Received,
            visitor_label: "ABC".into(),
            locale: Some("ja".into()),
            time_zone: None,
            last_message: None,
            last_seq: 1,
            unread: 0,
            visitor_delivered_seq: 0,
            updated_at: id * 10,
            category: Some("logistics".into()),
            priority: Priority::Routine,
            tier: Tier::Ordinary,
            assignee_id: None,
            assignee_name: None,
            team: Some("APAC".into()),
            team_id: Some(1),
            due_at: Some(1_000),
            due_kind: None,
            warn_at: Some(800),
            breached: false,
            version: 1,
        }
    }

    #[test]
    fn each_filter_narrows() {
        let c = summary(1);
        let all = InboxQuery::default();
        assert!(all.matches(&c, 7, 0));
        let q = |f: fn(&mut InboxQuery)| {
            let mut q = InboxQuery::default();
            f(&mut q);
            q
        };
        assert!(!q(|q| q.view = InboxView::Mine).matches(&c, 7, 0));
        assert!(q(|q| q.view = InboxView::Unassigned).matches(&c, 7, 0));
        let mine = ConversationSummary {
            assignee_id: Some(7),
            ..c.clone()
        };
        assert!(q(|q| q.view = InboxView::Mine).matches(&mine, 7, 0));
        assert!(!q(|q| q.view = InboxView::Unassigned).matches(&mine, 7, 0));
        assert!(q(|q| q.team = Some("APAC".into())).matches(&c, 7, 0));
        assert!(!q(|q| q.team = Some("EMEA".into())).matches(&c, 7, 0));
        assert!(!q(|q| q.category = Some("payment".into())).matches(&c, 7, 0));
        assert!(!q(|q| q.locale = Some("ar".into())).matches(&c, 7, 0));
        assert!(!q(|q| q.priority = Some(Priority::Urgent)).matches(&c, 7, 0));
        assert!(!q(|q| q.tier = Some(Tier::Core)).matches(&c, 7, 0));
        let soon = q(|q| q.sla = Some(SlaFilter::DueSoon));
        let late = q(|q| q.sla = Some(SlaFilter::Breached));
        assert!(
            !soon.matches(&c, 7, 799) && soon.matches(&c, 7, 800) && !soon.matches(&c, 7, 1_000)
        );
        assert!(!late.matches(&c, 7, 999) && late.matches(&c, 7, 1_000));
        let flagged = ConversationSummary {
            breached: true,
            due_at: None,
            ..c.clone()
        };
        assert!(late.matches(&flagged, 7, 0));
        let closed = ConversationSummary {
            status: ConversationStatus::Resolved,
            ..c
        };
        assert!(!all.matches(&closed, 7, 0));
        assert!(q(|q| q.closed = true).matches(&closed, 7, 0));
    }

    #[test]
    fn due_order_puts_the_nearest_deadline_first_and_none_last() {
        let q = InboxQuery {
            sort: InboxSort::Due,
            ..InboxQuery::default()
        };
        let mut list = [
            ConversationSummary {
                due_at: None,
                ..summary(1)
            },
            ConversationSummary {
                due_at: Some(500),
                ..summary(2)
            },
            ConversationSummary {
                due_at: Some(100),
                ..summary(3)
            },
            ConversationSummary {
                due_at: None,
                ..summary(4)
            },
        ];
        list.sort_by(|a, b| q.order(a, b));
        assert_eq!(
            list.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![3, 2, 4, 1]
        );
        let by_activity = InboxQuery::default();
        list.sort_by(|a, b| by_activity.order(a, b));
        assert_eq!(
            list.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![4, 3, 2, 1]
        );
    }
}
