//! The floor for the load benchmark (`examples/load`): a bare
//! tokio-tungstenite relay with no storage, speaking just enough of Parley's
//! frames that the same client drives it. `ws://ADDR/v/{i}` is visitor `i`,
//! `ws://ADDR/a/{j}` agent `j`; visitor `i` talks with agent `i % agents`.
//! A `send` is parsed, given the next `seq` of its conversation, acked to the
//! sender and forwarded to the peer as a `message` — the same JSON Parley
//! sends, with nothing stored.
//!
//! `cargo run --release --example relay -- 127.0.0.1:4000 100`

// The handshake callback's error type is tungstenite's, not ours.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};

type Peers = Arc<Mutex<HashMap<String, mpsc::UnboundedSender<String>>>>;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:4000".into());
    let agents: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(100);
    let listener = TcpListener::bind(&addr).await?;
    println!("relay listening on {addr}");
    let peers: Peers = Arc::default();
    let ids = Arc::new(AtomicI64::new(0));
    let seqs: Arc<Mutex<HashMap<i64, i64>>> = Arc::default();
    loop {
        let (stream, _) = listener.accept().await?;
        let (peers, ids, seqs) = (peers.clone(), ids.clone(), seqs.clone());
        tokio::spawn(async move {
            let mut path = String::new();
            let ws =
                tokio_tungstenite::accept_hdr_async(stream, |req: &Request, resp: Response| {
                    path = req.uri().path().to_owned();
                    Ok(resp)
                })
                .await;
            let Ok(ws) = ws else { return };
            let me = path.trim_start_matches('/').to_owned();
            let (kind, index) = me.split_once('/').unwrap_or(("", ""));
            let (kind, index) = (kind.to_owned(), index.parse::<i64>().unwrap_or(0));
            let (tx, mut rx) = mpsc::unbounded_channel::<String>();
            peers
                .lock()
                .map(|mut p| p.insert(me.clone(), tx.clone()))
                .ok();
            let (mut sink, mut stream) = ws.split();
            let writer = tokio::spawn(async move {
                while let Some(text) = rx.recv().await {
                    if sink.send(Message::text(text)).await.is_err() {
                        break;
                    }
                }
            });
            while let Some(Ok(msg)) = stream.next().await {
                let Message::Text(text) = msg else { continue };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                if frame["type"] != "send" {
                    continue;
                }
                // Visitor i's conversation is i; an agent names it.
                let (conversation, author, peer) = if kind == "v" {
                    (index, "customer", format!("a/{}", index % agents))
                } else {
                    let c = frame["conversation_id"].as_i64().unwrap_or(0);
                    (c, "agent", format!("v/{c}"))
                };
                let seq = seqs
                    .lock()
                    .map(|mut s| {
                        let n = s.entry(conversation).or_insert(0);
                        *n += 1;
                        *n
                    })
                    .unwrap_or(0);
                let message = json!({
                    "id": ids.fetch_add(1, Ordering::Relaxed) + 1,
                    "conversation_id": conversation,
                    "seq": seq,
                    "client_id": frame["client_id"],
                    "author": author,
                    "author_name": null,
                    "body": frame["body"],
                    "sent_at": 0,
                });
                let ack =
                    json!({"type": "ack", "client_id": frame["client_id"], "message": message});
                let _ = tx.send(ack.to_string());
                let out = json!({"type": "message", "message": message}).to_string();
                let target = peers.lock().ok().and_then(|p| p.get(&peer).cloned());
                if let Some(t) = target {
                    let _ = t.send(out);
                }
            }
            peers.lock().map(|mut p| p.remove(&me)).ok();
            writer.abort();
        });
    }
}
