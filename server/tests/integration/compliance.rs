//! Compliance over real websockets: the admin's forbidden phrases reach every
//! desk live; the server refuses a reply with a blocked phrase whatever the
//! desk did, refuses a warned phrase until the agent confirms, and records
//! the policy version on every agent message in the SQLite file.

use crate::common;

use std::time::Duration;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, say};
use serde_json::json;
use sqlx::Row;

async fn post_rules(app: &TestApp, cookie: &str, form: &[(&str, &str)]) -> String {
    common::admin_form(app, cookie, "/api/admin/sites/demo/compliance", form).await
}

#[tokio::test]
async fn forbidden_phrases_are_refused_by_the_server_and_the_version_recorded() {
    let app = TestApp::start().await;
    let (mut desk, welcome) = app.desk().await;
    // The demo site ships with rules; the desk gets them in its welcome.
    let demo = welcome["compliance"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p[0] == "demo")
        .unwrap()[1]
        .clone();
    let start_version = demo["version"].as_i64().unwrap();
    assert_eq!(start_version, 1, "the demo rules are one change");
    assert!(
        demo["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["phrase"] == "无条件退款" && r["action"] == "block")
    );

    // The admin replaces the English list; every desk hears it live.
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let loc = post_rules(
        &app,
        &cookie,
        &[(
            "rules.en",
            "!unconditional refund\nguaranteed delivery\nfree upgrade",
        )],
    )
    .await;
    assert_eq!(loc, "/desk/staff?saved=compliance");
    let ev = desk.recv_type("compliance").await;
    assert_eq!(ev["site"], "demo");
    let version = ev["policy"]["version"].as_i64().unwrap();
    assert_eq!(version, start_version + 1);
    // Too long a phrase is refused whole.
    let long = format!("!{}", "x".repeat(201));
    let loc = post_rules(&app, &cookie, &[("rules.en", long.as_str())]).await;
    assert_eq!(loc, "/desk/staff?error=text_too_long");

    let (mut v, _) = app.hello(None, 0).await;
    let first = say(&mut v, "c1", "Can I get my money back?").await;
    let id = first["conversation_id"].as_i64().unwrap();

    // Blocked, whatever the desk claims: not stored, not delivered.
    desk.send(
        json!({"type": "send", "conversation_id": id, "client_id": "r1",
        "body": "Sure, we offer an UNCONDITIONAL   refund.", "confirmed": true}),
    )
    .await;
    let e = desk.recv_type("error").await;
    assert_eq!(
        (
            e["code"].as_str(),
            e["field"].as_str(),
            e["client_id"].as_str()
        ),
        (
            Some("compliance_blocked"),
            Some("unconditional refund"),
            Some("r1")
        )
    );
    // The evasions found in review (issue 13): a zero-width space, a hyphen
    // inside a word, a plural — all blocked by the server too.
    for (i, body) in [
        "We offer an uncon\u{200b}ditional refund.",
        "We offer an un-conditional refund.",
        "Unconditional refunds for all",
    ]
    .into_iter()
    .enumerate()
    {
        let client_id = format!("evasion{i}");
        desk.send(
            json!({"type": "send", "conversation_id": id, "client_id": client_id,
            "body": body, "confirmed": true}),
        )
        .await;
        let e = desk.recv_type("error").await;
        assert_eq!(
            (e["code"].as_str(), e["client_id"].as_str()),
            (Some("compliance_blocked"), Some(client_id.as_str())),
            "{body:?}"
        );
    }
    // Warned: refused until confirmed.
    desk.send(
        json!({"type": "send", "conversation_id": id, "client_id": "r2",
        "body": "We can offer guaranteed delivery by Friday."}),
    )
    .await;
    let e = desk.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("compliance_warning"), Some("guaranteed delivery"))
    );
    // Word boundaries: "upgraded" is not "free upgrade" (plurals are)...
    let ok = common::reply(
        &mut desk,
        id,
        "r3",
        "Free upgraded seats are not available, sorry.",
    )
    .await;
    assert_eq!(ok["author"], "agent");
    desk.send(
        json!({"type": "send", "conversation_id": id, "client_id": "r2",
        "body": "We can offer guaranteed delivery by Friday.", "confirmed": true}),
    )
    .await;
    let ack = desk.recv_type("ack").await;
    assert_eq!(ack["client_id"], "r2");

    // The customer saw exactly the two sent replies.
    let mut bodies = Vec::new();
    while let Some(m) = v.try_recv_type("message", Duration::from_millis(300)).await {
        if m["message"]["author"] == "agent" {
            bodies.push(m["message"]["body"].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(
        bodies,
        vec![
            "Free upgraded seats are not available, sorry.",
            "We can offer guaranteed delivery by Friday."
        ]
    );

    // In the database: no blocked text anywhere; agent messages carry the version.
    let dir = app.stop().await;
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.join("parley.db").display()))
        .await
        .unwrap();
    let rows = sqlx::query(
        "SELECT author, body, policy_version FROM messages WHERE conversation_id = ? ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&db)
    .await
    .unwrap();
    let got: Vec<(String, Option<i64>)> = rows
        .iter()
        .map(|r| {
            (
                r.get::<String, _>("author"),
                r.get::<Option<i64>, _>("policy_version"),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("customer".into(), None),
            ("agent".into(), Some(version)),
            ("agent".into(), Some(version))
        ]
    );
    assert!(rows.iter().all(|r| {
        !r.get::<String, _>("body")
            .to_lowercase()
            .contains("unconditional")
    }));
    db.close().await;
}
