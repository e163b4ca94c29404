//! The desk session driven through channels instead of a socket: the run
//! loop is generic over its two halves, so frames are tested here with a
//! real store and hub but no server, browser or network.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use axum::extract::ws::Message;
use futures_util::Stream;
use leptos::prelude::LeptosOptions;
use parley_app::intake::Facts;
use parley_app::protocol::{AgentProfile, Priority, StaffRole};
use serde_json::{Value, json};
use tokio::sync::mpsc;

use crate::security::client_addr::TrustedProxies;
use crate::security::seal::Keyring;
use crate::state::{AppState, Clock, Settings};
use crate::storage::sql::SqlStore;
use crate::storage::{NewConversation, Store};

/// A desk session on channels: frames in, events out.
struct Desk {
    to_server: mpsc::UnboundedSender<Message>,
    from_server: mpsc::UnboundedReceiver<Message>,
    session: tokio::task::JoinHandle<()>,
}

impl Desk {
    fn start(state: &AppState, agent: AgentProfile, viewer: crate::domain::access::Viewer) -> Desk {
        let (to_server, inbound) = mpsc::unbounded_channel::<Message>();
        let (outbound, from_server) = mpsc::unbounded_channel::<Message>();
        let rx: std::pin::Pin<Box<dyn Stream<Item = Result<Message, axum::Error>> + Send>> =
            Box::pin(futures_util::stream::unfold(inbound, |mut rx| async move {
                rx.recv().await.map(|m| (Ok(m), rx))
            }));
        let tx = Box::pin(futures_util::sink::unfold(
            outbound,
            |out, m: Message| async move {
                out.send(m).map_err(|_| axum::Error::new("closed"))?;
                Ok::<_, axum::Error>(out)
            },
        ));
        let session = tokio::spawn(super::run(
            tx,
            rx,
            state.clone(),
            agent,
            viewer,
            "token".into(),
        ));
        Desk {
            to_server,
            from_server,
            session,
        }
    }

    fn send(&self, frame: Value) {
        self.to_server
            .send(Message::Text(frame.to_string().into()))
            .unwrap();
    }

    /// The next event (skipping pings); `None` once the session closed.
    async fn next(&mut self) -> Option<Value> {
        loop {
            let m =
                tokio::time::timeout(std::time::Duration::from_secs(5), self.from_server.recv())
                    .await
                    .expect("an event within 5 s")?;
            match m {
                Message::Text(t) => return Some(serde_json::from_str(t.as_str()).unwrap()),
                Message::Close(frame) => {
                    return Some(json!({ "closed": frame.map(|f| f.reason.to_string()) }));
                }
                _ => {}
            }
        }
    }

    /// The next event of `kind`, skipping others.
    async fn next_of(&mut self, kind: &str) -> Value {
        loop {
            let e = self.next().await.expect("session still open");
            if e["type"] == kind {
                return e;
            }
        }
    }
}

pub(crate) struct World {
    pub(crate) state: AppState,
    agent: AgentProfile,
    mine: i64,
    elsewhere: i64,
    _dir: tempfile::TempDir,
}

/// A store with sites `shop` and `other`, a mid agent of `shop`, and one
/// conversation on each site.
pub(crate) async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("desk.db").display());
    let store: Arc<dyn Store> = Arc::new(SqlStore::open(&url).await.unwrap());
    for key in ["shop", "other"] {
        store
            .upsert_site(
                &crate::storage::Site {
                    key: key.into(),
                    name: key.into(),
                    ..Default::default()
                },
                0,
            )
            .await
            .unwrap();
    }
    let agent = store
        .create_agent("ana@x", "Ana", "h", StaffRole::Mid, &["shop".into()], 0)
        .await
        .unwrap();
    let mut ids = Vec::new();
    for (site, visitor) in [("shop", "v1"), ("other", "v2")] {
        store.touch_visitor(site, visitor, 0).await.unwrap();
        let c = store
            .create_conversation(NewConversation {
                channel: Default::default(),
                site,
                visitor_id: visitor,
                locale: Some("en"),
                time_zone: None,
                category: None,
                facts: &Facts::new(),
                priority: Priority::Routine,
                team_id: None,
                now: 0,
            })
            .await
            .unwrap();
        ids.push(c.id);
    }
    let settings = Settings {
        mail: Default::default(),
        public_origin: "http://127.0.0.1:1".into(),
        demo_origin: None,
        secret: vec![7; 32],
        secure_cookies: false,
        attachments_dir: dir.path().join("attachments"),
        keyring: Keyring::load(None, dir.path()).unwrap(),
        trusted_proxies: TrustedProxies::default(),
        site_storage_bytes: 1 << 20,
        demo: false,
        webhook_allow_private: false,
    };
    let leptos = LeptosOptions::builder().output_name("parley").build();
    let index = || {
        std::sync::Arc::new(
            crate::search::KbIndex::new(&crate::search::JaDictionary::none()).unwrap(),
        )
    };
    let state = AppState::new(
        store,
        settings,
        Clock::default(),
        64,
        leptos,
        (index(), index()),
    );
    World {
        state,
        agent,
        mine: ids[0],
        elsewhere: ids[1],
        _dir: dir,
    }
}

async fn signed_in(w: &World) -> Desk {
    let viewer = w.state.store.viewer(w.agent.id, 0).await.unwrap();
    let mut desk = Desk::start(&w.state, w.agent.clone(), viewer);
    desk.send(json!({ "type": "hello", "v": parley_app::protocol::PROTOCOL_VERSION }));
    let welcome = desk.next_of("welcome").await;
    let listed: Vec<i64> = welcome["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(listed, vec![w.mine], "only the agent's site is listed");
    desk
}

#[tokio::test]
async fn a_desk_that_does_not_say_hello_is_closed_with_the_reason() {
    let w = world().await;
    let viewer = w.state.store.viewer(w.agent.id, 0).await.unwrap();
    let mut desk = Desk::start(&w.state, w.agent.clone(), viewer);
    desk.send(json!({ "type": "typing", "conversation_id": w.mine, "on": true }));
    let error = desk.next().await.unwrap();
    assert_eq!(error["code"], "hello_required");
    assert_eq!(desk.next().await.unwrap()["closed"], "hello_required");
}

#[tokio::test]
async fn open_sends_history_access_and_detail_and_is_audited() {
    let w = world().await;
    let mut desk = signed_in(&w).await;
    desk.send(json!({ "type": "open", "conversation_id": w.mine, "after_seq": 0 }));
    let history = desk.next_of("history").await;
    assert_eq!(history["conversation_id"], w.mine);
    let access = desk.next_of("access").await;
    assert_eq!(access["read_only_until"], Value::Null);
    let detail = desk.next_of("detail").await;
    assert_eq!(detail["detail"]["conversation_id"], w.mine);
    let audit = w
        .state
        .store
        .audit_log(
            &crate::storage::AuditFilter {
                action: Some("view_conversation".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].conversation_id, Some(w.mine));
}

#[tokio::test]
async fn every_conversation_frame_about_another_site_is_not_found() {
    let w = world().await;
    let mut desk = signed_in(&w).await;
    let id = w.elsewhere;
    let frames = [
        json!({ "type": "open", "conversation_id": id, "after_seq": 0 }),
        json!({ "type": "send", "conversation_id": id, "client_id": "c-1", "body": "hi" }),
        json!({ "type": "typing", "conversation_id": id, "on": true }),
        json!({ "type": "received", "conversation_id": id, "seq": 1, "read": true }),
        json!({ "type": "transition", "conversation_id": id, "action": "start" }),
        json!({ "type": "set_facts", "conversation_id": id, "facts": {} }),
        json!({ "type": "transfer", "conversation_id": id }),
        json!({ "type": "set_priority", "conversation_id": id, "priority": "urgent" }),
        json!({ "type": "note", "conversation_id": id, "client_id": "n-1", "body": "x" }),
        json!({ "type": "set_customer", "conversation_id": id, "tier": "core" }),
        json!({ "type": "request_access", "conversation_id": id, "reason": "audit" }),
    ];
    for frame in frames {
        desk.send(frame.clone());
        let error = desk.next_of("error").await;
        assert_eq!(error["code"], "not_found", "{frame}");
    }
    // Nothing was stored for the other site's conversation.
    let stored = w
        .state
        .store
        .messages_after(w.elsewhere, 0, 10)
        .await
        .unwrap();
    assert!(stored.is_empty());
    assert!(w.state.store.notes(w.elsewhere).await.unwrap().is_empty());
}

#[tokio::test]
async fn malformed_frames_are_refused_then_the_desk_is_closed() {
    let w = world().await;
    let mut desk = signed_in(&w).await;
    for _ in 0..=super::wire::MAX_BAD_FRAMES {
        desk.send(json!({ "type": "no_such_frame" }));
    }
    let mut errors = 0;
    loop {
        match desk.next().await {
            Some(e) if e["type"] == "error" => errors += 1,
            Some(e) if e.get("closed").is_some() => {
                assert_eq!(e["closed"], "unknown_frame_type");
                break;
            }
            Some(_) => {}
            None => panic!("closed without a close frame"),
        }
    }
    assert!(errors > usize::try_from(super::wire::MAX_BAD_FRAMES).unwrap());
    desk.to_server.send(Message::Close(None)).ok();
    tokio::time::timeout(std::time::Duration::from_secs(5), desk.session)
        .await
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn a_reply_is_acknowledged_and_reaches_the_hub() {
    let w = world().await;
    let mut room = w.state.hub.subscribe_desk();
    let mut desk = signed_in(&w).await;
    desk.send(json!({
        "type": "send", "conversation_id": w.mine, "client_id": "c-1", "body": "Hello from the desk"
    }));
    let ack = desk.next_of("ack").await;
    assert_eq!(ack["client_id"], "c-1");
    assert_eq!(ack["message"]["body"], "Hello from the desk");
    let mut heard = false;
    while let Ok(event) = room.try_recv() {
        if let crate::events::HubEvent::Message(m) = &*event {
            heard |= m.body == "Hello from the desk";
        }
    }
    assert!(heard, "the message was published");
    // And this desk hears it back like every other desk.
    let message = desk.next_of("message").await;
    assert_eq!(message["message"]["client_id"], "c-1");
}
