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

/// Restores what an earlier page load left and connects.
pub fn start(state: WidgetState) {
    let host = state.host.get_value();
    let i18n = expect_context::<leptos_fluent::I18n>();
    // `Parley.setLocale()` on the host page switches the language live.
    crate::client::on_host_message(&host, move |kind, data| {
        if kind == "focus" {
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
    crate::client::init_storage(&host, move || connect(state));
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
            identity: identity_from_fragment(),
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

/// The host site's signed-in user, passed by `embed.js` in the fragment.
fn identity_from_fragment() -> Option<crate::protocol::Identity> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let mut user_id = None;
    let mut mac = None;
    for pair in hash.trim_start_matches('#').split('&') {
        let (k, v) = pair.split_once('=')?;
        let v = js_sys::decode_uri_component(v).ok()?.as_string()?;
        match k {
            "uid" => user_id = Some(v),
            "uh" => mac = Some(v),
            _ => {}
        }
    }
    Some(crate::protocol::Identity {
        user_id: user_id?,
        hash: mac?,
    })
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
