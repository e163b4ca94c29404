//! A site's setup edited by an admin: teams with calendars and escalation
//! contacts, topics with forms, SLA targets. Refusals name the place; what is
//! saved is what desks, the widget and the clocks use next.

use crate::common;

use std::sync::Arc;

use common::{ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, admin_form};
use parley::state::ManualClock;
use serde_json::json;

const MIN: i64 = 60_000;

async fn post(app: &TestApp, cookie: &str, part: &str, json: &str) -> String {
    admin_form(
        app,
        cookie,
        &format!("/api/admin/sites/demo/setup/{part}"),
        &[("json", json)],
    )
    .await
}

#[tokio::test]
async fn teams_topics_and_targets_are_checked_saved_and_used() {
    let clock = Arc::new(ManualClock::default());
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-24T15:00:00Z")
        .unwrap()
        .timestamp_millis();
    clock.set(now);
    let app = TestApp::start_with_clock(clock.clone()).await;
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();

    // Refusals name the place.
    let latam = json!([{"name": "LATAM", "calendar": {"time_zone": "America/Mexico_City",
        "shifts": [{"day": "tue", "start": "08:00", "end": "18:00"}], "closures": ["2026-12-12"]},
        "supervisor": ADMIN_EMAIL}]);
    let bad_zone = latam
        .to_string()
        .replace("America/Mexico_City", "America/Atlantis");
    assert_eq!(
        post(&app, &cookie, "teams", &bad_zone).await,
        "/desk/setup?site=demo&error=config_invalid&at=teams%5B0%5D.calendar"
    );
    assert!(
        post(&app, &cookie, "teams", "[{")
            .await
            .contains("at=line%201%20column%202")
    );
    let stranger = latam.to_string().replace(ADMIN_EMAIL, "nobody@x.test");
    assert!(
        post(&app, &cookie, "teams", &stranger)
            .await
            .ends_with("at=teams%5B0%5D.supervisor")
    );
    assert_eq!(
        post(&app, &cookie, "teams", &latam.to_string()).await,
        "/desk/setup?site=demo&saved=teams"
    );
    let (_, welcome) = app.desk().await;
    assert!(
        welcome["teams"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["name"] == "LATAM")
    );

    // A new topic on the around-the-clock team.
    let returns = json!([{"key": "returns", "names": {"en": "Returns", "es": "Devoluciones"},
        "priority": "routine", "fields": [{"key": "order_number", "kind": "reference", "required": true,
        "labels": {"en": "Order number"}, "pattern": "[A-Z0-9-]{4,20}"}],
        "team": "Around the clock", "skill": "returns"}]);
    let unknown_team = returns.to_string().replace("Around the clock", "Atlantis");
    assert!(
        post(&app, &cookie, "topics", &unknown_team)
            .await
            .ends_with("at=topics%5B0%5D.team")
    );
    let no_label = returns
        .to_string()
        .replace("\"labels\":{\"en\":\"Order number\"}", "\"labels\":{}");
    assert!(
        post(&app, &cookie, "topics", &no_label)
            .await
            .ends_with("at=topics%5B0%5D.fields%5B0%5D.labels.en")
    );
    assert_eq!(
        post(&app, &cookie, "topics", &returns.to_string()).await,
        "/desk/setup?site=demo&saved=topics"
    );

    // Targets: a 20-minute first reply.
    assert!(
        post(&app, &cookie, "targets", r#"{"routine_first_response": 0}"#)
            .await
            .ends_with("at=targets.routine_first_response")
    );
    assert_eq!(
        post(
            &app,
            &cookie,
            "targets",
            r#"{"routine_first_response": 20, "chat_first_reply": 20}"#
        )
        .await,
        "/desk/setup?site=demo&saved=targets"
    );

    // A customer can now ask about returns, and is promised a reply in 20 minutes.
    let (mut v, _) = app.hello(None, 0).await;
    v.send(
        json!({"type": "send", "client_id": "r1", "body": "I want to return a lamp",
        "intake": {"category": "logistics", "facts": {}}}),
    )
    .await;
    assert_eq!(
        v.recv_type("error").await["code"],
        "category_required",
        "old topics are gone"
    );
    v.send(
        json!({"type": "send", "client_id": "r1", "body": "I want to return a lamp",
        "intake": {"category": "returns", "facts": {"order_number": "nw-10452"}}}),
    )
    .await;
    v.recv_type("ack").await;
    let status = v.recv_type("status").await;
    assert_eq!(status["reply_by"].as_i64(), Some(now + 20 * MIN));
    app.stop().await;
}

/// The fee calculator's lines: checked (the place named), stored in minor
/// units, shown back as the admin wrote them, given to the widget, and their
/// missing names marked on the texts page.
#[tokio::test]
async fn fee_lines_are_checked_saved_and_given_to_the_widget() {
    let app = TestApp::start().await;
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let config = || common::widget_config(&app);
    // The demo ships the requirement's example line.
    let demo = config().await;
    let us = &demo["fees"][0];
    assert_eq!(
        (
            us["key"].as_str(),
            us["currency"].as_str(),
            us["exponent"].as_u64()
        ),
        (Some("us-air"), Some("CNY"), Some(2))
    );
    assert_eq!(
        (
            us["first_grams"].as_u64(),
            us["first_price"].as_i64(),
            us["step_price"].as_i64()
        ),
        (Some(500), Some(12_000), Some(5_000))
    );

    let kwd = json!([{"key": "kw-air", "names": {"en": "Kuwait, air", "ar": "الكويت، جوًا"},
        "currency": "kwd", "first_kg": "0.5", "first_price": "4.250", "step_kg": "0.5",
        "step_price": 1.125, "max_kg": 20}]);
    let bad = kwd.to_string().replace("4.250", "4.2505");
    assert_eq!(
        post(&app, &cookie, "fees", &bad).await,
        "/desk/setup?site=demo&error=config_invalid&at=fees%5B0%5D.first_price"
    );
    let bad = kwd.to_string().replace("kwd", "kwx");
    assert!(
        post(&app, &cookie, "fees", &bad)
            .await
            .ends_with("at=fees%5B0%5D.currency")
    );
    assert_eq!(
        config().await["fees"],
        demo["fees"],
        "a refusal changes nothing"
    );
    assert_eq!(
        post(&app, &cookie, "fees", &kwd.to_string()).await,
        "/desk/setup?site=demo&saved=fees"
    );
    let line = &config().await["fees"][0];
    assert_eq!(line["currency"], "KWD");
    assert_eq!(line["exponent"], 3);
    assert_eq!(
        (line["first_price"].as_i64(), line["step_price"].as_i64()),
        (Some(4_250), Some(1_125))
    );
    assert_eq!(line["max_grams"], 20_000);
    // The setup page shows it back in the admin's own terms.
    let page = common::get_text(&app, &cookie, "/desk/setup?site=demo").await;
    let start = page.find("data-testid=\"setup-fees\"").unwrap();
    let shown = &page[start..start + page[start..].find("</textarea>").unwrap()];
    for written in ["\"first_price\": \"4.250\"", "\"max_kg\": \"20\""] {
        assert!(
            shown.replace("&quot;", "\"").contains(written),
            "{written} in {shown}"
        );
    }
    // The texts page marks the line's missing names.
    let texts = common::get_text(&app, &cookie, "/desk/texts?site=demo").await;
    assert!(texts.contains("data-testid=\"fee-kw-air-de\" data-missing=\"true\""));
    assert!(texts.contains("data-testid=\"fee-kw-air-ar\" data-missing=\"false\""));
    // Only admins change it.
    let agent = common::agent_session(&app, &cookie, "ag@test.local").await;
    let token = common::csrf(&app, &agent).await;
    let refused = common::http()
        .post(app.url("/api/admin/sites/demo/setup/fees"))
        .header("cookie", &agent)
        .header("origin", app.origin())
        .form(&[("json", "[]"), ("_csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert_eq!(config().await["fees"][0]["key"], "kw-air");
    app.stop().await;
}

/// The page's form for `part`: its fields as a browser would send them
/// untouched (name and value of every input, checkboxes only if ticked).
fn form_fields(page: &str, testid: &str) -> Vec<(String, String)> {
    let start = page
        .find(&format!("data-testid=\"{testid}\""))
        .unwrap_or_else(|| panic!("{testid} on the page"));
    let form = &page[start..start + page[start..].find("</form>").unwrap()];
    let attr = |tag: &str, name: &str| {
        let key = format!(" {name}=\"");
        tag.find(&key).map(|i| {
            let rest = &tag[i + key.len()..];
            rest[..rest.find('"').unwrap()]
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        })
    };
    form.split("<input")
        .skip(1)
        .filter_map(|tag| {
            let tag = &tag[..tag.find('>').unwrap()];
            let name = attr(tag, "name")?;
            if name == "_csrf" || (tag.contains("type=\"checkbox\"") && !tag.contains(" checked")) {
                return None;
            }
            Some((name, attr(tag, "value").unwrap_or_default()))
        })
        .collect()
}

async fn post_form(app: &TestApp, cookie: &str, part: &str, fields: &[(String, String)]) -> String {
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    admin_form(
        app,
        cookie,
        &format!("/api/admin/sites/demo/setup/{part}"),
        &pairs,
    )
    .await
}

#[tokio::test]
async fn targets_and_fee_lines_are_edited_with_forms_without_json() {
    let app = TestApp::start().await;
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let page = common::get_text(&app, &cookie, "/desk/setup?site=demo").await;
    // The forms as shown post back what is stored.
    let targets = form_fields(&page, "targets-form");
    assert_eq!(targets.len(), 15, "{targets:?}");
    assert_eq!(
        post_form(&app, &cookie, "targets", &targets).await,
        "/desk/setup?site=demo&saved=targets"
    );
    let fees = form_fields(&page, "fees-form");
    let before = common::widget_config(&app).await["fees"].clone();
    assert_eq!(
        post_form(&app, &cookie, "fees", &fees).await,
        "/desk/setup?site=demo&saved=fees"
    );
    assert_eq!(
        common::widget_config(&app).await["fees"],
        before,
        "unchanged"
    );

    // A target out of bounds is refused by name, and the page marks that field.
    let mut bad = targets.clone();
    for (k, v) in &mut bad {
        if k == "warn_percent:n" {
            *v = "150".into();
        }
    }
    let loc = post_form(&app, &cookie, "targets", &bad).await;
    assert_eq!(
        loc,
        "/desk/setup?site=demo&error=config_invalid&at=targets.warn_percent"
    );
    let marked = common::get_text(&app, &cookie, &loc).await;
    let field = &marked[marked.find("data-testid=\"target-warn_percent\"").unwrap() - 300..];
    assert!(
        field[..400].contains("aria-invalid=\"true\""),
        "{}",
        &field[..400]
    );
    let mut faster = targets.clone();
    for (k, v) in &mut faster {
        if k == "routine_first_response:n" {
            *v = "15".into();
        }
    }
    assert!(
        post_form(&app, &cookie, "targets", &faster)
            .await
            .ends_with("saved=targets")
    );
    let shown = common::get_text(&app, &cookie, "/desk/setup?site=demo").await;
    assert!(
        form_fields(&shown, "targets-form")
            .contains(&("routine_first_response:n".into(), "15".into()))
    );

    // Fees: the blank row adds a line, "remove" deletes one, positions reorder.
    let n = before.as_array().unwrap().len();
    let mut edited: Vec<(String, String)> = fees
        .iter()
        .filter(|(k, _)| !k.starts_with(&format!("[{n}]")))
        .cloned()
        .collect();
    let new = |f: &str, v: &str| (format!("[{n}].{f}"), v.to_owned());
    edited.extend([
        new("key", "de-rail"),
        new("names.en", "Rail freight to Germany"),
        new("currency", "eur"),
        new("first_kg", "1"),
        new("first_price", "7.50"),
        new("step_kg", "1"),
        new("step_price", "2"),
        new("_order:n", "0"),
    ]);
    edited.push(("[0]._remove:b".into(), "on".into()));
    let loc = post_form(&app, &cookie, "fees", &edited).await;
    assert_eq!(loc, "/desk/setup?site=demo&saved=fees");
    let after = common::widget_config(&app).await["fees"].clone();
    let keys: Vec<&str> = after
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys[0], "de-rail", "first by position");
    assert!(
        !keys.contains(&before[0]["key"].as_str().unwrap()),
        "removed"
    );
    assert_eq!(keys.len(), n, "one added, one removed");
    assert_eq!(after[0]["first_price"], 750);
    // A bad currency in the new line: refused at its field.
    let mut wrong = edited.clone();
    for (k, v) in &mut wrong {
        if *k == format!("[{n}].currency") {
            *v = "XXQ".into();
        }
    }
    let loc = post_form(&app, &cookie, "fees", &wrong).await;
    assert!(
        loc.contains("error=config_invalid&at=fees%5B0%5D.currency"),
        "{loc}"
    );
    // A field that is not a place in the JSON is refused by name.
    let loc = post_form(
        &app,
        &cookie,
        "fees",
        &[("[0].first_kg:x".into(), "1".into())],
    )
    .await;
    assert!(loc.contains("at=fees%5B0%5D.first_kg%3Ax"), "{loc}");
    app.stop().await;
}

#[tokio::test]
async fn teams_are_edited_with_forms_shifts_closures_and_people_included() {
    let app = TestApp::start().await;
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let page = common::get_text(&app, &cookie, "/desk/setup?site=demo").await;
    let teams_json = |page: &str| -> serde_json::Value {
        let start = page.find("data-testid=\"setup-teams\"").unwrap();
        let text = &page[start..start + page[start..].find("</textarea>").unwrap()];
        let text = &text[text.find('>').unwrap() + 1..];
        serde_json::from_str(
            &text
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&"),
        )
        .unwrap()
    };
    let before = teams_json(&page);
    assert!(
        page.contains("<datalist id=\"time-zones\">")
            && page.contains("<option value=\"Asia/Shanghai\"")
    );
    // Selects post their chosen option; the page's own fields, untouched, save what is stored.
    let mut fields = form_fields(&page, "teams-form");
    for (i, team) in before.as_array().unwrap().iter().enumerate() {
        for (j, shift) in team["calendar"]["shifts"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
        {
            fields.push((
                format!("[{i}].calendar.shifts[{j}].day"),
                shift["day"].as_str().unwrap().into(),
            ));
        }
        for who in ["supervisor", "on_call"] {
            fields.push((
                format!("[{i}].{who}"),
                team[who].as_str().unwrap_or("").into(),
            ));
        }
    }
    assert_eq!(
        post_form(&app, &cookie, "teams", &fields).await,
        "/desk/setup?site=demo&saved=teams"
    );
    let page = common::get_text(&app, &cookie, "/desk/setup?site=demo").await;
    assert_eq!(teams_json(&page), before, "unchanged");

    // EMEA (team 2 of the demo) gets a Saturday split shift, an overnight one and a closure.
    let i = before
        .as_array()
        .unwrap()
        .iter()
        .position(|t| t["name"] == "EMEA")
        .unwrap();
    let n = before[i]["calendar"]["shifts"].as_array().unwrap().len();
    let add =
        |j: usize, f: &str, v: &str| (format!("[{i}].calendar.shifts[{j}].{f}"), v.to_owned());
    let mut more = fields.clone();
    more.extend([
        add(n, "day", "sat"),
        add(n, "start", "09:00"),
        add(n, "end", "12:00"),
        add(n + 1, "day", "sat"),
        add(n + 1, "start", "13:00"),
        add(n + 1, "end", "17:00"),
        add(n + 2, "day", "sun"),
        add(n + 2, "start", "22:00"),
        add(n + 2, "end", "02:00"),
        (format!("[{i}].calendar.closures[9]"), "2026-12-31".into()),
    ]);
    assert!(
        post_form(&app, &cookie, "teams", &more)
            .await
            .ends_with("saved=teams")
    );
    let after = teams_json(&common::get_text(&app, &cookie, "/desk/setup?site=demo").await);
    let shifts = after[i]["calendar"]["shifts"].as_array().unwrap();
    assert_eq!(shifts.len(), n + 3);
    assert!(shifts.contains(&json!({"day": "sun", "start": "22:00", "end": "02:00"})));
    assert!(
        after[i]["calendar"]["closures"]
            .as_array()
            .unwrap()
            .contains(&json!("2026-12-31"))
    );
    // Remove the Sunday night shift again with its box.
    let page = common::get_text(&app, &cookie, "/desk/setup?site=demo").await;
    assert!(page.contains(&format!(
        "name=\"[{i}].calendar.shifts[{}]._remove:b\"",
        n + 2
    )));
    let mut fewer = more.clone();
    fewer.push((
        format!("[{i}].calendar.shifts[{}]._remove:b", n + 2),
        "on".into(),
    ));
    assert!(
        post_form(&app, &cookie, "teams", &fewer)
            .await
            .ends_with("saved=teams")
    );
    let after = teams_json(&common::get_text(&app, &cookie, "/desk/setup?site=demo").await);
    assert_eq!(
        after[i]["calendar"]["shifts"].as_array().unwrap().len(),
        n + 2
    );

    // A time zone that does not exist: refused at the team's calendar, the field marked.
    let mut bad = fields.clone();
    for (k, v) in &mut bad {
        if *k == format!("[{i}].calendar.time_zone") {
            *v = "Europe/Atlantis".into();
        }
    }
    let loc = post_form(&app, &cookie, "teams", &bad).await;
    assert_eq!(
        loc,
        format!("/desk/setup?site=demo&error=config_invalid&at=teams%5B{i}%5D.calendar")
    );
    let marked = common::get_text(&app, &cookie, &loc).await;
    let zone = &marked[..marked
        .find(&format!("data-testid=\"team-{i}-zone\""))
        .unwrap()];
    assert!(zone[zone.len() - 300..].contains("aria-invalid=\"true\""));

    // The blank team adds one, with a supervisor chosen from the site's staff.
    let b = before.as_array().unwrap().len();
    let mut new_team = fields.clone();
    new_team.extend([
        (format!("[{b}].name"), "Oceania".to_owned()),
        (
            format!("[{b}].calendar.time_zone"),
            "Australia/Sydney".into(),
        ),
        (format!("[{b}].calendar.shifts[0].day"), "mon".into()),
        (format!("[{b}].calendar.shifts[0].start"), "08:00".into()),
        (format!("[{b}].calendar.shifts[0].end"), "16:00".into()),
        (format!("[{b}].supervisor"), ADMIN_EMAIL.into()),
    ]);
    assert!(
        post_form(&app, &cookie, "teams", &new_team)
            .await
            .ends_with("saved=teams")
    );
    let after = teams_json(&common::get_text(&app, &cookie, "/desk/setup?site=demo").await);
    let oceania = after
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Oceania")
        .unwrap();
    assert_eq!(oceania["supervisor"], ADMIN_EMAIL);
    assert_eq!(oceania["calendar"]["time_zone"], "Australia/Sydney");
    app.stop().await;
}

/// The `<select>`s of a form, as a browser sends them (the selected option).
fn select_fields(page: &str, testid: &str) -> Vec<(String, String)> {
    let start = page.find(&format!("data-testid=\"{testid}\"")).unwrap();
    let form = &page[start..start + page[start..].find("</form>").unwrap()];
    form.split("<select")
        .skip(1)
        .filter_map(|chunk| {
            let tag = &chunk[..chunk.find('>').unwrap()];
            let name = tag.split(" name=\"").nth(1)?.split('"').next()?.to_owned();
            let body = &chunk[..chunk.find("</select>").unwrap()];
            let chosen = body
                .split("<option")
                .skip(1)
                .find(|o| o[..o.find('>').unwrap()].contains(" selected"))
                .and_then(|o| o.split(" value=\"").nth(1))
                .and_then(|v| v.split('"').next())
                .unwrap_or("")
                .to_owned();
            Some((name, chosen))
        })
        .collect()
}

#[tokio::test]
async fn topics_and_their_intake_fields_are_edited_with_forms() {
    let app = TestApp::start().await;
    let cookie = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let page = common::get_text(&app, &cookie, "/desk/setup?site=demo").await;
    let mut fields = form_fields(&page, "topics-form");
    fields.extend(select_fields(&page, "topics-form"));
    let before = common::widget_config(&app).await["categories"].clone();
    assert_eq!(
        post_form(&app, &cookie, "topics", &fields).await,
        "/desk/setup?site=demo&saved=topics"
    );
    assert_eq!(
        common::widget_config(&app).await["categories"],
        before,
        "unchanged"
    );

    // A new topic in the blank row, with a reference field and a required date.
    let b = before.as_array().unwrap().len();
    let t = |f: &str, v: &str| (format!("[{b}].{f}"), v.to_owned());
    let mut more = fields.clone();
    more.extend([
        t("key", "customs"),
        t("names.en", "Customs and duties"),
        t("names.zh-CN", "海关与关税"),
        t("priority", "urgent"),
        t("team", "EMEA"),
        t("complaint:b", "on"),
        t("fields[0].key", "declaration"),
        t("fields[0].kind", "reference"),
        t("fields[0].labels.en", "Declaration number"),
        t("fields[0].pattern", "[0-9]{10}"),
        t("fields[0].example", "1234567890"),
        t("fields[0]._order:n", "2"),
        t("fields[1].key", "arrived"),
        t("fields[1].kind", "date"),
        t("fields[1].labels.en", "Arrived on"),
        t("fields[1].required:b", "on"),
        t("fields[1]._order:n", "1"),
        t("_order:n", "0"),
    ]);
    assert_eq!(
        post_form(&app, &cookie, "topics", &more).await,
        "/desk/setup?site=demo&saved=topics"
    );
    let after = common::widget_config(&app).await["categories"].clone();
    assert_eq!(after[0]["key"], "customs", "first by position");
    assert_eq!(after[0]["priority"], "urgent");
    assert_eq!(after[0]["complaint"], true);
    assert_eq!(after[0]["names"]["zh-CN"], "海关与关税");
    let keys: Vec<&str> = after[0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["arrived", "declaration"], "fields by position");
    assert_eq!(after[0]["fields"][0]["required"], true);
    assert_eq!(after[0]["fields"][1]["pattern"], "[0-9]{10}");

    // A pattern that does not compile: refused at that field, marked on the page.
    let mut bad = more.clone();
    for (k, v) in &mut bad {
        if *k == format!("[{b}].fields[0].pattern") {
            *v = "[0-9".into();
        }
    }
    let loc = post_form(&app, &cookie, "topics", &bad).await;
    assert!(
        loc.contains("error=config_invalid&at=topics%5B0%5D.fields%5B1%5D.pattern"),
        "{loc}"
    );
    // A topic for a team that does not exist.
    let mut no_team = more.clone();
    for (k, v) in &mut no_team {
        if *k == format!("[{b}].team") {
            *v = "Atlantis".into();
        }
    }
    let loc = post_form(&app, &cookie, "topics", &no_team).await;
    assert!(loc.ends_with("at=topics%5B0%5D.team"), "{loc}");
    let marked = common::get_text(&app, &cookie, &loc).await;
    let select = &marked[marked.find("data-testid=\"topic-0-team\"").unwrap() - 200..];
    assert!(select[..400].contains("aria-invalid=\"true\""));
    // Removed with its box.
    let page = common::get_text(&app, &cookie, "/desk/setup?site=demo").await;
    let mut fields = form_fields(&page, "topics-form");
    fields.extend(select_fields(&page, "topics-form"));
    fields.push(("[0]._remove:b".into(), "on".into()));
    assert!(
        post_form(&app, &cookie, "topics", &fields)
            .await
            .ends_with("saved=topics")
    );
    assert_eq!(common::widget_config(&app).await["categories"], before);
    app.stop().await;
}
