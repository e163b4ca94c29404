//! `CaseStore`: the handling record, its history, notes, ratings and the
//! customer profile.

use parley::storage::{NewRating, NewTransition, StoreError};
use parley_app::lifecycle::Actor;
use parley_app::protocol::{ClockKind, ConversationStatus, Priority, StaffRole, Tier};

use super::{T0, agent, conversation, each, running_clock, site, team};

fn to(from: ConversationStatus, to: ConversationStatus, agent_id: Option<i64>) -> NewTransition {
    NewTransition {
        from,
        to,
        actor: if agent_id.is_some() {
            Actor::Staff
        } else {
            Actor::System
        },
        agent_id,
        note: Some("hand-off".into()),
        transfer: false,
    }
}

#[tokio::test]
async fn a_record_saves_with_optimistic_concurrency_and_keeps_its_clocks() {
    each(|store| async move {
        site(&*store, "shop").await;
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let apac = team(&*store, "shop", "APAC", None).await;
        let c = conversation(&*store, "shop", "v1", None).await;
        let read = store.record(c).await.unwrap();
        assert_eq!(read.id, c);
        assert_eq!(read.site, "shop");
        assert_eq!(read.status, ConversationStatus::Received);
        assert_eq!(read.priority, Priority::Routine);
        assert!(read.clocks.is_empty());

        let mut next = read.clone();
        next.status = ConversationStatus::Assigned;
        next.assignee_id = Some(ana);
        next.team_id = Some(apac);
        next.tier = Tier::Core;
        next.complex = true;
        next.category = Some("logistics".into());
        next.facts.insert("order".into(), "A-1".into());
        next.clocks.push(running_clock(
            ClockKind::FirstResponse,
            T0 + 1_800_000,
            360_000,
        ));
        store
            .save_record(
                &next,
                Some(to(
                    ConversationStatus::Received,
                    ConversationStatus::Assigned,
                    Some(ana),
                )),
                T0 + 1,
            )
            .await
            .unwrap();
        let saved = store.record(c).await.unwrap();
        assert_eq!(saved.version, read.version + 1);
        assert_eq!(saved, bumped(next.clone(), read.version + 1));
        assert!(matches!(
            store.save_record(&next, None, T0 + 2).await,
            Err(StoreError::Conflict)
        ));
        assert!(matches!(
            store.record(9_999).await,
            Err(StoreError::NotFound)
        ));

        let history = store.transitions(c).await.unwrap();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].from, ConversationStatus::Received);
        assert_eq!(history[0].to, ConversationStatus::Assigned);
        assert_eq!(history[0].agent_name.as_deref(), Some("ana@x"));
        assert_eq!(history[0].actor, "staff");
        assert_eq!(history[0].at, T0 + 1);
        assert_eq!(history[0].note.as_deref(), Some("hand-off"));
        // The list shows the running clock's deadline.
        let s = store.summary(c).await.unwrap();
        assert_eq!(s.due_at, Some(T0 + 1_800_000));
        assert_eq!(s.due_kind, Some(ClockKind::FirstResponse));
        assert_eq!(s.assignee_id, Some(ana));
        assert_eq!(s.team.as_deref(), Some("APAC"));
    })
    .await;
}

/// `record` as saved: the same record with the new version.
pub fn bumped(
    mut r: parley::storage::ConversationRecord,
    version: i64,
) -> parley::storage::ConversationRecord {
    r.version = version;
    r
}

#[tokio::test]
async fn notes_are_idempotent_per_client_id_and_listed_oldest_first() {
    each(|store| async move {
        site(&*store, "shop").await;
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let bo = agent(&*store, "bo@x", StaffRole::Mid, &[]).await;
        let c = conversation(&*store, "shop", "v1", None).await;
        let (first, created) = store
            .add_note(c, "n-1", ana, "ask @bo", &[bo], T0)
            .await
            .unwrap();
        assert!(created);
        assert_eq!(first.conversation_id, c);
        assert_eq!(first.agent_id, ana);
        assert_eq!(first.author_name, "ana@x");
        assert_eq!(first.body, "ask @bo");
        assert_eq!(first.mentions, vec![bo]);
        assert_eq!(first.created_at, T0);
        let (again, created) = store
            .add_note(c, "n-1", ana, "changed", &[], T0 + 1)
            .await
            .unwrap();
        assert!(!created);
        assert_eq!(again, first);
        store
            .add_note(c, "n-2", bo, "done", &[], T0 + 2)
            .await
            .unwrap();
        let notes = store.notes(c).await.unwrap();
        assert_eq!(
            notes
                .iter()
                .map(|n| n.client_id.as_str())
                .collect::<Vec<_>>(),
            ["n-1", "n-2"]
        );
    })
    .await;
}

#[tokio::test]
async fn only_the_latest_resolution_is_rated_once_crediting_its_owner() {
    each(|store| async move {
        site(&*store, "shop").await;
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let c = conversation(&*store, "shop", "v1", None).await;
        let rating = NewRating {
            score: 5,
            comment: "quick",
            locale: Some("de"),
            now: T0 + 10,
        };
        // Never resolved.
        assert!(matches!(
            store.rate(c, &rating).await,
            Err(StoreError::NotFound)
        ));
        assert!(!store.latest_resolution_rated(c).await.unwrap());

        let mut r = store.record(c).await.unwrap();
        r.status = ConversationStatus::Resolved;
        r.assignee_id = Some(ana);
        store
            .save_record(
                &r,
                Some(to(
                    ConversationStatus::Received,
                    ConversationStatus::Resolved,
                    Some(ana),
                )),
                T0 + 5,
            )
            .await
            .unwrap();
        let view = store.rate(c, &rating).await.unwrap();
        assert_eq!(view.score, 5);
        assert_eq!(view.comment, "quick");
        assert_eq!(view.agent_id, Some(ana));
        assert_eq!(view.locale.as_deref(), Some("de"));
        assert_eq!(view.rated_at, T0 + 10);
        assert!(store.latest_resolution_rated(c).await.unwrap());
        assert!(matches!(
            store.rate(c, &rating).await,
            Err(StoreError::Conflict)
        ));

        // Reopened: not ratable until resolved again, then a new rating.
        let mut r = store.record(c).await.unwrap();
        r.status = ConversationStatus::Reopened;
        store
            .save_record(
                &r,
                Some(to(
                    ConversationStatus::Resolved,
                    ConversationStatus::Reopened,
                    None,
                )),
                T0 + 20,
            )
            .await
            .unwrap();
        assert!(matches!(
            store.rate(c, &rating).await,
            Err(StoreError::NotFound)
        ));
        let mut r = store.record(c).await.unwrap();
        r.status = ConversationStatus::Resolved;
        store
            .save_record(
                &r,
                Some(to(
                    ConversationStatus::Reopened,
                    ConversationStatus::Resolved,
                    Some(ana),
                )),
                T0 + 30,
            )
            .await
            .unwrap();
        assert!(!store.latest_resolution_rated(c).await.unwrap());
        store
            .rate(
                c,
                &NewRating {
                    score: 2,
                    now: T0 + 40,
                    ..rating.clone()
                },
            )
            .await
            .unwrap();
        let scores: Vec<u8> = store
            .ratings(c)
            .await
            .unwrap()
            .iter()
            .map(|r| r.score)
            .collect();
        assert_eq!(scores, vec![5, 2]);
    })
    .await;
}

#[tokio::test]
async fn the_customer_profile_and_history_span_their_conversations() {
    each(|store| async move {
        site(&*store, "shop").await;
        let owner = agent(&*store, "owner@x", StaffRole::Senior, &[]).await;
        let c1 = conversation(&*store, "shop", "v1", None).await;
        let c2 = conversation(&*store, "shop", "v1", None).await;
        let c3 = conversation(&*store, "shop", "v1", None).await;
        let other = conversation(&*store, "shop", "v2", None).await;
        assert_eq!(store.customer_owner(c1).await.unwrap(), None);
        store
            .set_customer_profile(c1, Tier::Core, Some(owner))
            .await
            .unwrap();
        // The profile belongs to the customer, so every conversation sees it.
        assert_eq!(store.customer_owner(c3).await.unwrap(), Some(owner));
        assert_eq!(store.customer_owner(other).await.unwrap(), None);
        assert!(matches!(
            store
                .set_customer_profile(c1, Tier::Core, Some(9_999))
                .await,
            Err(StoreError::NotFound)
        ));
        let history: Vec<i64> = store
            .customer_history(c2, 10)
            .await
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(history, vec![c3, c1]);
        assert_eq!(store.customer_history(c2, 1).await.unwrap().len(), 1);
    })
    .await;
}
