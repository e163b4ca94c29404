//! Canned replies: the demo site ships them in every locale with the site
//! greeting first; an admin's new reply reaches open desks live and new
//! desks in their welcome; bad names are refused with a code.

use crate::common;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp};
use serde_json::Value;

fn demo(welcome_or_event: &Value) -> Value {
    match welcome_or_event["canned"].as_array() {
        Some(all) => all.iter().find(|c| c["site"] == "demo").unwrap().clone(),
        None => welcome_or_event["canned"].clone(),
    }
}

async fn post(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> String {
    common::admin_form(app, cookie, "/api/admin/sites/demo/canned", form).await
}

#[tokio::test]
async fn canned_replies_per_locale_reach_desks() {
    let app = TestApp::start().await;
    let (mut desk, welcome) = app.desk().await;
    let site = demo(&welcome);
    assert_eq!(site["default_locale"], "en");
    let keys: Vec<&str> = site["replies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        vec!["greeting", "order-checking", "parcel-in-customs"]
    );
    for reply in site["replies"].as_array().unwrap() {
        assert_eq!(reply["texts"].as_array().unwrap().len(), 6, "{reply}");
    }

    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = post(
        &app,
        &cookie,
        &[
            ("key", "refund-steps"),
            ("text.en", "Refunds for {order_number} take 5 days."),
            ("text.de", ""),
        ],
    )
    .await;
    assert_eq!(loc, "/desk/staff?saved=canned-refund-steps");
    let ev = desk.recv_type("canned").await;
    let live = demo(&ev);
    let refund = live["replies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == "refund-steps")
        .unwrap()
        .clone();
    assert_eq!(
        refund["texts"],
        serde_json::json!([["en", "Refunds for {order_number} take 5 days."]])
    );
    let (_, again) = app.desk().await;
    assert!(
        demo(&again)["replies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["key"] == "refund-steps")
    );

    // Removing its only text removes the reply.
    post(&app, &cookie, &[("key", "refund-steps"), ("text.en", " ")]).await;
    let live = demo(&desk.recv_type("canned").await);
    assert!(
        !live["replies"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["key"] == "refund-steps")
    );

    for bad in ["greeting", "Refund Steps", ""] {
        assert_eq!(
            post(&app, &cookie, &[("key", bad), ("text.en", "x")]).await,
            "/desk/staff?error=reply_key_invalid"
        );
    }
    app.stop().await;
}
