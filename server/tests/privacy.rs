//! Personal data as the issue asks, checked in the real files: card numbers
//! typed by a customer or an agent never reach the database (nor its WAL)
//! nor the log of the real binary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ServerProcess, Ws, admin_session, free_port};
use serde_json::json;

/// Every way the test typed a card, and the bare digits.
const CARDS: [&str; 4] = [
    "4111 1111 1111 1111",
    "5555555555554444",
    "3782-822463-10005",
    "６０１１０００９９０１３９４２４",
];

fn digits(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFF10 + '0' as u32),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn card_numbers_never_reach_the_database_or_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let log = dir.path().join("parley.log");
    let server = ServerProcess::spawn_logging(dir.path(), port, Some(&log)).await;
    let addr = server.addr;
    let origin = format!("http://{addr}");

    // The customer: in a message and in the payment form's facts.
    let mut v = Ws::connect(addr, "/ws/visitor", None, Some(&origin))
        .await
        .unwrap();
    v.send(json!({"type": "hello", "v": 1, "site": "demo", "locale": "en"}))
        .await;
    let welcome = v.recv_type("welcome").await;
    let token = welcome["token"].as_str().unwrap().to_owned();
    v.send(json!({
        "type": "send", "client_id": "m1",
        "body": format!("Charged twice on {}!", CARDS[0]),
        "intake": {"category": "payment", "facts": {
            "order_number": "A-1001",
            "what_failed": format!("card {} declined", CARDS[1]),
        }},
    }))
    .await;
    let ack = v.recv_type("ack").await;
    let id = ack["message"]["conversation_id"].as_i64().unwrap();
    assert_eq!(
        ack["message"]["body"],
        "Charged twice on 4111 11•• •••• 1111!"
    );
    // A file named after a card.
    let png: &[u8] = &[
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44,
        0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F,
        0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8,
        0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ];
    let up: serde_json::Value = reqwest::Client::new()
        .post(format!("{origin}/api/attachments"))
        .header("origin", &origin)
        .header("x-file-name", "card 5555555555554444.png")
        .header("authorization", format!("Bearer {token}"))
        .body(png.to_vec())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(up["file_name"], "card 555555••••••4444.png");

    // The agent: a reply, an internal note and a corrected fact.
    let cookie = admin_session(addr).await;
    let mut desk = Ws::connect(addr, "/ws/desk", Some(&cookie), Some(&origin))
        .await
        .unwrap();
    desk.send(json!({"type": "hello", "v": 1})).await;
    desk.recv_type("welcome").await;
    desk.send(json!({"type": "open", "conversation_id": id}))
        .await;
    let history = desk.recv_type("history").await;
    assert!(history.to_string().contains("4111 11•• •••• 1111"));
    let detail = desk.recv_type("detail").await;
    assert_eq!(
        detail["detail"]["facts"]["what_failed"],
        "card 555555••••••4444 declined"
    );
    desk.send(
        json!({"type": "send", "conversation_id": id, "client_id": "r1",
        "body": format!("Is it the Amex {}?", CARDS[2])}),
    )
    .await;
    let reply = desk.recv_type("ack").await;
    assert_eq!(
        reply["message"]["body"],
        "Is it the Amex 3782-82••••-•0005?"
    );
    desk.send(
        json!({"type": "note", "conversation_id": id, "client_id": "n1",
        "body": format!("customer also gave {}", CARDS[3])}),
    )
    .await;
    let note = desk.recv_type("note").await;
    assert_eq!(
        note["note"]["body"],
        "customer also gave ６０１１００••••••９４２４"
    );
    desk.send(json!({"type": "set_facts", "conversation_id": id,
        "facts": {"what_failed": format!("second card {}", CARDS[0])}}))
        .await;
    loop {
        let d = desk.recv_type("detail").await;
        if d["detail"]["facts"]["what_failed"] == "second card 4111 11•• •••• 1111" {
            break;
        }
    }
    // The customer sees the agent's reply masked too.
    loop {
        let m = v.recv_type("message").await;
        if m["message"]["author"] == "agent" {
            assert_eq!(m["message"]["body"], "Is it the Amex 3782-82••••-•0005?");
            break;
        }
    }
    server.kill9();

    // Nothing of the originals in the database files or the log.
    let mut files = vec![log.clone()];
    for name in ["parley.db", "parley.db-wal"] {
        let p = dir.path().join(name);
        if p.exists() {
            files.push(p);
        }
    }
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        for card in CARDS {
            assert!(!text.contains(card), "{card} in {}", f.display());
            assert!(
                !text.contains(&digits(card)),
                "{} in {}",
                digits(card),
                f.display()
            );
        }
    }
    let log_text = std::fs::read_to_string(&log).unwrap();
    assert!(
        log_text.contains("card number masked"),
        "the masking itself is logged"
    );
}
