//! Issue 21, R-QA4: the case library from real conversations — a resolved
//! case is added with the customer left out, found from a later
//! conversation in the case panel (in Chinese too, with the knowledge
//! base's segmenter) and on the library page; once only; taken out by a
//! supervisor or admin; the refusals.

use serde_json::{Value, json};

use crate::common::{self, TestApp, Ws, post_form};

/// A customer reading `locale` who wrote `body`; their socket and the
/// conversation's id.
async fn customer_in(app: &TestApp, locale: &str, body: &str) -> (Ws, i64) {
    let mut ws = app.visitor().await;
    ws.send(json!({"type": "hello", "v": 1, "site": "demo", "locale": locale}))
        .await;
    ws.recv_type("welcome").await;
    ws.send(json!({"type": "send", "client_id": "c1", "body": body,
        "intake": {"category": "other", "facts": {}}}))
        .await;
    let id = ws.recv_type("ack").await["message"]["conversation_id"]
        .as_i64()
        .unwrap();
    (ws, id)
}

async fn resolve(desk: &mut Ws, customer: &mut Ws, id: i64) {
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "assign"}))
        .await;
    common::reply(desk, id, &format!("r{id}"), "Done.").await;
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    while customer.recv_type("status").await["status"] != "resolved" {}
}

async fn library_of(desk: &mut Ws, frame: Value) -> Value {
    desk.send(frame).await;
    desk.recv_type("library").await
}

async fn add(desk: &mut Ws, id: i64, demand: &str, solution: &str) -> Value {
    desk.send(json!({"type": "add_to_library", "conversation_id": id,
        "demand": demand, "solution": solution}))
        .await;
    loop {
        let v = desk.recv().await;
        if v["type"] == "library" || v["type"] == "error" {
            return v;
        }
    }
}

/// `/desk/library`'s data as `cookie` sees it.
async fn page(app: &TestApp, cookie: &str, site: &str, q: &str) -> (u16, Value) {
    let resp = common::client()
        .post(app.url("/api/library"))
        .header("cookie", cookie)
        .header("origin", app.origin())
        .form(&[("site", site), ("query", q), ("locale", "en")])
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&body).unwrap_or(Value::String(body)),
    )
}

#[tokio::test]
async fn a_resolved_case_is_added_anonymised_and_found_from_a_later_conversation() {
    let app = TestApp::start_two_sites().await;
    let (mut desk, _) = app.desk().await;
    let (mut first, one) = customer_in(
        &app,
        "en",
        "The label on my parcel shows the wrong postcode, I paid with 4111 1111 1111 1111",
    )
    .await;

    // Not resolved yet: refused.
    let refused = add(&mut desk, one, "Wrong postcode", "New label").await;
    assert_eq!(refused["code"], "case_not_resolved");
    resolve(&mut desk, &mut first, one).await;
    // Empty and overlong texts.
    assert_eq!(
        add(&mut desk, one, "  ", "x").await["code"],
        "message_empty"
    );
    assert_eq!(
        add(&mut desk, one, "x", &"y".repeat(2001)).await["code"],
        "text_too_long"
    );
    // Added, the customer left out.
    let added = add(
        &mut desk,
        one,
        "Label shows the wrong postcode; customer (ana@example.com, +44 7700 900123) \
         paid with 4111 1111 1111 1111",
        "Cancelled the label and sent a new one with the corrected postcode",
    )
    .await;
    assert_eq!(added["type"], "library", "{added}");
    let own = &added["own"];
    assert_eq!(own["conversation_id"], one);
    assert_eq!(
        own["demand"],
        "Label shows the wrong postcode; customer ([email], [phone]) paid with 4111 11•• •••• 1111"
    );
    assert_eq!(own["locale"], "en");
    assert_eq!(own["added_by"], "Admin");
    assert_eq!(
        add(&mut desk, one, "again", "again").await["code"],
        "already_in_library"
    );

    // A later conversation: the case panel finds it.
    let (_second, two) = customer_in(
        &app,
        "en",
        "Hello, my parcel label has a wrong postcode on it",
    )
    .await;
    let similar = library_of(
        &mut desk,
        json!({"type": "similar_cases", "conversation_id": two}),
    )
    .await;
    assert_eq!(similar["conversation_id"], two);
    assert!(similar["own"].is_null());
    assert_eq!(similar["cases"][0]["conversation_id"], one, "{similar}");
    // Its own case is never "similar" to itself.
    let itself = library_of(
        &mut desk,
        json!({"type": "similar_cases", "conversation_id": one}),
    )
    .await;
    assert_eq!(itself["own"]["conversation_id"], one);
    assert!(
        !itself["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["conversation_id"] == one)
    );
    // Unrelated words find nothing.
    let none = library_of(
        &mut desk,
        json!({"type": "similar_cases", "conversation_id": two, "query": "qqqzzz"}),
    )
    .await;
    assert_eq!(none["cases"], json!([]));

    // Chinese: 运费 (two characters) is found in a Chinese case.
    let (mut zh_first, zh_one) = customer_in(&app, "zh-CN", "你好，运费太贵了").await;
    resolve(&mut desk, &mut zh_first, zh_one).await;
    let added = add(
        &mut desk,
        zh_one,
        "客户觉得运费太贵",
        "说明了运费的计算方式并提供优惠券",
    )
    .await;
    assert_eq!(added["own"]["locale"], "zh-CN", "{added}");
    let (_zh_two, zh_two) = customer_in(&app, "zh-CN", "运费多少？").await;
    let found = library_of(
        &mut desk,
        json!({"type": "similar_cases", "conversation_id": zh_two}),
    )
    .await;
    assert_eq!(found["cases"][0]["conversation_id"], zh_one, "{found}");

    // The library page: searched, newest first without a search.
    let admin = app
        .login(common::ADMIN_EMAIL, common::ADMIN_PASSWORD)
        .await
        .unwrap();
    let (status, listed) = page(&app, &admin, "demo", "postcode").await;
    assert_eq!(status, 200, "{listed}");
    assert_eq!(listed["cases"][0]["conversation_id"], one);
    assert_eq!(listed["may_curate"], true);
    let (_, newest) = page(&app, &admin, "demo", "").await;
    assert_eq!(newest["cases"][0]["conversation_id"], zh_one);
    assert_eq!(newest["cases"].as_array().unwrap().len(), 2);
    // Another site's admin learns nothing of it.
    let acme = common::create_staff(&app, &admin, "acme@lib.test", "admin", "acme").await;
    assert!(acme.starts_with("/desk/staff?saved="), "{acme}");
    let acme = app
        .login("acme@lib.test", "a long enough password")
        .await
        .unwrap();
    let (status, _) = page(&app, &acme, "demo", "").await;
    assert_ne!(status, 200);
    let case_id = listed["cases"][0]["id"].as_i64().unwrap();
    let (status, _) = post_form(
        &app,
        &acme,
        &format!("/api/admin/sites/demo/library/{case_id}/remove"),
        &[],
    )
    .await;
    assert_eq!(status, 404);

    // Taken out by the admin: gone from the panel and the page.
    let (status, location) = post_form(
        &app,
        &admin,
        &format!("/api/admin/sites/demo/library/{case_id}/remove"),
        &[],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            format!("/desk/library?site=demo&removed={case_id}").as_str()
        )
    );
    let (_, again) = post_form(
        &app,
        &admin,
        &format!("/api/admin/sites/demo/library/{case_id}/remove"),
        &[],
    )
    .await;
    assert_eq!(again, "/desk/library?site=demo&error=not_found");
    let after = library_of(
        &mut desk,
        json!({"type": "similar_cases", "conversation_id": two}),
    )
    .await;
    assert!(
        !after["cases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["conversation_id"] == one),
        "{after}"
    );
    app.stop().await;
}
