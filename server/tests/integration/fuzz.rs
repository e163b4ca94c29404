//! Issue 13: the protocol under fuzzing. Thousands of random and mutated
//! frames (proptest strategies: arbitrary JSON, valid frames of every type
//! with fields replaced, dropped or added, broken text, binary) on both
//! sockets of the real binary. The server never panics (its log is read),
//! every malformed frame is answered with an error code every client can
//! translate (`ErrorCode::ALL`), every close carries such a code, and a
//! normal conversation works afterwards.

use crate::common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use common::ServerProcess;
use futures_util::{SinkExt, StreamExt};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// Frames per socket kind.
const FRAMES: usize = 2500;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        Just(json!(u64::MAX)),
        Just(json!(-1)),
        Just(json!(0)),
        ".{0,40}".prop_map(Value::String),
        "[a-z_]{1,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,10}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Valid-looking frames of each type, the starting points for mutation.
fn templates(desk: bool) -> Vec<Value> {
    if desk {
        vec![
            json!({"type": "open", "conversation_id": 1, "after_seq": 0}),
            json!({"type": "send", "conversation_id": 1, "client_id": "c1", "body": "hi"}),
            json!({"type": "typing", "conversation_id": 1, "on": true}),
            json!({"type": "received", "conversation_id": 1, "seq": 1, "read": true}),
            json!({"type": "transition", "conversation_id": 1, "action": "assign"}),
            json!({"type": "set_facts", "conversation_id": 1, "facts": {"order_number": "NW-1"}}),
            json!({"type": "set_priority", "conversation_id": 1, "priority": "urgent"}),
            json!({"type": "transfer", "conversation_id": 1, "team": "EMEA"}),
            json!({"type": "set_customer", "conversation_id": 1, "tier": "core"}),
            json!({"type": "set_availability", "availability": "away"}),
            json!({"type": "query", "query": {}}),
            json!({"type": "request_access", "conversation_id": 1, "reason": "x"}),
            json!({"type": "decide_access", "request_id": 1, "approve": true, "minutes": 5}),
            json!({"type": "note", "conversation_id": 1, "client_id": "n", "body": "n"}),
            json!({"type": "propose_compensation", "conversation_id": 1, "client_id": "k1",
                   "kind": "refund", "amount": "80.00", "currency": "USD", "reason": "late"}),
            json!({"type": "decide_compensation", "compensation_id": 1, "verdict": "reduce",
                   "amount": "60", "reason": "half"}),
            json!({"type": "set_complex", "conversation_id": 1, "complex": true}),
            json!({"type": "raise_complaint", "conversation_id": 1, "summary": "s", "severity": "major"}),
            json!({"type": "track_order", "conversation_id": 1, "order": "NW-1"}),
            json!({"type": "suggest_articles", "conversation_id": 1, "query": "parcel"}),
            json!({"type": "similar_cases", "conversation_id": 1, "query": "parcel"}),
            json!({"type": "add_to_library", "conversation_id": 1, "demand": "d", "solution": "s"}),
            json!({"type": "email_transcript", "conversation_id": 1}),
            json!({"type": "hello", "v": 1}),
        ]
    } else {
        vec![
            json!({"type": "send", "client_id": "c1", "body": "hi", "intake": {"category": "other", "facts": {}}}),
            json!({"type": "typing", "on": true}),
            json!({"type": "received", "seq": 1}),
            json!({"type": "locale", "locale": "de"}),
            json!({"type": "contact", "details": {"email": "a@b.c"}, "consent": true}),
            json!({"type": "confirm", "solved": true}),
            json!({"type": "rate", "score": 5, "comment": ""}),
            json!({"type": "track", "order": "NW-1", "contact": "04109"}),
            json!({"type": "hello", "v": 1, "site": "demo"}),
        ]
    }
}

/// A frame to send: text (maybe not JSON) or binary.
#[derive(Debug, Clone)]
enum Frame {
    Text(String),
    Binary(Vec<u8>),
}

fn frames(desk: bool) -> impl Strategy<Value = Frame> {
    let bases = templates(desk);
    let mutated =
        (0..bases.len(), json_value(), "[a-z_]{1,12}", 0..4u8).prop_map(move |(i, v, key, how)| {
            let mut f = bases[i].clone();
            let obj = f.as_object_mut().unwrap();
            let keys: Vec<String> = obj.keys().cloned().collect();
            let pick = keys[key.len() % keys.len()].clone();
            match how {
                0 => {
                    obj.insert(pick, v);
                }
                1 => {
                    obj.remove(&pick);
                }
                2 => {
                    obj.insert(key, v);
                }
                _ => {}
            }
            Frame::Text(f.to_string())
        });
    let any_json = json_value().prop_map(|v| Frame::Text(v.to_string()));
    let typed_junk = ("[a-z_]{1,12}", json_value()).prop_map(|(t, v)| {
        let mut m = Map::new();
        m.insert("type".into(), json!(t));
        m.insert("x".into(), v);
        Frame::Text(Value::Object(m).to_string())
    });
    let broken = (".{0,200}", 0..3u8).prop_map(|(s, how)| {
        Frame::Text(match how {
            0 => s,
            1 => format!("{{\"type\":\"send\",\"body\":\"{s}"),
            _ => format!("[{s}]"),
        })
    });
    let binary = prop::collection::vec(any::<u8>(), 0..64).prop_map(Frame::Binary);
    prop_oneof![5 => mutated, 2 => any_json, 2 => typed_junk, 2 => broken, 1 => binary]
}

/// Whether the server must answer `frame` with an error: not a JSON object
/// with a known type.
fn surely_bad(frame: &Frame, types: &[&str]) -> bool {
    match frame {
        Frame::Binary(_) => true,
        Frame::Text(t) => match serde_json::from_str::<Value>(t) {
            Ok(Value::Object(o)) => !o
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|ty| types.contains(&ty)),
            _ => true,
        },
    }
}

async fn connect(
    addr: std::net::SocketAddr,
    path: &str,
    cookie: Option<&str>,
    forwarded: &str,
) -> Socket {
    let mut req = format!("ws://{addr}{path}").into_client_request().unwrap();
    let h = req.headers_mut();
    h.insert("origin", format!("http://{addr}").parse().unwrap());
    h.insert("x-forwarded-for", forwarded.parse().unwrap());
    if let Some(c) = cookie {
        h.insert("cookie", c.parse().unwrap());
    }
    tokio_tungstenite::connect_async(req).await.unwrap().0
}

/// What a read brought.
enum Read {
    Frame(Value),
    Closed(Option<String>),
    Nothing,
}

async fn read(ws: &mut Socket, wait: Duration) -> Read {
    loop {
        match tokio::time::timeout(wait, ws.next()).await {
            Err(_) => return Read::Nothing,
            Ok(None) | Ok(Some(Err(_))) => return Read::Closed(None),
            Ok(Some(Ok(Message::Close(f)))) => {
                return Read::Closed(f.map(|f| f.reason.as_str().to_owned()));
            }
            Ok(Some(Ok(Message::Text(t)))) => {
                return Read::Frame(serde_json::from_str(t.as_str()).unwrap());
            }
            Ok(Some(Ok(_))) => continue,
        }
    }
}

/// Fuzzes one kind of socket; returns (frames sent, error answers, reconnects).
async fn fuzz_socket(
    server: &ServerProcess,
    desk: Option<&str>,
    seed: u8,
) -> (usize, usize, usize) {
    let codes: HashSet<&str> = parley_app::error::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    let types = if desk.is_some() {
        parley_app::protocol::DESK_FRAME_TYPES
    } else {
        parley_app::protocol::VISITOR_FRAME_TYPES
    };
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    );
    let strategy = frames(desk.is_some());
    let path = if desk.is_some() {
        "/ws/desk"
    } else {
        "/ws/visitor"
    };
    let mut reconnects = 0;
    let mut errors = 0;
    let open = |n: usize| {
        let forwarded = format!("10.{}.{}.{}", seed, n / 250, n % 250 + 1);
        async move {
            let mut ws = connect(server.addr, path, desk, &forwarded).await;
            let hello = if desk.is_some() {
                json!({"type": "hello", "v": 1})
            } else {
                json!({"type": "hello", "v": 1, "site": "demo", "last_seq": 0})
            };
            ws.send(Message::Text(hello.to_string().into()))
                .await
                .unwrap();
            loop {
                match read(&mut ws, Duration::from_secs(5)).await {
                    Read::Frame(f) if f["type"] == "welcome" => break,
                    Read::Frame(_) => continue,
                    other => panic!(
                        "no welcome: {}",
                        match other {
                            Read::Closed(r) => format!("closed {r:?}"),
                            _ => "timeout".into(),
                        }
                    ),
                }
            }
            ws
        }
    };
    let mut ws = open(0).await;
    for i in 0..FRAMES {
        let frame = strategy.new_tree(&mut runner).unwrap().current();
        let bad = surely_bad(&frame, types);
        let sent = match &frame {
            Frame::Text(t) => ws.send(Message::Text(t.as_str().into())).await,
            Frame::Binary(b) => ws.send(Message::Binary(b.clone().into())).await,
        };
        let mut closed = sent.is_err();
        // A malformed frame is answered at once; others may be answered
        // (or not): whatever came is checked.
        let wait = if bad {
            Duration::from_secs(2)
        } else {
            Duration::from_millis(1)
        };
        let mut answered = false;
        while !closed {
            match read(
                &mut ws,
                if answered {
                    Duration::from_millis(1)
                } else {
                    wait
                },
            )
            .await
            {
                Read::Frame(f) => {
                    if f["type"] == "error" {
                        let code = f["code"].as_str().unwrap_or("");
                        assert!(codes.contains(code), "unknown code {code:?} for {frame:?}");
                        errors += 1;
                        answered = true;
                    }
                }
                Read::Closed(reason) => {
                    if let Some(r) = reason.filter(|r| !r.is_empty()) {
                        assert!(codes.contains(r.as_str()), "close reason {r:?}");
                    }
                    closed = true;
                    answered = true;
                }
                Read::Nothing => break,
            }
        }
        assert!(!bad || answered, "no answer to malformed frame {frame:?}");
        if closed {
            reconnects += 1;
            ws = open(i + 1).await;
        }
    }
    (FRAMES, errors, reconnects)
}

#[tokio::test]
async fn thousands_of_random_frames_never_break_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    let server = ServerProcess::spawn_full(
        dir.path(),
        common::free_port(),
        Some(&log),
        &[("PARLEY_TRUSTED_PROXIES", "127.0.0.1")],
    )
    .await;
    let started = Instant::now();
    let admin = common::admin_session(server.addr).await;
    let (visitor, desk) = tokio::join!(
        fuzz_socket(&server, None, 7),
        fuzz_socket(&server, Some(&admin), 9)
    );
    eprintln!(
        "fuzz: visitor {visitor:?}, desk {desk:?} (frames, error answers, reconnects) in {:?}",
        started.elapsed()
    );
    assert!(visitor.1 > 100 && desk.1 > 100);

    // A normal conversation still works: a customer writes, the desk answers.
    common::wait_healthy(server.addr).await;
    let mut customer = connect(server.addr, "/ws/visitor", None, "192.0.2.1").await;
    customer
        .send(Message::Text(
            json!({"type": "hello", "v": 1, "site": "demo", "last_seq": 0})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
    customer
        .send(Message::Text(
            json!({"type": "send", "client_id": "ok1", "body": "Is my parcel lost?",
                "intake": {"category": "other", "facts": {}}})
            .to_string()
            .into(),
        ))
        .await
        .unwrap();
    let conversation = loop {
        match read(&mut customer, Duration::from_secs(5)).await {
            Read::Frame(f) if f["type"] == "ack" => {
                break f["message"]["conversation_id"].as_i64().unwrap();
            }
            Read::Frame(f) => assert_ne!(f["type"], "error", "{f}"),
            _ => panic!("no ack"),
        }
    };
    let mut desk = connect(server.addr, "/ws/desk", Some(&admin), "192.0.2.2").await;
    desk.send(Message::Text(
        json!({"type": "hello", "v": 1}).to_string().into(),
    ))
    .await
    .unwrap();
    desk.send(Message::Text(
        json!({"type": "send", "conversation_id": conversation, "client_id": "a1", "body": "No, it is in customs."})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let reply = loop {
        match read(&mut customer, Duration::from_secs(5)).await {
            Read::Frame(f) if f["type"] == "message" && f["message"]["author"] == "agent" => {
                break f;
            }
            Read::Frame(_) => continue,
            _ => panic!("the customer never got the reply"),
        }
    };
    assert_eq!(reply["message"]["body"], "No, it is in customs.");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(!text.contains("panicked"), "the server panicked");
}
