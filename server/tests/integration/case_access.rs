//! Issue 13, M5 and the `after_seq` finding: the case panel and the files of
//! a customer follow the access rule per conversation. An agent who may see
//! one of a customer's conversations learns nothing of another they may not
//! see — no preview in the case panel's history, no download of its photo.

use crate::common;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, PNG, TestApp, Ws, detail_of};
use serde_json::json;

#[tokio::test]
async fn m5_history_and_downloads_follow_the_access_rule_per_conversation() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let xavier = common::agent_session(&app, &admin, "xavier@test.local").await;
    let yara = common::agent_session(&app, &admin, "yara@test.local").await;
    let (_c, token, first) = app.customer(None, "Where is my parcel?").await;
    let visitor = {
        let (_v, w) = app.hello(Some(&token), 0).await;
        w["visitor_id"].as_str().unwrap().to_owned()
    };
    let dir = app.stop().await;

    // The same customer's second case, with a photo of the damage (as the
    // store keeps it: a file on disk, a record attached to that case).
    let photo = "0123456789abcdef0123456789abcdef";
    let second = {
        use parley::storage::AttachmentRecord;
        use parley::storage::prelude::*;
        let store = common::open_store(&dir).await;
        let id = common::stored_conversation(&store, &visitor).await;
        std::fs::create_dir_all(dir.join("attachments")).unwrap();
        std::fs::write(dir.join("attachments").join(photo), PNG).unwrap();
        store
            .create_attachment(&AttachmentRecord {
                id: photo.into(),
                site: "demo".into(),
                visitor_id: Some(visitor.clone()),
                file_name: "damage.png".into(),
                content_type: "image/png".into(),
                size: PNG.len() as i64,
                sha256: String::new(),
                created_at: parley::state::now_ms(),
                conversation_id: None,
            })
            .await
            .unwrap();
        store.attach_files(id, &visitor, &[photo]).await.unwrap();
        store.close().await;
        id
    };
    let app = TestApp::start_in(dir).await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let xavier_id = common::me(&app, &xavier).await["agent"]["id"]
        .as_i64()
        .unwrap();
    let yara_id = common::me(&app, &yara).await["agent"]["id"]
        .as_i64()
        .unwrap();
    // The first case is Xavier's, the second Yara's.
    let (mut desk, _) = app.desk().await;
    for (id, to) in [(first, xavier_id), (second, yara_id)] {
        common::detail_of(&mut desk, id).await;
        desk.send(json!({"type": "transfer", "conversation_id": id, "agent_id": to}))
            .await;
        common::detail_where(&mut desk, id, |_| true).await;
    }
    // The admin sees both in the case panel.
    let d = detail_of(&mut desk, first).await;
    let ids: Vec<i64> = d["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert!(ids.contains(&second), "{ids:?}");

    // Xavier opens his case: Yara's is not in its history, nor its preview.
    let mut x = Ws::connect(app.addr, "/ws/desk", Some(&xavier), Some(&app.origin()))
        .await
        .unwrap();
    x.send(json!({"type": "hello", "v": 1})).await;
    x.recv_type("welcome").await;
    let d = detail_of(&mut x, first).await;
    assert!(
        d["history"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["id"] != second),
        "{d}"
    );
    // Nor may he download the photo of Yara's case.
    let get = |cookie: String| {
        let url = app.url(&format!("/api/attachments/{photo}"));
        async move {
            common::http()
                .get(url)
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(get(xavier.clone()).await, 403);
    assert_eq!(get(yara.clone()).await, 200, "the case's agent");
    assert_eq!(get(admin.clone()).await, 200);

    // `after_seq: -1` is a bad frame, not the whole history unaudited.
    x.send(json!({"type": "open", "conversation_id": first, "after_seq": -1}))
        .await;
    assert_eq!(x.recv_type("error").await["code"], "invalid_frame");
    app.stop().await;
}
