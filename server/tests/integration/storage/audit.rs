//! `AuditStore`: lines appended and read back by filter, newest first;
//! the first line's time; monthly reviews, once per site and month.

use parley::storage::{AuditFilter, AuditRecord, AuditReview};
use parley_app::protocol::StaffRole;

use super::{T0, agent, each, site};

fn line(at: i64, actor: &str, action: &str, conversation_id: Option<i64>) -> AuditRecord {
    AuditRecord {
        id: 0,
        at,
        actor_id: None,
        actor: actor.into(),
        action: action.into(),
        site: Some("shop".into()),
        conversation_id,
        detail: serde_json::json!({ "n": at - T0 }),
        ip: Some("198.51.100.4".into()),
    }
}

#[tokio::test]
async fn the_audit_log_filters_by_action_actor_conversation_and_time() {
    each(|store| async move {
        let lines = [
            line(T0, "ana@x", "sign_in", None),
            line(T0 + 1, "Bo@X", "view_conversation", Some(7)),
            line(T0 + 2, "ana@x", "view_conversation", Some(8)),
            line(T0 + 3, "system", "retention", Some(7)),
        ];
        for l in &lines {
            store.audit(l).await.unwrap();
        }
        let read = |filter: AuditFilter, limit: i64| {
            let store = store.clone();
            async move {
                store
                    .audit_log(&filter, limit)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|l| l.at - T0)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(read(AuditFilter::default(), 10).await, vec![3, 2, 1, 0]);
        assert_eq!(read(AuditFilter::default(), 2).await, vec![3, 2]);
        let all = store.audit_log(&AuditFilter::default(), 10).await.unwrap();
        let mut expected = lines[3].clone();
        expected.id = all[0].id;
        assert_eq!(all[0], expected);
        assert!(all[0].id > all[1].id);
        assert_eq!(
            read(
                AuditFilter {
                    action: Some("view_conversation".into()),
                    ..AuditFilter::default()
                },
                10
            )
            .await,
            vec![2, 1]
        );
        assert_eq!(
            read(
                AuditFilter {
                    actor: Some("bo@x".into()),
                    ..AuditFilter::default()
                },
                10
            )
            .await,
            vec![1]
        );
        assert_eq!(
            read(
                AuditFilter {
                    conversation_id: Some(7),
                    ..AuditFilter::default()
                },
                10
            )
            .await,
            vec![3, 1]
        );
        assert_eq!(
            read(
                AuditFilter {
                    from: Some(T0 + 1),
                    until: Some(T0 + 3),
                    ..AuditFilter::default()
                },
                10
            )
            .await,
            vec![2, 1]
        );
    })
    .await;
}

#[tokio::test]
async fn a_month_of_a_sites_log_is_reviewed_once() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let ada = agent(&*store, "ada@x", StaffRole::Admin, &[]).await;
        let first = store.first_audit_at().await.unwrap();
        store
            .audit(&line(T0 - 5, "ada@x", "sign_in", None))
            .await
            .unwrap();
        store
            .audit(&line(T0, "ada@x", "sign_in", None))
            .await
            .unwrap();
        let now_first = store.first_audit_at().await.unwrap().unwrap();
        assert!(now_first <= T0 - 5);
        assert!(first.is_none_or(|f| f == now_first));

        let review = |site: &str, month: &str, note: &str, at: i64| AuditReview {
            site: site.into(),
            month: month.into(),
            agent_id: ada,
            agent_name: String::new(),
            note: note.into(),
            at,
        };
        assert!(
            store
                .review_audit_month(&review("shop", "2027-01", "checked", T0))
                .await
                .unwrap()
        );
        assert!(
            !store
                .review_audit_month(&review("shop", "2027-01", "again", T0 + 1))
                .await
                .unwrap()
        );
        assert!(
            store
                .review_audit_month(&review("shop", "2027-02", "fine", T0 + 2))
                .await
                .unwrap()
        );
        assert!(
            store
                .review_audit_month(&review("other", "2027-01", "other site", T0 + 3))
                .await
                .unwrap()
        );
        let shop = store.audit_reviews("shop").await.unwrap();
        assert_eq!(
            shop.iter()
                .map(|r| (r.month.as_str(), r.note.as_str(), r.at))
                .collect::<Vec<_>>(),
            [("2027-02", "fine", T0 + 2), ("2027-01", "checked", T0)]
        );
        assert_eq!(shop[0].agent_name, "ada@x");
        assert!(store.audit_reviews("nowhere").await.unwrap().is_empty());
    })
    .await;
}
