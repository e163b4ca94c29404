//! Several Parley nodes on one Postgres database (issue 17): a customer on
//! one node and an agent on another chat live — messages, typing, receipts,
//! transitions, session revocation and settings changes cross nodes — and when a node is killed its customers resume on the other with
//! nothing lost and nothing twice. Runs when `./run.sh test` provides the
//! throwaway Postgres server (`common::postgres_database`).

use std::time::Duration;

use serde_json::json;

use crate::common::{
    ADMIN_EMAIL, ADMIN_PASSWORD, ServerProcess, TestApp, Ws, admin_form, config, free_port,
    postgres_database, reply, say,
};

/// Both nodes answer to one public name, as behind a load balancer.
const PUBLIC: &str = "http://parley.test";
/// Both nodes open the same sealed personal data.
const KEYS: &str = "k1:00000000000000000000000000000000000000000000000000000000000000aa";
const QUIET: Duration = Duration::from_millis(400);

async fn node(url: &str) -> TestApp {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut cfg = config(&dir);
    cfg.database_url = Some(url.into());
    cfg.public_url = Some(PUBLIC.into());
    cfg.data_keys = Some(KEYS.into());
    TestApp::start_config(cfg).await
}

/// Two in-process nodes on a fresh database of the test Postgres server
/// (`None` without one).
pub async fn two_nodes(prefix: &str) -> Option<(TestApp, TestApp)> {
    let url = postgres_database(prefix).await?;
    Some((node(&url).await, node(&url).await))
}

/// The id of the demo site's round-the-clock team (which answers "other").
fn round_the_clock(welcome: &serde_json::Value) -> i64 {
    welcome["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Around the clock" && t["site"] == "demo")
        .unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// The admin creates agent `email` (password "a long enough password") in
/// `team`, speaking English, with room for `capacity`; the agent's id.
async fn team_agent(app: &TestApp, admin: &str, email: &str, team: i64, capacity: &str) -> i64 {
    let form = [
        ("email", email),
        ("name", email),
        ("password", "a long enough password"),
    ];
    let loc = admin_form(app, admin, "/api/admin/staff", &form).await;
    let id: i64 = loc
        .strip_prefix("/desk/staff?saved=")
        .unwrap_or_else(|| panic!("{loc}"))
        .parse()
        .unwrap();
    let team_key = format!("team.{team}");
    let routing = format!("/api/admin/staff/{id}/routing");
    let form = [
        (team_key.as_str(), "on"),
        ("lang.en", "on"),
        ("skills", ""),
        ("capacity", capacity),
    ];
    assert_eq!(
        admin_form(app, admin, &routing, &form).await,
        format!("/desk/staff?saved={id}")
    );
    id
}

async fn desk_with(app: &TestApp, cookie: &str) -> Ws {
    let mut ws = Ws::connect(app.addr, "/ws/desk", Some(cookie), Some(PUBLIC))
        .await
        .unwrap();
    ws.send(json!({"type": "hello", "v": 1})).await;
    ws.recv_type("welcome").await;
    ws
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_customer_on_one_node_and_an_agent_on_another_chat_live() {
    let Some((a, b)) = two_nodes("cluster_live").await else {
        return;
    };
    // The agent's desk is on B, the customer's widget on A.
    let cookie = b.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let mut desk = desk_with(&b, &cookie).await;
    // B's presence reaches A before the customer writes (A routes them).
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (mut visitor, _) = a.hello(None, 0).await;
    let stored = say(&mut visitor, "c-1", "Where is my parcel?").await;
    let id = stored["conversation_id"].as_i64().unwrap();
    assert_eq!(desk.recv_type("message").await["message"], stored);

    // Typing both ways.
    visitor.send(json!({"type": "typing", "on": true})).await;
    let t = desk.recv_type("typing").await;
    assert_eq!(
        (t["conversation_id"].as_i64(), t["on"].as_bool()),
        (Some(id), Some(true))
    );
    desk.send(json!({"type": "typing", "conversation_id": id, "on": true}))
        .await;
    assert_eq!(visitor.recv_type("typing").await["on"], true);

    // Receipts: read on B, seen by the customer on A.
    desk.send(json!({"type": "received", "conversation_id": id, "seq": 1, "read": true}))
        .await;
    let receipt = visitor.recv_type("receipt").await;
    assert_eq!(receipt["read_seq"], 1);

    // The case panel B's desk shows is built on B when a desk on A changes
    // the case (panels are not carried between nodes, only that they changed).
    crate::common::detail_of(&mut desk, id).await;
    let (mut desk_a, welcome_a) = a.desk().await;
    let admin_id = welcome_a["agent"]["id"].as_i64().unwrap();
    desk_a
        .send(json!({"type": "set_customer", "conversation_id": id, "tier": "core", "owner_id": admin_id}))
        .await;
    crate::common::detail_where(&mut desk, id, |d| d["owner_id"] == admin_id).await;
    drop(desk_a);

    // A reply from B arrives on A; a transition on B reaches the customer.
    let answer = reply(&mut desk, id, "a-1", "It left Shenzhen today.").await;
    assert_eq!(visitor.recv_type("message").await["message"], answer);
    desk.send(json!({"type": "transition", "conversation_id": id, "action": "resolve"}))
        .await;
    loop {
        if visitor.recv_type("status").await["status"] == "resolved" {
            break;
        }
    }

    // Settings changed on A reach B (the widget's launcher settings).
    let root = a.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let saved = admin_form(
        &a,
        &root,
        "/api/admin/sites/demo",
        &[
            ("name", "Demo shop"),
            ("origins", "https://shop.example"),
            ("accent", "#0B5D1E"),
            ("position", "start"),
        ],
    )
    .await;
    assert_eq!(saved, "/desk/sites?site=demo&saved=settings");
    let changed = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let body: serde_json::Value = crate::common::client()
                .get(b.url("/embed/config?site=demo"))
                .header("origin", "https://shop.example")
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if body["accent"] == "#0b5d1e" {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await
    .expect("a settings change on A reaches B within seconds");
    assert_eq!(changed["position"], "start");

    // Revoking one's other sessions on A closes the desk on B at once.
    admin_form(&a, &root, "/api/auth/sessions/revoke", &[]).await;
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let f = desk.recv().await;
            if f["type"] == "error" {
                return f;
            }
        }
    })
    .await
    .expect("the revoked desk on the other node is closed at once");
    assert_eq!(closed["code"], "unauthorized");
    a.stop().await;
    b.stop().await;
}

#[tokio::test]
async fn killing_a_node_its_customers_resume_on_the_other_with_nothing_lost_or_twice() {
    let Some(url) = postgres_database("cluster_kill").await else {
        return;
    };
    // Each node under its own address this time (each adds its origin to
    // the demo site).
    let env = [("DATABASE_URL", url.as_str()), ("PARLEY_DATA_KEYS", KEYS)];
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let a = ServerProcess::spawn_with_env(dir_a.path(), free_port(), &env).await;
    let b = ServerProcess::spawn_with_env(dir_b.path(), free_port(), &env).await;
    let b_origin = format!("http://{}", b.addr);
    let cookie = crate::common::admin_session(b.addr).await;
    let mut desk = Ws::connect(b.addr, "/ws/desk", Some(&cookie), Some(&b_origin))
        .await
        .unwrap();
    desk.send(json!({"type": "hello", "v": 1})).await;
    desk.recv_type("welcome").await;

    let hello = |addr: std::net::SocketAddr, token: Option<String>, last_seq: i64| async move {
        let origin = format!("http://{addr}");
        let mut ws = Ws::connect(addr, "/ws/visitor", None, Some(&origin))
            .await
            .unwrap();
        ws.send(
            json!({"type": "hello", "v": 1, "site": "demo", "token": token,
            "last_seq": last_seq, "locale": "en"}),
        )
        .await;
        let welcome = ws.recv_type("welcome").await;
        (ws, welcome)
    };
    let (mut visitor, welcome) = hello(a.addr, None, 0).await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    let mut id = 0;
    for i in 1..=3 {
        let m = say(&mut visitor, &format!("c-{i}"), &format!("customer {i}")).await;
        id = m["conversation_id"].as_i64().unwrap();
    }
    let first = reply(&mut desk, id, "a-1", "agent 1").await;
    loop {
        let m = visitor.recv_type("message").await;
        if m["message"]["client_id"] == "a-1" {
            assert_eq!(m["message"], first);
            break;
        }
    }

    // A dies (SIGKILL: no goodbye); the agent keeps writing on B.
    a.kill9();
    drop(visitor);
    for i in 2..=3 {
        reply(&mut desk, id, &format!("a-{i}"), &format!("agent {i}")).await;
    }

    // The widget reconnects (the load balancer now sends it to B) from the
    // last seq it saw: exactly the two it missed.
    let (mut visitor, welcome) = hello(b.addr, Some(token.clone()), 4).await;
    assert_eq!(welcome["conversation_id"], id);
    let missed: Vec<i64> = visitor
        .drain_type("message", QUIET)
        .await
        .iter()
        .map(|m| m["message"]["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(missed, vec![5, 6]);
    // The message whose ack was lost with A is sent again: stored once.
    assert_eq!(say(&mut visitor, "c-3", "customer 3").await["seq"], 3);
    assert_eq!(say(&mut visitor, "c-4", "customer 4").await["seq"], 7);
    let (mut fresh, _) = hello(b.addr, Some(token), 0).await;
    let all: Vec<i64> = fresh
        .drain_type("message", QUIET)
        .await
        .iter()
        .map(|m| m["message"]["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(all, (1..=7).collect::<Vec<_>>());
    drop(b);
}

/// A customer on `app` writes their first message on topic "other" (the
/// round-the-clock team); their socket and conversation id.
async fn customer_on(app: &TestApp) -> (Ws, i64) {
    let mut v = Ws::connect(app.addr, "/ws/visitor", None, Some(PUBLIC))
        .await
        .unwrap();
    v.send(json!({"type": "hello", "v": 1, "site": "demo", "locale": "en"}))
        .await;
    v.recv_type("welcome").await;
    v.send(
        json!({"type": "send", "client_id": "first", "body": "Hello",
        "intake": {"category": "other", "facts": {}}}),
    )
    .await;
    let ack = v.recv_type("ack").await;
    (v, ack["message"]["conversation_id"].as_i64().unwrap())
}

/// The assignee `watch` is told of for conversation `id`, once it has one.
async fn assignee(watch: &mut Ws, id: i64) -> i64 {
    loop {
        let s = watch.recv_type("conversation").await["summary"].clone();
        if s["id"] == id && !s["assignee_id"].is_null() {
            return s["assignee_id"].as_i64().unwrap();
        }
    }
}

/// The customer's queue reports until one puts them at `position`.
async fn queue_at(v: &mut Ws, position: Option<u64>) -> serde_json::Value {
    loop {
        let q = v.recv_type("queue").await;
        if q["position"].as_u64() == position {
            return q;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn routing_and_queue_places_work_across_nodes() {
    let Some((a, b)) = two_nodes("cluster_routing").await else {
        return;
    };
    let admin = a.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let mut watch = Ws::connect(a.addr, "/ws/desk", Some(&admin), Some(PUBLIC))
        .await
        .unwrap();
    watch.send(json!({"type": "hello", "v": 1})).await;
    let welcome = watch.recv_type("welcome").await;
    // Kim answers "other" in English, one conversation at a time; her desk
    // is on B, every customer but the last on A.
    let kim = team_agent(&a, &admin, "kim@x.test", round_the_clock(&welcome), "1").await;
    let kim_cookie = b
        .login("kim@x.test", "a long enough password")
        .await
        .unwrap();
    let mut kim_desk = desk_with(&b, &kim_cookie).await;
    // B's presence reaches A (every 3 s and on change).
    tokio::time::sleep(Duration::from_millis(500)).await;

    // The first customer (on A) goes to Kim (on B) at once.
    let (mut first, c1) = customer_on(&a).await;
    assert_eq!(assignee(&mut watch, c1).await, kim);
    while first.recv_type("status").await["status"] != "assigned" {}
    assert_eq!(
        kim_desk.recv_type("message").await["message"]["conversation_id"],
        c1
    );
    // Kim is full: the next customers wait, told their place, and that
    // someone is online (Kim, on the other node).
    let (mut second, c2) = customer_on(&a).await;
    let q = queue_at(&mut second, Some(1)).await;
    assert_eq!(q["staff_online"], true, "{q}");
    let (mut third, c3) = customer_on(&b).await;
    let q = queue_at(&mut third, Some(2)).await;
    assert_eq!(q["staff_online"], true, "{q}");

    // Kim resolves the first on B: her seat goes to the second customer,
    // and the third (on B) moves up to first in line.
    kim_desk
        .send(json!({"type": "transition", "conversation_id": c1, "action": "resolve"}))
        .await;
    assert_eq!(assignee(&mut watch, c2).await, kim);
    queue_at(&mut second, None).await;
    queue_at(&mut third, Some(1)).await;
    // Nothing was given twice: the third still waits, unassigned.
    watch
        .send(json!({"type": "query", "query": {"view": "unassigned"}}))
        .await;
    let waiting: Vec<i64> = watch.recv_type("inbox").await["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(waiting, vec![c3]);
    // The first customer (on A) saw the resolution made on B.
    while first.recv_type("status").await["status"] != "resolved" {}
    a.stop().await;
    b.stop().await;
}

/// Two agents of one team on different nodes both see a waiting customer;
/// once one answers (which makes the conversation theirs), the other's desk
/// hears of the move before anything else of it and gets none of what the
/// customer writes next.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn once_taken_a_conversation_reaches_only_its_agent_on_any_node() {
    let Some((a, b)) = two_nodes("cluster_taken").await else {
        return;
    };
    let admin = a.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.unwrap();
    let (_, welcome) = a.desk().await;
    let team = round_the_clock(&welcome);
    let mut agents = Vec::new();
    for email in ["kim@x.test", "lee@x.test"] {
        team_agent(&a, &admin, email, team, "2").await;
        agents.push(a.login(email, "a long enough password").await.unwrap());
    }
    // Both in the team that answers "other", both away (routing gives them
    // nothing): the conversation waits, unassigned, seen by both.
    let mut kim = desk_with(&b, &agents[0]).await;
    let mut lee = desk_with(&a, &agents[1]).await;
    for desk in [&mut kim, &mut lee] {
        desk.send(json!({"type": "set_availability", "availability": "away"}))
            .await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (mut visitor, _) = a.hello(None, 0).await;
    let first = say(&mut visitor, "c-1", "Is anyone there?").await;
    let id = first["conversation_id"].as_i64().unwrap();
    assert_eq!(kim.recv_type("message").await["message"], first);
    assert_eq!(lee.recv_type("message").await["message"], first);

    // Kim answers on B: the conversation is hers. Lee's desk on A is told
    // it is gone, and the customer's next words reach Kim only.
    reply(&mut kim, id, "k-1", "Kim here, I will help you.").await;
    let gone = lee.recv_type("withdrawn").await;
    assert_eq!(gone["conversation_id"], id);
    let next = say(&mut visitor, "c-2", "Thank you!").await;
    while kim.recv_type("message").await["message"] != next {}
    assert!(
        lee.try_recv_type("message", QUIET).await.is_none(),
        "another agent's desk got a message of a conversation that is not theirs"
    );
    a.stop().await;
    b.stop().await;
}

/// Background jobs run on one node at a time: a job's turn is one node's
/// until it lets go (or its connection ends, as when it is killed); a
/// routing round on another node waits for it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_job_runs_on_one_node_at_a_time() {
    use parley::cluster::{Cluster, Job};
    let Some(url) = postgres_database("cluster_jobs").await else {
        return;
    };
    let join = || async {
        let hub = std::sync::Arc::new(parley::events::Hub::default());
        Cluster::join(&url, hub, Default::default())
            .await
            .unwrap()
            .0
    };
    let (one, two) = (join().await, join().await);
    for job in [
        Job::Escalation,
        Job::Retention,
        Job::UploadSweep,
        Job::RoutingTimer,
    ] {
        let held = one
            .exclusive(job)
            .await
            .expect("the first node takes its turn");
        assert!(
            two.exclusive(job).await.is_none(),
            "{job:?} ran on both nodes at once"
        );
        drop(held);
        let mut taken = None;
        for _ in 0..50 {
            taken = two.exclusive(job).await;
            if taken.is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(
            taken.is_some(),
            "{job:?}: the other node's turn once it was let go"
        );
    }
    // Routing rounds wait for each other rather than skip.
    let round = one.serialise(Job::Routing).await.unwrap();
    let waiting = tokio::spawn(async move { two.serialise(Job::Routing).await.map(|_| ()) });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiting.is_finished(), "two routing rounds at once");
    drop(round);
    tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("the waiting round runs once the first ends")
        .unwrap()
        .unwrap();
}
