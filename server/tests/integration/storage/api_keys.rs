//! `ApiKeyStore`: keys kept as hashes per site, used and revoked; the
//! API's cursor pages of a site's conversations.

use parley::domain::api_access::Scope;
use parley::storage::{NewApiKey, StoreError};
use parley_app::protocol::StaffRole;

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
                    .site_conversations("shop", before, limit)
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
    })
    .await;
}
