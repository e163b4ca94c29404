//! `ApiKeyStore`: keys kept as hashes per site, used and revoked; the
//! API's cursor pages of a site's conversations.

use parley::domain::api_access::Scope;
use parley::storage::{IdempotencyClaim, NewApiKey, SiteConversations, StoreError};
use parley_app::protocol::{ConversationStatus, StaffRole, Tier};

use super::{T0, agent, conversation, each, site};

#[tokio::test]
async fn keys_are_found_by_hash_until_revoked() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let admin = agent(&*store, "admin@x", StaffRole::Admin, &[]).await;
        let id = store
            .create_api_key(NewApiKey {
                site: "shop",
                name: "Shop back-end",
                scope: Scope::Write,
                prefix: "pk_abcdef",
                token_hash: "hash-1",
                created_by: admin,
                now: T0,
            })
            .await
            .unwrap();
        let found = store.api_key_by_hash("hash-1").await.unwrap().unwrap();
        assert_eq!(
            (
                found.id,
                found.site.as_str(),
                found.scope,
                found.prefix.as_str(),
                found.last_used_at
            ),
            (id, "shop", Scope::Write, "pk_abcdef", None)
        );
        assert_eq!(store.api_key_by_hash("hash-2").await.unwrap(), None);
        store.touch_api_key(id, T0 + 5).await.unwrap();
        assert_eq!(
            store.api_keys("shop").await.unwrap()[0].last_used_at,
            Some(T0 + 5)
        );
        assert!(store.api_keys("other").await.unwrap().is_empty());
        // Only its own site revokes it, once.
        assert!(matches!(
            store.revoke_api_key("other", id, T0 + 6).await,
            Err(StoreError::NotFound)
        ));
        store.revoke_api_key("shop", id, T0 + 7).await.unwrap();
        assert!(matches!(
            store.revoke_api_key("shop", id, T0 + 8).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.api_key_by_hash("hash-1").await.unwrap(), None);
        assert_eq!(
            store.api_keys("shop").await.unwrap()[0].revoked_at,
            Some(T0 + 7)
        );
    })
    .await;
}

#[tokio::test]
async fn a_sites_conversations_come_in_cursor_pages() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let a = conversation(&*store, "shop", "v1", None).await;
        let b = conversation(&*store, "shop", "v2", None).await;
        let c = conversation(&*store, "shop", "v3", None).await;
        conversation(&*store, "other", "v4", None).await;
        let ids = |before, limit| {
            let store = store.clone();
            async move {
                store
                    .site_conversations(SiteConversations {
                        site: "shop",
                        before,
                        limit,
                        status: None,
                        visitor_id: None,
                    })
                    .await
                    .unwrap()
                    .iter()
                    .map(|s| s.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(ids(None, 10).await, vec![c, b, a]);
        assert_eq!(ids(None, 2).await, vec![c, b]);
        assert_eq!(ids(Some(b), 2).await, vec![a]);
        // Filtered by state and by customer.
        let filtered = |status, visitor_id| {
            let store = store.clone();
            async move {
                store
                    .site_conversations(SiteConversations {
                        site: "shop",
                        before: None,
                        limit: 10,
                        status,
                        visitor_id,
                    })
                    .await
                    .unwrap()
                    .iter()
                    .map(|s| s.id)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(filtered(None, Some("v2")).await, vec![b]);
        assert_eq!(
            filtered(Some(ConversationStatus::Received), None).await,
            vec![c, b, a]
        );
        assert!(
            filtered(Some(ConversationStatus::Resolved), None)
                .await
                .is_empty()
        );
        assert!(
            filtered(None, Some("v4")).await.is_empty(),
            "another site's customer"
        );
        // The customer record, of its own site only.
        let v1 = store.site_customer("shop", "v1").await.unwrap();
        assert_eq!(
            (v1.visitor_id.as_str(), v1.tier, v1.owner_id),
            ("v1", Tier::Ordinary, None)
        );
        assert!(v1.first_seen <= v1.last_seen);
        assert!(matches!(
            store.site_customer("other", "v1").await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn an_idempotency_key_is_claimed_once_and_its_answer_kept() {
    each(|store| async move {
        site(&*store, "shop").await;
        let admin = agent(&*store, "admin@x", StaffRole::Admin, &[]).await;
        let key = store
            .create_api_key(NewApiKey {
                site: "shop",
                name: "k",
                scope: Scope::Write,
                prefix: "pk_k",
                token_hash: "hash-k",
                created_by: admin,
                now: T0,
            })
            .await
            .unwrap();
        let claim = |k: &'static str, fp: &'static str, now: i64| {
            let store = store.clone();
            async move {
                store
                    .claim_idempotency(key, k, fp, now, now - 1_000)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(claim("a", "fp1", T0).await, IdempotencyClaim::New);
        assert_eq!(
            claim("a", "fp1", T0 + 1).await,
            IdempotencyClaim::Running {
                fingerprint: "fp1".into()
            }
        );
        store.finish_idempotency(key, "a", 201, "{}").await.unwrap();
        assert_eq!(
            claim("a", "fp2", T0 + 2).await,
            IdempotencyClaim::Done {
                fingerprint: "fp1".into(),
                status: 201,
                response: "{}".into()
            }
        );
        // A released claim (a server failure) runs again.
        assert_eq!(claim("b", "fp", T0).await, IdempotencyClaim::New);
        store.release_idempotency(key, "b").await.unwrap();
        assert_eq!(claim("b", "fp", T0 + 3).await, IdempotencyClaim::New);
        // Expired: forgotten, claimed anew; swept in bulk.
        assert_eq!(claim("a", "fp3", T0 + 5_000).await, IdempotencyClaim::New);
        assert!(matches!(
            store.finish_idempotency(key, "zzz", 200, "{}").await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.purge_idempotency(T0 + 4).await.unwrap(), 1, "b");
        assert_eq!(store.purge_idempotency(T0 + 10_000).await.unwrap(), 1, "a");
    })
    .await;
}
