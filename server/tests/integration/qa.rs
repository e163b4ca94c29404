//! Issue 21, R-QA3: the weekly QA review from real conversations — the
//! job draws an ended week (in the site's time zone) reproducibly from its
//! seed, a reviewer other than the agent fills the sheet, the agent reads
//! it, supervisors add by hand and change the sheet, and the reports
//! carry the score.

use std::sync::Arc;

use parley::domain::qa::{Closed, draw};
use parley::state::ManualClock;
use serde_json::{Value, json};

use crate::common::{self, ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, create_staff, post_form};

fn ms(rfc3339: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .unwrap()
        .timestamp_millis()
}

/// `/desk/qa`'s data as `cookie` sees it.
async fn qa_view(app: &TestApp, cookie: &str, week: &str) -> Value {
    let resp = common::client()
        .post(app.url("/api/qa"))
        .header("cookie", cookie)
        .header("origin", app.origin())
        .form(&[("site", "demo"), ("week", week)])
        .send()
        .await
        .unwrap();
    let status = resp.status();
    let body = resp.text().await.unwrap();
    assert_eq!(status, 200, "{body}");
    serde_json::from_str(&body).unwrap()
}

/// A QA form's outcome: the redirect's `done=` or `error=` value.
async fn qa_form(app: &TestApp, cookie: &str, what: &str, form: &[(&str, &str)]) -> String {
    let (status, location) = post_form(
        app,
        cookie,
        &format!("/api/admin/sites/demo/qa/{what}"),
        form,
    )
    .await;
    assert_eq!(status, 303, "{what}: {location}");
    assert!(
        location.starts_with("/desk/qa?site=demo&week="),
        "{location}"
    );
    location
        .split('&')
        .find_map(|p| p.strip_prefix("done=").or_else(|| p.strip_prefix("error=")))
        .unwrap_or_default()
        .to_owned()
}

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|s| s["conversation"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn an_ended_week_is_drawn_reviewed_and_reported() {
    let clock = Arc::new(ManualClock::default());
    // Monday 23 November, 18:00 in Shanghai (the demo site's first team).
    clock.set(ms("2026-11-23T10:00:00Z"));
    let app = TestApp::start_with_clock(clock.clone()).await;
    let (mut desk, welcome) = app.desk().await;
    let admin_id = welcome["agent"]["id"].as_i64().unwrap();
    let mut closed = Vec::new();
    for i in 0..12 {
        let (mut c, _, id) = app.customer(None, &format!("Question {i}")).await;
        desk.send(json!({"type": "transition", "conversation_id": id, "action": "assign"}))
            .await;
        common::reply(&mut desk, id, &format!("r{i}"), "Answered.").await;
        desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
            .await;
        while c.recv_type("status").await["status"] != "resolved" {}
        closed.push(id);
    }
    // One still open: not closed, so never drawn nor added.
    let (_open, _, open_id) = app.customer(None, "Still waiting").await;

    // The week ends (Sunday midnight in Shanghai); the job draws it.
    clock.set(ms("2026-11-30T02:00:00Z"));
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    // The reviewer: a supervisor in every team of the demo site.
    let saved = create_staff(&app, &admin, "qa@qa.test", "supervisor", "demo").await;
    let reviewer_id = saved.strip_prefix("/desk/staff?saved=").unwrap();
    let team_keys: Vec<String> = welcome["teams"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["site"] == "demo")
        .map(|t| format!("team.{}", t["id"]))
        .collect();
    let mut routing: Vec<(&str, &str)> = team_keys.iter().map(|k| (k.as_str(), "on")).collect();
    routing.push(("capacity", "3"));
    let (status, _) = post_form(
        &app,
        &admin,
        &format!("/api/admin/staff/{reviewer_id}/routing"),
        &routing,
    )
    .await;
    assert_eq!(status, 303);
    let reviewer = app
        .login("qa@qa.test", "a long enough password")
        .await
        .unwrap();
    let mut view = Value::Null;
    for _ in 0..100 {
        view = qa_view(&app, &reviewer, "2026-11-25").await;
        if !view["week"]["drawn_at"].is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let week = &view["week"];
    assert_eq!(week["week"], "2026-11-23", "any day names its Monday");
    assert_eq!(week["time_zone"], "Asia/Shanghai");
    assert_eq!(week["ended"], true);
    assert_eq!(week["closed"], 12);
    // At least 10 % (12 → 2), reproducible from the stored seed.
    let sampled = ids(&week["samples"]);
    assert_eq!(sampled.len(), 2, "{week}");
    let seed: u64 = week["seed"].as_str().unwrap().parse().unwrap();
    let again = draw(
        &closed
            .iter()
            .map(|&id| Closed {
                id,
                agent: Some(admin_id),
            })
            .collect::<Vec<_>>(),
        seed,
    );
    assert_eq!(sampled, again);
    assert!(week["samples"][0]["added_by"].is_null());
    assert_eq!(week["unsampled"].as_array().unwrap().len(), 10);
    assert!(!ids(&week["unsampled"]).contains(&open_id));
    // The job does not draw a week twice.
    clock.advance(20 * 60_000);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let same = qa_view(&app, &reviewer, "2026-11-23").await;
    assert_eq!(same["week"]["seed"], week["seed"]);
    assert_eq!(ids(&same["week"]["samples"]), sampled);

    // The admin handled them: never their own review.
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let first = sampled[0].to_string();
    let points = [
        ("points.greeting", "4"),
        ("points.accuracy", "3"),
        ("points.compliance", "4"),
        ("points.tone", "2"),
        ("points.resolution", "4"),
    ];
    let mut form = vec![
        ("week", "2026-11-23"),
        ("conversation", first.as_str()),
        ("comment", "Clear and kind; check the tone."),
    ];
    form.extend(points);
    assert_eq!(
        qa_form(&app, &admin, "reviews", &form).await,
        "own_conversation"
    );
    let mine = qa_view(&app, &admin, "2026-11-23").await;
    assert_eq!(mine["week"]["samples"][0]["may_review"], false);
    // Refusals: a criterion missing, points over 4, a conversation not in
    // the sample.
    assert_eq!(
        qa_form(&app, &reviewer, "reviews", &form[..4]).await,
        "invalid_frame"
    );
    let mut over = form.clone();
    over[3] = ("points.greeting", "5");
    assert_eq!(
        qa_form(&app, &reviewer, "reviews", &over).await,
        "invalid_frame"
    );
    let outside = open_id.to_string();
    let mut not_sampled = form.clone();
    not_sampled[1] = ("conversation", outside.as_str());
    assert_eq!(
        qa_form(&app, &reviewer, "reviews", &not_sampled).await,
        "not_found"
    );
    // The review: (10·4 + 30·3 + 20·4 + 20·2 + 20·4) / 400 = 82.5 %.
    assert_eq!(qa_form(&app, &reviewer, "reviews", &form).await, "reviewed");
    assert_eq!(
        qa_form(&app, &reviewer, "reviews", &form).await,
        "already_reviewed"
    );
    let reviewed = qa_view(&app, &reviewer, "2026-11-23").await;
    let row = &reviewed["week"]["samples"][0];
    assert_eq!(row["review"]["score"], 8_250);
    assert_eq!(row["review"]["reviewer"], "qa@qa.test");
    assert_eq!(row["review"]["criteria"][1]["points"], 3);
    // The agent sees it among their own.
    let mine = qa_view(&app, &admin, "").await;
    assert_eq!(mine["mine"][0]["conversation"], sampled[0]);
    assert_eq!(
        mine["mine"][0]["comment"],
        "Clear and kind; check the tone."
    );

    // By hand: a closed conversation of the week joins; an open one does not.
    let extra_id = ids(&week["unsampled"])[0];
    let extra = extra_id.to_string();
    fn add(id: &str) -> [(&str, &str); 2] {
        [("week", "2026-11-23"), ("conversation", id)]
    }
    assert_eq!(
        qa_form(&app, &reviewer, "samples", &add(&extra)).await,
        "added"
    );
    assert_eq!(
        qa_form(&app, &reviewer, "samples", &add(&outside)).await,
        "not_found"
    );
    assert_eq!(
        qa_form(&app, &reviewer, "samples", &add("x")).await,
        "invalid_frame"
    );
    let after = qa_view(&app, &reviewer, "2026-11-23").await;
    let hand = after["week"]["samples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["conversation"] == extra_id)
        .unwrap()
        .clone();
    assert_eq!(hand["added_by"], "qa@qa.test");

    // The sheet: weights must add up to 100.
    let bad = [
        ("week", "2026-11-23"),
        ("key.0", "empathy"),
        ("weight.0", "60"),
        ("key.1", "accuracy"),
        ("weight.1", "30"),
    ];
    assert_eq!(
        qa_form(&app, &reviewer, "sheet", &bad).await,
        "sheet_invalid"
    );
    let good = [
        ("week", "2026-11-23"),
        ("key.0", "empathy"),
        ("weight.0", "60"),
        ("key.1", "accuracy"),
        ("weight.1", "40"),
        ("key.2", ""),
        ("weight.2", ""),
    ];
    assert_eq!(qa_form(&app, &reviewer, "sheet", &good).await, "sheet");
    let sheet = qa_view(&app, &reviewer, "2026-11-23").await["week"]["sheet"].clone();
    assert_eq!(
        sheet,
        json!([{"key": "empathy", "weight": 60}, {"key": "accuracy", "weight": 40}])
    );

    // The reports: the reviewed conversation's score, for the agent.
    let resp = common::client()
        .get(app.url(
            "/api/reports.csv?site=demo&from=2026-11-23&until=2026-11-29&tz=Asia/Shanghai&by=agent",
        ))
        .header("cookie", &reviewer)
        .send()
        .await
        .unwrap();
    let csv = resp.text().await.unwrap();
    let lines: Vec<Vec<&str>> = csv
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').collect())
        .collect();
    let column = lines[0].iter().position(|h| *h == "qa_score").unwrap();
    assert_eq!(lines[1][column], "0.8250", "{csv}");

    // Who: an agent is refused at the gate (other sites' staff: the
    // tenancy test); a week not yet begun is not drawn.
    let agent = common::agent_session(&app, &admin, "agent@qa.test").await;
    let (status, _) = post_form(
        &app,
        &agent,
        "/api/admin/sites/demo/qa/draw",
        &[("week", "2026-11-23")],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(
        qa_form(&app, &reviewer, "draw", &[("week", "2027-01-04")]).await,
        "invalid_frame"
    );
    let agent_view = qa_view(&app, &agent, "").await;
    assert!(agent_view["week"].is_null());
    assert_eq!(agent_view["sites"], json!([]));
    app.stop().await;
}
