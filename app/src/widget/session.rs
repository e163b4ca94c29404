//! The widget's websocket session (browser only): hello/resume, sending with
//! idempotency keys, acks, receipts, typing, and persistence of the visitor
//! token and of unacknowledged messages across page reloads.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use super::state::{VisitorSession, WidgetState};
use crate::client::{
    Callbacks, Connection, new_client_id, storage_get, storage_remove, storage_set,
};
use crate::error::ErrorCode;
use crate::protocol::{Intake, PROTOCOL_VERSION, VisitorEvent, VisitorFrame};
use crate::timeline::Applied;

fn token_key(site: &str) -> String {
    format!("parley:{site}:token")
}

fn pending_key(site: &str) -> String {
    format!("parley:{site}:pending")
}

fn intake_key(site: &str) -> String {
    format!("parley:{site}:intake")
}

/// The intake to attach while the visitor has no conversation yet.
fn pending_intake(state: WidgetState) -> Option<Intake> {
    if state.has_conversation.get_untracked() {
        return None;
    }
    state.intake.get_value()
}

fn frame(conn: &Connection, f: &VisitorFrame) -> bool {
    serde_json::to_string(f)
        .map(|s| conn.send(&s))
        .unwrap_or(false)
}

fn save_pending(state: WidgetState) {
    let site = state.site.get_value();
    let pending: Vec<(String, String)> = state.timeline.with_untracked(|t| {
        t.unacked()
            .into_iter()
            .map(|p| (p.client_id.clone(), p.body.clone()))
            .collect()
    });
    if pending.is_empty() {
        storage_remove(&pending_key(&site));
    } else if let Ok(json) = serde_json::to_string(&pending) {
        storage_set(&pending_key(&site), &json);
    }
}

fn resend_unacked(state: WidgetState, conn: &Connection) {
    let pending: Vec<(String, String)> = state.timeline.with_untracked(|t| {
        t.unacked()
            .into_iter()
            .map(|p| (p.client_id.clone(), p.body.clone()))
            .collect()
    });
    for (client_id, body) in pending {
        let intake = pending_intake(state);
        frame(
            conn,
            &VisitorFrame::Send {
                client_id,
                body,
                intake,
            },
        );
    }
}

/// Forgets this browser's visitor: token, unsent messages, intake.
fn forget_visitor(state: WidgetState) {
    let site = state.site.get_value();
    for key in [token_key(&site), pending_key(&site), intake_key(&site)] {
        storage_remove(&key);
    }
}

/// Restores what an earlier page load left and connects.
pub fn start(state: WidgetState) {
    let host = state.host.get_value();
    let i18n = expect_context::<leptos_fluent::I18n>();
    let fragment = fragment();
    state.identity.set_value(identity_of(&fragment));
    let forget = fragment.iter().any(|(k, v)| k == "forget" && v == "1");
    // `Parley.setLocale()` on the host page switches the language live;
    // `identify()` and `logout()` change who the customer is.
    crate::client::on_host_message(&host, move |kind, data| {
        if kind == "identify" {
            let field = |n: &str| crate::client::message_field(data, n).filter(|v| !v.is_empty());
            let (Some(user_id), Some(hash)) = (field("uid"), field("uh")) else {
                return;
            };
            let user = super::state::HostUser {
                user_id,
                hash,
                name: field("un"),
                email: field("ue"),
            };
            let known = state.identity.get_value();
            let same = known
                .as_ref()
                .is_some_and(|k| k.user_id == user.user_id && k.hash == user.hash);
            state.identity.set_value(Some(user));
            if !same && let Some(session) = state.session.get_value() {
                // Say hello again as the signed-in user (the server moves
                // the customer to their own history if it differs).
                session.conn.reconnect_now();
            }
        } else if kind == "logout" {
            forget_visitor(state);
            crate::client::post_to_host(
                &state.host.get_value(),
                &js_sys::Object::new(),
                "forgotten",
            );
        } else if kind == "focus" {
            crate::client::focus_first(&[
                "[data-testid=intake-category]",
                "[data-testid=composer-input]",
            ]);
        } else if kind == "set-locale"
            && let Some(tag) = crate::client::message_field(data, "value")
                .and_then(|v| crate::locale::match_one(&v, crate::locale::SHIPPED))
            && let Some(lang) = i18n
                .languages
                .iter()
                .find(|l| l.id.to_string().as_str() == tag)
        {
            i18n.language.set(lang);
            language_chosen(state, tag);
        }
    });
    crate::client::init_storage(&host, move || {
        if forget {
            // `Parley.logout()` was called before the widget loaded.
            forget_visitor(state);
        }
        connect(state);
    });
    // The host page may now hand over what it holds (saved values, identity).
    crate::client::post_to_host(&host, &js_sys::Object::new(), "ready");
}

/// Remembers the customer's choice (on the host page, first-party) and
/// records it on the conversation.
pub fn language_chosen(state: WidgetState, tag: &str) {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"value".into(), &tag.into());
    crate::client::post_to_host(&state.host.get_value(), &msg, "locale");
    if let Some(session) = state.session.get_value() {
        frame(
            &session.conn,
            &VisitorFrame::Locale {
                locale: tag.to_owned(),
            },
        );
    }
}

fn connect(state: WidgetState) {
    let site = state.site.get_value();
    if let Some(saved) = storage_get(&pending_key(&site))
        .and_then(|s| serde_json::from_str::<Vec<(String, String)>>(&s).ok())
    {
        state.timeline.update(|t| {
            for (id, body) in saved {
                t.push_pending(id, body);
            }
        });
    }
    if let Some(intake) =
        storage_get(&intake_key(&site)).and_then(|s| serde_json::from_str::<Intake>(&s).ok())
    {
        state.intake.set_value(Some(intake));
    }
    let on_open = Box::new(move |conn: &Connection| {
        let site = state.site.get_value();
        let hello = VisitorFrame::Hello {
            v: PROTOCOL_VERSION,
            site: site.clone(),
            token: storage_get(&token_key(&site)),
            last_seq: state.timeline.with_untracked(|t| t.resume_from()),
            locale: Some(state.locale.get_untracked()),
            tz: crate::client::time_zone(),
            identity: state
                .identity
                .get_value()
                .map(|u| crate::protocol::Identity {
                    user_id: u.user_id,
                    hash: u.hash,
                }),
        };
        frame(conn, &hello);
    });
    let on_text = Box::new(move |conn: &Connection, text: String| {
        if let Ok(event) = serde_json::from_str::<VisitorEvent>(&text) {
            handle(state, conn, event);
        }
    });
    let on_state = Box::new(move |up: bool| {
        state.online.set(Some(up));
        if !up {
            state.agent_typing.set(false);
        }
    });
    if let Some(conn) = Connection::open(
        "/ws/visitor",
        Callbacks {
            on_open,
            on_text,
            on_state,
        },
    ) {
        state.session.set_value(Some(VisitorSession {
            conn,
            typing_on: Rc::new(Cell::new(false)),
            typing_timer: Rc::new(RefCell::new(None)),
            receipt_timer: Rc::new(RefCell::new(None)),
        }));
    }
}

fn handle(state: WidgetState, conn: &Connection, event: VisitorEvent) {
    match event {
        VisitorEvent::Welcome {
            token,
            status,
            conversation_id,
            agent_delivered_seq,
            agent_read_seq,
            staff_online,
            contact_on_file,
            rated,
            ..
        } => {
            // What follows a welcome into a conversation is its backlog,
            // until the status that ends it.
            state.live.set_value(conversation_id.is_none());
            state.contact_on_file.set(contact_on_file);
            state.rated.set(rated);
            storage_set(&token_key(&state.site.get_value()), &token);
            state.staff_online.set(staff_online);
            state.receipts.set((agent_delivered_seq, agent_read_seq));
            state.status.set(status);
            if conversation_id.is_some() {
                conversation_started(state);
            }
            if matches!(
                state.notice.get_untracked(),
                Some(ErrorCode::Lagged | ErrorCode::HelloRequired)
            ) {
                state.notice.set(None);
            }
            resend_unacked(state, conn);
        }
        VisitorEvent::Message { message } | VisitorEvent::Ack { message, .. } => {
            if message.author == crate::protocol::Author::Agent && state.live.get_value() {
                announce(state, &message);
            }
            conversation_started(state);
            let applied = state.timeline.try_update(|t| t.apply(message));
            save_pending(state);
            match applied {
                Some(Applied::Gap) => conn.reconnect_now(),
                _ => schedule_receipt(state),
            }
        }
        VisitorEvent::ContactSaved { .. } => {
            state.contact_on_file.set(true);
            state.field_error.set(None);
            state.notice.set(None);
            state.contact_open.set(false);
        }
        VisitorEvent::Rated { .. } => {
            state.rated.set(true);
            state.thanked.set(true);
            state.notice.set(None);
        }
        VisitorEvent::Typing { on } => state.agent_typing.set(on),
        VisitorEvent::Receipt {
            delivered_seq,
            read_seq,
        } => state.receipts.set((delivered_seq, read_seq)),
        VisitorEvent::Status { status, reply_by } => {
            state.live.set_value(true);
            if status.is_open() {
                // A reopened conversation will be asked again when resolved.
                state.rated.set(false);
                state.thanked.set(false);
            }
            state.status.set(Some(status));
            state.reply_by.set(reply_by);
        }
        VisitorEvent::Queue {
            position,
            waiting,
            staff_online,
        } => {
            state.staff_online.set(Some(staff_online));
            state.queue.set(Some(super::state::QueueView {
                position,
                waiting,
                staff_online,
            }));
        }
        VisitorEvent::Error {
            code,
            client_id,
            field,
        } => {
            if let Some(field) = field {
                state.field_error.set(Some((code, field)));
            }
            match (code, client_id) {
                (ErrorCode::RateLimited, Some(_)) => {
                    // Transient: keep it pending and try again shortly.
                    state.notice.set(Some(code));
                    let conn = conn.clone();
                    set_timeout(
                        move || {
                            resend_unacked(state, &conn);
                        },
                        Duration::from_millis(1500),
                    );
                }
                (_, Some(id)) => {
                    state.timeline.update(|t| t.fail(&id, code));
                    save_pending(state);
                }
                (ErrorCode::AlreadyRated, None) => {
                    // Rated from another tab meanwhile.
                    state.rated.set(true);
                    state.notice.set(Some(code));
                }
                (ErrorCode::TokenInvalid | ErrorCode::TokenExpired, None) => {
                    // The server closes the socket; the reconnect starts afresh.
                    storage_remove(&token_key(&state.site.get_value()));
                    state.notice.set(Some(code));
                }
                (_, None) => state.notice.set(Some(code)),
            }
        }
    }
}

fn conversation_started(state: WidgetState) {
    if !state.has_conversation.get_untracked() {
        state.has_conversation.set(true);
        state.intake.set_value(None);
        storage_remove(&intake_key(&state.site.get_value()));
    }
}

/// The URL fragment `embed.js` set: `uid`, `uh` (identity), `un`, `ue`
/// (name, e-mail), `forget`.
fn fragment() -> Vec<(String, String)> {
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else {
        return Vec::new();
    };
    hash.trim_start_matches('#')
        .split('&')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            let v = js_sys::decode_uri_component(v).ok()?.as_string()?;
            Some((k.to_owned(), v))
        })
        .collect()
}

/// The host site's signed-in user in the fragment, if any.
fn identity_of(fragment: &[(String, String)]) -> Option<super::state::HostUser> {
    let get = |key: &str| {
        fragment
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    Some(super::state::HostUser {
        user_id: get("uid")?,
        hash: get("uh")?,
        name: get("un"),
        email: get("ue"),
    })
}

/// Tells the host page an agent's reply arrived (its `message` event and
/// the launcher's unread badge while the widget is closed).
fn announce(state: WidgetState, message: &crate::protocol::ChatMessage) {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &msg,
        &"conversation".into(),
        &(message.conversation_id as f64).into(),
    );
    let _ = js_sys::Reflect::set(&msg, &"seq".into(), &(message.seq as f64).into());
    crate::client::post_to_host(&state.host.get_value(), &msg, "message");
}

/// Sends contact details with the consent given.
pub fn contact(state: WidgetState, details: crate::protocol::ContactDetails, consent: bool) {
    state.field_error.set(None);
    state.notice.set(None);
    if let Some(session) = state.session.get_value() {
        frame(&session.conn, &VisitorFrame::Contact { details, consent });
    }
}

/// Answers "is your problem solved?".
pub fn confirm(state: WidgetState, solved: bool) {
    state.notice.set(None);
    if let Some(session) = state.session.get_value() {
        frame(&session.conn, &VisitorFrame::Confirm { solved });
    }
}

/// Rates the latest resolution.
pub fn rate(state: WidgetState, score: u8, comment: String) {
    state.notice.set(None);
    if let Some(session) = state.session.get_value() {
        frame(&session.conn, &VisitorFrame::Rate { score, comment });
    }
}

/// Sends a new message (kept pending until acknowledged); `intake` goes with
/// the first message of a conversation.
pub fn send(state: WidgetState, body: String, intake: Option<Intake>) {
    if let Some(intake) = &intake {
        state.intake.set_value(Some(intake.clone()));
        if let Ok(json) = serde_json::to_string(intake) {
            storage_set(&intake_key(&state.site.get_value()), &json);
        }
    }
    let intake = pending_intake(state);
    let client_id = new_client_id();
    state
        .timeline
        .update(|t| t.push_pending(client_id.clone(), body.clone()));
    save_pending(state);
    state.notice.set(None);
    if let Some(session) = state.session.get_value() {
        stop_typing(&session);
        frame(
            &session.conn,
            &VisitorFrame::Send {
                client_id,
                body,
                intake,
            },
        );
    }
}

/// Says what has arrived once a burst of messages (a resumed backlog) is
/// in, not once per message: the server budgets every frame a visitor
/// sends, and only the highest `seq` matters.
fn schedule_receipt(state: WidgetState) {
    let Some(session) = state.session.get_value() else {
        return;
    };
    if session.receipt_timer.borrow().is_some() {
        return;
    }
    let s = session.clone();
    let handle = set_timeout_with_handle(
        move || {
            s.receipt_timer.borrow_mut().take();
            let seq = state.timeline.with_untracked(|t| t.resume_from());
            frame(&s.conn, &VisitorFrame::Received { seq });
        },
        Duration::from_millis(150),
    )
    .ok();
    *session.receipt_timer.borrow_mut() = handle;
}

fn stop_typing(session: &VisitorSession) {
    if let Some(h) = session.typing_timer.borrow_mut().take() {
        h.clear();
    }
    if session.typing_on.replace(false) {
        frame(&session.conn, &VisitorFrame::Typing { on: false });
    }
}

/// The customer typed: say so (once), and say "stopped" after a pause.
pub fn typing(state: WidgetState) {
    let Some(session) = state.session.get_value() else {
        return;
    };
    if !session.typing_on.replace(true) {
        frame(&session.conn, &VisitorFrame::Typing { on: true });
    }
    if let Some(h) = session.typing_timer.borrow_mut().take() {
        h.clear();
    }
    let s = session.clone();
    let handle = set_timeout_with_handle(move || stop_typing(&s), Duration::from_millis(2500)).ok();
    *session.typing_timer.borrow_mut() = handle;
}
