//! `RoutingStore`: teams, categories, SLA policy, agent routing and presence,
//! clock alerts.

use std::collections::BTreeMap;

use parley::domain::calendar::CalendarSpec;
use parley::domain::routing::Presence;
use parley::storage::{AgentRouting, CategoryRecord, PendingAlert, StoreError, Team};
use parley_app::intake::Category;
use parley_app::protocol::{
    Author, Availability, ClockKind, ConversationStatus, Priority, StaffRole, Tier,
};

use super::{T0, agent, conversation, each, running_clock, site, team};

#[tokio::test]
async fn teams_are_upserted_by_site_and_name() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let sup = agent(&*store, "sup@x", StaffRole::Supervisor, &[]).await;
        let apac = team(&*store, "shop", "APAC", None).await;
        let emea = team(&*store, "shop", "EMEA", None).await;
        team(&*store, "other", "APAC", None).await;
        let changed = Team {
            id: 0,
            site: "shop".into(),
            name: "APAC".into(),
            calendar: CalendarSpec {
                time_zone: "Asia/Shanghai".into(),
                shifts: vec![],
                closures: vec![],
            },
            supervisor_id: Some(sup),
            on_call_id: Some(sup),
        };
        assert_eq!(store.upsert_team(&changed).await.unwrap(), apac);
        assert_eq!(
            store.team(apac).await.unwrap(),
            Team {
                id: apac,
                ..changed.clone()
            }
        );
        let names: Vec<(i64, String)> = store
            .teams("shop")
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        assert_eq!(names, vec![(apac, "APAC".into()), (emea, "EMEA".into())]);
        assert!(matches!(store.team(9_999).await, Err(StoreError::NotFound)));
    })
    .await;
}

fn category(key: &str, team_id: Option<i64>) -> CategoryRecord {
    CategoryRecord {
        category: Category {
            key: key.into(),
            names: BTreeMap::from([("en".to_string(), key.to_string())]),
            priority: Priority::Urgent,
            complaint: key == "complaint",
            fields: vec![],
        },
        team_id,
        skill: Some(format!("{key}-skill")),
    }
}

#[tokio::test]
async fn categories_are_replaced_as_a_list_in_display_order() {
    each(|store| async move {
        site(&*store, "shop").await;
        let apac = team(&*store, "shop", "APAC", None).await;
        let list = vec![
            category("logistics", Some(apac)),
            category("complaint", None),
            category("payment", None),
        ];
        store.set_categories("shop", &list).await.unwrap();
        assert_eq!(store.categories("shop").await.unwrap(), list);
        store
            .set_categories("shop", &[category("payment", None)])
            .await
            .unwrap();
        assert_eq!(
            store.categories("shop").await.unwrap(),
            vec![category("payment", None)]
        );
        assert!(store.categories("other").await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn routing_profiles_presence_and_the_snapshot() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let apac = team(&*store, "shop", "APAC", None).await;
        let elsewhere = team(&*store, "other", "EU", None).await;
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let owner = agent(&*store, "owner@x", StaffRole::Senior, &[]).await;
        let outsider = agent(&*store, "out@x", StaffRole::Mid, &[]).await;
        let profile = store
            .set_agent_routing(
                ana,
                &AgentRouting {
                    languages: vec!["ja".into(), "en".into()],
                    skills: vec!["logistics".into()],
                    capacity: 4,
                    teams: vec![apac],
                    sites: vec!["shop".into()],
                },
            )
            .await
            .unwrap();
        assert_eq!(profile.languages, vec!["ja".to_string(), "en".to_string()]);
        assert_eq!(profile.skills, vec!["logistics".to_string()]);
        assert_eq!(profile.capacity, 4);
        assert_eq!(profile.teams, vec![apac]);
        assert_eq!(profile.sites, vec!["shop".to_string()]);
        store
            .set_agent_routing(
                outsider,
                &AgentRouting {
                    teams: vec![elsewhere],
                    capacity: 2,
                    ..AgentRouting::default()
                },
            )
            .await
            .unwrap();
        assert!(matches!(
            store
                .set_agent_routing(9_999, &AgentRouting::default())
                .await,
            Err(StoreError::NotFound)
        ));
        let away = store
            .set_availability(ana, Availability::Away)
            .await
            .unwrap();
        assert_eq!(away.availability, Availability::Away);
        assert!(matches!(
            store.set_availability(9_999, Availability::Away).await,
            Err(StoreError::NotFound)
        ));
        store.touch_assigned(ana, T0 + 7).await.unwrap();
        store.touch_assigned(ana, T0 + 3).await.unwrap();

        store
            .set_categories("shop", &[category("logistics", Some(apac))])
            .await
            .unwrap();
        // Waiting: unowned and received; held: assigned to ana.
        let waiting = conversation(&*store, "shop", "v1", Some(apac)).await;
        let mut r = store.record(waiting).await.unwrap();
        r.category = Some("logistics".into());
        r.tier = Tier::Core;
        store.save_record(&r, None, T0).await.unwrap();
        store
            .set_customer_profile(waiting, Tier::Core, Some(owner))
            .await
            .unwrap();
        let held = conversation(&*store, "shop", "v2", Some(apac)).await;
        let mut r = store.record(held).await.unwrap();
        r.assignee_id = Some(ana);
        r.status = ConversationStatus::InProgress;
        store.save_record(&r, None, T0).await.unwrap();
        conversation(&*store, "other", "v3", None).await;
        // Waiting means the customer wrote: a conversation the site opened
        // (a proactive notice) waits for their answer, not for staff.
        let say = |id: i64, author: Author, client_id: &'static str| parley::storage::NewMessage {
            channel: Default::default(),
            conversation_id: id,
            client_id,
            author,
            agent_id: None,
            body: "…",
            now: T0,
            policy_version: None,
            notice: None,
            author_name: (author == Author::Bot).then_some("Shipping"),
        };
        store
            .append_message(say(waiting, Author::Customer, "c1"), None)
            .await
            .unwrap();
        let proactive = conversation(&*store, "shop", "v4", Some(apac)).await;
        store
            .append_message(say(proactive, Author::Bot, "b1"), None)
            .await
            .unwrap();

        let (mut candidates, waiting_list) = store.routing_snapshot("shop").await.unwrap();
        candidates.sort_by_key(|c| c.id);
        assert_eq!(
            candidates.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![ana, owner]
        );
        let a = &candidates[0];
        assert_eq!(a.presence, Presence::Unavailable);
        assert_eq!(a.load, 1);
        assert_eq!(a.capacity, 4);
        assert_eq!(a.teams, vec![apac]);
        assert_eq!(a.last_assigned_at, T0 + 7);
        assert_eq!(waiting_list.len(), 1);
        let w = &waiting_list[0];
        assert_eq!(w.id, waiting);
        assert_eq!(w.team_id, Some(apac));
        assert_eq!(w.locale.as_deref(), Some("en"));
        assert_eq!(w.skill.as_deref(), Some("logistics-skill"));
        assert_eq!(w.tier, Tier::Core);
        assert_eq!(w.priority, Priority::Routine);
        assert_eq!(w.owner_id, Some(owner));
        assert_eq!(w.since, T0);
    })
    .await;
}

#[tokio::test]
async fn clock_alerts_go_out_once_for_the_warning_and_once_for_the_breach() {
    each(|store| async move {
        site(&*store, "shop").await;
        let apac = team(&*store, "shop", "APAC", None).await;
        let c = conversation(&*store, "shop", "v1", Some(apac)).await;
        let due = T0 + 3_600_000;
        let mut r = store.record(c).await.unwrap();
        r.clocks
            .push(running_clock(ClockKind::FirstResponse, due, 300_000));
        store.save_record(&r, None, T0).await.unwrap();

        assert_eq!(store.next_alert_at(T0).await.unwrap(), Some(due - 300_000));
        assert!(store.pending_alerts(T0).await.unwrap().is_empty());
        let warning = store.pending_alerts(due - 300_000).await.unwrap();
        assert_eq!(
            warning,
            vec![PendingAlert {
                conversation_id: c,
                team_id: Some(apac),
                kind: ClockKind::FirstResponse,
                breached: false,
                due_at: due,
            }]
        );
        store.mark_alerted(&warning[0]).await.unwrap();
        assert!(store.pending_alerts(due - 1).await.unwrap().is_empty());
        assert_eq!(store.next_alert_at(due - 300_000).await.unwrap(), Some(due));

        let breach = store.pending_alerts(due).await.unwrap();
        assert_eq!(breach.len(), 1);
        assert!(breach[0].breached);
        assert!(!store.summary(c).await.unwrap().breached);
        store.mark_alerted(&breach[0]).await.unwrap();
        assert!(store.summary(c).await.unwrap().breached);
        assert!(store.pending_alerts(due + 1).await.unwrap().is_empty());
        assert_eq!(store.next_alert_at(due).await.unwrap(), None);
        let saved = store.record(c).await.unwrap();
        assert!(saved.clocks[0].warned && saved.clocks[0].alerted);
    })
    .await;
}
