//! Issue 21: the service reports from what real conversations stored —
//! answered, on time or late, resolved, transferred, reopened, rated —
//! as the desk's CSV export and the site API's JSON; who may see which.

use std::sync::Arc;

use parley::state::ManualClock;
use serde_json::{Value, json};

use crate::common::{
    self, ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, Ws, agent_session, create_staff, get_text,
};

fn ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_millis()
}

async fn status_is(v: &mut Ws, status: &str) {
    while v.recv_type("status").await["status"] != status {}
}

async fn transition(desk: &mut Ws, id: i64, action: &str) {
    desk.send(json!({"type": "transition", "conversation_id": id, "action": action}))
        .await;
}

/// `GET path` with the session `cookie`: status and body.
async fn fetch(app: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let resp = common::client()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (resp.status().as_u16(), resp.text().await.unwrap())
}

/// The CSV's lines as cells, the byte-order mark checked and dropped.
fn rows(csv: &str) -> Vec<Vec<String>> {
    let body = csv.strip_prefix('\u{feff}').expect("UTF-8 byte-order mark");
    body.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

fn column(table: &[Vec<String>], row: usize, name: &str) -> String {
    let i = table[0]
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("{name}"));
    table[row][i].clone()
}

#[tokio::test]
async fn reports_count_what_the_conversations_stored() {
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-11-23T10:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut desk, welcome) = app.desk().await;
    let admin_id = welcome["agent"]["id"].as_i64().unwrap();

    // A: answered at once, resolved, rated 5.
    let (mut a, _, a_id) = app.customer(None, "Where is my parcel?").await;
    transition(&mut desk, a_id, "assign").await;
    common::reply(&mut desk, a_id, "a1", "It is on its way.").await;
    transition(&mut desk, a_id, "resolve").await;
    status_is(&mut a, "resolved").await;
    a.send(json!({"type": "rate", "score": 5})).await;
    a.recv_type("rated").await;
    // C: answered, handed to another team, resolved there.
    let (mut c, _, c_id) = app.customer(None, "A question on duties").await;
    transition(&mut desk, c_id, "assign").await;
    common::reply(&mut desk, c_id, "c1", "Let me ask our EMEA team.").await;
    desk.send(
        json!({"type": "transfer", "conversation_id": c_id, "team": "EMEA",
                     "agent_id": admin_id, "note": "duties"}),
    )
    .await;
    transition(&mut desk, c_id, "resolve").await;
    status_is(&mut c, "resolved").await;
    // D: answered, resolved, rated 3, reopened by the customer, resolved again.
    let (mut d, _, d_id) = app.customer(None, "My label is wrong").await;
    transition(&mut desk, d_id, "assign").await;
    common::reply(&mut desk, d_id, "d1", "Fixed.").await;
    transition(&mut desk, d_id, "resolve").await;
    status_is(&mut d, "resolved").await;
    d.send(json!({"type": "rate", "score": 3})).await;
    d.recv_type("rated").await;
    common::say(&mut d, "d2", "It is still wrong").await;
    status_is(&mut d, "reopened").await;
    transition(&mut desk, d_id, "resolve").await;
    status_is(&mut d, "resolved").await;
    // B: nobody answers; three days later its first response is late.
    let (_b, _, _) = app.customer(None, "Hello?").await;
    clock.advance(3 * 24 * 3_600_000);
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap(); // the old session expired

    let query = "site=demo&from=2026-11-23&until=2026-11-26&tz=UTC&by=agent&period=day";
    let (status, csv) = fetch(
        &app,
        &admin,
        &format!("/api/reports.csv?{query}&table=slices"),
    )
    .await;
    assert_eq!(status, 200, "{csv}");
    let t = rows(&csv);
    assert_eq!(t[1][0], "total");
    for (name, want) in [
        ("conversations", "4"),
        ("response_rate", "0.7500"),
        ("on_time_first_response", "0.7500"),
        ("resolution_rate", "0.7500"),
        ("first_contact_resolution", "0.3333"),
        ("csat", "4.00"),
        ("ratings", "2"),
        ("complaint_rate", "0.0000"),
        ("complaint_resolution_time_seconds", ""),
    ] {
        assert_eq!(column(&t, 1, name), want, "{name}");
    }
    // The slices add up to the total.
    let sum: i64 = (2..t.len())
        .map(|r| column(&t, r, "conversations").parse::<i64>().unwrap())
        .sum();
    assert_eq!(sum, 4);
    let mine = (2..t.len())
        .find(|r| t[*r][0] == admin_id.to_string())
        .expect("the admin's slice");
    assert_eq!(column(&t, mine, "ratings"), "2");

    // The trend: one line per day of the period, all on the first.
    let (_, trend) = fetch(
        &app,
        &admin,
        &format!("/api/reports.csv?{query}&table=trend"),
    )
    .await;
    let t = rows(&trend);
    assert_eq!(t[0][0], "day_starting");
    let days: Vec<&str> = t[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        days,
        ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"]
    );
    assert_eq!(column(&t, 1, "conversations"), "4");
    assert_eq!(column(&t, 2, "conversations"), "0");

    // Days are the viewer's: in Los Angeles the 23rd 10:00 UTC is still
    // the 23rd; a period ending the 22nd there holds nothing.
    let (_, la) = fetch(
        &app,
        &admin,
        "/api/reports.csv?site=demo&from=2026-11-20&until=2026-11-22&tz=America/Los_Angeles",
    )
    .await;
    assert_eq!(column(&rows(&la), 1, "conversations"), "0");

    // The page shows the same figures, judged against the targets.
    let page = get_text(&app, &admin, &format!("/desk/reports?{query}")).await;
    assert!(
        page.contains(
            r#"data-metric="on_time_first_response" data-value="7500" data-verdict="missed""#
        ),
        "{page}"
    );
    assert!(page.contains(r#"data-testid="chart-trend-on-time""#));
    assert!(page.contains(r#"data-testid="table-slices-on-time""#));

    // Bad filters get their code.
    for (q, code) in [
        ("from=2026-11-30&until=2026-11-01", "report_range_invalid"),
        ("from=2025-01-01&until=2026-11-30", "report_range_invalid"),
        ("from=30.11.2026", "report_range_invalid"),
        ("tz=Mars/Olympus", "time_zone_unknown"),
        ("by=colour", "invalid_frame"),
        ("table=everything", "invalid_frame"),
    ] {
        let (status, body) = fetch(&app, &admin, &format!("/api/reports.csv?site=demo&{q}")).await;
        assert_eq!(status, 400, "{q}");
        assert!(body.contains(code), "{q}: {body}");
    }

    // Who may see it: not an agent, not a stranger, not another site's admin.
    let agent = agent_session(&app, &admin, "agent@reports.test").await;
    assert_eq!(
        fetch(&app, &agent, &format!("/api/reports.csv?{query}"))
            .await
            .0,
        403
    );
    assert_eq!(
        fetch(&app, "", &format!("/api/reports.csv?{query}"))
            .await
            .0,
        401
    );
    let page = get_text(&app, &agent, "/desk/reports").await;
    assert!(
        page.contains(r#"data-testid="reports-refused" data-code="forbidden""#),
        "{page}"
    );
}

#[tokio::test]
async fn a_supervisor_reports_on_their_teams_and_a_key_on_its_site() {
    let app = TestApp::start_two_sites().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    // Two conversations: one in the general team's queue, one moved to EMEA.
    let (_a, _, _) = app.customer(None, "first").await;
    let (_b, _, b_id) = app.customer(None, "second").await;
    let (mut desk, welcome) = app.desk().await;
    let admin_id = welcome["agent"]["id"].as_i64().unwrap();
    common::show(&mut desk, b_id).await;
    desk.send(
        json!({"type": "transfer", "conversation_id": b_id, "team": "EMEA", "agent_id": admin_id}),
    )
    .await;
    common::detail_where(&mut desk, b_id, |d| d["team"] == "EMEA").await;

    // A supervisor in no team sees the general queue (conversations of no
    // team) and nothing of the teams': here, nothing.
    create_staff(&app, &admin, "sup@reports.test", "supervisor", "demo").await;
    let sup = app
        .login("sup@reports.test", "a long enough password")
        .await
        .unwrap();
    let (status, csv) = fetch(&app, &sup, "/api/reports.csv?site=demo&tz=UTC").await;
    assert_eq!(status, 200, "{csv}");
    assert_eq!(column(&rows(&csv), 1, "conversations"), "0");
    let (_, whole) = fetch(&app, &admin, "/api/reports.csv?site=demo&tz=UTC&by=team").await;
    let t = rows(&whole);
    assert_eq!(column(&t, 1, "conversations"), "2");
    let names: Vec<&str> = t[2..].iter().map(|r| r[1].as_str()).collect();
    assert!(
        names.contains(&"EMEA") && names.contains(&"Around the clock"),
        "{names:?}"
    );
    // A supervisor who has only given their password (second factor
    // required for supervisors, not yet enrolled) gets nothing.
    let loc = common::admin_form(
        &app,
        &admin,
        "/api/security/mfa-policy",
        &[("supervisor", "on")],
    )
    .await;
    assert_eq!(loc, "/desk/security?saved=policy");
    create_staff(&app, &admin, "half@reports.test", "supervisor", "demo").await;
    let half = app
        .login("half@reports.test", "a long enough password")
        .await
        .unwrap();
    assert_eq!(common::me(&app, &half).await["stage"], "enrol");
    assert_eq!(
        fetch(&app, &half, "/api/reports.csv?site=demo").await.0,
        401
    );
    // Another site's admin learns nothing of this one.
    create_staff(&app, &admin, "acme-admin@reports.test", "admin", "acme").await;
    let stranger = app
        .login("acme-admin@reports.test", "a long enough password")
        .await
        .unwrap();
    assert_eq!(
        fetch(&app, &stranger, "/api/reports.csv?site=demo").await.0,
        404
    );
    assert_eq!(
        column(
            &rows(
                &fetch(&app, &stranger, "/api/reports.csv?site=acme&tz=UTC")
                    .await
                    .1
            ),
            1,
            "conversations"
        ),
        "0"
    );

    // The site API: the same report for the key's site, as JSON and CSV.
    let key = common::api_key(&app, &admin, "demo", "read").await;
    let get = |path: &str| {
        common::client()
            .get(app.url(path))
            .header("authorization", format!("Bearer {key}"))
            .send()
    };
    let r = get("/api/v1/reports?tz=UTC&by=team").await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let report: Value = r.json().await.unwrap();
    assert_eq!(report["total"]["figures"]["conversations"], 2);
    assert_eq!(report["by"], "team");
    assert!(
        report["total"]["targets"]["on_time_first_response"].is_boolean()
            || report["total"]["targets"]["on_time_first_response"].is_null()
    );
    let r = get("/api/v1/reports.csv?tz=UTC&table=trend").await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert!(r.text().await.unwrap().starts_with("\u{feff}day_starting,"));
    let r = get("/api/v1/reports?tz=Nowhere").await.unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert_eq!(
        r.json::<Value>().await.unwrap()["code"],
        "time_zone_unknown"
    );
    let r = get("/api/v1/reports?until=").await.unwrap();
    assert_eq!(r.status().as_u16(), 400, "a parameter given empty");
    assert_eq!(r.json::<Value>().await.unwrap()["field"], "until");
    let r = get("/api/v1/reports?locale=klingon").await.unwrap();
    assert_eq!(r.status().as_u16(), 400, "an unknown locale");
    let r = get("/api/v1/reports?site=acme").await.unwrap();
    assert_eq!(r.status().as_u16(), 400, "a key reads its own site only");
}

#[tokio::test]
async fn an_admin_marks_ended_months_of_the_audit_log_reviewed() {
    let clock = Arc::new(ManualClock::default());
    clock.set(ms("2026-10-10T10:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap(); // the log's first lines
    clock.set(ms("2026-12-05T09:00:00Z"));
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let page = get_text(&app, &admin, "/desk/reports?site=demo").await;
    assert!(
        page.contains(r#"data-testid="audit-unreviewed-count" data-count="2""#),
        "{page}"
    );
    assert!(
        page.contains(r#"<li data-month="2026-10">"#)
            && page.contains(r#"<li data-month="2026-11">"#)
    );

    let path = "/api/admin/sites/demo/audit-review";
    let (status, to) = common::post_form(
        &app,
        &admin,
        path,
        &[
            ("month", "2026-10"),
            ("note", "Sign-ins and exports checked"),
        ],
    )
    .await;
    assert_eq!(
        (status, to.as_str()),
        (303, "/desk/reports?site=demo&reviewed=2026-10")
    );
    // Once: a second review of the month leaves the first standing.
    common::post_form(
        &app,
        &admin,
        path,
        &[("month", "2026-10"), ("note", "again")],
    )
    .await;
    for (month, note, code) in [
        ("2026-12", "not over yet", "invalid_frame"),
        ("2026-09", "before the log began", "invalid_frame"),
        ("2026-11", "  ", "invalid_frame"),
        ("October", "a name", "invalid_frame"),
        ("2026-11", &"x".repeat(2001), "text_too_long"),
    ] {
        let (_, to) =
            common::post_form(&app, &admin, path, &[("month", month), ("note", note)]).await;
        assert!(to.ends_with(&format!("error={code}")), "{month}: {to}");
    }
    let page = get_text(&app, &admin, "/desk/reports?site=demo").await;
    assert!(page.contains(r#"data-count="1""#), "{page}");
    assert!(page.contains("Sign-ins and exports checked") && !page.contains("again"));
    let log = common::get_json(&app, &admin, "/api/admin/audit.json?action=audit_reviewed").await;
    let lines = log.as_array().unwrap();
    assert_eq!(lines.len(), 1, "{log}");
    assert_eq!(lines[0]["detail"]["month"], "2026-10");

    // Only the site's admins: not a supervisor, not another site's admin.
    create_staff(&app, &admin, "sup@audit.test", "supervisor", "demo").await;
    let sup = app
        .login("sup@audit.test", "a long enough password")
        .await
        .unwrap();
    let (status, _) =
        common::post_form(&app, &sup, path, &[("month", "2026-11"), ("note", "n")]).await;
    assert_eq!(status, 403);
    let page = get_text(&app, &sup, "/desk/reports?site=demo").await;
    assert!(
        !page.contains("audit-review"),
        "supervisors do not review the audit log"
    );
}
