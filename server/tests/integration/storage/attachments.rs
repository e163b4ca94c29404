//! `AttachmentStore`: upload records, attaching, usage and the sweep.

use parley::storage::{AttachmentRecord, StoreError};

use super::{T0, conversation, each, site};

fn upload(id: char, site: &str, visitor: &str, size: i64, at: i64) -> AttachmentRecord {
    AttachmentRecord {
        id: id.to_string().repeat(32),
        site: site.into(),
        visitor_id: Some(visitor.into()),
        file_name: format!("{id}.pdf"),
        content_type: "application/pdf".into(),
        size,
        sha256: "f".repeat(64),
        created_at: at,
        conversation_id: None,
    }
}

#[tokio::test]
async fn uploads_are_attached_only_by_their_customer_and_swept_when_never_attached() {
    each(|store| async move {
        site(&*store, "shop").await;
        site(&*store, "other").await;
        let c = conversation(&*store, "shop", "v1", None).await;
        conversation(&*store, "shop", "v2", None).await;
        store.touch_visitor("other", "v3", T0).await.unwrap();
        let a = upload('a', "shop", "v1", 100, T0);
        let b = upload('b', "shop", "v2", 200, T0);
        let late = upload('c', "shop", "v1", 50, T0 + 10_000);
        let elsewhere = upload('d', "other", "v3", 1_000, T0);
        for u in [&a, &b, &late, &elsewhere] {
            store.create_attachment(u).await.unwrap();
        }
        assert!(matches!(
            store.create_attachment(&a).await,
            Err(StoreError::Conflict)
        ));
        assert_eq!(store.attachment(&a.id).await.unwrap(), a);
        assert!(matches!(
            store.attachment(&"e".repeat(32)).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(store.site_attachment_bytes("shop").await.unwrap(), 350);
        assert_eq!(store.site_attachment_bytes("nobody").await.unwrap(), 0);

        // v1 names their own upload and v2's: only theirs is attached.
        store.attach_files(c, "v1", &[&a.id, &b.id]).await.unwrap();
        assert_eq!(
            store.attachment(&a.id).await.unwrap().conversation_id,
            Some(c)
        );
        assert_eq!(store.attachment(&b.id).await.unwrap().conversation_id, None);

        let mut swept = store.sweep_unattached(T0 + 1).await.unwrap();
        swept.sort();
        assert_eq!(swept, vec![b.id.clone(), elsewhere.id.clone()]);
        assert!(store.attachment(&late.id).await.is_ok());
        assert!(store.attachment(&a.id).await.is_ok());
        assert_eq!(store.site_attachment_bytes("shop").await.unwrap(), 150);
    })
    .await;
}
