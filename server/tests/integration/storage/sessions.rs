//! `SessionStore`: sessions, failed sign-ins and second factors.

use parley::storage::{NewSession, SessionStage, StoreError};
use parley_app::protocol::StaffRole;

use super::{T0, agent, each};

fn new_session(token: &str, agent_id: i64, now: i64) -> NewSession<'_> {
    NewSession {
        token_hash: token,
        agent_id,
        stage: SessionStage::Mfa,
        ip: Some("203.0.113.7"),
        now,
        expires_at: now + 3_600_000,
    }
}

#[tokio::test]
async fn a_session_lives_until_it_expires_moves_through_stages_and_ends() {
    each(|store| async move {
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        store
            .create_session(&new_session("t1", ana, T0))
            .await
            .unwrap();
        let s = store.session("t1", T0).await.unwrap().unwrap();
        assert_eq!(s.token_hash, "t1");
        assert_eq!(s.agent.id, ana);
        assert_eq!(s.stage, SessionStage::Mfa);
        assert_eq!(s.created_at, T0);
        assert_eq!(s.last_seen, T0);
        assert_eq!(s.expires_at, T0 + 3_600_000);
        assert_eq!(s.ip.as_deref(), Some("203.0.113.7"));
        assert!(store.session("t1", T0 + 3_600_000).await.unwrap().is_none());
        assert!(store.session("nope", T0).await.unwrap().is_none());

        store.touch_session("t1", T0 + 5_000).await.unwrap();
        // Never moves back.
        store.touch_session("t1", T0 + 1_000).await.unwrap();
        assert_eq!(
            store.session("t1", T0).await.unwrap().unwrap().last_seen,
            T0 + 5_000
        );
        store
            .set_session_stage("t1", SessionStage::Full)
            .await
            .unwrap();
        assert_eq!(
            store.session("t1", T0).await.unwrap().unwrap().stage,
            SessionStage::Full
        );
        store.delete_session("t1").await.unwrap();
        assert!(store.session("t1", T0).await.unwrap().is_none());
    })
    .await;
}

#[tokio::test]
async fn sessions_are_listed_newest_first_and_revoked_all_but_one() {
    each(|store| async move {
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        let bo = agent(&*store, "bo@x", StaffRole::Mid, &[]).await;
        for (i, token) in ["a1", "a2", "a3"].into_iter().enumerate() {
            store
                .create_session(&new_session(token, ana, T0 + i as i64))
                .await
                .unwrap();
        }
        store
            .create_session(&new_session("b1", bo, T0))
            .await
            .unwrap();
        let listed: Vec<String> = store
            .sessions_of(ana, T0 + 10)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.token_hash)
            .collect();
        assert_eq!(listed, ["a3", "a2", "a1"]);
        assert!(
            store
                .sessions_of(ana, T0 + 7_200_000)
                .await
                .unwrap()
                .is_empty()
        );

        assert_eq!(store.revoke_sessions(ana, Some("a2")).await.unwrap(), 2);
        let left: Vec<String> = store
            .sessions_of(ana, T0)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.token_hash)
            .collect();
        assert_eq!(left, ["a2"]);
        assert_eq!(store.revoke_sessions(ana, None).await.unwrap(), 1);
        assert!(store.session("b1", T0).await.unwrap().is_some());
    })
    .await;
}

#[tokio::test]
async fn failed_sign_ins_count_up_lock_and_clear() {
    each(|store| async move {
        let ana = agent(&*store, "ana@x", StaffRole::Mid, &[]).await;
        assert_eq!(store.record_login_failure(ana, None).await.unwrap(), 1);
        assert_eq!(
            store
                .record_login_failure(ana, Some(T0 + 900_000))
                .await
                .unwrap(),
            2
        );
        // A later failure without a lock keeps the lock.
        assert_eq!(store.record_login_failure(ana, None).await.unwrap(), 3);
        let creds = store.agent_by_email("ana@x").await.unwrap().unwrap();
        assert_eq!((creds.failed_logins, creds.locked_until), (3, T0 + 900_000));
        store.clear_login_failures(ana).await.unwrap();
        let creds = store.agent_by_email("ana@x").await.unwrap().unwrap();
        assert_eq!((creds.failed_logins, creds.locked_until), (0, 0));
        assert!(matches!(
            store.record_login_failure(9_999, None).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn a_second_factor_is_enrolled_used_once_per_step_and_reset() {
    each(|store| async move {
        let ana = agent(&*store, "ana@x", StaffRole::Admin, &[]).await;
        let t = store.totp(ana).await.unwrap();
        assert_eq!((t.secret, t.pending), (None, None));
        // A second request shows the same pending secret.
        assert_eq!(store.begin_totp_pending(ana, "s1").await.unwrap(), "s1");
        assert_eq!(store.begin_totp_pending(ana, "s2").await.unwrap(), "s1");
        assert_eq!(
            store.totp(ana).await.unwrap().pending.as_deref(),
            Some("s1")
        );

        let hashes = vec!["h1".to_string(), "h2".to_string()];
        store
            .enable_totp(ana, "s1", &hashes, "sealed-codes", T0)
            .await
            .unwrap();
        let t = store.totp(ana).await.unwrap();
        assert_eq!(t.secret.as_deref(), Some("s1"));
        assert_eq!(t.pending, None);
        assert!(
            store
                .agent_by_email("ana@x")
                .await
                .unwrap()
                .unwrap()
                .totp_enabled
        );
        assert_eq!(
            store.take_recovery_reveal(ana).await.unwrap().as_deref(),
            Some("sealed-codes")
        );
        assert_eq!(store.take_recovery_reveal(ana).await.unwrap(), None);

        assert!(store.use_totp_step(ana, 100).await.unwrap());
        assert!(!store.use_totp_step(ana, 100).await.unwrap());
        assert!(!store.use_totp_step(ana, 99).await.unwrap());
        assert!(store.use_totp_step(ana, 101).await.unwrap());
        assert_eq!(store.totp(ana).await.unwrap().last_step, 101);

        assert_eq!(store.recovery_codes_left(ana).await.unwrap(), 2);
        assert!(store.use_recovery_code(ana, "h1", T0).await.unwrap());
        assert!(!store.use_recovery_code(ana, "h1", T0).await.unwrap());
        assert!(!store.use_recovery_code(ana, "unknown", T0).await.unwrap());
        assert_eq!(store.recovery_codes_left(ana).await.unwrap(), 1);

        // Enrolling again replaces the codes.
        store
            .enable_totp(ana, "s3", &["h9".to_string()], "again", T0)
            .await
            .unwrap();
        assert_eq!(store.recovery_codes_left(ana).await.unwrap(), 1);
        assert!(!store.use_recovery_code(ana, "h2", T0).await.unwrap());

        store.disable_totp(ana).await.unwrap();
        let t = store.totp(ana).await.unwrap();
        assert_eq!((t.secret, t.pending), (None, None));
        assert!(
            !store
                .agent_by_email("ana@x")
                .await
                .unwrap()
                .unwrap()
                .totp_enabled
        );
        assert_eq!(store.recovery_codes_left(ana).await.unwrap(), 0);
        assert!(matches!(store.totp(9_999).await, Err(StoreError::NotFound)));
    })
    .await;
}
