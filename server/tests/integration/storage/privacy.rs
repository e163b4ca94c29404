//! `PrivacyStore`: contact details and consents, verified identities,
//! retention and destruction, access requests.

use parley::storage::{
    AttachmentRecord, NewConsent, NewMessage, NewRating, NewTransition, SealedContact, StoreError,
};
use parley_app::lifecycle::Actor;
use parley_app::protocol::{Author, ConversationStatus, StaffRole};

use super::{T0, agent, conversation, each, site};

fn consent<'a>(conversation_id: i64, fields: &'a [String]) -> NewConsent<'a> {
    NewConsent {
        conversation_id,
        purpose: "contact_details",
        fields,
        locale: Some("en"),
    }
}

#[tokio::test]
async fn contact_details_merge_per_customer_with_the_latest_consent() {
    each(|store| async move {
        site(&*store, "shop").await;
        let c = conversation(&*store, "shop", "v1", None).await;
        assert!(store.contact("shop", "v1").await.unwrap().is_none());
        let fields = vec!["name".to_string(), "email".to_string()];
        store
            .save_contact(
                "shop",
                "v1",
                &SealedContact {
                    name: Some("sealed-name".into()),
                    email: Some("sealed-email".into()),
                    ..SealedContact::default()
                },
                &consent(c, &fields),
                T0,
            )
            .await
            .unwrap();
        store
            .save_contact(
                "shop",
                "v1",
                &SealedContact {
                    phone: Some("sealed-phone".into()),
                    email: Some("sealed-email-2".into()),
                    ..SealedContact::default()
                },
                &consent(c, &fields),
                T0 + 9,
            )
            .await
            .unwrap();
        let (contact, consented) = store.contact("shop", "v1").await.unwrap().unwrap();
        assert_eq!(
            contact,
            SealedContact {
                name: Some("sealed-name".into()),
                email: Some("sealed-email-2".into()),
                phone: Some("sealed-phone".into()),
                address: None,
            }
        );
        assert_eq!(consented, Some(T0 + 9));
        assert!(store.contact("other", "v1").await.unwrap().is_none());

        assert_eq!(store.verified_user("v1").await.unwrap(), None);
        assert_eq!(store.visitor_of_user("shop", "key-1").await.unwrap(), None);
        store
            .set_verified_user("v1", Some("sealed-user"), Some("key-1"))
            .await
            .unwrap();
        assert_eq!(
            store.verified_user("v1").await.unwrap().as_deref(),
            Some("sealed-user")
        );
        assert_eq!(
            store
                .visitor_of_user("shop", "key-1")
                .await
                .unwrap()
                .as_deref(),
            Some("v1")
        );
        // A later visitor with the same key (another device) finds the first.
        store.touch_visitor("shop", "v9", T0 + 50).await.unwrap();
        store
            .set_verified_user("v9", Some("sealed-user-2"), Some("key-1"))
            .await
            .unwrap();
        assert_eq!(
            store
                .visitor_of_user("shop", "key-1")
                .await
                .unwrap()
                .as_deref(),
            Some("v1")
        );
        assert_eq!(store.visitor_of_user("other", "key-1").await.unwrap(), None);
        store.set_verified_user("v1", None, None).await.unwrap();
        assert_eq!(store.verified_user("v1").await.unwrap(), None);
        assert_eq!(
            store
                .visitor_of_user("shop", "key-1")
                .await
                .unwrap()
                .as_deref(),
            Some("v9")
        );

        assert_eq!(
            store.customer_conversations("shop", "v1").await.unwrap(),
            vec![c]
        );
        assert_eq!(
            store.conversation_visitor(c).await.unwrap(),
            ("shop".to_string(), "v1".to_string())
        );
        assert!(matches!(
            store.conversation_visitor(9_999).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

/// Ends a conversation's service at `at` (resolved, with its history).
async fn end(store: &dyn parley::storage::Store, c: i64, at: i64) {
    let mut r = store.record(c).await.unwrap();
    r.status = ConversationStatus::Resolved;
    store
        .save_record(
            &r,
            Some(NewTransition {
                from: ConversationStatus::Received,
                to: ConversationStatus::Resolved,
                actor: Actor::System,
                agent_id: None,
                note: Some("personal hand-off note".into()),
                transfer: false,
            }),
            at,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn destruction_clears_the_texts_and_with_the_last_conversation_the_customer() {
    each(|store| async move {
        site(&*store, "shop").await;
        assert!(store.retention_days("shop").await.unwrap() > 0);
        store.set_retention_days("shop", 30).await.unwrap();
        assert_eq!(store.retention_days("shop").await.unwrap(), 30);
        assert!(matches!(
            store.set_retention_days("nope", 30).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.retention_days("nope").await,
            Err(StoreError::NotFound)
        ));
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let first = conversation(&*store, "shop", "v1", None).await;
        let second = conversation(&*store, "shop", "v1", None).await;
        store
            .append_message(
                NewMessage {
                    channel: Default::default(),
                    conversation_id: first,
                    client_id: "c-1",
                    author: Author::Customer,
                    agent_id: None,
                    body: "my address is …",
                    now: T0,
                    policy_version: None,
                    notice: None,
                    author_name: None,
                },
                None,
            )
            .await
            .unwrap();
        store
            .add_note(first, "n-1", ana, "called them", &[], T0)
            .await
            .unwrap();
        let fields = vec!["name".to_string()];
        store
            .save_contact(
                "shop",
                "v1",
                &SealedContact {
                    name: Some("sealed".into()),
                    ..SealedContact::default()
                },
                &consent(first, &fields),
                T0,
            )
            .await
            .unwrap();
        store
            .set_verified_user("v1", Some("sealed-user"), Some("key-1"))
            .await
            .unwrap();
        store
            .create_attachment(&AttachmentRecord {
                id: "a".repeat(32),
                site: "shop".into(),
                visitor_id: Some("v1".into()),
                file_name: "label.png".into(),
                content_type: "image/png".into(),
                size: 10,
                sha256: "0".repeat(64),
                created_at: T0,
                conversation_id: None,
            })
            .await
            .unwrap();
        end(&*store, first, T0 + 100).await;
        store
            .rate(
                first,
                &NewRating {
                    score: 4,
                    comment: "call me at …",
                    locale: None,
                    now: T0 + 101,
                },
            )
            .await
            .unwrap();
        end(&*store, second, T0 + 200).await;

        let ended = store.ended_conversations(10).await.unwrap();
        assert_eq!(
            ended
                .iter()
                .map(|e| (e.id, e.ended_at, e.retention_days))
                .collect::<Vec<_>>(),
            vec![(first, T0 + 100, 30), (second, T0 + 200, 30)]
        );
        assert_eq!(store.ended_conversations(1).await.unwrap().len(), 1);

        let (files, what) = store
            .destroy_conversation(first, "retention", None, T0 + 1_000)
            .await
            .unwrap();
        // The customer still has a live conversation: their own data stays.
        assert!(files.is_empty());
        assert_eq!(what["message_texts"], 1);
        assert_eq!(what["notes"], 1);
        assert_eq!(what["handoff_notes"], 1);
        assert_eq!(what["rating_comments"], 1);
        assert_eq!(what["contact_records"], 0);
        let texts = store.messages_after(first, 0, 10).await.unwrap();
        assert!(texts.iter().all(|m| m.body.is_empty()));
        assert!(store.notes(first).await.unwrap().is_empty());
        assert_eq!(store.ratings(first).await.unwrap()[0].comment, "");
        assert_eq!(store.ratings(first).await.unwrap()[0].score, 4);
        assert!(store.transitions(first).await.unwrap()[0].note.is_none());
        assert!(store.contact("shop", "v1").await.unwrap().is_some());
        assert_eq!(
            store
                .ended_conversations(10)
                .await
                .unwrap()
                .iter()
                .map(|e| e.id)
                .collect::<Vec<_>>(),
            vec![second]
        );

        let (files, what) = store
            .destroy_conversation(second, "erasure", Some(ana), T0 + 2_000)
            .await
            .unwrap();
        assert_eq!(files, vec!["a".repeat(32)]);
        assert_eq!(what["contact_records"], 1);
        assert!(store.contact("shop", "v1").await.unwrap().is_none());
        assert_eq!(store.verified_user("v1").await.unwrap(), None);
        assert_eq!(store.visitor_of_user("shop", "key-1").await.unwrap(), None);
        assert!(matches!(
            store.attachment(&"a".repeat(32)).await,
            Err(StoreError::NotFound)
        ));
        let records = store.destruction_records(10).await.unwrap();
        assert_eq!(
            records
                .iter()
                .map(|r| (r.conversation_id, r.rule.as_str(), r.actor_id, r.at))
                .collect::<Vec<_>>(),
            vec![
                (Some(second), "erasure", Some(ana), T0 + 2_000),
                (Some(first), "retention", None, T0 + 1_000)
            ]
        );
        assert_eq!(records[0].site, "shop");
        assert_eq!(records[0].what, what);
        assert!(matches!(
            store.destroy_conversation(9_999, "erasure", None, T0).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn access_requests_are_decided_once_and_stay_open_while_they_grant() {
    each(|store| async move {
        site(&*store, "shop").await;
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let sup = agent(&*store, "sup@x", StaffRole::Supervisor, &[]).await;
        let c = conversation(&*store, "shop", "v1", None).await;
        let first = store
            .create_access_request(ana, c, "customer called back", T0)
            .await
            .unwrap();
        let second = store
            .create_access_request(ana, c, "again", T0 + 1)
            .await
            .unwrap();
        let third = store
            .create_access_request(ana, c, "third", T0 + 2)
            .await
            .unwrap();
        let view = store.access_request(first).await.unwrap();
        assert_eq!(view.conversation_id, c);
        assert_eq!(view.agent_id, ana);
        assert_eq!(view.agent_name, "ana@x");
        assert_eq!(view.reason, "customer called back");
        assert_eq!(view.requested_at, T0);
        assert_eq!(view.status, "pending");
        assert_eq!(view.expires_at, None);
        assert!(matches!(
            store.access_request(9_999).await,
            Err(StoreError::NotFound)
        ));

        let approved = store
            .decide_access(first, sup, true, Some(T0 + 60_000), T0 + 5)
            .await
            .unwrap();
        assert_eq!(approved.status, "approved");
        assert_eq!(approved.expires_at, Some(T0 + 60_000));
        let denied = store
            .decide_access(second, sup, false, Some(T0 + 60_000), T0 + 5)
            .await
            .unwrap();
        assert_eq!(denied.status, "denied");
        assert_eq!(denied.expires_at, None);
        assert!(matches!(
            store.decide_access(first, sup, false, None, T0 + 6).await,
            Err(StoreError::Conflict)
        ));
        let open: Vec<i64> = store
            .open_access_requests(T0 + 10)
            .await
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(open, vec![third, first]);
        let open: Vec<i64> = store
            .open_access_requests(T0 + 60_000)
            .await
            .unwrap()
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(open, vec![third]);
    })
    .await;
}
