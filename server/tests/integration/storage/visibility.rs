//! The two rules that exist twice, checked as properties over random worlds
//! for every role:
//!
//! - who sees which conversation: [`Viewer::sees`] (`domain/access.rs`) and
//!   the backend's query behind `summaries` and `inbox`;
//! - what an inbox view holds and in which order: [`InboxQuery::matches`] and
//!   [`InboxQuery::order`] (`app/src/inbox.rs`, used by the desk for live
//!   updates) and the backend's `inbox` query.
//!
//! A world is two sites (`a` with two teams, `b` with one), up to six staff
//! of random roles, sites, team memberships and supervised teams, up to
//! eighteen conversations of random placement, state, category, language,
//! priority, tier, activity and deadline, and break-glass requests in every
//! state (pending, denied, approved and live, approved and expired).

use std::collections::BTreeSet;
use std::sync::Arc;

use futures_util::future::BoxFuture;
use parley::domain::access::{Placement, Viewer};
use parley::storage::{AgentRouting, NewConversation, Store};
use parley_app::inbox::{InboxQuery, InboxSort, InboxView, SlaFilter};
use parley_app::intake::Facts;
use parley_app::lifecycle::ALL_STATUSES;
use parley_app::protocol::{Channel, ClockKind, Priority, StaffRole, Tier};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use super::{backends, running_clock, team};

const NOW: i64 = 1_900_000_000_000;
const SITES: [&str; 2] = ["a", "b"];
/// Team `i` belongs to site `TEAM_SITE[i]`.
const TEAM_SITE: [usize; 3] = [0, 0, 1];
const TEAM_NAMES: [&str; 3] = ["T0", "T1", "T2"];

#[derive(Debug, Clone)]
struct Staff {
    role: StaffRole,
    /// 0: every site; 1: `a`; 2: `b`; 3: both, listed.
    sites: u8,
    /// Bit `i`: member of team `i`.
    teams: u8,
}

#[derive(Debug, Clone)]
struct Conversation {
    site: usize,
    /// Index into the site's teams, or past them for none.
    team: usize,
    assignee: Option<usize>,
    status: usize,
    category: Option<&'static str>,
    locale: Option<&'static str>,
    priority: Priority,
    tier: Tier,
    created: i64,
    /// 0 none, 1 far, 2 due soon, 3 overdue.
    due: u8,
}

#[derive(Debug, Clone)]
struct Grant {
    staff: usize,
    conversation: usize,
    /// 0 pending, 1 denied, 2 approved and live, 3 approved and expired.
    state: u8,
}

#[derive(Debug, Clone)]
struct World {
    staff: Vec<Staff>,
    supervisors: [Option<usize>; 3],
    conversations: Vec<Conversation>,
    grants: Vec<Grant>,
}

fn role() -> impl Strategy<Value = StaffRole> {
    prop_oneof![
        Just(StaffRole::Junior),
        Just(StaffRole::Mid),
        Just(StaffRole::Senior),
        Just(StaffRole::Supervisor),
        Just(StaffRole::Admin),
    ]
}

fn world() -> impl Strategy<Value = World> {
    let staff = prop::collection::vec(
        (role(), 0u8..4, 0u8..8).prop_map(|(role, sites, teams)| Staff { role, sites, teams }),
        1..=6,
    );
    staff.prop_flat_map(|staff| {
        let n = staff.len();
        let supervisors = [
            prop::option::of(0..n),
            prop::option::of(0..n),
            prop::option::of(0..n),
        ];
        let conversation = (
            0usize..2,
            0usize..3,
            prop::option::of(0..n),
            0usize..ALL_STATUSES.len(),
            prop::option::of(prop::sample::select(vec!["logistics", "payment"])),
            prop::option::of(prop::sample::select(vec!["en", "ja"])),
            prop::sample::select(Priority::ALL.to_vec()),
            prop::sample::select(Tier::ALL.to_vec()),
            0i64..1_000,
            0u8..4,
        )
            .prop_map(
                |(site, team, assignee, status, category, locale, priority, tier, created, due)| {
                    Conversation {
                        site,
                        team,
                        assignee,
                        status,
                        category,
                        locale,
                        priority,
                        tier,
                        created,
                        due,
                    }
                },
            );
        let conversations = prop::collection::vec(conversation, 1..=18);
        (Just(staff), supervisors, conversations).prop_flat_map(
            |(staff, supervisors, conversations)| {
                let grant = (0..staff.len(), 0..conversations.len(), 0u8..4).prop_map(
                    |(staff, conversation, state)| Grant {
                        staff,
                        conversation,
                        state,
                    },
                );
                (
                    Just(staff),
                    Just(supervisors),
                    Just(conversations),
                    prop::collection::vec(grant, 0..=6),
                )
                    .prop_map(|(staff, supervisors, conversations, grants)| {
                        World {
                            staff,
                            supervisors,
                            conversations,
                            grants,
                        }
                    })
            },
        )
    })
}

/// The world as stored: ids, the viewers the rule is evaluated for (built
/// from the world, not read back), and each conversation's placement.
struct Built {
    viewers: Vec<Viewer>,
    placements: Vec<Placement>,
}

fn site_list(code: u8) -> Vec<String> {
    match code {
        0 => vec![],
        1 => vec!["a".into()],
        2 => vec!["b".into()],
        _ => vec!["a".into(), "b".into()],
    }
}

async fn build(store: &dyn Store, w: &World) -> Built {
    for key in SITES {
        super::site(store, key).await;
    }
    let mut staff_ids = Vec::new();
    for (i, s) in w.staff.iter().enumerate() {
        let id = super::agent(store, &format!("s{i}@x"), s.role, &[]).await;
        staff_ids.push(id);
    }
    let mut team_ids = Vec::new();
    for (i, name) in TEAM_NAMES.iter().enumerate() {
        let supervisor = w.supervisors[i].map(|s| staff_ids[s]);
        team_ids.push(team(store, SITES[TEAM_SITE[i]], name, supervisor).await);
    }
    let member_of = |s: &Staff| -> Vec<i64> {
        (0..3)
            .filter(|i| s.teams & (1 << i) != 0)
            .map(|i| team_ids[i])
            .collect()
    };
    for (i, s) in w.staff.iter().enumerate() {
        store
            .set_agent_routing(
                staff_ids[i],
                &AgentRouting {
                    languages: vec!["en".into()],
                    skills: vec![],
                    capacity: 5,
                    teams: member_of(s),
                    sites: site_list(s.sites),
                },
            )
            .await
            .unwrap();
    }
    let mut placements = Vec::new();
    for (i, c) in w.conversations.iter().enumerate() {
        let site = SITES[c.site];
        let site_teams: Vec<i64> = (0..3)
            .filter(|t| TEAM_SITE[*t] == c.site)
            .map(|t| team_ids[t])
            .collect();
        let team_id = site_teams.get(c.team).copied();
        let visitor = format!("v{i}");
        store.touch_visitor(site, &visitor, 0).await.unwrap();
        let id = store
            .create_conversation(NewConversation {
                // Every third conversation began with a mail.
                channel: if i % 3 == 0 {
                    Channel::Email
                } else {
                    Channel::Chat
                },
                site,
                visitor_id: &visitor,
                locale: c.locale,
                time_zone: None,
                category: c.category,
                facts: &Facts::new(),
                priority: c.priority,
                team_id,
                now: c.created,
            })
            .await
            .unwrap()
            .id;
        let mut r = store.record(id).await.unwrap();
        r.status = ALL_STATUSES[c.status];
        r.tier = c.tier;
        r.assignee_id = c.assignee.map(|s| staff_ids[s]);
        let due = match c.due {
            1 => Some(NOW + 3_600_000),
            2 => Some(NOW + 60_000),
            3 => Some(NOW - 60_000),
            _ => None,
        };
        if let Some(due) = due {
            r.clocks
                .push(running_clock(ClockKind::FirstResponse, due, 360_000));
        }
        store.save_record(&r, None, 0).await.unwrap();
        placements.push(Placement {
            id,
            site: site.into(),
            team_id,
            assignee_id: r.assignee_id,
        });
    }
    let mut grants: Vec<Vec<i64>> = vec![vec![]; w.staff.len()];
    for g in &w.grants {
        let conversation = placements[g.conversation].id;
        let request = store
            .create_access_request(staff_ids[g.staff], conversation, "audit", 0)
            .await
            .unwrap();
        let approver = staff_ids[0];
        match g.state {
            1 => {
                store
                    .decide_access(request, approver, false, None, 0)
                    .await
                    .unwrap();
            }
            2 | 3 => {
                let expires = if g.state == 2 { NOW + 60_000 } else { NOW };
                store
                    .decide_access(request, approver, true, Some(expires), 0)
                    .await
                    .unwrap();
                if g.state == 2 {
                    grants[g.staff].push(conversation);
                }
            }
            _ => {}
        }
    }
    let viewers = w
        .staff
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut supervises: Vec<i64> = (0..3)
                .filter(|t| w.supervisors[*t] == Some(i))
                .map(|t| team_ids[t])
                .collect();
            supervises.sort();
            let mut grants = grants[i].clone();
            grants.sort();
            grants.dedup();
            Viewer {
                id: staff_ids[i],
                role: s.role,
                sites: site_list(s.sites),
                teams: member_of(s),
                supervises,
                grants,
            }
        })
        .collect();
    Built {
        viewers,
        placements,
    }
}

/// A viewer with its lists sorted, to compare regardless of order.
fn normal(mut v: Viewer) -> Viewer {
    v.teams.sort();
    v.supervises.sort();
    v.grants.sort();
    v
}

/// Checks `check` on `cases` random inputs, each against a fresh store of
/// every backend (shrinking to a smallest failing input).
fn run<S: Strategy>(
    cases: u32,
    inputs: S,
    check: impl Fn(Arc<dyn Store>, S::Value) -> BoxFuture<'static, ()>,
) where
    S::Value: Clone,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&inputs, |input| {
            runtime.block_on(async {
                for backend in backends().await {
                    eprintln!("backend: {}", backend.name);
                    check(backend.store.clone(), input.clone()).await;
                }
            });
            Ok(())
        })
        .unwrap();
}

#[test]
fn the_sql_visibility_is_the_access_rule_for_every_role() {
    run(24, world(), |store, w| {
        Box::pin(async move {
            let built = build(&*store, &w).await;
            let everything = InboxQuery {
                closed: true,
                ..InboxQuery::default()
            };
            for viewer in &built.viewers {
                // The viewer storage assembles is the one the world implies.
                let read = store.viewer(viewer.id, NOW).await.unwrap();
                assert_eq!(normal(read), normal(viewer.clone()));
                let want: BTreeSet<i64> = built
                    .placements
                    .iter()
                    .filter(|p| viewer.sees(p))
                    .map(|p| p.id)
                    .collect();
                let listed: BTreeSet<i64> = store
                    .summaries(viewer, 1_000)
                    .await
                    .unwrap()
                    .iter()
                    .map(|s| s.id)
                    .collect();
                assert_eq!(listed, want, "summaries for {viewer:?}");
                let inbox: BTreeSet<i64> = store
                    .inbox(&everything, viewer, NOW, 1_000)
                    .await
                    .unwrap()
                    .iter()
                    .map(|s| s.id)
                    .collect();
                assert_eq!(inbox, want, "inbox for {viewer:?}");
            }
        })
    });
}

fn query() -> impl Strategy<Value = InboxQuery> {
    (
        prop::sample::select(vec![InboxView::All, InboxView::Mine, InboxView::Unassigned]),
        prop::option::of(prop::sample::select(TEAM_NAMES.to_vec())),
        prop::option::of(prop::sample::select(vec!["logistics", "payment"])),
        prop::option::of(prop::sample::select(vec!["en", "ja"])),
        prop::option::of(prop::sample::select(Priority::ALL.to_vec())),
        prop::option::of(prop::sample::select(Tier::ALL.to_vec())),
        prop::option::of(prop::sample::select(vec![
            SlaFilter::DueSoon,
            SlaFilter::Breached,
        ])),
        any::<bool>(),
        prop::sample::select(vec![InboxSort::Activity, InboxSort::Due]),
        prop::option::of(prop::sample::select(Channel::ALL.to_vec())),
    )
        .prop_map(
            |(view, team, category, locale, priority, tier, sla, closed, sort, channel)| {
                InboxQuery {
                    channel,
                    view,
                    team: team.map(str::to_owned),
                    category: category.map(str::to_owned),
                    locale: locale.map(str::to_owned),
                    priority,
                    tier,
                    sla,
                    closed,
                    sort,
                }
            },
        )
}

#[test]
fn the_sql_inbox_is_the_shared_predicate_and_order_for_every_role() {
    let inputs = (world(), prop::collection::vec(query(), 12));
    run(24, inputs, |store, (w, queries)| {
        Box::pin(async move {
            let built = build(&*store, &w).await;
            let admin = Viewer {
                role: StaffRole::Admin,
                ..Viewer::default()
            };
            let everything = InboxQuery {
                closed: true,
                ..InboxQuery::default()
            };
            let all = store.inbox(&everything, &admin, NOW, 1_000).await.unwrap();
            assert_eq!(all.len(), built.placements.len());
            for viewer in &built.viewers {
                for q in &queries {
                    let mut want: Vec<_> = all
                        .iter()
                        .filter(|s| {
                            let p = built.placements.iter().find(|p| p.id == s.id).unwrap();
                            viewer.sees(p) && q.matches(s, viewer.id, NOW)
                        })
                        .cloned()
                        .collect();
                    want.sort_by(|a, b| q.order(a, b));
                    let want: Vec<i64> = want.iter().map(|s| s.id).collect();
                    let got: Vec<i64> = store
                        .inbox(q, viewer, NOW, 1_000)
                        .await
                        .unwrap()
                        .iter()
                        .map(|s| s.id)
                        .collect();
                    assert_eq!(got, want, "{q:?} for {viewer:?}");
                }
            }
        })
    });
}
