//! Routing over real websockets with a manual clock: the admin sets up staff
//! through the staff forms, agents open their desks, and customers writing
//! in different languages and topics land with the right agent; a busy
//! speaker is waited for, a freed seat is filled at once, nobody is routed
//! outside the team's hours (the customer hears where they stand) until the
//! calendar opens, and a core customer goes to their dedicated owner.

use crate::common;

use std::sync::Arc;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, Ws, detail_of};
use parley::state::ManualClock;
use serde_json::{Value, json};

fn ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_millis()
}

async fn post_form(app: &TestApp, cookie: &str, path: &str, form: &[(&str, &str)]) -> String {
    common::admin_form(app, cookie, path, form).await
}

/// Creates an agent with a routing profile; returns their id.
async fn agent(
    app: &TestApp,
    admin: &str,
    teams: &Value,
    (email, name): (&str, &str),
    langs: &[&str],
    (team, skills, capacity): (&str, &str, &str),
) -> i64 {
    let loc = post_form(
        app,
        admin,
        "/api/admin/staff",
        &[
            ("email", email),
            ("name", name),
            ("password", "a long enough password"),
        ],
    )
    .await;
    let id: i64 = loc
        .strip_prefix("/desk/staff?saved=")
        .unwrap_or_else(|| panic!("created: {loc}"))
        .parse()
        .unwrap();
    let team_id = teams
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == team && t["site"] == "demo")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let team_key = format!("team.{team_id}");
    let lang_keys: Vec<String> = langs.iter().map(|l| format!("lang.{l}")).collect();
    let mut form: Vec<(&str, &str)> = vec![
        (team_key.as_str(), "on"),
        ("skills", skills),
        ("capacity", capacity),
    ];
    form.extend(lang_keys.iter().map(|k| (k.as_str(), "on")));
    let loc = post_form(app, admin, &format!("/api/admin/staff/{id}/routing"), &form).await;
    assert_eq!(loc, format!("/desk/staff?saved={id}"));
    id
}

async fn desk_of(app: &TestApp, email: &str) -> Ws {
    let cookie = app
        .login(email, "a long enough password")
        .await
        .expect("signs in");
    let mut ws = Ws::connect(app.addr, "/ws/desk", Some(&cookie), Some(&app.origin()))
        .await
        .unwrap();
    ws.send(json!({"type": "hello", "v": 1})).await;
    ws.recv_type("welcome").await;
    ws
}

/// A customer in `locale` writes about `category`; returns their socket and conversation id.
async fn customer(app: &TestApp, locale: &str, intake: Value) -> (Ws, i64) {
    let mut v = app.visitor().await;
    v.send(
        json!({"type": "hello", "v": 1, "site": "demo", "locale": locale, "tz": "Europe/Madrid"}),
    )
    .await;
    v.recv_type("welcome").await;
    v.send(json!({"type": "send", "client_id": "first", "body": "Hello, I need help", "intake": intake}))
        .await;
    let ack = loop {
        let f = v.recv().await;
        assert_ne!(f["type"], "error", "refused: {f}");
        if f["type"] == "ack" {
            break f;
        }
    };
    let id = ack["message"]["conversation_id"].as_i64().unwrap();
    (v, id)
}

fn payment() -> Value {
    json!({"category": "payment", "facts": {"order_number": "A-1001", "what_failed": "Card declined"}})
}

/// The owner the admin's desk sees for `id`, once it has one.
async fn assignee(desk: &mut Ws, id: i64) -> i64 {
    loop {
        let s = desk.recv_type("conversation").await["summary"].clone();
        if s["id"] == id && !s["assignee_id"].is_null() {
            return s["assignee_id"].as_i64().unwrap();
        }
    }
}

/// The customer's next queue report.
async fn queue(v: &mut Ws) -> Value {
    v.recv_type("queue").await
}

/// The customer's queue reports until one puts them at `position`.
async fn queue_at(v: &mut Ws, position: u64) -> Value {
    loop {
        let q = queue(v).await;
        if q["position"].as_u64() == Some(position) {
            return q;
        }
    }
}

#[tokio::test]
async fn conversations_go_to_the_right_agent_and_wait_for_the_right_one() {
    // Tuesday 24 Nov 2026, 09:00 UTC: 10:00 in Berlin (EMEA open), 17:00 in Shanghai.
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-11-24T09:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let (mut watch, welcome) = app.desk().await;
    let teams = welcome["teams"].clone();
    assert!(teams.as_array().unwrap().len() >= 4, "{teams}");
    // The admin belongs to no team: routing never gives them anything here.

    let jonas = agent(
        &app,
        &admin,
        &teams,
        ("jonas@x.test", "Jonas"),
        &["de", "en"],
        ("EMEA", "payment", "2"),
    )
    .await;
    let lucia = agent(
        &app,
        &admin,
        &teams,
        ("lucia@x.test", "Lucía"),
        &["es", "en"],
        ("EMEA", "payment, complaints", "3"),
    )
    .await;
    let mei = agent(
        &app,
        &admin,
        &teams,
        ("mei@x.test", "Mei"),
        &["zh-CN", "ja"],
        ("APAC", "product", "2"),
    )
    .await;
    // The staff list reaches desks live.
    let staff = watch.recv_type("staff").await;
    assert!(staff["agent"]["name"].is_string());

    // A profile form with a bad capacity is refused with a code.
    let loc = post_form(
        &app,
        &admin,
        &format!("/api/admin/staff/{mei}/routing"),
        &[("capacity", "500")],
    )
    .await;
    assert_eq!(loc, "/desk/staff?error=profile_invalid");

    // Nobody has a desk open yet: a Spanish payment question waits, and the
    // customer hears that nobody is online.
    let (mut es, es_id) = customer(&app, "es-MX", payment()).await;
    let q = queue(&mut es).await;
    assert_eq!(
        (
            q["position"].as_u64(),
            q["waiting"].as_u64(),
            q["staff_online"].as_bool()
        ),
        (Some(1), Some(1), Some(false)),
        "{q}"
    );

    // Lucía opens her desk: it is hers (she reads Spanish), at once.
    let mut lucia_desk = desk_of(&app, "lucia@x.test").await;
    assert_eq!(assignee(&mut watch, es_id).await, lucia);
    let st = es.recv_type("status").await;
    assert_eq!(st["status"], "assigned");
    let _jonas_desk = desk_of(&app, "jonas@x.test").await;
    let mut mei_desk = desk_of(&app, "mei@x.test").await;

    // German customers go to Jonas while he has seats, though Lucía is lighter.
    let (_de1, de1) = customer(&app, "de", payment()).await;
    assert_eq!(assignee(&mut watch, de1).await, jonas);
    let (_de2, de2) = customer(&app, "de-AT", payment()).await;
    assert_eq!(assignee(&mut watch, de2).await, jonas);
    // Jonas is full: the third German customer waits for him rather than go to
    // someone who does not read German, and is told they are first in line.
    let (mut de3, de3_id) = customer(&app, "de", payment()).await;
    let q = queue(&mut de3).await;
    assert_eq!(
        (q["position"].as_u64(), q["staff_online"].as_bool()),
        (Some(1), Some(true)),
        "{q}"
    );
    // A Japanese product question goes to APAC's Mei.
    let (_ja, ja_id) = customer(
        &app,
        "ja",
        json!({"category": "product", "facts": {"order_number": "A-2002"}}),
    )
    .await;
    assert_eq!(assignee(&mut watch, ja_id).await, mei);

    // Jonas resolves one: his freed seat goes to the waiting German customer.
    let mut jonas_desk = desk_of(&app, "jonas@x.test").await;
    jonas_desk
        .send(json!({"type": "transition", "conversation_id": de1, "action": "resolve"}))
        .await;
    assert_eq!(assignee(&mut watch, de3_id).await, jonas);
    // Its widget stops showing a queue place (earlier rounds' reports come first).
    while !queue(&mut de3).await["position"].is_null() {}
    let transitions = detail_of(&mut watch, de3_id).await["transitions"].clone();
    let last = transitions.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            last["to"].as_str(),
            last["actor"].as_str(),
            last["agent_name"].as_str()
        ),
        (Some("assigned"), Some("system"), Some("Jonas"))
    );

    // 17:30 in Berlin: EMEA is closed. An English question waits, and the
    // customer hears that nobody who could answer is on shift.
    clock.set(ms("2026-11-24T16:30:00Z"));
    let (mut en, en_id) = customer(&app, "en", payment()).await;
    let q = queue(&mut en).await;
    assert_eq!(
        (q["position"].as_u64(), q["staff_online"].as_bool()),
        (Some(1), Some(false)),
        "{q}"
    );
    // Next morning 08:00 Berlin: the timer round gives it to the English
    // speaker with a seat (Jonas is full), without anyone touching it.
    clock.set(ms("2026-11-25T07:00:00Z"));
    assert_eq!(assignee(&mut watch, en_id).await, lucia);

    // Mei goes away: a Chinese customer's product question has nobody...
    mei_desk
        .send(json!({"type": "set_availability", "availability": "away"}))
        .await;
    loop {
        let s = watch.recv_type("staff").await;
        if s["agent"]["id"] == mei && s["agent"]["availability"] == "away" {
            break;
        }
    }
    let (mut zh, zh_id) = customer(
        &app,
        "zh-CN",
        json!({"category": "product", "facts": {"order_number": "A-3003"}}),
    )
    .await;
    let q = queue(&mut zh).await;
    assert_eq!(q["staff_online"].as_bool(), Some(false), "{q}");
    // ...until staff mark the customer core with Lucía as dedicated owner:
    // the owner takes it although she is not in APAC.
    watch.send(json!({"type": "set_customer", "conversation_id": zh_id, "tier": "core", "owner_id": lucia})).await;
    assert_eq!(assignee(&mut watch, zh_id).await, lucia);
    // An owner for a non-core customer is refused; an unknown owner too.
    watch.send(json!({"type": "set_customer", "conversation_id": zh_id, "tier": "ordinary", "owner_id": lucia})).await;
    let e = watch.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_frame"), Some("owner"))
    );
    watch.send(json!({"type": "set_customer", "conversation_id": zh_id, "tier": "core", "owner_id": 9999})).await;
    assert_eq!(watch.recv_type("error").await["code"], "not_found");
    // The detail names the owner.
    let d = detail_of(&mut watch, zh_id).await;
    assert_eq!(d["owner_id"].as_i64(), Some(lucia));

    // Closing her last desk takes Lucía out of routing: the next Spanish
    // customer waits (nobody else reads Spanish, Jonas is full anyway).
    let _ = lucia_desk.inner.close(None).await;
    loop {
        let s = watch.recv_type("staff").await;
        if s["agent"]["id"] == lucia && s["agent"]["connected"] == false {
            break;
        }
    }
    let (mut es2, _) = customer(&app, "es", payment()).await;
    let q = queue(&mut es2).await;
    assert_eq!(q["position"].as_u64(), Some(1), "{q}");
    app.stop().await;
}

#[tokio::test]
async fn the_queue_is_served_by_tier_then_priority() {
    // Saturday: EMEA closed. Three customers wait; Monday 08:00 one agent with one seat.
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-11-28T10:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let (mut watch, welcome) = app.desk().await;
    let teams = welcome["teams"].clone();
    let anna = agent(
        &app,
        &admin,
        &teams,
        ("anna@x.test", "Anna"),
        &["en"],
        ("EMEA", "payment, complaints", "1"),
    )
    .await;
    let _anna_desk = desk_of(&app, "anna@x.test").await;

    let fees = json!({"category": "fees", "facts": {}});
    let (mut first, _) = customer(&app, "en", fees.clone()).await; // consultation, oldest
    clock.advance(60_000);
    let (mut urgent, urgent_id) = customer(&app, "en", payment()).await; // urgent
    clock.advance(60_000);
    let (mut important, important_id) = customer(&app, "en", fees).await; // consultation, newest
    watch
        .send(json!({"type": "set_customer", "conversation_id": important_id, "tier": "important"}))
        .await;
    // Positions as the queue will be served: important, urgent, oldest.
    assert_eq!(
        queue_at(&mut important, 1).await["waiting"].as_u64(),
        Some(3)
    );
    assert_eq!(queue_at(&mut urgent, 2).await["waiting"].as_u64(), Some(3));
    assert_eq!(queue_at(&mut first, 3).await["waiting"].as_u64(), Some(3));

    // Monday 08:00 Berlin: the one seat goes to the important customer; the
    // others move up.
    clock.set(ms("2026-11-30T07:00:00Z"));
    assert_eq!(assignee(&mut watch, important_id).await, anna);
    while !queue(&mut important).await["position"].is_null() {}
    assert_eq!(queue_at(&mut urgent, 1).await["waiting"].as_u64(), Some(2));
    assert_eq!(queue_at(&mut first, 2).await["waiting"].as_u64(), Some(2));
    // Her seat frees up: the urgent one is next, then the oldest.
    let mut anna_desk = desk_of(&app, "anna@x.test").await;
    anna_desk
        .send(json!({"type": "transition", "conversation_id": important_id, "action": "resolve"}))
        .await;
    assert_eq!(assignee(&mut watch, urgent_id).await, anna);
    assert_eq!(queue_at(&mut first, 1).await["waiting"].as_u64(), Some(1));
    app.stop().await;
}

#[tokio::test]
async fn the_welcome_says_whether_anyone_can_answer_now() {
    // Tuesday 10:00 in Berlin.
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-11-24T09:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let (_watch, welcome) = app.desk().await;
    let online = |w: &Value| w["staff_online"].as_bool();
    // The admin's desk is open, but they are in no team: nobody for the demo site.
    assert_eq!(online(&app.hello(None, 0).await.1), Some(false));
    let teams = welcome["teams"].clone();
    agent(
        &app,
        &admin,
        &teams,
        ("eva@x.test", "Eva"),
        &["de"],
        ("EMEA", "payment", "2"),
    )
    .await;
    assert_eq!(
        online(&app.hello(None, 0).await.1),
        Some(false),
        "no desk open"
    );
    let mut eva = desk_of(&app, "eva@x.test").await;
    assert_eq!(online(&app.hello(None, 0).await.1), Some(true));
    // Away, or after hours: nobody.
    eva.send(json!({"type": "set_availability", "availability": "away"}))
        .await;
    eva.recv_type("staff").await;
    assert_eq!(online(&app.hello(None, 0).await.1), Some(false));
    eva.send(json!({"type": "set_availability", "availability": "available"}))
        .await;
    eva.recv_type("staff").await;
    assert_eq!(online(&app.hello(None, 0).await.1), Some(true));
    clock.set(ms("2026-11-24T17:30:00Z"));
    assert_eq!(
        online(&app.hello(None, 0).await.1),
        Some(false),
        "18:30 in Berlin"
    );
    app.stop().await;
}
