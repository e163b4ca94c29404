//! `ComplaintStore`: one complaint per conversation, steps saved over the
//! version read (a concurrent change is a conflict), an append-only history,
//! alerts once each, root causes per site, conversations opened per month.

use parley::storage::{ComplaintQuery, ComplaintStep, NewComplaint, StoreError};
use parley_app::complaints::{RootCause, Severity};
use parley_app::protocol::StaffRole;

use super::{T0, agent, conversation, each, site, team};

#[tokio::test]
async fn a_conversation_has_one_complaint_taken_through_its_steps() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let lead = agent(&*store, "lead@x", StaffRole::Supervisor, &[]).await;
        let emea = team(&*store, "shop", "EMEA", Some(lead)).await;
        let c1 = conversation(&*store, "shop", "visitor-one", Some(emea)).await;
        let c2 = conversation(&*store, "shop", "visitor-two", None).await;
        let c3 = conversation(&*store, "other", "visitor-three", None).await;
        let raise = |conversation_id, site, summary, at| {
            let store = store.clone();
            async move {
                store
                    .raise_complaint(NewComplaint {
                        site,
                        conversation_id,
                        category: Some("complaint"),
                        summary,
                        severity: Severity::Ordinary,
                        team_id: Some(emea),
                        raised_by: None,
                        now: at,
                    })
                    .await
                    .unwrap()
            }
        };
        let (first, created) = raise(c1, "shop", "parcel crushed", T0).await;
        assert!(created);
        assert_eq!(
            (
                first.site.as_str(),
                first.conversation_id,
                first.team_id,
                first.steps.raised_at
            ),
            ("shop", c1, Some(emea), T0)
        );
        assert_eq!(first.customer, "VISITO");
        assert_eq!(first.conversation_team, Some(emea));
        // Raised again: the same complaint, unchanged.
        let (again, created) = raise(c1, "shop", "another text", T0 + 5).await;
        assert!(!created);
        assert_eq!(again, first);
        assert_eq!(store.complaint_of(c1).await.unwrap(), Some(first.clone()));
        assert_eq!(store.complaint_of(c2).await.unwrap(), None);

        // A step over the version read; a second writer of that version conflicts.
        let mut next = first.clone();
        next.steps.registered_at = Some(T0 + 60);
        next.owner_id = Some(lead);
        let step = ComplaintStep {
            action: "registered".into(),
            agent_id: Some(lead),
            agent_name: None,
            at: T0 + 60,
            note: "mine".into(),
        };
        let saved = store.update_complaint(&next, &step).await.unwrap();
        assert_eq!(
            (
                saved.owner_id,
                saved.owner_name.as_deref(),
                saved.steps.registered_at,
                saved.version
            ),
            (Some(lead), Some("lead@x"), Some(T0 + 60), first.version + 1)
        );
        assert!(matches!(
            store.update_complaint(&next, &step).await,
            Err(StoreError::Conflict)
        ));
        let mut missing = next.clone();
        missing.id = 9_999;
        assert!(matches!(
            store.update_complaint(&missing, &step).await,
            Err(StoreError::NotFound)
        ));
        let history = store.complaint_steps(first.id).await.unwrap();
        let actions: Vec<&str> = history.iter().map(|s| s.action.as_str()).collect();
        assert_eq!(actions, vec!["raised", "registered"]);
        assert_eq!(history[1].agent_name.as_deref(), Some("lead@x"));
        assert_eq!(history[1].note, "mine");

        // The ledger: sites, dates, open only; newest first.
        let (second, _) = raise(c2, "shop", "late", T0 + 100).await;
        let (third, _) = raise(c3, "other", "rude", T0 + 200).await;
        let ids = |q: ComplaintQuery| {
            let store = store.clone();
            async move {
                store
                    .complaints(&q)
                    .await
                    .unwrap()
                    .iter()
                    .map(|c| c.id)
                    .collect::<Vec<_>>()
            }
        };
        let all = ComplaintQuery {
            limit: 10,
            ..Default::default()
        };
        assert_eq!(ids(all.clone()).await, vec![third.id, second.id, first.id]);
        let shop = ComplaintQuery {
            sites: vec!["shop".into()],
            ..all.clone()
        };
        assert_eq!(ids(shop.clone()).await, vec![second.id, first.id]);
        let window = ComplaintQuery {
            from: Some(T0 + 50),
            until: Some(T0 + 150),
            ..all.clone()
        };
        assert_eq!(ids(window).await, vec![second.id]);
        let mut closed = saved.clone();
        closed.steps.followed_up_at = Some(T0 + 300);
        closed.root_cause = Some("carrier_delay".into());
        let closing = ComplaintStep {
            action: "closed".into(),
            ..step.clone()
        };
        store.update_complaint(&closed, &closing).await.unwrap();
        let open = ComplaintQuery {
            open_only: true,
            ..shop
        };
        assert_eq!(ids(open).await, vec![second.id]);
        assert!(matches!(
            store.complaint(9_999).await,
            Err(StoreError::NotFound)
        ));

        // Alerts once per clock and level.
        assert!(
            store
                .mark_complaint_alert(second.id, "registration", false, T0)
                .await
                .unwrap()
        );
        assert!(
            !store
                .mark_complaint_alert(second.id, "registration", false, T0 + 1)
                .await
                .unwrap()
        );
        assert!(
            store
                .mark_complaint_alert(second.id, "registration", true, T0 + 2)
                .await
                .unwrap()
        );
        assert_eq!(
            store.complaint_alerts(second.id).await.unwrap(),
            vec![
                ("registration".to_owned(), false),
                ("registration".to_owned(), true)
            ]
        );
        // A further conversation of the customer is linked once, to one complaint.
        let c4 = conversation(&*store, "shop", "visitor-one", Some(emea)).await;
        store
            .link_complaint(first.id, c4, lead, T0 + 400)
            .await
            .unwrap();
        assert_eq!(store.complaint_links(first.id).await.unwrap(), vec![c4]);
        assert_eq!(
            store.complaint_of(c4).await.unwrap().map(|c| c.id),
            Some(first.id)
        );
        for taken in [c4, c2] {
            assert!(matches!(
                store.link_complaint(first.id, taken, lead, T0 + 401).await,
                Err(StoreError::Conflict)
            ));
        }
        let history = store.complaint_steps(first.id).await.unwrap();
        assert_eq!(history.last().unwrap().action, "linked");
        assert_eq!(history.last().unwrap().note, format!("#{c4}"));
        // Conversations opened in a window.
        assert_eq!(
            store
                .conversations_opened("shop", T0, T0 + 1)
                .await
                .unwrap(),
            3
        );
        assert_eq!(
            store
                .conversations_opened("shop", T0 + 1, T0 + 2)
                .await
                .unwrap(),
            0
        );
    })
    .await;
}

#[tokio::test]
async fn root_causes_are_per_site() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        assert!(store.root_causes("shop").await.unwrap().is_empty());
        let causes = vec![RootCause {
            key: "late_pickup".into(),
            names: [("en".to_owned(), "Late pick-up".to_owned())].into(),
        }];
        store.set_root_causes("shop", &causes).await.unwrap();
        assert_eq!(store.root_causes("shop").await.unwrap(), causes);
        assert!(store.root_causes("other").await.unwrap().is_empty());
    })
    .await;
}
