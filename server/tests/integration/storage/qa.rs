//! `QaStore`: score sheets, the conversations resolved in a period, a
//! week's draw (the first stands), its samples (drawn or by hand, once
//! each), reviews (once) and an agent's reviews; and `CaseLibraryStore`.

use parley::domain::qa::Criterion;
use parley::storage::{
    LibraryCase, NewSample, NewTransition, QaReview, QaWeek, ScoredCriterion, StoreError,
};
use parley_app::lifecycle::Actor;
use parley_app::protocol::{ConversationStatus, StaffRole};

use super::{T0, agent, conversation, each, site, team};

const MIN: i64 = 60_000;

async fn resolve(store: &dyn parley::storage::Store, id: i64, owner: i64, at: i64) {
    let mut r = store.record(id).await.unwrap();
    let from = r.status;
    r.assignee_id = Some(owner);
    r.status = ConversationStatus::Resolved;
    store
        .save_record(
            &r,
            Some(NewTransition {
                from,
                to: ConversationStatus::Resolved,
                actor: Actor::Staff,
                agent_id: Some(owner),
                note: None,
                transfer: false,
            }),
            at,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn weeks_are_drawn_once_and_reviews_kept_once() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let sue = agent(&*store, "sue@x", StaffRole::Supervisor, &[]).await;
        let emea = team(&*store, "shop", "EMEA", None).await;

        // Sheets: none until set, then the last one set.
        assert_eq!(store.qa_sheet("shop").await.unwrap(), None);
        let sheet = vec![
            Criterion {
                key: "tone".into(),
                weight: 40,
            },
            Criterion {
                key: "accuracy".into(),
                weight: 60,
            },
        ];
        store.set_qa_sheet("shop", &sheet, sue, T0).await.unwrap();
        store
            .set_qa_sheet("shop", &sheet[..1], sue, T0)
            .await
            .unwrap();
        store
            .set_qa_sheet("shop", &sheet, sue, T0 + 1)
            .await
            .unwrap();
        assert_eq!(store.qa_sheet("shop").await.unwrap(), Some(sheet));
        assert_eq!(store.qa_sheet("other").await.unwrap(), None);

        // Closed in the period: resolved in it, last resolution time; not
        // before, not after, not another site's, not open.
        let one = conversation(&*store, "shop", "v1", Some(emea)).await;
        let two = conversation(&*store, "shop", "v2", None).await;
        let early = conversation(&*store, "shop", "v3", None).await;
        let open = conversation(&*store, "shop", "v4", None).await;
        let foreign = conversation(&*store, "other", "v5", None).await;
        resolve(&*store, one, ana, T0 + MIN).await;
        resolve(&*store, two, sue, T0 + 2 * MIN).await;
        resolve(&*store, early, ana, T0 - MIN).await;
        resolve(&*store, foreign, ana, T0 + MIN).await;
        let closed = store
            .closed_between("shop", T0, T0 + 60 * MIN)
            .await
            .unwrap();
        assert_eq!(
            closed
                .iter()
                .map(|c| (c.id, c.agent, c.team, c.closed_at))
                .collect::<Vec<_>>(),
            [
                (one, Some(ana), Some(emea), T0 + MIN),
                (two, Some(sue), None, T0 + 2 * MIN)
            ]
        );
        assert!(!closed.iter().any(|c| c.id == open));

        // A week: the first draw's seed stands.
        assert_eq!(store.qa_week("shop", "2027-01-11").await.unwrap(), None);
        let week = |seed: i64| QaWeek {
            site: "shop".into(),
            week: "2027-01-11".into(),
            seed,
            time_zone: "Europe/Berlin".into(),
            drawn_at: T0,
            complete_at: None,
        };
        assert_eq!(store.open_qa_week(&week(7)).await.unwrap(), week(7));
        assert_eq!(store.open_qa_week(&week(8)).await.unwrap().seed, 7);
        let drawn = NewSample {
            conversation_id: one,
            agent_id: Some(ana),
            added_by: None,
        };
        assert_eq!(
            store
                .add_qa_samples("shop", "2027-01-11", std::slice::from_ref(&drawn), T0, None)
                .await
                .unwrap(),
            1
        );
        // Again, and by hand: kept once, as first added; completing it.
        let by_hand = NewSample {
            conversation_id: two,
            agent_id: Some(sue),
            added_by: Some(sue),
        };
        assert_eq!(
            store
                .add_qa_samples(
                    "shop",
                    "2027-01-11",
                    &[drawn, by_hand],
                    T0 + 5,
                    Some(T0 + 9)
                )
                .await
                .unwrap(),
            1
        );
        let stored = store.qa_week("shop", "2027-01-11").await.unwrap().unwrap();
        assert_eq!(stored.complete_at, Some(T0 + 9));
        let samples = store.qa_samples("shop", "2027-01-11").await.unwrap();
        assert_eq!(samples.len(), 2);
        assert_eq!(samples[0].conversation_id, one);
        assert_eq!(samples[0].agent, Some((ana, "ana@x".to_owned())));
        assert_eq!(samples[0].team, Some(emea));
        assert_eq!(samples[0].added_by, None);
        assert_eq!(samples[0].added_at, T0);
        assert_eq!(samples[1].added_by.as_deref(), Some("sue@x"));
        assert!(samples.iter().all(|s| s.review.is_none()));
        assert!(
            store
                .qa_samples("other", "2027-01-11")
                .await
                .unwrap()
                .is_empty()
        );

        // A review, once.
        let review = |score: u32, comment: &str| QaReview {
            conversation_id: one,
            site: "shop".into(),
            week: "2027-01-11".into(),
            agent_id: Some(ana),
            agent_name: None,
            reviewer_id: sue,
            reviewer_name: String::new(),
            criteria: vec![ScoredCriterion {
                key: "tone".into(),
                weight: 100,
                points: 3,
            }],
            score,
            comment: comment.into(),
            at: T0 + 20,
        };
        assert!(store.save_qa_review(&review(7_500, "good")).await.unwrap());
        assert!(!store.save_qa_review(&review(0, "again")).await.unwrap());
        let samples = store.qa_samples("shop", "2027-01-11").await.unwrap();
        let r = samples[0].review.as_ref().unwrap();
        assert_eq!((r.score, r.comment.as_str()), (7_500, "good"));
        assert_eq!(r.reviewer_name, "sue@x");
        assert_eq!(r.agent_name.as_deref(), Some("ana@x"));
        assert_eq!(r.criteria[0].points, 3);
        let of_ana = store.qa_reviews_of(ana, 10).await.unwrap();
        assert_eq!(of_ana.len(), 1);
        assert_eq!(of_ana[0].conversation_id, one);
        assert!(store.qa_reviews_of(sue, 10).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn the_case_library_keeps_a_conversation_once_and_feeds_its_changes() {
    each(|store| async move {
        site(&*store, "shop").await;
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let one = conversation(&*store, "shop", "v1", None).await;
        let two = conversation(&*store, "shop", "v2", None).await;
        let (_, mark) = store.library_changes_since(0, 100).await.unwrap();
        let case = |conversation_id: i64, demand: &str, at: i64| LibraryCase {
            id: 0,
            site: "shop".into(),
            conversation_id,
            locale: "de".into(),
            category: Some("logistics".into()),
            rating: Some(5),
            demand: demand.into(),
            solution: "Neues Etikett gesendet".into(),
            added_by: ana,
            added_by_name: String::new(),
            added_at: at,
        };
        let a = store
            .add_library_case(&case(one, "Etikett falsch", T0))
            .await
            .unwrap();
        assert!(matches!(
            store.add_library_case(&case(one, "again", T0)).await,
            Err(StoreError::Conflict)
        ));
        let b = store
            .add_library_case(&case(two, "Paket fehlt", T0 + 1))
            .await
            .unwrap();
        let got = store.library_cases(&[b, a, 999]).await.unwrap();
        assert_eq!(got.iter().map(|c| c.id).collect::<Vec<_>>(), [a, b]);
        assert_eq!(got[0].demand, "Etikett falsch");
        assert_eq!(got[0].rating, Some(5));
        assert_eq!(got[0].added_by_name, "ana@x");
        assert_eq!(
            store
                .site_library("shop", 10)
                .await
                .unwrap()
                .iter()
                .map(|c| c.id)
                .collect::<Vec<_>>(),
            [b, a]
        );
        assert_eq!(store.library_case_of(one).await.unwrap().unwrap().id, a);
        let (changed, next) = store.library_changes_since(mark, 100).await.unwrap();
        assert_eq!(changed, [a, b]);
        // Removed: gone from reads, a change to follow, and the
        // conversation may be added again.
        store.remove_library_case("shop", a, T0 + 5).await.unwrap();
        assert!(matches!(
            store.remove_library_case("shop", a, T0 + 6).await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.remove_library_case("other", b, T0 + 6).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.library_cases(&[a]).await.unwrap(), []);
        assert_eq!(store.library_case_of(one).await.unwrap(), None);
        let (changed, _) = store.library_changes_since(next, 100).await.unwrap();
        assert_eq!(changed, [a]);
        let again = store
            .add_library_case(&case(one, "Etikett", T0 + 7))
            .await
            .unwrap();
        assert_ne!(again, a);
    })
    .await;
}
