//! Issue 18 (R-CMP1, R-CMP3): the complaint ledger over the real server. A
//! complaint topic raises a complaint; staff raise one on any conversation;
//! its owner takes it through its steps in order with a result and a root
//! cause; its clocks count on the EMEA calendar and alert before and at
//! their deadlines; the ledger page, its CSV and the access rule; and the
//! monthly analysis checked against numbers worked out by hand for a
//! seeded month. A manual clock, no sleeps.

use crate::common;

use std::sync::Arc;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, Ws, admin_form};
use parley::state::ManualClock;
use serde_json::{Value, json};

const MIN: i64 = 60_000;

fn ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_millis()
}

use common::topic_customer as customer;

/// A fresh admin session (the manual clock idles sessions out).
async fn admin(app: &TestApp) -> String {
    app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap()
}

/// Posts a step form to complaint `id`; where it redirects.
async fn act(app: &TestApp, cookie: &str, id: i64, form: &[(&str, &str)]) -> String {
    admin_form(app, cookie, &format!("/api/complaints/{id}/act"), form).await
}

async fn complaint_event(desk: &mut Ws, pred: impl Fn(&Value) -> bool) -> Value {
    loop {
        let c = desk.recv_type("complaint").await["complaint"].clone();
        if pred(&c) {
            return c;
        }
    }
}

fn standing(c: &Value, clock: &str) -> String {
    c["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["clock"] == clock)
        .map(|k| k["standing"].as_str().unwrap().to_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_complaint_topic_raises_a_complaint_its_owner_takes_through_its_steps() {
    // Monday 30 November 2026, 10:00 in Berlin (EMEA is open 08–17).
    let clock = Arc::new(ManualClock::default());
    let t0 = ms("2026-11-30T09:00:00Z");
    clock.set(t0);
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut desk, welcome) = app.desk().await;
    let admin_id = welcome["agent"]["id"].as_i64().unwrap();
    let (_c, conversation) = customer(
        &app,
        "complaint",
        "The courier threw my parcel over the fence",
    )
    .await;
    let raised = complaint_event(&mut desk, |c| c["conversation_id"] == conversation).await;
    assert_eq!(
        (
            raised["step"].as_str(),
            raised["severity"].as_str(),
            raised["category"].as_str()
        ),
        (Some("raised"), Some("ordinary"), Some("complaint"))
    );
    assert_eq!(
        raised["summary"],
        "The courier threw my parcel over the fence"
    );
    assert_eq!(raised["team"], "EMEA");
    let reg = &raised["clocks"][0];
    assert_eq!(
        (
            reg["clock"].as_str(),
            reg["due_at"].as_i64(),
            reg["standing"].as_str()
        ),
        (Some("registration"), Some(t0 + 60 * MIN), Some("running"))
    );
    // Investigation: close of business on the 2nd working day (Wed 17:00 Berlin).
    assert_eq!(raised["clocks"][1]["due_at"], ms("2026-12-02T16:00:00Z"));
    let id = raised["id"].as_i64().unwrap();
    // The case panel of the conversation shows it.
    let d = common::detail_of(&mut desk, conversation).await;
    assert_eq!(d["complaint"]["id"], id);
    // The chat's first reply is the complaint's 10 minutes, not 5.
    let first = d["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "first_response")
        .unwrap();
    assert_eq!(first["due_at"], t0 + 10 * MIN);

    // Steps go in order, each once, with who and when.
    let cookie = admin(&app).await;
    let back = |outcome: &str| format!("/desk/complaints?id={id}&{outcome}");
    assert_eq!(
        act(&app, &cookie, id, &[("step", "investigated")]).await,
        back("error=invalid_transition")
    );
    clock.set(t0 + 20 * MIN);
    assert_eq!(
        act(
            &app,
            &cookie,
            id,
            &[("step", "registered"), ("note", "on it")]
        )
        .await,
        back("saved=1")
    );
    let c = complaint_event(&mut desk, |c| c["id"] == id && c["step"] == "registered").await;
    assert_eq!(
        (
            c["owner_id"].as_i64(),
            standing(&c, "registration").as_str()
        ),
        (Some(admin_id), "met")
    );
    clock.set(t0 + 24 * 60 * MIN);
    let cookie = admin(&app).await;
    assert_eq!(
        act(&app, &cookie, id, &[("step", "investigated")]).await,
        back("saved=1")
    );
    assert_eq!(
        act(&app, &cookie, id, &[("step", "resolved")]).await,
        back("error=invalid_frame&field=result")
    );
    assert_eq!(
        act(
            &app,
            &cookie,
            id,
            &[
                ("step", "resolved"),
                ("result", "Refund of 30 USD and a talk with the courier")
            ]
        )
        .await,
        back("saved=1")
    );
    assert_eq!(
        act(&app, &cookie, id, &[("step", "answered")]).await,
        back("saved=1")
    );
    assert_eq!(
        act(
            &app,
            &cookie,
            id,
            &[("step", "closed"), ("root_cause", "weather")]
        )
        .await,
        back("error=invalid_frame&field=root_cause")
    );
    assert_eq!(
        act(
            &app,
            &cookie,
            id,
            &[("step", "closed"), ("root_cause", "carrier_delay")]
        )
        .await,
        back("saved=1")
    );
    let c = complaint_event(&mut desk, |c| c["id"] == id && c["step"] == "closed").await;
    for clock in ["registration", "investigation", "answer", "follow_up"] {
        assert_eq!(standing(&c, clock), "met", "{clock}");
    }
    assert_eq!(c["root_cause"], "carrier_delay");

    // The case view lists every step with who did it.
    let page = common::get_text(&app, &cookie, &format!("/desk/complaints?id={id}")).await;
    assert!(page.contains("data-testid=\"complaint-case\""), "{page}");
    for action in [
        "raised",
        "registered",
        "investigated",
        "resolved",
        "answered",
        "closed",
    ] {
        assert!(
            page.contains(&format!("data-action=\"{action}\"")),
            "{action}"
        );
    }
    assert!(page.contains("Refund of 30 USD"));
    // The ledger and its CSV.
    let ledger = common::get_text(&app, &cookie, "/desk/complaints?state=closed").await;
    assert!(
        ledger.contains(&format!("data-id=\"{id}\" data-step=\"closed\"")),
        "{ledger}"
    );
    let none = common::get_text(&app, &cookie, "/desk/complaints?state=open").await;
    assert!(!none.contains("data-testid=\"complaint-row\""));
    let csv = common::get_text(&app, &cookie, "/api/complaints.csv").await;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("id,site,conversation,customer,category,severity,owner,step"));
    assert!(
        lines[1].contains(",demo,")
            && lines[1].contains(",closed,")
            && lines[1].contains(",carrier_delay,")
    );
    assert!(lines[1].contains("met,met,met,met"), "{}", lines[1]);

    // An agent who does not work on the conversation learns nothing of it.
    let agent = common::agent_session(&app, &cookie, "other@test.local").await;
    assert_eq!(
        act(&app, &agent, id, &[("note", "peek")]).await,
        back("error=not_found")
    );
    let hidden = common::get_text(&app, &agent, &format!("/desk/complaints?id={id}")).await;
    assert!(hidden.contains("data-code=\"not_found\""), "{hidden}");
    let their_csv = common::get_text(&app, &agent, "/api/complaints.csv").await;
    assert_eq!(their_csv.lines().count(), 1);
    app.stop().await;
}

#[tokio::test]
async fn complaint_clocks_alert_before_and_at_their_deadline_once_each() {
    let clock = Arc::new(ManualClock::default());
    let t0 = ms("2026-11-30T09:00:00Z");
    clock.set(t0);
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut desk, _) = app.desk().await;
    let (_c, conversation) = customer(&app, "complaint", "Nobody answers my e-mails").await;
    let c = complaint_event(&mut desk, |c| c["conversation_id"] == conversation).await;
    // 80 % of the business hour: due soon.
    clock.set(t0 + 48 * MIN);
    let soon = desk.recv_type("complaint_alert").await;
    assert_eq!(
        (
            soon["complaint_id"].as_i64(),
            soon["clock"].as_str(),
            soon["breached"].as_bool()
        ),
        (c["id"].as_i64(), Some("registration"), Some(false))
    );
    clock.set(t0 + 61 * MIN);
    let late = desk.recv_type("complaint_alert").await;
    assert_eq!(
        (late["clock"].as_str(), late["breached"].as_bool()),
        (Some("registration"), Some(true))
    );
    clock.advance(MIN);
    assert!(
        desk.try_recv_type("complaint_alert", std::time::Duration::from_millis(1200))
            .await
            .is_none(),
        "each alert once"
    );
    // The ledger's overdue filter finds it.
    let cookie = admin(&app).await;
    let overdue = common::get_text(&app, &cookie, "/desk/complaints?overdue=true").await;
    assert!(overdue.contains("data-overdue=\"true\""));
    app.stop().await;
}

#[tokio::test]
async fn staff_raise_a_complaint_on_any_conversation_once() {
    let app = TestApp::start().await;
    let (mut desk, _) = app.desk().await;
    let (_c, conversation) = customer(&app, "other", "Where is my order?").await;
    common::detail_of(&mut desk, conversation).await;
    desk.send(json!({"type": "raise_complaint", "conversation_id": conversation, "summary": ""}))
        .await;
    let e = desk.recv_type("error").await;
    assert_eq!(
        (e["code"].as_str(), e["field"].as_str()),
        (Some("invalid_frame"), Some("summary"))
    );
    desk.send(json!({"type": "raise_complaint", "conversation_id": conversation,
                     "summary": "Third delay this month; threatens to post a review", "severity": "major"}))
        .await;
    let c = complaint_event(&mut desk, |c| c["conversation_id"] == conversation).await;
    assert_eq!(
        (c["severity"].as_str(), c["category"].as_str()),
        (Some("major"), Some("other"))
    );
    desk.send(
        json!({"type": "raise_complaint", "conversation_id": conversation, "summary": "again"}),
    )
    .await;
    // Nothing new: the conversation keeps its complaint.
    assert!(
        desk.try_recv_type("complaint", std::time::Duration::from_millis(500))
            .await
            .is_none()
    );
    let d = common::detail_of(&mut desk, conversation).await;
    assert_eq!(d["complaint"]["id"], c["id"]);
    assert_eq!(
        d["complaint"]["summary"],
        "Third delay this month; threatens to post a review"
    );
    app.stop().await;
}

/// November 2026, worked out by hand:
/// - conversations opened in November: A, B (complaint topic), C (other,
///   raised by staff), E, F (other) = 5; complaints 3 → 60.00 %;
/// - by topic: complaint 2, other 1; by root cause: carrier_delay 1 (A);
/// - registration: A met (30 min), B late (2 h 10 min in business hours),
///   C met (10 min) → 2 of 3 = 66.66 %; investigation: A met, B and C
///   overdue by 1 December → 33.33 %; answer: A met → 100.00 %;
///   follow-up: A met → 100.00 %;
/// - compensation decided in November: refund 30.00 USD, coupon 10.00 USD;
/// - trend: October 1 (D), November 3, every other month 0.
#[tokio::test]
async fn the_monthly_analysis_matches_a_seeded_month_worked_out_by_hand() {
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-10-15T10:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    customer(&app, "complaint", "October: parcel late").await;
    clock.set(ms("2026-11-02T10:00:00Z"));
    let (_a, a) = customer(&app, "complaint", "A: parcel crushed").await;
    clock.set(ms("2026-11-02T10:05:00Z"));
    let (_b, b) = customer(&app, "complaint", "B: rude courier").await;
    clock.set(ms("2026-11-02T10:10:00Z"));
    let (_cc, c) = customer(&app, "other", "C: third delay").await;
    let (mut desk, _) = app.desk().await;
    common::detail_of(&mut desk, c).await;
    desk.send(
        json!({"type": "raise_complaint", "conversation_id": c, "summary": "C: third delay"}),
    )
    .await;
    let id_c = complaint_event(&mut desk, |k| k["conversation_id"] == c).await["id"]
        .as_i64()
        .unwrap();
    clock.set(ms("2026-11-02T10:15:00Z"));
    customer(&app, "other", "E: just a question").await;
    customer(&app, "other", "F: another question").await;
    let listed = common::get_text(&app, &admin(&app).await, "/api/complaints.csv").await;
    let by_conversation: std::collections::HashMap<i64, i64> = listed
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[2].parse::<i64>().unwrap(), f[0].parse::<i64>().unwrap())
        })
        .collect();
    let (id_a, id_b) = (by_conversation[&a], by_conversation[&b]);
    type Form<'a> = &'a [(&'a str, &'a str)];
    let steps: [(&str, i64, Form); 7] = [
        ("2026-11-02T10:20:00Z", id_c, &[("step", "registered")]),
        ("2026-11-02T10:30:00Z", id_a, &[("step", "registered")]),
        ("2026-11-02T12:10:00Z", id_b, &[("step", "registered")]),
        ("2026-11-03T09:00:00Z", id_a, &[("step", "investigated")]),
        (
            "2026-11-03T10:00:00Z",
            id_a,
            &[("step", "resolved"), ("result", "refund")],
        ),
        ("2026-11-03T11:00:00Z", id_a, &[("step", "answered")]),
        (
            "2026-11-04T09:00:00Z",
            id_a,
            &[("step", "closed"), ("root_cause", "carrier_delay")],
        ),
    ];
    for (at, id, form) in steps {
        clock.set(ms(at));
        let cookie = admin(&app).await;
        assert!(
            act(&app, &cookie, id, form).await.ends_with("saved=1"),
            "{at}"
        );
    }
    // Compensation on A, granted by the admin at once.
    clock.set(ms("2026-11-04T10:00:00Z"));
    let (mut desk, _) = app.desk().await;
    for (client, kind, amount) in [("k1", "refund", "30"), ("k2", "coupon", "10")] {
        desk.send(
            json!({"type": "propose_compensation", "conversation_id": a, "client_id": client,
                         "kind": kind, "amount": amount, "currency": "USD", "reason": "crushed"}),
        )
        .await;
        loop {
            let c = desk.recv_type("compensation").await["compensation"].clone();
            if c["decision"]["outcome"] == "granted" && c["kind"] == kind {
                break;
            }
        }
    }

    clock.set(ms("2026-12-01T10:00:00Z"));
    let cookie = admin(&app).await;
    let csv = common::get_text(
        &app,
        &cookie,
        "/api/complaints/analysis.csv?site=demo&month=2026-11",
    )
    .await;
    let expected = "section,key,value\n\
        month,2026-11,\n\
        total,complaints,3\n\
        total,conversations,5\n\
        total,complaint_share_percent,60.00\n\
        category,complaint,2\n\
        category,other,1\n\
        root_cause,carrier_delay,1\n\
        on_time_percent,registration,66.66\n\
        on_time_percent,investigation,33.33\n\
        on_time_percent,answer,100.00\n\
        on_time_percent,follow_up,100.00\n\
        compensation,refund USD,30.00\n\
        compensation,coupon USD,10.00\n\
        compensation,reshipment USD,0.00\n\
        compensation,other USD,0.00\n\
        trend,2025-12,0\n\
        trend,2026-01,0\n\
        trend,2026-02,0\n\
        trend,2026-03,0\n\
        trend,2026-04,0\n\
        trend,2026-05,0\n\
        trend,2026-06,0\n\
        trend,2026-07,0\n\
        trend,2026-08,0\n\
        trend,2026-09,0\n\
        trend,2026-10,1\n\
        trend,2026-11,3\n";
    assert_eq!(csv, expected);
    // The page shows the same figures, each chart with its table.
    let page = common::get_text(
        &app,
        &cookie,
        "/desk/complaints/analysis?site=demo&month=2026-11",
    )
    .await;
    assert!(page.contains("data-basis-points=\"6000\""), "{page}");
    for table in ["category", "root-cause", "on-time", "compensation", "trend"] {
        assert!(
            page.contains(&format!("data-testid=\"table-{table}\"")),
            "{table}"
        );
    }
    assert!(page.contains("data-key=\"registration\" data-value=\"6666\""));
    // The compensation ledger as CSV: both lines with who granted them.
    let comp = common::get_text(&app, &cookie, "/api/compensations.csv?site=demo").await;
    assert_eq!(comp.lines().count(), 3, "{comp}");
    assert!(comp.contains(",refund,30.00,USD,30.00,USD,,false,crushed,admin@test.local,"));
    // Agents may not read the analysis.
    let agent = common::agent_session(&app, &cookie, "ag@test.local").await;
    let refused = common::client()
        .get(app.url("/api/complaints/analysis.csv?site=demo&month=2026-11"))
        .header("cookie", &agent)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let _ = id_c;
    app.stop().await;
}

#[tokio::test]
async fn admins_keep_their_own_root_causes_per_site() {
    let app = TestApp::start().await;
    let cookie = admin(&app).await;
    let save = |json: &'static str| {
        let (app, cookie) = (&app, cookie.clone());
        async move {
            admin_form(
                app,
                &cookie,
                "/api/admin/sites/demo/setup/root_causes",
                &[("json", json)],
            )
            .await
        }
    };
    assert_eq!(
        save(r#"[{"key": "Late Pickup", "names": {"en": "Late pick-up"}}]"#).await,
        "/desk/setup?site=demo&error=config_invalid&at=root_causes%5B0%5D.key"
    );
    assert_eq!(
        save(r#"[{"key": "late_pickup", "names": {"xx": "?"}}]"#).await,
        "/desk/setup?site=demo&error=config_invalid&at=root_causes%5B0%5D.names"
    );
    assert_eq!(
        save(
            r#"[{"key": "late_pickup", "names": {"en": "Late pick-up", "de": "Späte Abholung"}}]"#
        )
        .await,
        "/desk/setup?site=demo&saved=root_causes"
    );
    let page = common::get_text(&app, &cookie, "/desk/setup?site=demo").await;
    assert!(page.contains("Späte Abholung"));
    // A complaint is now closed with the site's own cause, not a default one.
    let (mut desk, _) = app.desk().await;
    let (_c, conversation) = customer(&app, "complaint", "Picked up three days late").await;
    let id = complaint_event(&mut desk, |c| c["conversation_id"] == conversation).await["id"]
        .as_i64()
        .unwrap();
    for step in ["registered", "investigated"] {
        assert!(
            act(&app, &cookie, id, &[("step", step)])
                .await
                .ends_with("saved=1")
        );
    }
    assert!(
        act(
            &app,
            &cookie,
            id,
            &[("step", "resolved"), ("result", "apology")]
        )
        .await
        .ends_with("saved=1")
    );
    assert!(
        act(&app, &cookie, id, &[("step", "answered")])
            .await
            .ends_with("saved=1")
    );
    let case = common::get_text(&app, &cookie, &format!("/desk/complaints?id={id}")).await;
    assert!(
        case.contains("value=\"late_pickup\""),
        "the closing form offers the site's causes"
    );
    assert!(
        act(
            &app,
            &cookie,
            id,
            &[("step", "closed"), ("root_cause", "carrier_delay")]
        )
        .await
        .ends_with("error=invalid_frame&field=root_cause")
    );
    assert!(
        act(
            &app,
            &cookie,
            id,
            &[("step", "closed"), ("root_cause", "late_pickup")]
        )
        .await
        .ends_with("saved=1")
    );
    // The analysis names the site's own cause by its own name.
    // (In Japanese, which it has no name in: its English name, not "Other".)
    let analysis = common::client()
        .get(app.url("/desk/complaints/analysis?site=demo"))
        .header("cookie", &cookie)
        .header("accept-language", "ja")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(analysis.contains("lang=\"ja\""), "the page is in Japanese");
    let row = analysis
        .find("data-key=\"late_pickup\"")
        .expect("the cause is counted");
    assert!(analysis[row..].contains("Late pick-up"), "{analysis}");
    app.stop().await;
}

#[tokio::test]
async fn a_complaint_covers_further_conversations_of_its_customer() {
    let app = TestApp::start().await;
    let (_c, token, first) = app.customer(None, "Parcel one never came").await;
    let visitor = {
        let (_v, w) = app.hello(Some(&token), 0).await;
        w["visitor_id"].as_str().unwrap().to_owned()
    };
    let (_s, stranger) = customer(&app, "other", "Someone else entirely").await;
    let dir = app.stop().await;
    // The same customer's second conversation, as the store keeps it.
    let second = {
        let store = common::open_store(&dir).await;
        let id = common::stored_conversation(&store, &visitor).await;
        store.close().await;
        id
    };
    let app = TestApp::start_in(dir).await;
    let (mut desk, _) = app.desk().await;
    common::detail_of(&mut desk, first).await;
    desk.send(
        json!({"type": "raise_complaint", "conversation_id": first, "summary": "Two parcels lost"}),
    )
    .await;
    let id = complaint_event(&mut desk, |c| c["conversation_id"] == first).await["id"]
        .as_i64()
        .unwrap();
    let cookie = admin(&app).await;
    // The case view offers the customer's other conversation, not a stranger's.
    let page = common::get_text(&app, &cookie, &format!("/desk/complaints?id={id}")).await;
    assert!(
        page.contains(&format!("<option value=\"{second}\"")),
        "{page}"
    );
    assert!(!page.contains(&format!("<option value=\"{stranger}\"")));
    let back = |outcome: &str| format!("/desk/complaints?id={id}&{outcome}");
    let stranger_link = stranger.to_string();
    assert_eq!(
        act(&app, &cookie, id, &[("link", &stranger_link)]).await,
        back("error=invalid_frame&field=link")
    );
    let link = second.to_string();
    assert_eq!(
        act(&app, &cookie, id, &[("link", &link)]).await,
        back("saved=1")
    );
    assert_eq!(
        act(&app, &cookie, id, &[("link", &link)]).await,
        back("error=invalid_frame&field=link"),
        "linked once"
    );
    let page = common::get_text(&app, &cookie, &format!("/desk/complaints?id={id}")).await;
    assert!(page.contains(&format!("data-conversation=\"{second}\"")));
    assert!(page.contains("data-action=\"linked\""));
    // The second conversation's case panel shows the complaint too.
    let d = common::detail_of(&mut desk, second).await;
    assert_eq!(d["complaint"]["id"], id);
    app.stop().await;
}

/// The ledger's and analysis's routes as the wrong person: nobody signed
/// in, an agent (no analysis, no compensation ledger, no other person's
/// complaint), an admin of another site (none of demo's figures).
#[tokio::test]
async fn the_ledger_routes_refuse_the_wrong_person() {
    let app = TestApp::start_two_sites().await;
    let root = admin(&app).await;
    let (mut desk, _) = app.desk().await;
    let (_c, conversation) = customer(&app, "complaint", "Broken on arrival").await;
    let id = complaint_event(&mut desk, |c| c["conversation_id"] == conversation).await["id"]
        .as_i64()
        .unwrap();
    let loc = common::create_staff(&app, &root, "acme-admin@test.local", "admin", "acme").await;
    assert!(loc.starts_with("/desk/staff?saved="), "{loc}");
    let acme = app
        .login("acme-admin@test.local", "a long enough password")
        .await
        .unwrap();
    let agent = common::agent_session(&app, &root, "plain@test.local").await;
    let reads = [
        "/api/complaints.csv",
        "/api/complaints/analysis.csv?site=demo&month=2026-12",
        "/api/compensations.csv?site=demo",
    ];
    for path in reads {
        let anon = common::client().get(app.url(path)).send().await.unwrap();
        assert_eq!(anon.status(), 401, "anonymous {path}");
    }
    let status = |cookie: String, path: &'static str| {
        let app = &app;
        async move {
            common::client()
                .get(app.url(path))
                .header("cookie", cookie)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(status(agent.clone(), reads[1]).await, 403);
    assert_eq!(status(agent.clone(), reads[2]).await, 403);
    assert_eq!(status(acme.clone(), reads[1]).await, 404);
    assert_eq!(status(acme.clone(), reads[2]).await, 404);
    for cookie in [&agent, &acme] {
        let csv = common::get_text(&app, cookie, reads[0]).await;
        assert_eq!(csv.lines().count(), 1, "no demo complaint listed");
        assert_eq!(
            act(&app, cookie, id, &[("step", "registered")]).await,
            format!("/desk/complaints?id={id}&error=not_found")
        );
    }
    let anon_act = common::client()
        .post(app.url(&format!("/api/complaints/{id}/act")))
        .header("origin", app.origin())
        .form(&[("step", "registered")])
        .send()
        .await
        .unwrap();
    assert!(anon_act.status().is_client_error(), "{}", anon_act.status());
    app.stop().await;
}
