//! Issue 18: compensation with tiered authority over real websockets. A
//! junior agent's proposal within their limit is granted at once; beyond it
//! the request goes live to the team's supervisor, after 30 unanswered
//! minutes to the on-call person and after 60 to the admins (a manual
//! clock, no sleeps); a major complaint goes to the admins only; approvers
//! approve, reduce or refuse with a reason; other currencies convert at the
//! admin's dated rates, rounding up, at the rate of the proposal's time;
//! the customer is told the outcome in a system message with a notice.

use crate::common;

use std::sync::Arc;
use std::time::Duration;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, Ws, admin_form, create_staff};
use parley::state::ManualClock;
use serde_json::{Value, json};

const MIN: i64 = 60_000;
const PASSWORD: &str = "a long enough password";
/// Tuesday 1 December 2026, 10:00 UTC.
const T0: i64 = 1_796_119_200_000;

struct World {
    app: TestApp,
    clock: Arc<ManualClock>,
    admin: String,
    admin_desk: Ws,
    admin_id: i64,
    junior: Ws,
    junior_id: i64,
    sup: Ws,
    sup_id: i64,
    on_call: Ws,
    on_call_id: i64,
    customer: Ws,
    conversation: i64,
}

fn id_of(loc: &str) -> i64 {
    loc.strip_prefix("/desk/staff?saved=")
        .unwrap_or_else(|| panic!("{loc}"))
        .parse()
        .unwrap()
}

async fn staff_desk(app: &TestApp, email: &str) -> Ws {
    let cookie = app.login(email, PASSWORD).await.unwrap();
    let mut ws = Ws::connect(app.addr, "/ws/desk", Some(&cookie), Some(&app.origin()))
        .await
        .unwrap();
    ws.send(json!({"type": "hello", "v": 1})).await;
    ws.recv_type("welcome").await;
    ws
}

/// The demo site's round-the-clock team with a junior agent and a
/// supervisor in it, a senior on call, and a customer's conversation
/// ("other" topic) assigned to the junior.
async fn world() -> World {
    let clock = Arc::new(ManualClock::default());
    clock.set(T0);
    let app = TestApp::start_with_clock(clock.clone()).await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let (mut admin_desk, welcome) = app.desk().await;
    let admin_id = welcome["agent"]["id"].as_i64().unwrap();
    let team = welcome["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Around the clock")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let mut ids = Vec::new();
    for (email, role) in [
        ("junior@test.local", "junior"),
        ("sup@test.local", "supervisor"),
        ("oncall@test.local", "senior"),
    ] {
        let id = id_of(&create_staff(&app, &admin, email, role, "").await);
        let routing = format!("/api/admin/staff/{id}/routing");
        let team_key = format!("team.{team}");
        let mut form = vec![("lang.en", "on"), ("skills", ""), ("capacity", "5")];
        if role != "senior" {
            form.push((team_key.as_str(), "on"));
        }
        assert_eq!(
            admin_form(&app, &admin, &routing, &form).await,
            format!("/desk/staff?saved={id}")
        );
        ids.push(id);
    }
    let shifts: Vec<Value> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .map(|d| json!({"day": d, "start": "00:00", "end": "00:00"}))
        .collect();
    let teams = json!([{
        "name": "Around the clock",
        "calendar": {"time_zone": "UTC", "shifts": shifts},
        "on_call": "oncall@test.local"
    }]);
    let loc = admin_form(
        &app,
        &admin,
        "/api/admin/sites/demo/setup/teams",
        &[("json", &teams.to_string())],
    )
    .await;
    assert_eq!(loc, "/desk/setup?site=demo&saved=teams");
    let (mut customer, _) = app.hello(None, 0).await;
    customer
        .send(
            json!({"type": "send", "client_id": "c1", "body": "My parcel arrived broken",
                     "intake": {"category": "other", "facts": {}}}),
        )
        .await;
    let conversation = customer.recv_type("ack").await["message"]["conversation_id"]
        .as_i64()
        .unwrap();
    admin_desk
        .send(json!({"type": "transfer", "conversation_id": conversation, "agent_id": ids[0]}))
        .await;
    loop {
        let s = admin_desk.recv_type("conversation").await["summary"].clone();
        if s["id"] == conversation && s["assignee_id"] == ids[0] {
            break;
        }
    }
    World {
        junior: staff_desk(&app, "junior@test.local").await,
        sup: staff_desk(&app, "sup@test.local").await,
        on_call: staff_desk(&app, "oncall@test.local").await,
        app,
        clock,
        admin,
        admin_desk,
        admin_id,
        junior_id: ids[0],
        sup_id: ids[1],
        on_call_id: ids[2],
        customer,
        conversation,
    }
}

/// A proposal frame.
fn propose(conversation: i64, client_id: &str, amount: &str, currency: &str) -> Value {
    json!({"type": "propose_compensation", "conversation_id": conversation, "client_id": client_id,
           "kind": "refund", "amount": amount, "currency": currency, "reason": "parcel arrived broken"})
}

/// The next `compensation` event satisfying `pred`.
async fn compensation_where(desk: &mut Ws, pred: impl Fn(&Value) -> bool) -> Value {
    loop {
        let c = desk.recv_type("compensation").await["compensation"].clone();
        if pred(&c) {
            return c;
        }
    }
}

/// The next ledger line for `client`'s proposal with a decision (or none).
async fn line(desk: &mut Ws, decided: bool) -> Value {
    compensation_where(desk, |c| c["decision"].is_null() != decided).await
}

/// The next error.
async fn error(desk: &mut Ws) -> Value {
    desk.recv_type("error").await
}

/// The customer's next system message.
async fn notice(customer: &mut Ws) -> Value {
    loop {
        let m = customer.recv_type("message").await["message"].clone();
        if m["author"] == "system" {
            return m;
        }
    }
}

fn decide(id: &Value, verdict: &str, amount: Option<&str>, reason: &str) -> Value {
    json!({"type": "decide_compensation", "compensation_id": id, "verdict": verdict,
           "amount": amount, "reason": reason})
}

#[tokio::test]
async fn within_authority_it_is_granted_at_once_and_the_customer_is_told() {
    let mut w = world().await;
    w.junior
        .send(propose(w.conversation, "k1", "50.00", "USD"))
        .await;
    let c = line(&mut w.junior, true).await;
    assert_eq!(c["decision"]["outcome"], "granted");
    assert_eq!(c["decision"]["decided_by"], w.junior_id);
    assert_eq!(
        c["amount"],
        json!({"minor": 5000, "currency": "USD", "exponent": 2})
    );
    assert_eq!(c["reference"]["minor"], 5000);
    assert_eq!(c["rate_micros"], Value::Null);
    let m = notice(&mut w.customer).await;
    assert_eq!(
        m["notice"],
        json!({"notice": "compensation", "kind": "refund", "outcome": "granted",
               "minor": 5000, "currency": "USD", "exponent": 2})
    );
    assert_eq!(m["body"], "Compensation (refund) of 50.00 USD granted.");
    // The same proposal again (a re-send) is stored and told once.
    w.junior
        .send(propose(w.conversation, "k1", "50.00", "USD"))
        .await;
    line(&mut w.junior, true).await;
    let d = common::detail_of(&mut w.junior, w.conversation).await;
    assert_eq!(d["compensations"].as_array().unwrap().len(), 1);
    assert_eq!(
        d["authority"],
        json!({"currency": "USD", "exponent": 2, "junior": 5000, "mid": 10000, "limit": 5000})
    );
    assert!(
        w.customer
            .try_recv_type("message", Duration::from_millis(500))
            .await
            .is_none()
    );
    // 50.01 is beyond a junior's 50.00: it waits.
    w.junior
        .send(propose(w.conversation, "k2", "50.01", "USD"))
        .await;
    let c = line(&mut w.junior, false).await;
    assert_eq!(c["stage"], "supervisors");
    assert_eq!(c["answer_by"], T0 + 30 * MIN);
    // Bad amounts and currencies are refused with their codes.
    for (amount, currency, code) in [
        ("0", "USD", "amount_invalid"),
        ("-5", "USD", "amount_invalid"),
        ("1.005", "USD", "amount_invalid"),
        ("12.5", "JPY", "amount_invalid"),
        ("ten", "USD", "amount_invalid"),
        ("10", "XYZ", "currency_unknown"),
        ("10", "EUR", "rate_missing"),
    ] {
        w.junior
            .send(propose(w.conversation, "bad", amount, currency))
            .await;
        let e = error(&mut w.junior).await;
        assert_eq!(
            (e["code"].as_str(), e["client_id"].as_str()),
            (Some(code), Some("bad")),
            "{amount} {currency}"
        );
    }
    w.app.stop().await;
}

#[tokio::test]
async fn beyond_it_the_supervisor_approves_reduces_or_refuses_live() {
    let mut w = world().await;
    w.junior
        .send(propose(w.conversation, "k1", "80", "USD"))
        .await;
    let waiting = line(&mut w.junior, false).await;
    assert_eq!(waiting["approvers"], json!([w.sup_id]));
    // The supervisor hears of it at once.
    let asked = line(&mut w.sup, false).await;
    assert_eq!(asked["id"], waiting["id"]);
    assert_eq!(asked["proposed_by_name"], "junior@test.local");
    // Not the proposer, not the on-call person before their turn.
    w.junior
        .send(decide(&waiting["id"], "approve", None, ""))
        .await;
    assert_eq!(error(&mut w.junior).await["code"], "not_approver");
    w.on_call
        .send(decide(&waiting["id"], "approve", None, ""))
        .await;
    assert_eq!(error(&mut w.on_call).await["code"], "not_approver");
    w.sup
        .send(decide(&waiting["id"], "approve", None, ""))
        .await;
    let done = line(&mut w.junior, true).await;
    assert_eq!(done["decision"]["outcome"], "approved");
    assert_eq!(done["decision"]["decided_by"], w.sup_id);
    assert_eq!(done["decision"]["minor"], 8000);
    let m = notice(&mut w.customer).await;
    assert_eq!(m["notice"]["outcome"], "approved");
    assert_eq!(m["notice"]["minor"], 8000);
    // One decision each.
    w.sup
        .send(decide(&waiting["id"], "refuse", None, "no"))
        .await;
    assert_eq!(error(&mut w.sup).await["code"], "already_decided");

    // Reduced, with a reason, to less than proposed.
    w.junior
        .send(propose(w.conversation, "k2", "90", "USD"))
        .await;
    let waiting = line(&mut w.sup, false).await;
    for (amount, reason, code) in [
        (Some("60"), "", "invalid_frame"),
        (Some("90"), "too much", "amount_invalid"),
        (None, "too much", "amount_invalid"),
    ] {
        w.sup
            .send(decide(&waiting["id"], "reduce", amount, reason))
            .await;
        assert_eq!(error(&mut w.sup).await["code"], code, "{amount:?} {reason}");
    }
    w.sup
        .send(decide(
            &waiting["id"],
            "reduce",
            Some("60"),
            "partial damage",
        ))
        .await;
    let done = line(&mut w.junior, true).await;
    assert_eq!(
        (
            done["decision"]["outcome"].as_str(),
            done["decision"]["minor"].as_i64(),
            done["decision"]["reason"].as_str()
        ),
        (Some("reduced"), Some(6000), Some("partial damage"))
    );
    assert_eq!(notice(&mut w.customer).await["notice"]["minor"], 6000);

    // Refused, with a reason.
    w.junior
        .send(propose(w.conversation, "k3", "70", "USD"))
        .await;
    let waiting = line(&mut w.sup, false).await;
    w.sup
        .send(decide(&waiting["id"], "refuse", None, "already refunded"))
        .await;
    let done = line(&mut w.junior, true).await;
    assert_eq!(done["decision"]["outcome"], "refused");
    assert_eq!(done["decision"]["minor"], 0);
    let m = notice(&mut w.customer).await;
    assert_eq!(m["notice"]["outcome"], "refused");
    assert_eq!(m["notice"]["minor"], 7000);

    // Every step is in the audit log.
    let audit = common::get_json(&w.app, &w.admin, "/api/admin/audit.json").await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["action"].as_str())
        .filter(|a| a.starts_with("compensation_"))
        .collect();
    for a in [
        "compensation_proposed",
        "compensation_approved",
        "compensation_reduced",
        "compensation_refused",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    w.app.stop().await;
}

#[tokio::test]
async fn unanswered_requests_go_to_the_on_call_person_then_to_management() {
    let mut w = world().await;
    w.junior
        .send(propose(w.conversation, "k1", "80", "USD"))
        .await;
    let first = line(&mut w.junior, false).await;
    line(&mut w.sup, false).await;
    // 30 minutes without an answer: the on-call person is asked too, live,
    // though the conversation is not theirs to see.
    w.clock.set(T0 + 30 * MIN);
    let up = compensation_where(&mut w.on_call, |c| c["stage"] == "on_call").await;
    assert_eq!(up["id"], first["id"]);
    assert_eq!(up["approvers"], json!([w.sup_id, w.on_call_id]));
    assert_eq!(up["answer_by"], T0 + 60 * MIN);
    w.on_call
        .send(decide(&first["id"], "approve", None, ""))
        .await;
    let done = line(&mut w.junior, true).await;
    assert_eq!(done["decision"]["decided_by"], w.on_call_id);

    // Another one waits an hour: the admins are asked.
    w.junior
        .send(propose(w.conversation, "k2", "75", "USD"))
        .await;
    let second = line(&mut w.junior, false).await;
    w.clock.set(T0 + 60 * MIN);
    let stage = compensation_where(&mut w.on_call, |c| c["id"] == second["id"]).await;
    assert_eq!(stage["stage"], "on_call");
    w.clock.set(T0 + 90 * MIN);
    let top = compensation_where(&mut w.admin_desk, |c| {
        c["id"] == second["id"] && c["stage"] == "management"
    })
    .await;
    assert!(
        top["approvers"]
            .as_array()
            .unwrap()
            .contains(&json!(w.admin_id))
    );
    // (The test's admin session idled out meanwhile: a fresh one.)
    let admin = w.app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let audit = common::get_json(
        &w.app,
        &admin,
        "/api/admin/audit.json?action=compensation_escalated",
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 3, "{audit}");
    // A desk that connects now lists what waits for it.
    let (_, welcome) = w.app.desk().await;
    assert_eq!(
        welcome["approvals"][0]["id"], second["id"],
        "{}",
        welcome["approvals"]
    );
    w.admin_desk
        .send(decide(&second["id"], "approve", None, ""))
        .await;
    line(&mut w.junior, true).await;
    w.app.stop().await;
}

#[tokio::test]
async fn a_major_complaint_is_compensated_only_by_management() {
    let mut w = world().await;
    let mut frame = propose(w.conversation, "k1", "10", "USD");
    frame["major"] = json!(true);
    w.junior.send(frame).await;
    let waiting = line(&mut w.junior, false).await;
    assert_eq!(
        (waiting["stage"].as_str(), waiting["major"].as_bool()),
        (Some("management"), Some(true))
    );
    assert!(
        !waiting["approvers"]
            .as_array()
            .unwrap()
            .contains(&json!(w.sup_id))
    );
    w.sup
        .send(decide(&waiting["id"], "approve", None, ""))
        .await;
    assert_eq!(error(&mut w.sup).await["code"], "not_approver");
    w.admin_desk
        .send(decide(&waiting["id"], "approve", None, ""))
        .await;
    let done = line(&mut w.junior, true).await;
    assert_eq!(done["decision"]["decided_by"], w.admin_id);
    // Once the conversation's complaint is major, every proposal on it is
    // management's, ticked or not: even 5 USD from a junior waits.
    w.admin_desk
        .send(
            json!({"type": "raise_complaint", "conversation_id": w.conversation,
                     "summary": "Threatens to go to the press", "severity": "major"}),
        )
        .await;
    w.admin_desk.recv_type("complaint").await;
    w.junior
        .send(propose(w.conversation, "k2", "5", "USD"))
        .await;
    let waiting = line(&mut w.junior, false).await;
    assert_eq!(
        (waiting["major"].as_bool(), waiting["stage"].as_str()),
        (Some(true), Some("management"))
    );
    w.app.stop().await;
}

#[tokio::test]
async fn other_currencies_convert_at_the_admins_dated_rates() {
    let mut w = world().await;
    let setup = json!({"reference_currency": "USD", "junior": "50", "mid": "100", "rates": [
        {"currency": "EUR", "from": "2026-01-01", "rate": "1.08"},
        {"currency": "JPY", "from": "2026-01-01", "rate": "0.0067"},
        {"currency": "KWD", "from": "2026-01-01", "rate": "3.25"}
    ]});
    let save = |json: String| {
        let app = &w.app;
        let admin = w.admin.clone();
        async move {
            admin_form(
                app,
                &admin,
                "/api/admin/sites/demo/setup/compensation",
                &[("json", &json)],
            )
            .await
        }
    };
    assert_eq!(
        save(setup.to_string()).await,
        "/desk/setup?site=demo&saved=compensation"
    );
    // 46.29 EUR = 49.9932 USD → 50.00 (within); 46.30 EUR = 50.004 → 50.01.
    // 7,462 JPY = 49.9954 → 50.00; 7,463 JPY = 50.0021 → 50.01.
    // 15.384 KWD = 49.998 → 50.00; 15.385 KWD = 50.00125 → 50.01.
    for (i, (amount, currency, reference, granted)) in [
        ("46.29", "EUR", 5000, true),
        ("46,30", "EUR", 5001, false),
        ("7462", "JPY", 5000, true),
        ("7463", "JPY", 5001, false),
        ("15.384", "KWD", 5000, true),
        ("15.385", "KWD", 5001, false),
    ]
    .into_iter()
    .enumerate()
    {
        w.junior
            .send(propose(w.conversation, &format!("x{i}"), amount, currency))
            .await;
        let c = compensation_where(&mut w.junior, |_| true).await;
        assert_eq!(c["reference"]["minor"], reference, "{amount} {currency}");
        assert_eq!(c["decision"].is_null(), !granted, "{amount} {currency}");
    }
    // A proposal keeps the rate of its time: the rate changes while it
    // waits, and its reduction is converted at the old one.
    w.junior
        .send(propose(w.conversation, "late", "60", "EUR"))
        .await;
    let waiting = compensation_where(&mut w.junior, |c| c["amount"]["minor"] == 6000).await;
    assert_eq!(
        (
            waiting["reference"]["minor"].as_i64(),
            waiting["rate_micros"].as_i64()
        ),
        (Some(6480), Some(1_080_000))
    );
    w.clock.set(T0 + MIN);
    let mut later = setup.clone();
    later["rates"]
        .as_array_mut()
        .unwrap()
        .push(json!({"currency": "EUR", "from": "2026-12-01T10:01:00Z", "rate": "2"}));
    assert_eq!(
        save(later.to_string()).await,
        "/desk/setup?site=demo&saved=compensation"
    );
    w.sup
        .send(decide(
            &waiting["id"],
            "reduce",
            Some("50"),
            "half was fine",
        ))
        .await;
    let done = compensation_where(&mut w.junior, |c| {
        c["id"] == waiting["id"] && !c["decision"].is_null()
    })
    .await;
    assert_eq!(done["decision"]["reference_minor"], 5400);
    // New proposals use the new rate: 25 EUR = 50.00 USD.
    w.junior
        .send(propose(w.conversation, "new", "25", "EUR"))
        .await;
    let c = compensation_where(&mut w.junior, |c| c["amount"]["minor"] == 2500).await;
    assert_eq!(c["rate_micros"], 2_000_000);
    assert_eq!(c["decision"]["outcome"], "granted");
    // Stored rates are added, never changed; the setup page says where.
    let mut changed = later.clone();
    changed["rates"][0]["rate"] = json!("1.09");
    assert_eq!(
        save(changed.to_string()).await,
        "/desk/setup?site=demo&error=config_invalid&at=compensation.rates%5B0%5D.rate"
    );
    let mut bad = setup.clone();
    bad["rates"][0]["currency"] = json!("USD");
    assert!(
        save(bad.to_string())
            .await
            .contains("at=compensation.rates%5B0%5D.currency")
    );
    // The setup page shows what is stored.
    let view = common::get_text(&w.app, &w.admin, "/desk/setup?site=demo").await;
    assert!(
        view.contains("2026-12-01T10:01:00Z"),
        "the new rate is listed"
    );
    w.app.stop().await;
}
