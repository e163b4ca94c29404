//! The chat loop over real websockets and a real SQLite file: customer →
//! agent → customer, live desk updates for several agents, receipts, typing,
//! resume without loss or duplicates, durability across restarts and SIGKILL.

use crate::common;

use std::time::Duration;

use common::*;
use serde_json::json;

const QUIET: Duration = Duration::from_millis(300);

#[tokio::test]
async fn customer_agent_customer_round_trip() {
    let app = TestApp::start().await;
    let (mut desk, welcome) = app.desk().await;
    assert_eq!(welcome["agent"]["email"], ADMIN_EMAIL);
    assert_eq!(welcome["conversations"], json!([]));

    let (mut visitor, welcome) = app.hello(None, 0).await;
    assert!(welcome["token"].as_str().unwrap().starts_with("v1."));
    assert_eq!(welcome["conversation_id"], json!(null));

    let stored = say(&mut visitor, "c-1", "  Where is my parcel?  ").await;
    assert_eq!(stored["seq"], 1);
    assert_eq!(stored["body"], "Where is my parcel?", "bodies are trimmed");
    assert_eq!(stored["author"], "customer");
    let conversation_id = stored["conversation_id"].as_i64().unwrap();

    // The desk sees the new conversation and the message live.
    // (The message is published before the updated summary.)
    let live = desk.recv_type("message").await;
    assert_eq!(live["message"], stored);
    let summary = desk.recv_type("conversation").await["summary"].clone();
    assert_eq!(summary["id"], conversation_id);
    assert_eq!(summary["unread"], 1);
    assert_eq!(summary["last_message"], "Where is my parcel?");
    assert_eq!(summary["locale"], "en");

    // Typing both ways.
    visitor.send(json!({"type": "typing", "on": true})).await;
    let t = desk.recv_type("typing").await;
    assert_eq!(
        (t["conversation_id"].as_i64(), t["on"].as_bool()),
        (Some(conversation_id), Some(true))
    );
    desk.send(json!({"type": "typing", "conversation_id": conversation_id, "on": true}))
        .await;
    assert_eq!(visitor.recv_type("typing").await["on"], true);

    // The agent opens, reads and replies.
    desk.send(json!({"type": "open", "conversation_id": conversation_id}))
        .await;
    let history = desk.recv_type("history").await;
    assert_eq!(history["messages"], json!([stored]));
    desk.send(
        json!({"type": "received", "conversation_id": conversation_id, "seq": 1, "read": true}),
    )
    .await;
    let receipt = visitor.recv_type("receipt").await;
    assert_eq!(
        (
            receipt["delivered_seq"].as_i64(),
            receipt["read_seq"].as_i64()
        ),
        (Some(1), Some(1))
    );
    let read = desk.recv_type("conversation").await;
    assert_eq!(read["summary"]["unread"], 0);

    let answer = reply(&mut desk, conversation_id, "a-1", "It left Shenzhen today.").await;
    assert_eq!(answer["seq"], 2);
    assert_eq!(answer["author"], "agent");
    assert_eq!(answer["author_name"], "Admin");
    let got = visitor.recv_type("message").await;
    assert_eq!(got["message"], answer);

    // The widget confirms delivery; the desk learns it through the summary.
    visitor.send(json!({"type": "received", "seq": 2})).await;
    loop {
        let s = desk.recv_type("conversation").await;
        if s["summary"]["visitor_delivered_seq"] == 2 {
            break;
        }
    }

    // Resolve: the customer sees the status; resolving twice is refused.
    desk.send(
        json!({"type": "transition", "conversation_id": conversation_id, "action": "resolve"}),
    )
    .await;
    loop {
        if visitor.recv_type("status").await["status"] == "resolved" {
            break;
        }
    }
    loop {
        if desk.recv_type("conversation").await["summary"]["status"] == "resolved" {
            break;
        }
    }
    desk.send(
        json!({"type": "transition", "conversation_id": conversation_id, "action": "resolve"}),
    )
    .await;
    assert_eq!(desk.recv_type("error").await["code"], "invalid_transition");

    // Writing again reopens the same conversation.
    let again = say(&mut visitor, "c-2", "One more question").await;
    assert_eq!(again["conversation_id"], conversation_id);
    assert_eq!(again["seq"], 3);
    assert_eq!(visitor.recv_type("status").await["status"], "reopened");
    app.stop().await;
}

#[tokio::test]
async fn two_agents_see_the_same_live_state() {
    let app = TestApp::start().await;
    let (mut a, _) = app.desk().await;
    let (mut b, _) = app.desk().await;
    let (mut visitor, _) = app.hello(None, 0).await;
    let m = say(&mut visitor, "c-1", "Hello").await;
    let id = m["conversation_id"].as_i64().unwrap();
    for desk in [&mut a, &mut b] {
        assert_eq!(desk.recv_type("message").await["message"], m);
        assert_eq!(desk.recv_type("conversation").await["summary"]["id"], id);
    }
    let answer = reply(&mut a, id, "a-1", "Hi, Ana here").await;
    assert_eq!(b.recv_type("message").await["message"], answer);
    a.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    loop {
        let s = b.recv_type("conversation").await;
        if s["summary"]["status"] == "resolved" {
            break;
        }
    }
    // A desk that connects later gets the same state in its welcome.
    let (_, welcome) = app.desk().await;
    assert_eq!(welcome["conversations"][0]["status"], "resolved");
    assert_eq!(welcome["conversations"][0]["last_seq"], 2);
    app.stop().await;
}

#[tokio::test]
async fn reconnect_resumes_without_loss_or_duplicates() {
    let app = TestApp::start().await;
    let (mut desk, _) = app.desk().await;
    let (mut visitor, welcome) = app.hello(None, 0).await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    let mut id = 0;
    for i in 1..=3 {
        let m = say(&mut visitor, &format!("c-{i}"), &format!("customer {i}")).await;
        id = m["conversation_id"].as_i64().unwrap();
    }
    // Forced drop: the TCP connection goes away without a close handshake.
    drop(visitor);
    for i in 1..=2 {
        reply(&mut desk, id, &format!("a-{i}"), &format!("agent {i}")).await;
    }

    // Resume from seq 3: exactly 4 and 5, in order, nothing else.
    let (mut visitor, welcome) = app.hello(Some(&token), 3).await;
    assert_eq!(welcome["conversation_id"], id);
    let missed = visitor.drain_type("message", QUIET).await;
    let seqs: Vec<i64> = missed
        .iter()
        .map(|m| m["message"]["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, vec![4, 5]);
    assert_eq!(missed[0]["message"]["body"], "agent 1");

    // A message whose ack was lost is re-sent with the same client id: stored once.
    let again = say(&mut visitor, "c-3", "customer 3").await;
    assert_eq!(again["seq"], 3, "same seq as the first time");
    let next = say(&mut visitor, "c-4", "customer 4").await;
    assert_eq!(next["seq"], 6, "no gap or duplicate was created");
    let desk_messages = desk.drain_type("message", QUIET).await;
    let desk_seqs: Vec<i64> = desk_messages
        .iter()
        .filter(|m| m["message"]["author"] == "customer")
        .map(|m| m["message"]["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(desk_seqs, vec![6], "the repeat was not broadcast again");

    // A fresh client (reload with an empty page) gets the whole history in order.
    let (mut fresh, _) = app.hello(Some(&token), 0).await;
    let all = fresh.drain_type("message", QUIET).await;
    let seqs: Vec<i64> = all
        .iter()
        .map(|m| m["message"]["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, vec![1, 2, 3, 4, 5, 6]);
    app.stop().await;
}

#[tokio::test]
async fn live_messages_during_backlog_are_not_duplicated() {
    let app = TestApp::start().await;
    let (mut desk, _) = app.desk().await;
    let (mut visitor, welcome) = app.hello(None, 0).await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    let id = say(&mut visitor, "c-0", "start").await["conversation_id"]
        .as_i64()
        .unwrap();
    drop(visitor);
    for i in 0..50 {
        reply(&mut desk, id, &format!("a-{i}"), &format!("r{i}")).await;
    }
    // Keep replying while the visitor resumes.
    let writer = tokio::spawn(async move {
        for i in 50..100 {
            reply(&mut desk, id, &format!("a-{i}"), &format!("r{i}")).await;
        }
    });
    let (mut visitor, _) = app.hello(Some(&token), 1).await;
    writer.await.unwrap();
    let got = visitor
        .drain_type("message", Duration::from_millis(500))
        .await;
    let seqs: Vec<i64> = got
        .iter()
        .map(|m| m["message"]["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, (2..=101).collect::<Vec<_>>());
    app.stop().await;
}

#[tokio::test]
async fn acknowledged_messages_survive_a_restart() {
    let app = TestApp::start().await;
    let (mut visitor, welcome) = app.hello(None, 0).await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    for i in 1..=5 {
        say(&mut visitor, &format!("c-{i}"), &format!("m{i}")).await;
    }
    drop(visitor);
    let dir = app.stop().await;
    let app = TestApp::start_in(dir).await;
    let (mut visitor, _) = app.hello(Some(&token), 0).await;
    let got = visitor.drain_type("message", QUIET).await;
    assert_eq!(got.len(), 5);
    assert_eq!(got[4]["message"]["body"], "m5");
    app.stop().await;
}

#[tokio::test]
async fn sigkill_loses_no_acknowledged_message() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = ServerProcess::spawn(dir.path(), port).await;
    let origin = format!("http://{}", server.addr);
    let mut visitor = Ws::connect(server.addr, "/ws/visitor", None, Some(&origin))
        .await
        .unwrap();
    visitor
        .send(json!({"type": "hello", "v": 1, "site": "demo"}))
        .await;
    let token = visitor.recv_type("welcome").await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // Pipeline a burst of sends and kill the server right after the 4th ack,
    // while the rest are still being written.
    for i in 0..8 {
        visitor
            .send(json!({"type": "send", "intake": {"category": "other"}, "client_id": format!("k-{i}"), "body": format!("m{i}")}))
            .await;
    }
    let mut acked = Vec::new();
    while acked.len() < 4 {
        let v = visitor.recv().await;
        assert_ne!(v["type"], "error", "{v}");
        if v["type"] == "ack" {
            acked.push(v["message"]["seq"].as_i64().unwrap());
        }
    }
    server.kill9();

    let server = ServerProcess::spawn(dir.path(), port).await;
    let mut visitor = Ws::connect(server.addr, "/ws/visitor", None, Some(&origin))
        .await
        .unwrap();
    visitor
        .send(json!({"type": "hello", "v": 1, "site": "demo", "token": token}))
        .await;
    visitor.recv_type("welcome").await;
    let stored: Vec<i64> = visitor
        .drain_type("message", QUIET)
        .await
        .iter()
        .map(|m| m["message"]["seq"].as_i64().unwrap())
        .collect();
    for seq in &acked {
        assert!(
            stored.contains(seq),
            "acknowledged seq {seq} lost; stored {stored:?}"
        );
    }
    assert_eq!(
        stored,
        (1..=stored.len() as i64).collect::<Vec<_>>(),
        "gap-free and ordered"
    );
    server.kill9();
}

#[tokio::test]
async fn the_customers_language_and_time_zone_reach_the_desk() {
    let app = TestApp::start().await;
    let (mut desk, _) = app.desk().await;
    let mut v = app.visitor().await;
    v.send(json!({"type": "hello", "v": 1, "site": "demo", "locale": "es-MX", "tz": "America/Mexico_City"}))
        .await;
    let token = v.recv_type("welcome").await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    say(&mut v, "c-1", "Hola").await;
    let s = desk.recv_type("conversation").await["summary"].clone();
    assert_eq!(s["locale"], "es", "normalized to the shipped locale");
    assert_eq!(s["time_zone"], "America/Mexico_City");

    // Switching language in the widget updates the conversation live.
    v.send(json!({"type": "locale", "locale": "ja-JP"})).await;
    loop {
        let s = desk.recv_type("conversation").await;
        if s["summary"]["locale"] == "ja" {
            break;
        }
    }
    v.send(json!({"type": "locale", "locale": "klingon"})).await;
    assert_eq!(v.recv_type("error").await["code"], "invalid_frame");

    // A reconnect with a bogus time zone keeps the last good one.
    drop(v);
    let mut v = app.visitor().await;
    v.send(json!({"type": "hello", "v": 1, "site": "demo", "token": token, "locale": "ar", "tz": "Mars/Olympus"}))
        .await;
    v.recv_type("welcome").await;
    loop {
        let s = desk.recv_type("conversation").await["summary"].clone();
        if s["locale"] == "ar" {
            assert_eq!(s["time_zone"], "America/Mexico_City");
            break;
        }
    }
    app.stop().await;
}
