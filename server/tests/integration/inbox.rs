//! Inbox views: the storage query returns exactly what the shared predicate
//! (`InboxQuery::matches` / `order`, used by the desk for live updates)
//! selects, for every combination of filters over a varied data set.

use parley::domain::calendar::CalendarSpec;
use parley::storage::prelude::*;
use parley::storage::sql::SqlStore;
use parley::storage::{NewConversation, Team};

use crate::storage::running_clock;
use parley_app::inbox::{InboxQuery, InboxSort, InboxView, SlaFilter};
use parley_app::intake::Facts;
use parley_app::lifecycle::{ClockKind, ConversationStatus, Priority, Tier};
use parley_app::protocol::StaffRole;

const NOW: i64 = 1_800_000_000_000;

#[tokio::test]
async fn the_sql_view_equals_the_shared_predicate_for_every_filter() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("inbox.db").display());
    let store = SqlStore::open(&url).await.unwrap();
    store
        .upsert_site(&crate::common::site("shop", "Shop"), 0)
        .await
        .unwrap();
    let me = store
        .create_agent("me@x", "Me", "h", StaffRole::Mid, &[], 0)
        .await
        .unwrap()
        .id;
    let other = store
        .create_agent("other@x", "Other", "h", StaffRole::Mid, &[], 0)
        .await
        .unwrap()
        .id;
    let mut teams = Vec::new();
    for name in ["APAC", "EMEA"] {
        let id = store
            .upsert_team(&Team {
                id: 0,
                site: "shop".into(),
                name: name.into(),
                calendar: CalendarSpec {
                    time_zone: "UTC".into(),
                    shifts: vec![],
                    closures: vec![],
                },
                supervisor_id: None,
                on_call_id: None,
            })
            .await
            .unwrap();
        teams.push(id);
    }
    let statuses = [
        ConversationStatus::Received,
        ConversationStatus::Assigned,
        ConversationStatus::InProgress,
        ConversationStatus::Resolved,
        ConversationStatus::Archived,
    ];
    let facts = Facts::new();
    for i in 0..240i64 {
        let visitor = format!("v{i}");
        store.touch_visitor("shop", &visitor, 0).await.unwrap();
        let c = store
            .create_conversation(NewConversation {
                channel: Default::default(),
                site: "shop",
                visitor_id: &visitor,
                locale: [Some("en"), Some("ja"), Some("ar"), None][(i % 4) as usize],
                time_zone: None,
                category: [Some("logistics"), Some("payment"), None][(i % 3) as usize],
                facts: &facts,
                priority: Priority::ALL[(i % 3) as usize],
                team_id: [Some(teams[0]), Some(teams[1]), None][((i / 3) % 3) as usize],
                now: 1_000 + (i * 7919) % 997,
            })
            .await
            .unwrap();
        let mut r = store.record(c.id).await.unwrap();
        r.status = statuses[(i % 5) as usize];
        r.tier = Tier::ALL[((i / 5) % 3) as usize];
        r.assignee_id = [Some(me), Some(other), None][((i / 2) % 3) as usize];
        // Deadlines around NOW: some far, some due soon, some overdue, some none.
        let due = match i % 6 {
            0 => None,
            1 => Some(NOW + 3_600_000),
            2 => Some(NOW + 60_000),
            3 => Some(NOW - 60_000),
            4 => Some(NOW + 120_000 + i),
            _ => Some(NOW + 10 * i),
        };
        if let Some(due) = due {
            r.clocks
                .push(running_clock(ClockKind::FirstResponse, due, 360_000));
        }
        store.save_record(&r, None, 0).await.unwrap();
    }

    let everything = InboxQuery {
        closed: true,
        ..InboxQuery::default()
    };
    let all = store
        .inbox(&everything, &everything_of(me), NOW, 10_000)
        .await
        .unwrap();
    assert_eq!(all.len(), 240);
    let mut checked = 0;
    for view in [InboxView::All, InboxView::Mine, InboxView::Unassigned] {
        for sla in [None, Some(SlaFilter::DueSoon), Some(SlaFilter::Breached)] {
            for closed in [false, true] {
                for sort in [InboxSort::Activity, InboxSort::Due] {
                    for narrow in 0..6 {
                        let mut q = InboxQuery {
                            view,
                            sla,
                            closed,
                            sort,
                            ..InboxQuery::default()
                        };
                        match narrow {
                            1 => q.team = Some("EMEA".into()),
                            2 => q.category = Some("payment".into()),
                            3 => q.locale = Some("ja".into()),
                            4 => q.priority = Some(Priority::Urgent),
                            5 => q.tier = Some(Tier::Core),
                            _ => {}
                        }
                        let got: Vec<i64> = store
                            .inbox(&q, &everything_of(me), NOW, 10_000)
                            .await
                            .unwrap()
                            .iter()
                            .map(|c| c.id)
                            .collect();
                        let mut want: Vec<_> = all
                            .iter()
                            .filter(|c| q.matches(c, me, NOW))
                            .cloned()
                            .collect();
                        want.sort_by(|a, b| q.order(a, b));
                        let want: Vec<i64> = want.iter().map(|c| c.id).collect();
                        assert_eq!(got, want, "{q:?}");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 3 * 3 * 2 * 2 * 6);
    // The limit keeps the first rows of the order.
    let q = InboxQuery {
        sort: InboxSort::Due,
        ..InboxQuery::default()
    };
    let top = store.inbox(&q, &everything_of(me), NOW, 5).await.unwrap();
    let full = store
        .inbox(&q, &everything_of(me), NOW, 10_000)
        .await
        .unwrap();
    assert_eq!(top, full[..5].to_vec());
    store.close().await;
}

/// A viewer who sees every conversation (an admin), so these tests are
/// about the filters alone; visibility has its own tests.
fn everything_of(id: i64) -> parley::domain::access::Viewer {
    parley::domain::access::Viewer {
        id,
        role: StaffRole::Admin,
        ..Default::default()
    }
}
