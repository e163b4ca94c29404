//! `StaffStore`: accounts, passwords and the viewer the access rule reads.

use parley::domain::access::Viewer;
use parley::storage::{AgentRouting, StoreError};
use parley_app::protocol::StaffRole;

use super::{T0, agent, each, site, team};

#[tokio::test]
async fn accounts_are_created_once_per_email_and_found_case_insensitively() {
    each(|store| async move {
        assert_eq!(store.count_agents().await.unwrap(), 0);
        let ana = store
            .create_agent(
                "ana@shop.example",
                "Ana",
                "$argon2id$one",
                StaffRole::Senior,
                &["shop".to_string()],
                T0,
            )
            .await
            .unwrap();
        assert_eq!(ana.email, "ana@shop.example");
        assert_eq!(ana.name, "Ana");
        assert_eq!(ana.role, StaffRole::Senior);
        assert_eq!(ana.sites, vec!["shop".to_string()]);
        assert!(matches!(
            store
                .create_agent("ana@shop.example", "Other", "h", StaffRole::Mid, &[], T0)
                .await,
            Err(StoreError::Conflict)
        ));
        let bo = agent(&*store, "bo@shop.example", StaffRole::Admin, &[]).await;
        assert_eq!(store.count_agents().await.unwrap(), 2);

        let creds = store
            .agent_by_email("ANA@Shop.Example")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(creds.profile, ana);
        assert_eq!(creds.password_hash, "$argon2id$one");
        assert_eq!(creds.failed_logins, 0);
        assert_eq!(creds.locked_until, 0);
        assert!(!creds.totp_enabled);
        assert!(!creds.password_reset_required);
        assert!(store.agent_by_email("nobody@x").await.unwrap().is_none());

        assert_eq!(store.agent(ana.id).await.unwrap(), ana);
        assert!(matches!(
            store.agent(9_999).await,
            Err(StoreError::NotFound)
        ));
        // By name: Ana before bo.
        let all: Vec<i64> = store.agents().await.unwrap().iter().map(|a| a.id).collect();
        assert_eq!(all, vec![ana.id, bo]);
    })
    .await;
}

#[tokio::test]
async fn a_required_password_change_is_cleared_by_a_new_password() {
    each(|store| async move {
        let id = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        store.require_password_change(id).await.unwrap();
        let creds = store.agent_by_email("ana@x").await.unwrap().unwrap();
        assert!(creds.password_reset_required);
        store.set_password(id, "$argon2id$new").await.unwrap();
        let creds = store.agent_by_email("ana@x").await.unwrap().unwrap();
        assert!(!creds.password_reset_required);
        assert_eq!(creds.password_hash, "$argon2id$new");
        assert!(matches!(
            store.set_password(9_999, "h").await,
            Err(StoreError::NotFound)
        ));
        assert!(matches!(
            store.require_password_change(9_999).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn the_viewer_holds_role_sites_teams_supervised_teams_and_live_grants() {
    each(|store| async move {
        site(&*store, "shop").await;
        let sup = agent(&*store, "sup@x", StaffRole::Supervisor, &["shop"]).await;
        let apac = team(&*store, "shop", "APAC", Some(sup)).await;
        let emea = team(&*store, "shop", "EMEA", None).await;
        store
            .set_agent_routing(
                sup,
                &AgentRouting {
                    teams: vec![emea],
                    sites: vec!["shop".into()],
                    capacity: 3,
                    ..AgentRouting::default()
                },
            )
            .await
            .unwrap();
        let c = super::conversation(&*store, "shop", "v1", None).await;
        let expired = super::conversation(&*store, "shop", "v2", None).await;
        for (conversation, expires) in [(c, T0 + 60_000), (expired, T0 + 10)] {
            let id = store
                .create_access_request(sup, conversation, "audit", T0)
                .await
                .unwrap();
            store
                .decide_access(id, sup, true, Some(expires), T0)
                .await
                .unwrap();
        }
        let v = store.viewer(sup, T0 + 1_000).await.unwrap();
        assert_eq!(
            v,
            Viewer {
                id: sup,
                role: StaffRole::Supervisor,
                sites: vec!["shop".into()],
                teams: vec![emea],
                supervises: vec![apac],
                grants: vec![c],
            }
        );
        assert!(matches!(
            store.viewer(9_999, T0).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}
