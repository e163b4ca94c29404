//! The closed loop over real websockets: intake validated on the server,
//! clocks computed on the team calendar and driven by a manual clock (no
//! sleeps), escalations raised live, resolution guarded by required facts,
//! and the customer's confirmation closing the loop.

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

/// Sends a first message with `intake` and returns the next ack or error.
async fn first(ws: &mut Ws, client_id: &str, intake: Value) -> Value {
    ws.send(json!({"type": "send", "client_id": client_id, "body": "Where is my parcel?", "intake": intake}))
        .await;
    loop {
        let v = ws.recv().await;
        if v["type"] == "ack" || v["type"] == "error" {
            return v;
        }
    }
}

async fn summary_where(desk: &mut Ws, id: i64, pred: impl Fn(&Value) -> bool) -> Value {
    loop {
        let s = desk.recv_type("conversation").await["summary"].clone();
        if s["id"] == id && pred(&s) {
            return s;
        }
    }
}

#[tokio::test]
async fn intake_is_validated_again_on_the_server() {
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-11-23T10:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut v, _) = app.hello(None, 0).await;

    // No category at all.
    v.send(json!({"type": "send", "client_id": "a", "body": "hi"}))
        .await;
    let e = v.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["client_id"].as_str()),
        (Some("category_required"), Some("a"))
    );
    // Unknown category.
    let e = first(&mut v, "b", json!({"category": "weather"})).await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("category_required"), Some("category"))
    );
    // A required fact missing, then an invalid one: each names its field.
    let e = first(&mut v, "c", json!({"category": "logistics", "facts": {"waybill_number": "RR123456785CN", "ship_date": "2026-11-20"}})).await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("fact_missing"), Some("destination_country"))
    );
    let e = first(&mut v, "d", json!({"category": "logistics", "facts": {"waybill_number": "12345", "ship_date": "2026-11-20", "destination_country": "DE"}})).await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("fact_invalid"), Some("waybill_number"))
    );
    let e = first(&mut v, "e", json!({"category": "logistics", "facts": {"waybill_number": "RR123456785CN", "ship_date": "2026-11-20", "destination_country": "Narnia"}})).await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("fact_invalid"), Some("destination_country"))
    );
    // Nothing was stored for the refused attempts.
    let (_, welcome) = app.desk().await;
    assert_eq!(welcome["conversations"], json!([]));

    let (mut desk, _) = app.desk().await;
    let ok = first(&mut v, "f", json!({"category": "logistics", "facts": {"waybill_number": "rr123456785cn", "ship_date": "2026-11-20", "destination_country": "de"}})).await;
    assert_eq!(ok["type"], "ack", "{ok}");
    let id = ok["message"]["conversation_id"].as_i64().unwrap();
    // The customer is told when staff will answer: 5 min on a 24/7 team.
    let status = v.recv_type("status").await;
    assert_eq!(status["status"], "received");
    assert_eq!(status["reply_by"], clock.get() + 5 * MIN);
    let s = summary_where(&mut desk, id, |_| true).await;
    assert_eq!(s["category"], "logistics");
    assert_eq!(s["priority"], "routine");
    assert_eq!(s["team"], "Around the clock");
    assert_eq!(s["due_at"], clock.get() + 5 * MIN);
    assert_eq!(s["due_kind"], "first_response");
    assert_eq!(s["warn_at"], clock.get() + 4 * MIN);
    desk.send(json!({"type": "open", "conversation_id": id}))
        .await;
    let d = detail_where(&mut desk, id, |_| true).await;
    assert_eq!(
        d["facts"],
        json!({"waybill_number": "RR123456785CN", "ship_date": "2026-11-20", "destination_country": "DE"})
    );
    assert_eq!(d["missing"], json!([]));
    assert_eq!(d["category"]["key"], "logistics");
    let kinds: Vec<_> = d["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["first_response", "resolution"]);
    app.stop().await;
}

#[tokio::test]
async fn clocks_wait_for_the_team_calendar_and_escalate_on_time() {
    // Saturday 21:00 in Shanghai: the APAC team (product questions) is closed
    // until Monday 09:00.
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-11-28T13:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut desk, _) = app.desk().await;
    let (mut v, _) = app.hello(None, 0).await;
    let ok = first(
        &mut v,
        "p1",
        json!({"category": "product", "facts": {"order_number": "NW-10452"}}),
    )
    .await;
    assert_eq!(ok["type"], "ack", "{ok}");
    let id = ok["message"]["conversation_id"].as_i64().unwrap();
    common::show(&mut desk, id).await;
    let monday_0905 = ms("2026-11-30T01:05:00Z");
    assert_eq!(
        v.recv_type("status").await["reply_by"],
        monday_0905,
        "reply promised for Monday 09:05 Shanghai"
    );
    let s = summary_where(&mut desk, id, |_| true).await;
    assert_eq!(
        (s["due_at"].as_i64(), s["breached"].as_bool()),
        (Some(monday_0905), Some(false))
    );

    // A whole weekend passes: no alert, the clock has not moved.
    clock.set(ms("2026-11-30T00:59:00Z"));
    assert!(
        desk.try_recv_type("alert", std::time::Duration::from_millis(1500))
            .await
            .is_none()
    );

    // Monday 09:04 Shanghai: 80 % used → "due soon" to every desk.
    clock.set(ms("2026-11-30T01:04:00Z"));
    let warn = desk.recv_type("alert").await;
    assert_eq!(
        (
            warn["conversation_id"].as_i64(),
            warn["clock"].as_str(),
            warn["breached"].as_bool(),
            warn["due_at"].as_i64()
        ),
        (
            Some(id),
            Some("first_response"),
            Some(false),
            Some(monday_0905)
        )
    );
    // 09:05: breached, flagged on the summary.
    clock.set(monday_0905);
    let breach = desk.recv_type("alert").await;
    assert_eq!(
        (breach["clock"].as_str(), breach["breached"].as_bool()),
        (Some("first_response"), Some(true))
    );
    let s = summary_where(&mut desk, id, |s| s["breached"] == true).await;
    assert_eq!(s["id"], id);
    // Each alert goes out once.
    clock.advance(MIN);
    assert!(
        desk.try_recv_type("alert", std::time::Duration::from_millis(1500))
            .await
            .is_none()
    );

    // The late answer is recorded as a breach; waiting on the customer
    // pauses the resolution clock.
    common::reply(&mut desk, id, "r1", "Sorry for the wait, checking now.").await;
    let d = detail_where(&mut desk, id, |d| d["clocks"][0]["phase"] == "breached").await;
    assert_eq!(d["clocks"][1]["kind"], "resolution");
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "wait_for_customer"}))
        .await;
    let d = detail_where(&mut desk, id, |d| d["clocks"][1]["phase"] == "paused").await;
    assert_eq!(
        d["clocks"][1]["due_at"],
        Value::Null,
        "a paused clock has no deadline"
    );
    app.stop().await;
}

#[tokio::test]
async fn resolution_needs_the_required_facts_and_the_customer_closes_the_loop() {
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-11-23T10:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut desk, _) = app.desk().await;
    let (mut v, _) = app.hello(None, 0).await;
    let ok = first(&mut v, "x1", json!({"category": "logistics", "facts": {"waybill_number": "RR123456785CN", "ship_date": "2026-11-20", "destination_country": "DE"}})).await;
    let id = ok["message"]["conversation_id"].as_i64().unwrap();
    common::show(&mut desk, id).await;

    // Customer actions from staff and staff actions on the wrong state are refused.
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "confirm"}))
        .await;
    assert_eq!(desk.recv_type("error").await["code"], "forbidden");
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    assert_eq!(
        desk.recv_type("error").await["code"],
        "invalid_transition",
        "nobody owns it yet"
    );
    v.send(json!({"type": "confirm", "solved": true})).await;
    assert_eq!(v.recv_type("error").await["code"], "invalid_transition");

    // The agent takes it, clears a required fact by mistake: resolving is refused.
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "assign"}))
        .await;
    summary_where(&mut desk, id, |s| {
        s["status"] == "assigned" && s["assignee_name"] == "Admin"
    })
    .await;
    desk.send(json!({"type": "set_facts", "conversation_id": id, "facts": {"ship_date": ""}}))
        .await;
    let d = detail_where(&mut desk, id, |d| d["missing"] == json!(["ship_date"])).await;
    assert!(d["facts"].get("ship_date").is_none());
    desk.send(
        json!({"type": "set_facts", "conversation_id": id, "facts": {"ship_date": "2026-02-30"}}),
    )
    .await;
    let e = desk.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("fact_invalid"), Some("ship_date"))
    );
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    let e = desk.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("fact_missing"), Some("ship_date"))
    );
    desk.send(
        json!({"type": "set_facts", "conversation_id": id, "facts": {"ship_date": "2026-11-21"}}),
    )
    .await;
    detail_where(&mut desk, id, |d| d["missing"] == json!([])).await;

    clock.advance(3 * MIN);
    common::reply(&mut desk, id, "r1", "Your parcel clears customs today.").await;
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    let d = detail_where(&mut desk, id, |d| {
        d["transitions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["to"] == "resolved")
    })
    .await;
    let phases: Vec<(String, String)> = d["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_owned(),
                c["phase"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        phases,
        [
            ("first_response".to_owned(), "met".to_owned()),
            ("resolution".to_owned(), "met".to_owned()),
            ("follow_up".to_owned(), "running".to_owned()),
        ]
    );
    // Follow-up: 3 working days on the 24/7 calendar → close of Thursday.
    assert_eq!(d["clocks"][2]["due_at"], ms("2026-11-27T00:00:00Z"));
    loop {
        if v.recv_type("status").await["status"] == "resolved" {
            break;
        }
    }

    // "Not solved" reopens; the agent resolves again; "solved" closes the loop.
    v.send(json!({"type": "confirm", "solved": false})).await;
    summary_where(&mut desk, id, |s| s["status"] == "reopened").await;
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    summary_where(&mut desk, id, |s| s["status"] == "resolved").await;
    v.send(json!({"type": "confirm", "solved": true})).await;
    let d = detail_where(&mut desk, id, |d| {
        d["transitions"].as_array().unwrap().last().unwrap()["to"] == "confirmed"
    })
    .await;
    let trail: Vec<(String, String, String)> = d["transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["from"].as_str().unwrap().to_owned(),
                t["to"].as_str().unwrap().to_owned(),
                t["actor"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("received", "assigned", "staff"),
        ("assigned", "in_progress", "staff"),
        ("in_progress", "resolved", "staff"),
        ("resolved", "reopened", "customer"),
        ("reopened", "resolved", "staff"),
        ("resolved", "confirmed", "customer"),
    ];
    assert_eq!(
        trail,
        expected.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
    assert_eq!(d["transitions"][0]["agent_name"], "Admin");
    assert!(
        d["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["phase"] != "running"),
        "{d}"
    );
    // Archiving files it; an agent cannot write into an archived conversation.
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "archive"}))
        .await;
    summary_where(&mut desk, id, |s| s["status"] == "archived").await;
    desk.send(json!({"type": "send", "conversation_id": id, "client_id": "late", "body": "one more thing"})).await;
    let e = desk.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["client_id"].as_str()),
        (Some("invalid_transition"), Some("late"))
    );
    app.stop().await;
}

#[tokio::test]
async fn two_desks_acting_at_once_never_lose_a_change() {
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-11-23T10:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut a, _) = app.desk().await;
    let (mut b, _) = app.desk().await;
    let (mut v, _) = app.hello(None, 0).await;
    let ok = first(
        &mut v,
        "y1",
        json!({"category": "product", "facts": {"order_number": "NW-1"}}),
    )
    .await;
    let id = ok["message"]["conversation_id"].as_i64().unwrap();
    common::show(&mut a, id).await;
    common::show(&mut b, id).await;
    // Both desks change different facts at the same moment, many times.
    for i in 0..20 {
        a.send(json!({"type": "set_facts", "conversation_id": id, "facts": {"order_number": format!("NW-{i:04}")}})).await;
        b.send(json!({"type": "set_facts", "conversation_id": id, "facts": {"sku": format!("SKU-{i:04}")}})).await;
    }
    let d = detail_where(&mut a, id, |d| {
        d["facts"]["order_number"] == "NW-0019" && d["facts"]["sku"] == "SKU-0019"
    })
    .await;
    assert_eq!(d["missing"], json!([]));
    app.stop().await;
}

#[tokio::test]
async fn a_transfer_moves_the_clocks_to_the_new_teams_calendar() {
    // Monday 09:56 UTC = 17:56 in Shanghai, four minutes before APAC closes.
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-11-23T09:56:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut desk, welcome) = app.desk().await;
    let me = welcome["agent"]["id"].as_i64().unwrap();
    assert!(
        welcome["agents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == me)
    );
    let (mut v, _) = app.hello(None, 0).await;
    let ok = first(&mut v, "t1", json!({"category": "logistics", "facts": {"waybill_number": "RR123456785CN", "ship_date": "2026-11-20", "destination_country": "CN"}})).await;
    let id = ok["message"]["conversation_id"].as_i64().unwrap();
    common::show(&mut desk, id).await;
    assert_eq!(
        v.recv_type("status").await["reply_by"],
        ms("2026-11-23T10:01:00Z")
    );

    // One minute on the 24/7 team, then handed to APAC with a note: 4 minutes
    // left, 3 of them before 18:00 Shanghai, the last one Tuesday 09:00–09:01.
    clock.set(ms("2026-11-23T09:57:00Z"));
    desk.send(json!({"type": "transfer", "conversation_id": id, "team": "APAC", "note": "Customer writes Chinese; APAC please."})).await;
    let tuesday_0901 = ms("2026-11-24T01:01:00Z");
    // (A change publishes the list entry before the detail.)
    let s = summary_where(&mut desk, id, |s| s["team"] == "APAC").await;
    assert_eq!(s["due_at"], tuesday_0901);
    let d = detail_where(&mut desk, id, |d| d["team"] == "APAC").await;
    assert_eq!(d["clocks"][0]["due_at"], tuesday_0901);
    let last = d["transitions"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["from"].as_str(), last["to"].as_str()),
        (Some("received"), Some("received"))
    );
    assert_eq!(last["note"], "Customer writes Chinese; APAC please.");
    assert!(d["teams"].as_array().unwrap().iter().any(|t| t == "EMEA"));
    // The customer's promised reply time moved with it.
    loop {
        let s = v.recv_type("status").await;
        if s["reply_by"] == tuesday_0901 {
            break;
        }
    }

    // Handing it to a named agent assigns it; unknown targets are refused.
    desk.send(json!({"type": "transfer", "conversation_id": id, "agent_id": me, "note": "yours"}))
        .await;
    summary_where(&mut desk, id, |s| {
        s["status"] == "assigned" && s["assignee_id"] == me
    })
    .await;
    desk.send(json!({"type": "transfer", "conversation_id": id, "team": "Atlantis"}))
        .await;
    assert_eq!(desk.recv_type("error").await["code"], "not_found");
    desk.send(json!({"type": "transfer", "conversation_id": id, "agent_id": 9999}))
        .await;
    assert_eq!(desk.recv_type("error").await["code"], "not_found");
    // Back to a team queue: unassigned again, same deadline (same calendar).
    desk.send(json!({"type": "transfer", "conversation_id": id, "team": "APAC"}))
        .await;
    let s = summary_where(&mut desk, id, |s| s["status"] == "received").await;
    assert_eq!(
        (s["assignee_id"].clone(), s["due_at"].as_i64()),
        (Value::Null, Some(tuesday_0901))
    );
    app.stop().await;
}

#[tokio::test]
async fn a_case_panel_goes_only_to_the_desks_showing_it() {
    let app = TestApp::start().await;
    let (mut showing, welcome) = app.desk().await;
    let me = welcome["agent"]["id"].as_i64().unwrap();
    let (mut listing, _) = app.desk().await;
    let (_v, _, id) = app.customer(None, "where is my parcel?").await;
    common::detail_of(&mut showing, id).await;
    showing
        .send(
            json!({"type": "set_customer", "conversation_id": id, "tier": "core", "owner_id": me}),
        )
        .await;
    // Both hear of the change in the list; only the desk showing the case
    // gets its panel (a dozen queries, built only for those who look).
    summary_where(&mut listing, id, |s| s["tier"] == "core").await;
    summary_where(&mut showing, id, |s| s["tier"] == "core").await;
    detail_where(&mut showing, id, |d| d["owner_id"] == me).await;
    assert!(
        listing
            .try_recv_type("detail", std::time::Duration::from_millis(1500))
            .await
            .is_none()
    );
    // Opening another case moves the desk's panel there.
    let (_w, _, other) = app.customer(None, "and my refund?").await;
    common::detail_of(&mut showing, other).await;
    showing
        .send(json!({"type": "set_customer", "conversation_id": id, "tier": "important"}))
        .await;
    summary_where(&mut showing, id, |s| s["tier"] == "important").await;
    assert!(
        showing
            .try_recv_type("detail", std::time::Duration::from_millis(1500))
            .await
            .is_none()
    );
    app.stop().await;
}
