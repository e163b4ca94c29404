//! Customer ratings over real websockets (R-QA1): asked after each
//! resolution, 1–5 stars and a comment, one per resolution, shown to staff,
//! card numbers masked, comments destroyed with the customer's data.

use crate::common;

use common::{TestApp, Ws, admin_form, db_text, detail_where};
use serde_json::{Value, json};

/// The visitor's answer to a `rate`: `rated` or `error`.
async fn rate(v: &mut Ws, frame: Value) -> Value {
    v.send(frame).await;
    loop {
        let f = v.recv().await;
        if f["type"] == "rated" || f["type"] == "error" {
            return f;
        }
    }
}

async fn status_is(v: &mut Ws, status: &str) {
    loop {
        if v.recv_type("status").await["status"] == status {
            return;
        }
    }
}

/// The desk takes conversation `id`, answers and resolves it.
async fn resolve(desk: &mut Ws, v: &mut Ws, id: i64, n: u32) {
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "assign"}))
        .await;
    common::reply(desk, id, &format!("r{n}"), "It is on its way.").await;
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    status_is(v, "resolved").await;
}

#[tokio::test]
async fn each_resolution_is_rated_once_and_staff_see_it() {
    let app = TestApp::start().await;
    let (mut desk, welcome) = app.desk().await;
    let admin_id = welcome["agent"]["id"].as_i64().unwrap();

    // Nothing to rate without a conversation, nor while it is open.
    let (mut nobody, w) = app.hello(None, 0).await;
    assert_eq!(w["rated"], false);
    let e = rate(&mut nobody, json!({"type": "rate", "score": 5})).await;
    assert_eq!(e["code"], "invalid_transition");
    let (mut v, token, id) = app.customer(None, "Where is my parcel?").await;
    let e = rate(&mut v, json!({"type": "rate", "score": 5})).await;
    assert_eq!(e["code"], "invalid_transition", "not resolved yet");

    resolve(&mut desk, &mut v, id, 1).await;
    // Bad scores and comments are refused with their own codes; malformed
    // frames are bad frames.
    for (frame, code) in [
        (json!({"type": "rate", "score": 0}), "rating_invalid"),
        (json!({"type": "rate", "score": 6}), "rating_invalid"),
        (
            json!({"type": "rate", "score": 3, "comment": "x".repeat(1001)}),
            "text_too_long",
        ),
        (json!({"type": "rate", "score": "five"}), "invalid_frame"),
        (json!({"type": "rate", "score": 300}), "invalid_frame"),
    ] {
        assert_eq!(rate(&mut v, frame.clone()).await["code"], code, "{frame}");
    }
    common::show(&mut desk, id).await;
    let ok = rate(
        &mut v,
        json!({"type": "rate", "score": 4, "comment": "  Fast, thanks! Card 4111 1111 1111 1111 was charged twice  "}),
    )
    .await;
    assert_eq!(ok, json!({"type": "rated", "score": 4}));
    // Staff see it live in the case panel, crediting the owner, masked.
    let d = detail_where(&mut desk, id, |d| {
        d["ratings"].as_array().is_some_and(|r| !r.is_empty())
    })
    .await;
    let r = &d["ratings"][0];
    assert_eq!(r["score"], 4);
    assert_eq!(r["agent_id"], admin_id);
    assert_eq!(r["locale"], "en");
    let comment = r["comment"].as_str().unwrap();
    assert!(comment.starts_with("Fast, thanks! Card "), "{comment}");
    assert!(!comment.contains("4111 1111 1111 1111") && comment.ends_with("was charged twice"));
    assert!(!db_text(&app).contains("4111 1111 1111 1111"));

    // Once per resolution; a returning widget is not asked again.
    let e = rate(&mut v, json!({"type": "rate", "score": 1})).await;
    assert_eq!(e["code"], "already_rated");
    let (mut back, w) = app.hello(Some(&token), 0).await;
    assert_eq!(
        (w["status"].as_str(), w["rated"].as_bool()),
        (Some("resolved"), Some(true))
    );

    // Not solved → reopened: nothing to rate, and a returning widget is not
    // told "rated" for an open conversation.
    back.send(json!({"type": "confirm", "solved": false})).await;
    status_is(&mut back, "reopened").await;
    let e = rate(&mut back, json!({"type": "rate", "score": 5})).await;
    assert_eq!(e["code"], "invalid_transition");
    let (_again, w) = app.hello(Some(&token), 0).await;
    assert_eq!(
        (w["status"].as_str(), w["rated"].as_bool()),
        (Some("reopened"), Some(false))
    );

    // Resolved again: asked again, the second rating kept beside the first.
    common::reply(&mut desk, id, "r2", "Refund issued.").await;
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    status_is(&mut back, "resolved").await;
    let (_third, w) = app.hello(Some(&token), 0).await;
    assert_eq!(w["rated"], false, "a new resolution is asked again");
    back.send(json!({"type": "confirm", "solved": true})).await;
    status_is(&mut back, "confirmed").await;
    let ok = rate(&mut back, json!({"type": "rate", "score": 2})).await;
    assert_eq!(ok["score"], 2);
    let d = detail_where(&mut desk, id, |d| {
        d["ratings"].as_array().is_some_and(|r| r.len() == 2)
    })
    .await;
    let scores: Vec<i64> = d["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["score"].as_i64().unwrap())
        .collect();
    assert_eq!(scores, [4, 2]);
    assert_eq!(d["ratings"][1]["comment"], "");

    // The customer's export carries the ratings; erasure destroys the
    // comments and keeps the scores.
    let admin = app
        .login(common::ADMIN_EMAIL, common::ADMIN_PASSWORD)
        .await
        .unwrap();
    let export = common::get_json(
        &app,
        &admin,
        &format!("/api/admin/conversations/{id}/customer.json"),
    )
    .await;
    assert_eq!(export["conversations"][0]["ratings"][0]["score"], 4);
    let loc = admin_form(
        &app,
        &admin,
        &format!("/api/admin/conversations/{id}/erase"),
        &[("confirm", "on")],
    )
    .await;
    assert_eq!(loc, format!("/desk?c={id}"));
    let after = common::get_json(
        &app,
        &admin,
        &format!("/api/admin/conversations/{id}/customer.json"),
    )
    .await;
    assert_eq!(after["conversations"][0]["ratings"][0]["score"], 4);
    assert_eq!(after["conversations"][0]["ratings"][0]["comment"], "");
    assert!(!db_text(&app).contains("charged twice"));
    let records = common::get_json(&app, &admin, "/api/admin/destructions.json").await;
    assert!(
        records.to_string().contains("\"rating_comments\":1"),
        "{records}"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_rating_question_is_an_operator_text_per_locale() {
    let app = TestApp::start().await;
    let admin = app
        .login(common::ADMIN_EMAIL, common::ADMIN_PASSWORD)
        .await
        .unwrap();
    let loc = admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/texts",
        &[("rating.de", "Wie war unser Service?"), ("rating.ja", "  ")],
    )
    .await;
    assert_eq!(loc, "/desk/texts?site=demo&saved=1");
    let page = common::get_text(&app, &admin, "/desk/texts?site=demo").await;
    assert!(page.contains("Wie war unser Service?"));
    assert!(
        page.contains("data-testid=\"missing-rating-ja\""),
        "ja marked missing"
    );
    assert!(!page.contains("data-testid=\"missing-rating-de\""));
    let config = common::widget_config(&app).await;
    let rating = config["rating"].as_array().unwrap();
    assert!(
        rating.contains(&json!(["de", "Wie war unser Service?"])),
        "{config}"
    );
    assert!(!rating.iter().any(|t| t[0] == "ja"));
    app.stop().await;
}
