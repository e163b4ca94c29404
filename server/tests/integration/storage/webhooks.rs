//! `WebhookStore`: a site's endpoints, and the outbox its events fill in
//! their own transactions — due, retried, delivered, given up (the endpoint
//! flagged), sent again, stopped when the endpoint goes.

use parley::domain::webhooks::Event;
use parley::storage::{Attempt, NewEndpoint, NewMessage, NewTransition, StoreError};
use parley_app::lifecycle::Actor;
use parley_app::protocol::{Author, ConversationStatus, StaffRole};

use super::{T0, agent, conversation, each, site};

#[tokio::test]
async fn events_fill_the_outbox_of_the_endpoints_that_asked_for_them() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let admin = agent(&*store, "admin@x", StaffRole::Admin, &[]).await;
        let endpoint = |site: &'static str, url: &'static str, events: &'static [Event]| {
            let store = store.clone();
            async move {
                store
                    .create_webhook(NewEndpoint {
                        site,
                        url,
                        events,
                        secret: "sealed",
                        created_by: admin,
                        now: T0,
                    })
                    .await
                    .unwrap()
            }
        };
        let all = endpoint("shop", "https://a.example/h", &Event::ALL).await;
        let messages = endpoint("shop", "https://b.example/h", &[Event::MessageCreated]).await;
        endpoint("other", "https://c.example/h", &Event::ALL).await;
        let listed = store.webhooks("shop").await.unwrap();
        assert_eq!(
            listed.iter().map(|e| e.id).collect::<Vec<_>>(),
            vec![all, messages]
        );
        assert_eq!(listed[1].events, vec![Event::MessageCreated]);
        assert_eq!(
            (listed[0].secret.as_str(), listed[0].failing_since),
            ("sealed", None)
        );

        // A new conversation (in its transaction) and a message.
        let c = conversation(&*store, "shop", "v1", None).await;
        store
            .append_message(
                NewMessage {
                    channel: Default::default(),
                    conversation_id: c,
                    client_id: "m1",
                    author: Author::Customer,
                    agent_id: None,
                    body: "hello",
                    now: T0 + 1,
                    policy_version: None,
                    notice: None,
                    author_name: None,
                },
                None,
            )
            .await
            .unwrap();
        let due = store.due_deliveries(T0 + 1, 100).await.unwrap();
        let got: Vec<(i64, &str)> = due
            .iter()
            .map(|d| (d.delivery.endpoint_id, d.delivery.event.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (all, "conversation.created"),
                (all, "message.created"),
                (messages, "message.created")
            ]
        );
        assert_eq!(
            due[1].delivery.event_id, due[2].delivery.event_id,
            "one event id for every endpoint"
        );
        assert_eq!(
            (due[0].url.as_str(), due[0].site.as_str()),
            ("https://a.example/h", "shop")
        );
        let payload: serde_json::Value = serde_json::from_str(&due[1].delivery.payload).unwrap();
        assert_eq!(payload["event"], "message.created");
        assert_eq!(payload["site"], "shop");
        assert_eq!(payload["data"]["message"]["body"], "hello");
        assert!(
            store
                .due_deliveries(T0, 100)
                .await
                .unwrap()
                .iter()
                .all(|d| d.delivery.created_at == T0)
        );

        // A resolution raises its event with the change of state.
        let mut r = store.record(c).await.unwrap();
        r.status = ConversationStatus::Resolved;
        store
            .save_record(
                &r,
                Some(NewTransition {
                    from: ConversationStatus::Received,
                    to: ConversationStatus::Resolved,
                    actor: Actor::Staff,
                    agent_id: None,
                    note: None,
                    transfer: false,
                }),
                T0 + 2,
            )
            .await
            .unwrap();
        let due = store.due_deliveries(T0 + 2, 100).await.unwrap();
        assert_eq!(due.last().unwrap().delivery.event, "conversation.resolved");
        assert_eq!(due.len(), 4);

        // Failed: due again later; delivered: done, the flag cleared.
        let first = due[0].delivery.id;
        store
            .record_attempt(
                first,
                T0 + 3,
                Attempt::Failed {
                    status: 503,
                    error: "answered 503".into(),
                    next_at: Some(T0 + 13),
                },
            )
            .await
            .unwrap();
        assert!(
            !store
                .due_deliveries(T0 + 12, 100)
                .await
                .unwrap()
                .iter()
                .any(|d| d.delivery.id == first)
        );
        assert!(
            store
                .due_deliveries(T0 + 13, 100)
                .await
                .unwrap()
                .iter()
                .any(|d| d.delivery.id == first)
        );
        store
            .record_attempt(first, T0 + 13, Attempt::Delivered { status: 200 })
            .await
            .unwrap();
        let log = store.deliveries("shop", all, 10).await.unwrap();
        let d = log.iter().find(|d| d.id == first).unwrap();
        assert_eq!(
            (d.attempts, d.last_status, d.delivered_at, d.next_at),
            (2, Some(200), Some(T0 + 13), None)
        );
        // Given up: the endpoint is flagged until a delivery gets through.
        let second = log
            .iter()
            .find(|d| d.event == "message.created")
            .unwrap()
            .id;
        store
            .record_attempt(
                second,
                T0 + 20,
                Attempt::Failed {
                    status: 0,
                    error: "could not connect".into(),
                    next_at: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(
            store.webhooks("shop").await.unwrap()[0].failing_since,
            Some(T0 + 20)
        );
        let d = store
            .deliveries("shop", all, 10)
            .await
            .unwrap()
            .into_iter()
            .find(|d| d.id == second)
            .unwrap();
        assert_eq!(
            (d.gave_up_at, d.last_error.as_deref()),
            (Some(T0 + 20), Some("could not connect"))
        );
        let again = store.redeliver("shop", second, T0 + 30).await.unwrap();
        assert!(matches!(
            store.redeliver("other", second, T0 + 30).await,
            Err(StoreError::NotFound)
        ));
        store
            .record_attempt(again, T0 + 31, Attempt::Delivered { status: 204 })
            .await
            .unwrap();
        assert_eq!(store.webhooks("shop").await.unwrap()[0].failing_since, None);
        assert!(
            store.deliveries("other", all, 10).await.unwrap().is_empty(),
            "another site's log"
        );
        assert!(matches!(
            store
                .record_attempt(999_999, T0, Attempt::Delivered { status: 200 })
                .await,
            Err(StoreError::NotFound)
        ));

        // Finished deliveries are forgotten after their week; pending ones stay.
        let pending = store.due_deliveries(T0 + 100, 100).await.unwrap().len();
        assert!(pending > 0);
        let forgotten = store.purge_deliveries(T0 + 1_000_000).await.unwrap();
        assert!(forgotten >= 3, "{forgotten}");
        assert_eq!(
            store.due_deliveries(T0 + 100, 100).await.unwrap().len(),
            pending
        );
        assert!(
            store
                .deliveries("shop", all, 100)
                .await
                .unwrap()
                .iter()
                .all(|d| d.next_at.is_some())
        );
        // Removed: its deliveries stop, its events are no longer queued.
        assert!(matches!(
            store.remove_webhook("other", messages, T0 + 40).await,
            Err(StoreError::NotFound)
        ));
        store
            .remove_webhook("shop", messages, T0 + 40)
            .await
            .unwrap();
        assert!(
            !store
                .due_deliveries(T0 + 50, 100)
                .await
                .unwrap()
                .iter()
                .any(|d| d.delivery.endpoint_id == messages)
        );
        assert_eq!(store.webhooks("shop").await.unwrap().len(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_sites_order_lookup_is_set_changed_and_removed() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let admin = agent(&*store, "admin@x", StaffRole::Admin, &[]).await;
        assert_eq!(store.order_lookup("shop").await.unwrap(), None);
        store
            .set_order_lookup(
                "shop",
                Some(("https://shop.example/orders", "sealed-1")),
                admin,
                T0,
            )
            .await
            .unwrap();
        store
            .set_order_lookup(
                "shop",
                Some(("https://shop.example/v2/orders", "sealed-1")),
                admin,
                T0 + 1,
            )
            .await
            .unwrap();
        assert_eq!(
            store.order_lookup("shop").await.unwrap(),
            Some((
                "https://shop.example/v2/orders".to_owned(),
                "sealed-1".to_owned()
            ))
        );
        assert_eq!(store.order_lookup("other").await.unwrap(), None);
        store
            .set_order_lookup("shop", None, admin, T0 + 2)
            .await
            .unwrap();
        assert_eq!(store.order_lookup("shop").await.unwrap(), None);
    })
    .await;
}
