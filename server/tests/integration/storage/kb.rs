//! `KbStore`: collections, articles and their versions per locale, the
//! history that is also the change feed, files, customers' and the bot's
//! events, the deflection figures and the bot's switch.

use std::collections::BTreeMap;

use parley::storage::{
    AttachmentRecord, BotPart, KbAction, KbAuthor, KbEvent, KbEventKind, NewKbVersion, StoreError,
};
use parley_app::protocol::StaffRole;

use super::{T0, agent, conversation, each, site};

fn names(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(l, n)| ((*l).to_owned(), (*n).to_owned()))
        .collect()
}

fn file(id: char, site: &str) -> AttachmentRecord {
    AttachmentRecord {
        id: id.to_string().repeat(32),
        site: site.into(),
        visitor_id: None,
        file_name: "invoice-template.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1000,
        sha256: "f".repeat(64),
        created_at: T0,
        conversation_id: None,
    }
}

#[tokio::test]
async fn articles_keep_a_version_per_locale_and_every_change_in_order() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let admin = agent(&*store, "kb@x", StaffRole::Admin, &["shop"]).await;
        let shipping = store
            .save_kb_collection("shop", "shipping", &names(&[("en", "Shipping")]), 1)
            .await
            .unwrap();
        let again = store
            .save_kb_collection(
                "shop",
                "shipping",
                &names(&[("en", "Shipping"), ("de", "Versand")]),
                1,
            )
            .await
            .unwrap();
        assert_eq!(shipping, again, "a slug is one collection");
        let other = store
            .save_kb_collection("other", "misc", &names(&[("en", "Misc")]), 0)
            .await
            .unwrap();
        let listed = store.kb_collections("shop").await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            listed[0].names.get("de").map(String::as_str),
            Some("Versand")
        );

        let mark0 = store.kb_change_mark().await.unwrap();
        let a = store
            .create_kb_article("shop", "fees", Some(shipping), KbAuthor::Agent(admin), T0)
            .await
            .unwrap();
        assert!(matches!(
            store
                .create_kb_article("shop", "fees", None, KbAuthor::Agent(admin), T0)
                .await,
            Err(StoreError::Conflict)
        ));
        assert!(
            matches!(
                store
                    .create_kb_article("shop", "x", Some(other), KbAuthor::Agent(admin), T0)
                    .await,
                Err(StoreError::NotFound)
            ),
            "another site's collection"
        );
        let v = |locale, title, published, now| NewKbVersion {
            article_id: a,
            locale,
            title,
            body: "Body",
            published,
            by: KbAuthor::Agent(admin),
            now,
        };
        store
            .save_kb_version(v("en", "Fees", false, T0 + 1))
            .await
            .unwrap();
        store
            .save_kb_version(v("en", "Shipping fees", true, T0 + 2))
            .await
            .unwrap();
        store
            .save_kb_version(v("de", "Versandkosten", false, T0 + 3))
            .await
            .unwrap();
        let last = store
            .save_kb_version(v("en", "Shipping fees", false, T0 + 4))
            .await
            .unwrap();
        store
            .save_kb_version(v("en", "Shipping fees", true, T0 + 5))
            .await
            .unwrap();

        let article = store.kb_article(a).await.unwrap();
        assert_eq!(article.versions.len(), 2);
        assert_eq!(
            article
                .version("en")
                .map(|v| (v.title.as_str(), v.published)),
            Some(("Shipping fees", true))
        );
        assert_eq!(article.version("de").map(|v| v.published), Some(false));
        assert_eq!(article.updated_at, T0 + 5);
        assert_eq!(
            store.kb_article_by_slug("shop", "fees").await.unwrap().id,
            a
        );
        assert!(matches!(
            store.kb_article_by_slug("other", "fees").await,
            Err(StoreError::NotFound)
        ));

        let history = store.kb_history(a).await.unwrap();
        let actions: Vec<KbAction> = history.iter().map(|h| h.action).collect();
        assert_eq!(
            actions,
            vec![
                KbAction::Published,
                KbAction::Unpublished,
                KbAction::Saved,
                KbAction::Published,
                KbAction::Saved,
                KbAction::Moved,
            ],
            "newest first"
        );
        assert_eq!(history[1].id, last);
        assert_eq!(history[0].by_agent, Some(admin));
        assert_eq!(history[3].title.as_deref(), Some("Shipping fees"));

        // Only published versions of live articles are indexed.
        let published = store.published_kb(None).await.unwrap();
        assert_eq!(published.len(), 1);
        assert_eq!(
            (published[0].locale.as_str(), published[0].site.as_str()),
            ("en", "shop")
        );
        assert_eq!(store.published_kb(Some(&[a])).await.unwrap().len(), 1);
        assert!(store.published_kb(Some(&[])).await.unwrap().is_empty());

        // The feed names the article once, with the newest position.
        let (changed, mark) = store.kb_changes_since(mark0, 100).await.unwrap();
        assert_eq!(changed, vec![a]);
        assert_eq!(mark, store.kb_change_mark().await.unwrap());
        let (none, same) = store.kb_changes_since(mark, 100).await.unwrap();
        assert!(none.is_empty());
        assert_eq!(same, mark);

        // Moved, then removed: its slug is free again and nothing is published.
        store
            .move_kb_article(
                a,
                "shipping-fees",
                None,
                KbAuthor::Named("api:shop"),
                T0 + 6,
            )
            .await
            .unwrap();
        assert_eq!(store.kb_article(a).await.unwrap().slug, "shipping-fees");
        assert_eq!(
            store.kb_history(a).await.unwrap()[0].by_label.as_deref(),
            Some("api:shop")
        );
        let b = store
            .create_kb_article("shop", "fees", None, KbAuthor::Named("seed"), T0)
            .await
            .unwrap();
        store
            .remove_kb_article(a, KbAuthor::Agent(admin), T0 + 7)
            .await
            .unwrap();
        assert!(matches!(
            store.kb_article(a).await,
            Err(StoreError::NotFound)
        ));
        assert!(store.published_kb(None).await.unwrap().is_empty());
        assert_eq!(
            store
                .kb_articles("shop")
                .await
                .unwrap()
                .iter()
                .map(|x| x.id)
                .collect::<Vec<_>>(),
            vec![b]
        );
        assert!(
            matches!(
                store.save_kb_version(v("en", "Late", true, T0 + 8)).await,
                Err(StoreError::NotFound)
            ),
            "a removed article takes no edit"
        );
        assert!(matches!(
            store.remove_kb_article(a, KbAuthor::Agent(admin), T0).await,
            Err(StoreError::NotFound)
        ));
        store
            .create_kb_article("shop", "shipping-fees", None, KbAuthor::Named("seed"), T0)
            .await
            .unwrap();
        assert!(matches!(
            store
                .move_kb_article(a, "x", None, KbAuthor::Agent(admin), T0)
                .await,
            Err(StoreError::NotFound)
        ));
        let (changed, _) = store.kb_changes_since(mark, 100).await.unwrap();
        assert!(changed.contains(&a) && changed.contains(&b));
    })
    .await;
}

#[tokio::test]
async fn files_are_the_sites_own_uploads_and_outlive_the_sweep() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let a = store
            .create_kb_article("shop", "customs", None, KbAuthor::Named("seed"), T0)
            .await
            .unwrap();
        store.create_attachment(&file('a', "shop")).await.unwrap();
        store.create_attachment(&file('b', "other")).await.unwrap();
        let (fa, fb) = ("a".repeat(32), "b".repeat(32));
        store
            .add_kb_file(a, &fa, KbAuthor::Named("seed"), T0)
            .await
            .unwrap();
        assert!(
            matches!(
                store.add_kb_file(a, &fb, KbAuthor::Named("seed"), T0).await,
                Err(StoreError::NotFound)
            ),
            "another site's upload"
        );
        assert_eq!(store.kb_article(a).await.unwrap().files, vec![fa.clone()]);
        assert_eq!(store.kb_file_article(&fa).await.unwrap(), Some(a));
        assert_eq!(store.kb_file_article(&fb).await.unwrap(), None);
        let swept = store.sweep_unattached(T0 + 1).await.unwrap();
        assert_eq!(
            swept,
            vec![fb.clone()],
            "an article's file is not an abandoned upload"
        );
        store
            .remove_kb_file(a, &fa, KbAuthor::Named("seed"), T0 + 1)
            .await
            .unwrap();
        assert!(matches!(
            store
                .remove_kb_file(a, &fa, KbAuthor::Named("seed"), T0 + 1)
                .await,
            Err(StoreError::NotFound)
        ));
        assert!(store.kb_article(a).await.unwrap().files.is_empty());
        let actions: Vec<KbAction> = store
            .kb_history(a)
            .await
            .unwrap()
            .iter()
            .map(|h| h.action)
            .collect();
        assert_eq!(&actions[..2], &[KbAction::FileRemoved, KbAction::FileAdded]);
    })
    .await;
}

#[tokio::test]
async fn votes_bot_answers_and_hand_overs_make_the_deflection_figures() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        assert!(!store.kb_bot("shop").await.unwrap(), "off by default");
        store.set_kb_bot("shop", true).await.unwrap();
        assert!(store.kb_bot("shop").await.unwrap());
        assert!(!store.kb_bot("other").await.unwrap());
        assert!(matches!(
            store.set_kb_bot("nowhere", true).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.kb_bot("nowhere").await,
            Err(StoreError::NotFound)
        ));

        let a = store
            .create_kb_article("shop", "fees", None, KbAuthor::Named("seed"), T0)
            .await
            .unwrap();
        let alone = conversation(&*store, "shop", "v1", None).await;
        let handed = conversation(&*store, "shop", "v2", None).await;
        let human = conversation(&*store, "shop", "v3", None).await;
        let event = |kind, conversation_id: Option<i64>| KbEvent {
            site: "shop".into(),
            article_id: a,
            locale: "en".into(),
            kind,
            visitor_id: Some("v1".into()),
            conversation_id,
            at: T0 + 10,
        };
        store
            .record_kb_event(&event(KbEventKind::Offered, Some(alone)))
            .await
            .unwrap();
        store
            .record_kb_event(&event(KbEventKind::Helpful, Some(alone)))
            .await
            .unwrap();
        store
            .record_kb_event(&event(KbEventKind::Offered, Some(handed)))
            .await
            .unwrap();
        store
            .record_kb_event(&event(KbEventKind::NotHelpful, Some(handed)))
            .await
            .unwrap();
        store
            .record_kb_event(&event(KbEventKind::Viewed, None))
            .await
            .unwrap();
        store.mark_bot_answered(alone).await.unwrap();
        store.mark_bot_answered(handed).await.unwrap();
        store.hold_for_bot(handed).await.unwrap();
        store.hold_for_bot(alone).await.unwrap();
        assert_eq!(store.bot_held("shop").await.unwrap(), {
            let mut held = vec![alone, handed];
            held.sort();
            held
        });
        assert!(store.bot_held("other").await.unwrap().is_empty());
        assert_eq!(
            store.bot_part(handed).await.unwrap(),
            BotPart {
                holding: true,
                answered: true,
                handed_over_at: None
            }
        );
        assert!(store.mark_handed_over(handed, T0 + 20).await.unwrap());
        assert!(
            !store.mark_handed_over(handed, T0 + 30).await.unwrap(),
            "handed over once"
        );
        assert_eq!(store.bot_held("shop").await.unwrap(), vec![alone]);
        assert!(matches!(
            store.mark_bot_answered(999_999).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.mark_handed_over(999_999, T0).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.hold_for_bot(999_999).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            store.bot_part(handed).await.unwrap(),
            BotPart {
                holding: false,
                answered: true,
                handed_over_at: Some(T0 + 20)
            },
            "the first hand-over counts"
        );
        assert_eq!(store.bot_part(human).await.unwrap(), BotPart::default());
        assert!(matches!(
            store.bot_part(999_999).await,
            Err(StoreError::NotFound)
        ));
        // The stats count conversations handed over; `alone` still held
        // counts as answered by the bot alone.
        let trail = store.conversation_kb_events(handed).await.unwrap();
        assert_eq!(
            trail.iter().map(|e| e.kind).collect::<Vec<_>>(),
            vec![KbEventKind::Offered, KbEventKind::NotHelpful]
        );
        let stats = store.kb_stats("shop", T0).await.unwrap();
        assert_eq!((stats.bot_alone, stats.handed_over), (1, 1));
        assert_eq!(stats.articles.get(&a), Some(&[1, 1, 1, 2]));
        let later = store.kb_stats("shop", T0 + 11).await.unwrap();
        assert!(later.articles.is_empty());
        assert_eq!(
            store.kb_stats("other", T0).await.unwrap(),
            Default::default()
        );
    })
    .await;
}
