//! Issue 20: the site's bot. Switched on per site by its editors; it answers
//! a question its articles cover (quote and address, as author `bot`), and
//! otherwise, or when asked (typed in any language or by the widget's
//! button), hands over: only then do the SLA clocks start and routing see
//! the conversation. The agent sees the bot's messages, the articles it
//! offered and the customer's "did this help?". Turning it off hands over
//! what it holds.

use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{
    ADMIN_EMAIL, ADMIN_PASSWORD, TestApp, Ws, admin_form, client, create_staff, get_json,
};

/// A customer reading `locale` who wrote `body`: their socket, token and
/// conversation.
async fn customer(app: &TestApp, locale: &str, body: &str) -> (Ws, String, i64) {
    let mut ws = app.visitor().await;
    ws.send(json!({"type": "hello", "v": 1, "site": "demo", "locale": locale}))
        .await;
    let token = ws.recv_type("welcome").await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    ws.send(json!({"type": "send", "client_id": "c1", "body": body,
                   "intake": {"category": "other", "facts": {}}}))
        .await;
    let id = ws.recv_type("ack").await["message"]["conversation_id"]
        .as_i64()
        .unwrap();
    (ws, token, id)
}

/// The next message of the bot on `ws`.
async fn bot_says(ws: &mut Ws) -> Value {
    loop {
        let m = ws.recv_type("message").await["message"].clone();
        if m["author"] == "bot" {
            return m;
        }
    }
}

/// The case panel of conversation `id` once `ready` holds of it: the desk
/// shows the case, and its changes must then reach the desk on their own
/// (no asking again). Panics when `ready` has not held within 30 s.
async fn detail(desk: &mut Ws, id: i64, ready: impl Fn(&Value) -> bool) -> Value {
    crate::common::show(desk, id).await;
    crate::common::detail_where(desk, id, ready).await
}

fn clocks_run(d: &Value) -> bool {
    d["clocks"].as_array().is_some_and(|c| !c.is_empty())
}

async fn switch(app: &TestApp, cookie: &str, on: bool) -> String {
    let fields: &[(&str, &str)] = if on { &[("on", "on")] } else { &[] };
    admin_form(app, cookie, "/api/admin/sites/demo/kb/bot", fields).await
}

#[tokio::test]
async fn the_bot_answers_when_sure_and_hands_over_when_not_or_asked() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    assert!(switch(&app, &admin, true).await.contains("bot_on="));

    // A question an article covers: answered from it, nothing in the queue.
    let (mut a, token, a_id) = customer(&app, "en", "Where is my parcel?").await;
    assert_eq!(a.recv_type("bot").await["holding"], true);
    let answer = bot_says(&mut a).await;
    let body = answer["body"].as_str().unwrap();
    assert!(
        body.ends_with("/help/demo/en/track-parcel"),
        "the address last: {body}"
    );
    assert_eq!(answer["author_name"], "Assistant");
    let (mut desk, _) = app.desk().await;
    let d = detail(&mut desk, a_id, |d| !d["bot"]["offered"][0].is_null()).await;
    assert_eq!(d["clocks"], json!([]), "no clock while the bot holds it");
    assert_eq!(d["bot"]["holding"], true);
    assert_eq!(d["bot"]["offered"][0]["helpful"], Value::Null);
    assert!(
        d["bot"]["offered"][0]["title"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("track"),
        "{d}"
    );

    // "Did this help?" from the widget's panel, with the visitor token.
    let vote = |auth: Option<String>, helpful: &str| {
        let mut req = client()
            .post(app.url("/help/demo/en/track-parcel"))
            .header("accept", "application/json")
            .form(&[("helpful", helpful)]);
        if let Some(t) = auth {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        req.send()
    };
    assert_eq!(
        vote(Some(token.clone()), "yes").await.unwrap().status(),
        204
    );
    let d = detail(&mut desk, a_id, |d| {
        d["bot"]["offered"][0]["helpful"] == true
    })
    .await;
    assert_eq!(d["bot"]["offered"][0]["helpful"], true);
    assert_eq!(d["bot"]["offered"].as_array().unwrap().len(), 1);
    // Forged or foreign tokens and nonsense answers are refused by code.
    let forged = vote(Some("v1.forged.token".into()), "yes").await.unwrap();
    assert_eq!(forged.status(), 401);
    assert_eq!(
        forged.json::<Value>().await.unwrap()["code"],
        "token_invalid"
    );
    let odd = vote(None, "maybe").await.unwrap();
    assert_eq!(odd.status(), 400);
    let unknown = client()
        .post(app.url("/help/demo/en/no-such-article"))
        .header("accept", "application/json")
        .form(&[("helpful", "no")])
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    // Without script: a redirect back, thanked.
    let plain = client()
        .post(app.url("/help/demo/en/track-parcel"))
        .form(&[("helpful", "no"), ("embed", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 303);
    let back = plain.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        back,
        "/help/demo/en/track-parcel?voted=no&embed=1#help-vote"
    );
    let thanked = client()
        .get(app.url(&back))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(thanked.contains("data-testid=\"help-vote-thanks\""));

    // Typed: "talk to a person" — the bot says so and hands over; the clocks
    // start now and the widget hears it.
    a.send(json!({"type": "send", "client_id": "c2", "body": "I want to talk to a person"}))
        .await;
    let fetching = bot_says(&mut a).await;
    assert!(
        fetching["body"]
            .as_str()
            .unwrap()
            .contains("fetching a person")
    );
    assert_eq!(a.recv_type("bot").await["holding"], false);
    let d = detail(&mut desk, a_id, |d| d["bot"]["holding"] == false).await;
    assert_eq!(d["bot"]["holding"], false);
    assert!(d["bot"]["handed_over_at"].is_i64());
    let handed_at = d["bot"]["handed_over_at"].as_i64().unwrap();
    let clocks = d["clocks"].as_array().unwrap();
    assert!(!clocks.is_empty(), "clocks run after the hand-off: {d}");
    assert!(
        clocks
            .iter()
            .all(|c| c["started_at"].as_i64().unwrap() >= handed_at),
        "every clock started at the hand-off, not at the first message: {d}"
    );
    // Once a person has it the bot is quiet.
    a.send(json!({"type": "send", "client_id": "c3", "body": "Where is my parcel?"}))
        .await;
    a.recv_type("ack").await;
    assert!(
        a.try_recv_type("bot", Duration::from_millis(500))
            .await
            .is_none(),
        "no second hand-over"
    );

    // Nothing fits: the bot says it fetches a person, in the customer's language.
    let (mut b, _, b_id) = customer(&app, "de", "qqqzzz xyzzy plugh").await;
    let said = bot_says(&mut b).await;
    assert!(
        said["body"]
            .as_str()
            .unwrap()
            .contains("hole ich einen Menschen"),
        "{said}"
    );
    assert_eq!(b.recv_type("bot").await["holding"], false);
    assert!(clocks_run(&detail(&mut desk, b_id, clocks_run).await));

    // The widget's button, after an answer in Chinese.
    let (mut c, _, c_id) = customer(&app, "zh-CN", "运费多少").await;
    assert!(
        bot_says(&mut c).await["body"]
            .as_str()
            .unwrap()
            .contains("/help/demo/zh-CN/shipping-fees")
    );
    c.send(json!({"type": "talk_to_person"})).await;
    assert!(
        bot_says(&mut c).await["body"]
            .as_str()
            .unwrap()
            .contains("转接人工")
    );
    assert_eq!(c.recv_type("bot").await["holding"], false);
    // Pressed again: nothing to hand over, a clear refusal.
    c.send(json!({"type": "talk_to_person"})).await;
    assert_eq!(c.recv_type("error").await["code"], "invalid_transition");
    let handed = |d: &Value| d["bot"]["handed_over_at"].is_i64();
    assert!(handed(&detail(&mut desk, c_id, handed).await));

    // Turning the bot off hands over what it holds.
    let (mut e, _, e_id) = customer(&app, "en", "How do I return an item?").await;
    bot_says(&mut e).await;
    assert!(switch(&app, &admin, false).await.contains("bot_off="));
    assert_eq!(e.recv_type("bot").await["holding"], false);
    assert!(clocks_run(&detail(&mut desk, e_id, clocks_run).await));
    // With it off, a new conversation is nobody's but the queue's.
    let (mut f, _, f_id) = customer(&app, "en", "Where is my parcel?").await;
    assert!(
        f.try_recv_type("bot", Duration::from_millis(300))
            .await
            .is_none()
    );
    let d = detail(&mut desk, f_id, clocks_run).await;
    assert_eq!(d["bot"], Value::Null);

    // The deflection figures count each; the article's views and votes too.
    let kb = get_json(&app, &admin, "/api/admin/sites/demo/kb").await;
    assert_eq!(kb["bot"], false);
    assert_eq!(kb["handed_over"], 4, "{kb}");
    let track = kb["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["slug"] == "track-parcel")
        .unwrap();
    let [views, helped, not_helped, offered] =
        [0, 1, 2, 3].map(|i| track["figures"][i].as_i64().unwrap());
    assert!(views >= 1, "the thanked page was a view: {track}");
    assert_eq!((helped, not_helped), (1, 1), "{track}");
    assert_eq!(offered, 1, "offered to the first customer only: {track}");
    // Each switch is in the audit log.
    for action in ["kb_bot_on", "kb_bot_off"] {
        let audit = get_json(
            &app,
            &admin,
            &format!("/api/admin/audit.json?action={action}"),
        )
        .await;
        assert_eq!(audit.as_array().unwrap().len(), 1, "{action}: {audit}");
    }
    app.stop().await;
}

#[tokio::test]
async fn an_agent_answering_ends_the_hold_and_only_editors_switch_the_bot() {
    let app = TestApp::start().await;
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    create_staff(&app, &admin, "agent-bot@x.test", "mid", "demo").await;
    let agent = app
        .login("agent-bot@x.test", "a long enough password")
        .await
        .unwrap();
    // An agent may not switch it (only the knowledge base's editors).
    let refused = client()
        .post(app.url("/api/admin/sites/demo/kb/bot"))
        .header("cookie", &agent)
        .header("origin", app.origin())
        .header("x-csrf-token", crate::common::csrf(&app, &agent).await)
        .form(&[("on", "on")])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(switch(&app, &admin, true).await.contains("bot_on="));

    let (mut a, _, id) = customer(&app, "en", "Where is my parcel?").await;
    bot_says(&mut a).await;
    // Nothing to hand over before a conversation exists.
    let (mut fresh, _) = app.hello(None, 0).await;
    fresh.send(json!({"type": "talk_to_person"})).await;
    assert_eq!(fresh.recv_type("error").await["code"], "invalid_transition");
    let (mut desk, _) = app.desk().await;
    desk.send(
        json!({"type": "send", "conversation_id": id, "client_id": "d1",
                      "body": "Hello, I am Ana from the team."}),
    )
    .await;
    assert_eq!(a.recv_type("bot").await["holding"], false);
    // The customer's next words reach the agent, not the bot.
    a.send(json!({"type": "send", "client_id": "c2", "body": "How much is shipping?"}))
        .await;
    a.recv_type("ack").await;
    let later = a.try_recv_type("message", Duration::from_millis(600)).await;
    let from_bot = later
        .as_ref()
        .is_some_and(|m| m["message"]["author"] == "bot");
    assert!(!from_bot, "{later:?}");
    app.stop().await;
}
