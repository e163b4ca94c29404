//! Issue 18 (R-FLOW4, R-FLOW2): escalation to a specialist team with a
//! one-hour acceptance clock on that team's calendar and the customer told
//! who has it and when to expect a reply; and the complex mark that starts
//! the 30-minute progress-update clock. A manual clock, real websockets.

use crate::common;

use std::sync::Arc;

use common::{TestApp, Ws, detail_where};
use parley::state::ManualClock;
use serde_json::{Value, json};

const MIN: i64 = 60_000;

fn ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_millis()
}

fn clock<'a>(detail: &'a Value, kind: &str) -> Option<&'a Value> {
    detail["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|c| c["kind"] == kind)
}

async fn system_message(customer: &mut Ws) -> Value {
    loop {
        let m = customer.recv_type("message").await["message"].clone();
        if m["author"] == "system" {
            return m;
        }
    }
}

#[tokio::test]
async fn an_escalation_gives_the_specialists_an_hour_on_their_calendar_and_tells_the_customer() {
    // Friday 4 December 2026, 16:30 in Berlin: EMEA closes at 16:00 on
    // Fridays, so its hour runs on Monday from 08:00 → 09:00 Berlin.
    let clock_ = Arc::new(ManualClock::default());
    clock_.set(ms("2026-12-04T15:30:00Z"));
    let app = TestApp::start_with_clock(clock_.clone()).await;
    let (mut desk, welcome) = app.desk().await;
    let admin_id = welcome["agent"]["id"].as_i64().unwrap();
    let (mut customer, id) = common::topic_customer(&app, "other", "My refund never arrived").await;
    common::detail_of(&mut desk, id).await;

    // An escalation must name the specialist team.
    desk.send(json!({"type": "transfer", "conversation_id": id, "escalate": true}))
        .await;
    let e = desk.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_frame"), Some("team"))
    );

    desk.send(
        json!({"type": "transfer", "conversation_id": id, "team": "EMEA",
                     "agent_id": admin_id, "escalate": true, "note": "Payments know this one"}),
    )
    .await;
    let monday_0900 = ms("2026-12-07T08:00:00Z");
    let m = system_message(&mut customer).await;
    assert_eq!(
        m["notice"],
        json!({"notice": "escalated", "team": "EMEA", "owner": "Admin", "reply_by": monday_0900})
    );
    assert_eq!(m["body"], "Handed to Admin of the EMEA specialists.");
    let d = detail_where(&mut desk, id, |d| clock(d, "acceptance").is_some()).await;
    let acceptance = clock(&d, "acceptance").unwrap();
    assert_eq!(
        (acceptance["phase"].as_str(), acceptance["due_at"].as_i64()),
        (Some("running"), Some(monday_0900))
    );
    assert_eq!(d["team"], "EMEA");

    // Monday 08:20 Berlin: the specialist answers; the hour is met.
    clock_.set(ms("2026-12-07T07:20:00Z"));
    common::reply(
        &mut desk,
        id,
        "r1",
        "Hello, I am looking into your refund now.",
    )
    .await;
    let d = detail_where(&mut desk, id, |d| {
        clock(d, "acceptance").is_some_and(|c| c["phase"] == "met")
    })
    .await;
    assert!(
        clock(&d, "acceptance").unwrap()["stopped_at"].as_i64() == Some(ms("2026-12-07T07:20:00Z"))
    );
    app.stop().await;
}

#[tokio::test]
async fn a_complex_question_owes_a_progress_update_every_30_minutes() {
    let clock_ = Arc::new(ManualClock::default());
    let t0 = ms("2026-12-01T10:00:00Z");
    clock_.set(t0);
    let app = TestApp::start_with_clock(clock_.clone()).await;
    let (mut desk, _) = app.desk().await;
    let (_customer, id) = common::topic_customer(&app, "other", "Customs keeps my parcel").await;
    common::detail_of(&mut desk, id).await;
    for action in ["assign", "start"] {
        desk.send(json!({"type": "transition", "conversation_id": id, "action": action}))
            .await;
    }
    detail_where(&mut desk, id, |d| {
        d["transitions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["to"] == "in_progress")
    })
    .await;
    desk.send(json!({"type": "set_complex", "conversation_id": id, "complex": true}))
        .await;
    let d = detail_where(&mut desk, id, |d| d["complex"] == true).await;
    let progress = clock(&d, "progress_update").unwrap();
    assert_eq!(
        (progress["phase"].as_str(), progress["due_at"].as_i64()),
        (Some("running"), Some(t0 + 30 * MIN)),
        "around the clock: 30 minutes from now"
    );
    // An update to the customer restarts the interval.
    clock_.set(t0 + 20 * MIN);
    common::reply(&mut desk, id, "u1", "Still with customs, next update soon.").await;
    let d = detail_where(&mut desk, id, |d| {
        clock(d, "progress_update").is_some_and(|c| c["due_at"] == t0 + 50 * MIN)
    })
    .await;
    assert_eq!(clock(&d, "progress_update").unwrap()["phase"], "running");
    // Not complex any more: no update owed.
    desk.send(json!({"type": "set_complex", "conversation_id": id, "complex": false}))
        .await;
    let d = detail_where(&mut desk, id, |d| d["complex"] == false).await;
    assert_eq!(clock(&d, "progress_update").unwrap()["phase"], "cancelled");
    app.stop().await;
}
