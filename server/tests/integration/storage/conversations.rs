//! `ConversationStore`: visitors, conversations, messages and cursors.

use parley::domain::access::{Placement, Viewer};
use parley::storage::{NewMessage, NewTransition, StoreError};
use parley_app::inbox::InboxQuery;
use parley_app::lifecycle::Actor;
use parley_app::protocol::{Author, ConversationStatus, StaffRole};

use super::{T0, agent, conversation, each, site, team};

fn message<'a>(
    conversation_id: i64,
    client_id: &'a str,
    body: &'a str,
    now: i64,
) -> NewMessage<'a> {
    NewMessage {
        channel: Default::default(),
        conversation_id,
        client_id,
        author: Author::Customer,
        agent_id: None,
        body,
        now,
        policy_version: None,
        notice: None,
        author_name: None,
    }
}

#[tokio::test]
async fn a_visitor_starts_and_resumes_their_latest_conversation() {
    each(|store| async move {
        site(&*store, "shop").await;
        assert!(
            store
                .latest_conversation("shop", "v1")
                .await
                .unwrap()
                .is_none()
        );
        let first = conversation(&*store, "shop", "v1", None).await;
        store.touch_visitor("shop", "v1", T0 + 5).await.unwrap();
        let second = conversation(&*store, "shop", "v1", None).await;
        let latest = store
            .latest_conversation("shop", "v1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(latest.id, second);
        assert!(second > first);
        assert_eq!(latest.site, "shop");
        assert_eq!(latest.visitor_id, "v1");
        assert_eq!(latest.status, ConversationStatus::Received);
        assert_eq!(latest.last_seq, 0);
        assert_eq!(store.conversation(first).await.unwrap().id, first);
        assert!(matches!(
            store.conversation(9_999).await,
            Err(StoreError::NotFound)
        ));

        store
            .set_customer_context(first, Some("ja"), None)
            .await
            .unwrap();
        let s = store.summary(first).await.unwrap();
        assert_eq!(s.locale.as_deref(), Some("ja"));
        assert_eq!(s.time_zone.as_deref(), Some("Europe/Berlin"));
        store
            .set_customer_context(first, None, Some("Asia/Tokyo"))
            .await
            .unwrap();
        let s = store.summary(first).await.unwrap();
        assert_eq!(s.locale.as_deref(), Some("ja"));
        assert_eq!(s.time_zone.as_deref(), Some("Asia/Tokyo"));
        assert!(matches!(
            store.summary(9_999).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn messages_get_consecutive_seqs_and_a_repeated_client_id_is_stored_once() {
    each(|store| async move {
        site(&*store, "shop").await;
        let c = conversation(&*store, "shop", "v1", None).await;
        let a = store
            .append_message(message(c, "c-1", "hello", T0 + 1), None)
            .await
            .unwrap();
        assert!(a.created);
        assert_eq!(a.message.seq, 1);
        assert_eq!(a.message.body, "hello");
        assert_eq!(a.message.author, Author::Customer);
        assert_eq!(a.message.sent_at, T0 + 1);
        let again = store
            .append_message(message(c, "c-1", "different", T0 + 2), None)
            .await
            .unwrap();
        assert!(!again.created);
        assert_eq!(again.message, a.message);
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let reply = store
            .append_message(
                NewMessage {
                    channel: Default::default(),
                    author: Author::Agent,
                    agent_id: Some(ana),
                    policy_version: Some(1),
                    notice: None,
                    ..message(c, "a-1", "hi there", T0 + 3)
                },
                None,
            )
            .await
            .unwrap();
        assert_eq!(reply.message.seq, 2);
        assert_eq!(reply.message.author_name.as_deref(), Some("ana@x"));
        // A bot of the site's writes under its own name.
        let bot = store
            .append_message(
                NewMessage {
                    channel: Default::default(),
                    author: Author::Bot,
                    author_name: Some("Parcel bot"),
                    ..message(c, "b-1", "Your parcel left Hamburg.", T0 + 3)
                },
                None,
            )
            .await
            .unwrap();
        assert_eq!(bot.message.author, Author::Bot);
        assert_eq!(bot.message.author_name.as_deref(), Some("Parcel bot"));
        assert!(matches!(
            store
                .append_message(message(9_999, "x", "lost", T0), None)
                .await,
            Err(StoreError::NotFound)
        ));

        let all = store.messages_after(c, 0, 100).await.unwrap();
        assert_eq!(all.iter().map(|m| m.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
        assert_eq!(all[2].author_name.as_deref(), Some("Parcel bot"));
        assert_eq!(store.messages_after(c, 1, 100).await.unwrap()[0].seq, 2);
        assert_eq!(store.messages_after(c, 0, 1).await.unwrap().len(), 1);
        let s = store.summary(c).await.unwrap();
        assert_eq!(s.last_seq, 3);
        assert_eq!(s.last_message.as_deref(), Some("Your parcel left Hamburg."));
        assert_eq!(s.updated_at, T0 + 3);
        assert_eq!(store.conversation(c).await.unwrap().last_seq, 3);
    })
    .await;
}

#[tokio::test]
async fn a_message_and_a_stale_record_are_refused_together() {
    each(|store| async move {
        site(&*store, "shop").await;
        let c = conversation(&*store, "shop", "v1", None).await;
        let read = store.record(c).await.unwrap();
        let mut next = read.clone();
        next.status = ConversationStatus::Assigned;
        let transition = NewTransition {
            from: ConversationStatus::Received,
            to: ConversationStatus::Assigned,
            actor: Actor::System,
            agent_id: None,
            note: None,
            transfer: false,
        };
        store
            .append_message(
                message(c, "c-1", "one", T0),
                Some((&next, Some(transition))),
            )
            .await
            .unwrap();
        let saved = store.record(c).await.unwrap();
        assert_eq!(saved.status, ConversationStatus::Assigned);
        assert_eq!(saved.version, read.version + 1);
        assert_eq!(store.transitions(c).await.unwrap().len(), 1);
        // The same stale record again: neither the message nor the record.
        assert!(matches!(
            store
                .append_message(message(c, "c-2", "two", T0), Some((&next, None)))
                .await,
            Err(StoreError::Conflict)
        ));
        assert_eq!(store.messages_after(c, 0, 10).await.unwrap().len(), 1);
        assert_eq!(store.record(c).await.unwrap().version, saved.version);
    })
    .await;
}

#[tokio::test]
async fn delivery_and_read_cursors_only_move_forward_and_stop_at_the_last_message() {
    each(|store| async move {
        site(&*store, "shop").await;
        let c = conversation(&*store, "shop", "v1", None).await;
        for (i, id) in ["c-1", "c-2", "c-3"].into_iter().enumerate() {
            store
                .append_message(message(c, id, "text", T0 + i as i64), None)
                .await
                .unwrap();
        }
        assert_eq!(store.summary(c).await.unwrap().unread, 3);
        assert_eq!(store.mark_visitor_delivered(c, 2).await.unwrap(), 2);
        assert_eq!(store.mark_visitor_delivered(c, 1).await.unwrap(), 2);
        assert_eq!(store.mark_visitor_delivered(c, 99).await.unwrap(), 3);
        assert_eq!(store.summary(c).await.unwrap().visitor_delivered_seq, 3);

        assert_eq!(
            store.mark_agent_received(c, 2, false).await.unwrap(),
            (2, 0)
        );
        assert_eq!(store.mark_agent_received(c, 1, true).await.unwrap(), (2, 1));
        assert_eq!(
            store.mark_agent_received(c, 99, true).await.unwrap(),
            (3, 3)
        );
        let state = store.conversation(c).await.unwrap();
        assert_eq!((state.agent_delivered_seq, state.agent_read_seq), (3, 3));
        assert_eq!(store.summary(c).await.unwrap().unread, 0);
        assert!(matches!(
            store.mark_agent_received(9_999, 1, true).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn placements_and_lists_follow_the_conversation() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let apac = team(&*store, "shop", "APAC", None).await;
        let c1 = conversation(&*store, "shop", "v1", Some(apac)).await;
        let c2 = conversation(&*store, "shop", "v1", None).await;
        let c3 = conversation(&*store, "other", "v2", None).await;
        let mut r = store.record(c2).await.unwrap();
        r.assignee_id = Some(ana);
        r.status = ConversationStatus::Assigned;
        store.save_record(&r, None, T0 + 10).await.unwrap();

        assert_eq!(
            store.placement(c1).await.unwrap(),
            Placement {
                id: c1,
                site: "shop".into(),
                team_id: Some(apac),
                assignee_id: None
            }
        );
        assert!(matches!(
            store.placement(9_999).await,
            Err(StoreError::NotFound)
        ));
        let mut placements = store.visitor_placements("shop", "v1").await.unwrap();
        placements.sort_by_key(|p| p.id);
        assert_eq!(
            placements
                .iter()
                .map(|p| (p.id, p.assignee_id))
                .collect::<Vec<_>>(),
            vec![(c1, None), (c2, Some(ana))]
        );
        assert!(
            store
                .visitor_placements("other", "v1")
                .await
                .unwrap()
                .is_empty()
        );

        let admin = Viewer {
            id: 0,
            role: StaffRole::Admin,
            ..Viewer::default()
        };
        // Most recently active first, then by id.
        let ids: Vec<i64> = store
            .summaries(&admin, 10)
            .await
            .unwrap()
            .iter()
            .map(|s| s.id)
            .collect();
        assert_eq!(ids, vec![c2, c3, c1]);
        assert_eq!(store.summaries(&admin, 1).await.unwrap().len(), 1);
        let shop_only = Viewer {
            sites: vec!["shop".into()],
            ..admin.clone()
        };
        assert_eq!(store.summaries(&shop_only, 10).await.unwrap().len(), 2);
        let mine = InboxQuery {
            view: parley_app::inbox::InboxView::Mine,
            ..InboxQuery::default()
        };
        let ana_viewer = store.viewer(ana, T0).await.unwrap();
        let inbox = store.inbox(&mine, &ana_viewer, T0, 10).await.unwrap();
        assert_eq!(inbox.iter().map(|s| s.id).collect::<Vec<_>>(), vec![c2]);
        assert_eq!(inbox[0].assignee_name.as_deref(), Some("ana@x"));
    })
    .await;
}

/// Many appends at once (SQLite writes those that arrive together in one
/// transaction): each lands once, with its conversation's next `seq`; a
/// repeat finds the stored one; one that fails — an unknown conversation,
/// or a record changed meanwhile, failing after its message was written —
/// gets its error and leaves nothing, and takes none of the others down.
#[tokio::test]
async fn appends_arriving_together_each_land_once_and_a_failing_one_takes_no_other_down() {
    each(|store| async move {
        site(&*store, "shop").await;
        let mut ids = Vec::new();
        for v in 0..8 {
            ids.push(conversation(&*store, "shop", &format!("v{v}"), None).await);
        }
        // A record as read now: saving it once moves its version on.
        let stale = store.record(ids[0]).await.unwrap();
        let mut tasks = Vec::new();
        for i in 0..240usize {
            let store = store.clone();
            let (c, stale) = (ids[i % ids.len()], stale.clone());
            tasks.push(tokio::spawn(async move {
                let client_id = format!("m{}", i % 200); // 40 repeats
                let body = format!("body {i}");
                let record = (i % 41 == 7).then_some((&stale, None));
                let to = match (i % 37 == 5, record.is_some()) {
                    (true, _) => 9_999,
                    (false, true) => stale.id,
                    (false, false) => c,
                };
                let result = store
                    .append_message(message(to, &client_id, &body, T0 + i as i64), record)
                    .await;
                (i, to, client_id, result)
            }));
        }
        let mut stored = std::collections::HashMap::new();
        let (mut missing, mut conflicts, mut stale_saved) = (0, 0, 0);
        for t in tasks {
            let (i, to, client_id, result) = t.await.unwrap();
            match result {
                Ok(a) => {
                    if i % 41 == 7 && a.created {
                        stale_saved += 1; // the first save of the record may win
                    }
                    let seq = stored.entry((to, client_id)).or_insert(a.message.seq);
                    assert_eq!(*seq, a.message.seq, "a repeat finds the stored message");
                }
                Err(StoreError::NotFound) => {
                    assert_eq!(to, 9_999, "message {i}");
                    missing += 1;
                }
                Err(StoreError::Conflict) => {
                    assert_eq!(i % 41, 7, "message {i}");
                    conflicts += 1;
                }
                Err(e) => panic!("message {i}: {e}"),
            }
        }
        assert!(missing > 0 && conflicts > 0, "{missing} {conflicts}");
        assert!(stale_saved <= 1, "a stale record saved {stale_saved} times");
        for c in &ids {
            let held = store.messages_after(*c, 0, 1000).await.unwrap();
            let seqs: Vec<i64> = held.iter().map(|m| m.seq).collect();
            let expected: Vec<i64> = (1..=held.len() as i64).collect();
            assert_eq!(seqs, expected, "conversation {c}: no gap, nothing twice");
            for m in &held {
                assert_eq!(
                    stored.get(&(*c, m.client_id.clone())),
                    Some(&m.seq),
                    "conversation {c}: only what was acknowledged is stored"
                );
            }
            let acknowledged = stored.keys().filter(|(to, _)| to == c).count();
            assert_eq!(held.len(), acknowledged, "conversation {c}");
            assert_eq!(
                store.conversation(*c).await.unwrap().last_seq,
                held.len() as i64
            );
        }
    })
    .await;
}
