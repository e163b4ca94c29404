//! The protocol's wire format, decoding and validation.

use super::*;
use serde_json::json;

fn msg() -> ChatMessage {
    ChatMessage {
        channel: Default::default(),
        id: 7,
        conversation_id: 3,
        seq: 2,
        client_id: "c-1".into(),
        author: Author::Agent,
        author_name: Some("Ana".into()),
        body: "Hello".into(),
        sent_at: 1_700_000_000_000,
        notice: None,
    }
}

/// Snapshot of the JSON shape: changing it breaks deployed widgets, so it
/// must be a deliberate protocol-version change.
#[test]
fn visitor_frames_have_the_documented_shape() {
    let hello: VisitorFrame = serde_json::from_value(json!({
        "type": "hello", "v": 1, "site": "demo", "token": null, "last_seq": 4
    }))
    .unwrap();
    assert_eq!(
        hello,
        VisitorFrame::Hello {
            v: 1,
            site: "demo".into(),
            token: None,
            last_seq: 4,
            locale: None,
            tz: None,
            identity: None
        }
    );
    let send = VisitorFrame::Send {
        client_id: "c-1".into(),
        body: "Hi".into(),
        intake: None,
    };
    assert_eq!(
        serde_json::to_value(&send).unwrap(),
        json!({"type": "send", "client_id": "c-1", "body": "Hi"})
    );
}

#[test]
fn visitor_events_have_the_documented_shape() {
    let ack = VisitorEvent::Ack {
        client_id: "c-1".into(),
        message: msg(),
    };
    assert_eq!(
        serde_json::to_value(&ack).unwrap(),
        json!({
            "type": "ack", "client_id": "c-1",
            "message": {
                "id": 7, "conversation_id": 3, "seq": 2, "client_id": "c-1",
                "author": "agent", "author_name": "Ana", "body": "Hello",
                "sent_at": 1_700_000_000_000i64
            }
        })
    );
    let err = VisitorEvent::Error {
        code: ErrorCode::RateLimited,
        client_id: None,
        field: None,
    };
    assert_eq!(
        serde_json::to_value(&err).unwrap(),
        json!({"type": "error", "code": "rate_limited"})
    );
    let receipt = VisitorEvent::Receipt {
        delivered_seq: 3,
        read_seq: 2,
    };
    assert_eq!(
        serde_json::to_value(&receipt).unwrap(),
        json!({"type": "receipt", "delivered_seq": 3, "read_seq": 2})
    );
}

#[test]
fn desk_frames_have_the_documented_shape() {
    let f = DeskFrame::Received {
        conversation_id: 1,
        seq: 9,
        read: true,
    };
    assert_eq!(
        serde_json::to_value(&f).unwrap(),
        json!({"type": "received", "conversation_id": 1, "seq": 9, "read": true})
    );
    let open: DeskFrame =
        serde_json::from_value(json!({"type": "open", "conversation_id": 5})).unwrap();
    assert_eq!(
        open,
        DeskFrame::Open {
            conversation_id: 5,
            after_seq: 0
        }
    );
}

#[test]
fn decode_tells_bad_json_unknown_types_and_bad_fields_apart() {
    let d = |s: &str| decode::<VisitorFrame>(s, VISITOR_FRAME_TYPES);
    assert_eq!(d("{nope"), Err(DecodeError::InvalidJson));
    assert_eq!(d(r#"{"type":"explode"}"#), Err(DecodeError::UnknownType));
    assert_eq!(d(r#"{"no_type":1}"#), Err(DecodeError::UnknownType));
    assert_eq!(
        d(r#"{"type":"send","body":5}"#),
        Err(DecodeError::InvalidFields)
    );
    assert!(d(r#"{"type":"typing","on":true}"#).is_ok());
    // A score is a small number: 300 or -1 are bad fields, not a panic.
    assert!(d(r#"{"type":"rate","score":4}"#).is_ok());
    for bad in [
        r#"{"type":"rate","score":300}"#,
        r#"{"type":"rate","score":-1}"#,
    ] {
        assert_eq!(d(bad), Err(DecodeError::InvalidFields), "{bad}");
    }
}

#[test]
fn every_known_type_is_listed() {
    let locale = VisitorFrame::Locale {
        locale: "ja".into(),
    };
    assert_eq!(
        serde_json::to_value(&locale).unwrap(),
        json!({"type": "locale", "locale": "ja"})
    );
    for (frame, ty) in [
        (locale, "locale"),
        (VisitorFrame::Typing { on: true }, "typing"),
        (VisitorFrame::Received { seq: 1 }, "received"),
        (
            VisitorFrame::Rate {
                score: 4,
                comment: String::new(),
            },
            "rate",
        ),
    ] {
        let v = serde_json::to_value(frame).unwrap();
        assert_eq!(v["type"], ty);
        assert!(VISITOR_FRAME_TYPES.contains(&ty));
    }
    let v = serde_json::to_value(DeskFrame::Transition {
        conversation_id: 1,
        action: StatusAction::Resolve,
    })
    .unwrap();
    assert_eq!(
        v,
        json!({"type": "transition", "conversation_id": 1, "action": "resolve"})
    );
    assert!(DESK_FRAME_TYPES.contains(&v["type"].as_str().unwrap()));
    let first: VisitorFrame = serde_json::from_value(json!({
        "type": "send", "client_id": "c-2", "body": "Parcel late",
        "intake": {"category": "logistics", "facts": {"waybill_number": "RR123456785CN"}}
    }))
    .unwrap();
    let VisitorFrame::Send {
        intake: Some(intake),
        ..
    } = first
    else {
        panic!("intake parsed");
    };
    assert_eq!(intake.facts["waybill_number"], "RR123456785CN");
    let confirm = serde_json::to_value(VisitorFrame::Confirm { solved: false }).unwrap();
    assert!(VISITOR_FRAME_TYPES.contains(&confirm["type"].as_str().unwrap()));
}

#[test]
fn mentions_match_names_and_email_names_on_boundaries() {
    let agent = |id: i64, name: &str, email: &str| AgentProfile {
        id,
        email: email.into(),
        name: name.into(),
        role: StaffRole::Mid,
        sites: vec![],
        languages: vec![],
        skills: vec![],
        teams: vec![],
        capacity: 0,
        availability: Availability::Available,
        connected: false,
    };
    let staff = [
        agent(1, "Ana", "ana@x.test"),
        agent(2, "Ana María", "amaria@x.test"),
        agent(3, "王芳", "wang.fang@x.test"),
    ];
    assert_eq!(mentioned("@ana please check", &staff), vec![1]);
    assert_eq!(
        mentioned("ask @Ana María, then @ANA.", &staff),
        vec![2, 1],
        "longest name wins"
    );
    assert_eq!(
        mentioned("@王芳请跟进；@wang.fang", &staff),
        vec![3],
        "once each"
    );
    assert!(mentioned("@anabel and mail ana@x.test", &staff).is_empty());
    assert!(mentioned("no mention", &staff).is_empty());
}

#[test]
fn body_limits() {
    assert_eq!(validate_body("  "), Err(ErrorCode::MessageEmpty));
    assert_eq!(validate_body(" hi "), Ok("hi"));
    let long = "字".repeat(MAX_BODY_CHARS);
    assert!(
        validate_body(&long).is_ok(),
        "limit counts characters, not bytes"
    );
    let too_long = "a".repeat(MAX_BODY_CHARS + 1);
    assert_eq!(validate_body(&too_long), Err(ErrorCode::MessageTooLong));
}

#[test]
fn client_id_limits() {
    assert!(validate_client_id("3f2a-b_9").is_ok());
    assert!(validate_client_id("").is_err());
    assert!(validate_client_id("has space").is_err());
    assert!(validate_client_id(&"a".repeat(65)).is_err());
}

/// The widget's decoder reads every event as serde's derived decoding
/// does, and refuses what it refuses.
#[test]
fn the_widgets_event_decoder_agrees_with_serde() {
    let events = [
        VisitorEvent::Welcome {
            v: 1,
            visitor_id: "v-1".into(),
            token: "t".into(),
            conversation_id: Some(4),
            status: Some(ConversationStatus::InProgress),
            agent_delivered_seq: 3,
            agent_read_seq: 2,
            staff_online: Some(false),
            contact_on_file: true,
            verified: true,
            rated: true,
        },
        VisitorEvent::Welcome {
            v: 1,
            visitor_id: "v-2".into(),
            token: "t".into(),
            conversation_id: None,
            status: None,
            agent_delivered_seq: 0,
            agent_read_seq: 0,
            staff_online: None,
            contact_on_file: false,
            verified: false,
            rated: false,
        },
        VisitorEvent::Rated { score: 5 },
        VisitorEvent::Tracking {
            tracking: crate::tracking::Tracking {
                order: "A-1001".into(),
                carrier: Some("DHL".into()),
                eta: Some(1_800_000_000_000),
                steps: vec![crate::tracking::TrackStep {
                    kind: crate::tracking::StepKind::Customs,
                    at: 1_790_000_000_000,
                    place: Some("Leipzig, DE".into()),
                    detail: None,
                }],
            },
        },
        VisitorEvent::ContactSaved {
            fields: vec!["email".into()],
        },
        VisitorEvent::Message { message: msg() },
        VisitorEvent::Ack {
            client_id: "c-1".into(),
            message: msg(),
        },
        VisitorEvent::Typing { on: true },
        VisitorEvent::Bot { holding: true },
        VisitorEvent::Bot { holding: false },
        VisitorEvent::Receipt {
            delivered_seq: 3,
            read_seq: 2,
        },
        VisitorEvent::Status {
            status: ConversationStatus::Resolved,
            reply_by: Some(1_700_000_000_000),
        },
        VisitorEvent::Status {
            status: ConversationStatus::Confirmed,
            reply_by: None,
        },
        VisitorEvent::Queue {
            position: Some(2),
            waiting: 3,
            staff_online: true,
        },
        VisitorEvent::Queue {
            position: None,
            waiting: 0,
            staff_online: false,
        },
        VisitorEvent::Error {
            code: ErrorCode::FactInvalid,
            client_id: Some("c-2".into()),
            field: Some("order".into()),
        },
        VisitorEvent::Error {
            code: ErrorCode::RateLimited,
            client_id: None,
            field: None,
        },
    ];
    let mut texts: Vec<String> = events
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    for e in &events {
        assert_eq!(
            VisitorEvent::from_json(&serde_json::to_string(e).unwrap()).as_ref(),
            Some(e)
        );
    }
    // Fields in another order, defaults left out, and what must be refused.
    texts.extend(
        [
            r#"{"status":"in_progress","type":"status"}"#,
            r#"{"type":"welcome","v":1,"visitor_id":"v","token":"t","agent_delivered_seq":0,"agent_read_seq":0}"#,
            r#"{"type":"welcome","v":1,"visitor_id":"v","token":"t","agent_read_seq":0}"#,
            r#"{"type":"queue","waiting":1}"#,
            r#"{"type":"queue","waiting":1,"staff_online":true,"position":null}"#,
            r#"{"type":"status","status":null}"#,
            r#"{"type":"status","status":"nonsense"}"#,
            r#"{"type":"error","code":"no_such_code"}"#,
            r#"{"type":"typing"}"#,
            r#"{"type":"typing","on":"yes"}"#,
            r#"{"type":"rated","score":300}"#,
            r#"{"type":"mystery"}"#,
            r#"{"on":true}"#,
            r#"{"type":"typing","on":true,"extra":[1,2,{"x":null}]}"#,
            r#"[]"#,
            r#"not json"#,
            "",
        ]
        .map(str::to_owned),
    );
    for text in &texts {
        assert_eq!(
            VisitorEvent::from_json(text),
            serde_json::from_str::<VisitorEvent>(text).ok(),
            "{text}"
        );
    }
}
