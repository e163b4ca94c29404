//! `AuditStore`: lines appended and read back by filter, newest first.

use parley::storage::{AuditFilter, AuditRecord};

use super::{T0, each};

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
