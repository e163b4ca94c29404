//! Internal notes over real websockets: every desk gets them live with the
//! mentioned colleagues resolved; the customer's widget never does, neither
//! live nor when it resumes; a repeated `client_id` stores one note.

use crate::common;

use std::time::Duration;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, say};
use serde_json::json;

#[tokio::test]
async fn notes_reach_desks_with_mentions_and_never_the_customer() {
    let app = TestApp::start().await;
    let (mut desk, welcome) = app.desk().await;
    let admin_id = welcome["agent"]["id"].as_i64().unwrap();
    // A colleague to mention.
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = common::admin_form(
        &app,
        &cookie,
        "/api/admin/staff",
        &[
            ("email", "li.wei@x.test"),
            ("name", "Li Wei"),
            ("password", "a long enough password"),
        ],
    )
    .await;
    let li: i64 = loc
        .strip_prefix("/desk/staff?saved=")
        .unwrap()
        .parse()
        .unwrap();

    let (mut v, hello) = app.hello(None, 0).await;
    let token = hello["token"].as_str().unwrap().to_owned();
    let first = say(&mut v, "c1", "My parcel is stuck").await;
    let id = first["conversation_id"].as_i64().unwrap();

    let secret = "Customer was rude on the phone; @Li Wei please take over, @li.wei again";
    desk.send(json!({"type": "note", "conversation_id": id, "client_id": "n1", "body": secret}))
        .await;
    let note = desk.recv_type("note").await["note"].clone();
    assert_eq!(note["body"], secret);
    assert_eq!(note["agent_id"].as_i64(), Some(admin_id));
    assert_eq!(note["mentions"], json!([li]), "named twice, mentioned once");
    // Idempotent: the same client_id answers with the stored note, no second one.
    desk.send(json!({"type": "note", "conversation_id": id, "client_id": "n1", "body": secret}))
        .await;
    assert_eq!(desk.recv_type("note").await["note"]["id"], note["id"]);
    // Empty notes and unknown conversations are refused with codes.
    desk.send(json!({"type": "note", "conversation_id": id, "client_id": "n2", "body": "   "}))
        .await;
    assert_eq!(desk.recv_type("error").await["code"], "message_empty");
    desk.send(json!({"type": "note", "conversation_id": 999_999, "client_id": "n3", "body": "x"}))
        .await;
    assert_eq!(desk.recv_type("error").await["code"], "not_found");

    // The detail carries the notes.
    desk.send(json!({"type": "open", "conversation_id": id}))
        .await;
    let detail = loop {
        let d = desk.recv_type("detail").await["detail"].clone();
        if d["conversation_id"] == id {
            break d;
        }
    };
    assert_eq!(detail["notes"].as_array().unwrap().len(), 1);

    // The customer never hears of it: nothing live...
    while let Some(f) = v.try_recv(Duration::from_millis(300)).await {
        assert!(!f.to_string().contains("rude"), "leaked live: {f}");
    }
    // ...nor when resuming from the start.
    let (mut again, welcome) = app.hello(Some(&token), 0).await;
    assert_eq!(welcome["conversation_id"].as_i64(), Some(id));
    let mut seen = 0;
    while let Some(f) = again.try_recv(Duration::from_millis(300)).await {
        assert!(!f.to_string().contains("rude"), "leaked on resume: {f}");
        seen += usize::from(f["type"] == "message");
    }
    assert_eq!(seen, 1, "the backlog is the customer's one message");
    app.stop().await;
}
