//! The widget's websocket session (browser only): hello/resume, sending with
//! idempotency keys, acks, receipts, typing, and persistence of the visitor
//! token and of unacknowledged messages across page reloads.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use super::state::{self, QueueView, read, site, write};
use crate::client::{
    Callbacks, Connection, new_client_id, storage_get, storage_remove, storage_set,
};
use crate::error::ErrorCode;
use crate::protocol::{Intake, PROTOCOL_VERSION, VisitorEvent, VisitorFrame};
use crate::timeline::Applied;

/// The open connection plus typing and receipt bookkeeping.
struct VisitorSession {
    conn: Connection,
    typing_on: Cell<bool>,
    typing_timer: RefCell<Option<crate::client::Timer>>,
    receipt_timer: RefCell<Option<crate::client::Timer>>,
}

thread_local! {
    static SESSION: RefCell<Option<Rc<VisitorSession>>> = const { RefCell::new(None) };
}

fn session() -> Option<Rc<VisitorSession>> {
    SESSION.with(|s| s.borrow().clone())
}

/// Sends `f` on the open connection, if any.
fn send_frame(f: &VisitorFrame) {
    if let Some(s) = session() {
        frame(&s.conn, f);
    }
}

fn token_key(site: &str) -> String {
    format!("parley:{site}:token")
}

fn pending_key(site: &str) -> String {
    format!("parley:{site}:pending")
}

fn intake_key(site: &str) -> String {
    format!("parley:{site}:intake")
}

/// "Talk to a person": the bot hands the conversation over.
pub(crate) fn talk_to_person() {
    send_frame(&VisitorFrame::TalkToPerson);
}

/// The visitor's token for uploads (`None` before the first welcome).
pub(crate) fn token() -> Option<String> {
    storage_get(&token_key(&site()))
}

/// The intake to attach while the visitor has no conversation yet.
fn pending_intake() -> Option<Intake> {
    read(|s| {
        if s.has_conversation {
            None
        } else {
            s.intake.clone()
        }
    })
}

fn frame(conn: &Connection, f: &VisitorFrame) -> bool {
    serde_json::to_string(f)
        .map(|s| conn.send(&s))
        .unwrap_or(false)
}

fn unacked() -> Vec<(String, String)> {
    read(|s| {
        s.timeline
            .unacked()
            .into_iter()
            .map(|p| (p.client_id.clone(), p.body.clone()))
            .collect()
    })
}

fn save_pending() {
    let pending = unacked();
    let key = pending_key(&site());
    if pending.is_empty() {
        storage_remove(&key);
    } else if let Ok(json) = serde_json::to_string(&pending) {
        storage_set(&key, &json);
    }
}

fn resend_unacked(conn: &Connection) {
    for (client_id, body) in unacked() {
        let intake = pending_intake();
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
fn forget_visitor() {
    let site = site();
    for key in [token_key(&site), pending_key(&site), intake_key(&site)] {
        storage_remove(&key);
    }
}

/// Restores what an earlier page load left and connects.
pub(crate) fn start() {
    let host = read(|s| s.host.clone());
    let fragment = fragment();
    let identity = identity_of(&fragment);
    write(|s| s.identity = identity);
    let forget = fragment.iter().any(|(k, v)| k == "forget" && v == "1");
    // `Parley.setLocale()` on the host page switches the language live;
    // `identify()` and `logout()` change who the customer is.
    crate::client::on_host_message(&host, move |kind, data| {
        if kind == "identify" {
            let field = |n: &str| crate::client::message_field(data, n).filter(|v| !v.is_empty());
            let (Some(user_id), Some(hash)) = (field("uid"), field("uh")) else {
                return;
            };
            let user = state::HostUser {
                user_id,
                hash,
                name: field("un"),
                email: field("ue"),
            };
            let same = read(|s| {
                s.identity
                    .as_ref()
                    .is_some_and(|k| k.user_id == user.user_id && k.hash == user.hash)
            });
            write(|s| s.identity = Some(user));
            if !same && let Some(session) = session() {
                // Say hello again as the signed-in user (the server moves
                // the customer to their own history if it differs).
                session.conn.reconnect_now();
            }
        } else if kind == "logout" {
            forget_visitor();
            post("forgotten", None);
        } else if kind == "focus" {
            crate::client::focus_first(&[
                "[data-testid=intake-category]",
                "[data-testid=composer-input]",
            ]);
        } else if kind == "set-locale"
            && let Some(tag) = crate::client::message_field(data, "value")
                .and_then(|v| crate::locale::match_one(&v, crate::locale::SHIPPED))
        {
            super::language::switch(tag);
            language_chosen(tag);
        }
    });
    crate::client::init_storage(&host, move || {
        if forget {
            // `Parley.logout()` was called before the widget loaded.
            forget_visitor();
        }
        connect();
    });
    // The host page may now hand over what it holds (saved values, identity).
    post("ready", None);
}

/// Posts `kind` (with `value`) to the embedding page.
pub(crate) fn post(kind: &str, value: Option<&str>) {
    let msg = js_sys::Object::new();
    if let Some(value) = value {
        let _ = js_sys::Reflect::set(&msg, &"value".into(), &value.into());
    }
    crate::client::post_to_host(&read(|s| s.host.clone()), &msg, kind);
}

/// Remembers the customer's choice (on the host page, first-party) and
/// records it on the conversation.
pub(crate) fn language_chosen(tag: &str) {
    post("locale", Some(tag));
    send_frame(&VisitorFrame::Locale {
        locale: tag.to_owned(),
    });
}

fn connect() {
    let key = site();
    let saved = storage_get(&pending_key(&key))
        .and_then(|s| serde_json::from_str::<Vec<(String, String)>>(&s).ok());
    let intake =
        storage_get(&intake_key(&key)).and_then(|s| serde_json::from_str::<Intake>(&s).ok());
    write(|s| {
        for (id, body) in saved.into_iter().flatten() {
            s.timeline.push_pending(id, body);
        }
        if intake.is_some() {
            s.intake = intake;
        }
    });
    let on_open = Box::new(move |conn: &Connection| {
        let site = site();
        let hello = read(|s| VisitorFrame::Hello {
            v: PROTOCOL_VERSION,
            site: site.clone(),
            token: storage_get(&token_key(&site)),
            last_seq: s.timeline.resume_from(),
            locale: Some(super::i18n::language()),
            tz: crate::client::time_zone(),
            identity: s.identity.clone().map(|u| crate::protocol::Identity {
                user_id: u.user_id,
                hash: u.hash,
            }),
        });
        frame(conn, &hello);
    });
    let on_text = Box::new(move |conn: &Connection, text: String| {
        if let Some(event) = VisitorEvent::from_json(&text) {
            handle(conn, event);
        }
    });
    let on_state = Box::new(move |up: bool| {
        write(|s| {
            s.online = Some(up);
            if !up {
                s.agent_typing = false;
            }
        });
    });
    if let Some(conn) = Connection::open(
        "/ws/visitor",
        Callbacks {
            on_open,
            on_text,
            on_state,
        },
    ) {
        let session = VisitorSession {
            conn,
            typing_on: Cell::new(false),
            typing_timer: RefCell::new(None),
            receipt_timer: RefCell::new(None),
        };
        SESSION.with(|s| *s.borrow_mut() = Some(Rc::new(session)));
    }
}

fn handle(conn: &Connection, event: VisitorEvent) {
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
            verified,
            ..
        } => {
            storage_set(&token_key(&site()), &token);
            write(|s| {
                // What follows a welcome into a conversation is its backlog,
                // until the status that ends it.
                s.live = conversation_id.is_none();
                s.contact_on_file = contact_on_file;
                s.verified = verified;
                s.rated = rated;
                s.staff_online = staff_online;
                s.receipts = (agent_delivered_seq, agent_read_seq);
                s.status = status;
                if matches!(s.notice, Some(ErrorCode::Lagged | ErrorCode::HelloRequired)) {
                    s.notice = None;
                }
            });
            if conversation_id.is_some() {
                conversation_started();
            }
            resend_unacked(conn);
        }
        VisitorEvent::Message { message } | VisitorEvent::Ack { message, .. } => {
            // Staff's, a bot's or Parley's words arriving live (a proactive
            // notice too): the host's badge counts them while closed.
            if message.author != crate::protocol::Author::Customer && read(|s| s.live) {
                announce(&message);
            }
            conversation_started();
            let applied = write(|s| s.timeline.apply(message));
            save_pending();
            match applied {
                Applied::Gap => conn.reconnect_now(),
                _ => schedule_receipt(),
            }
        }
        VisitorEvent::ContactSaved { .. } => write(|s| {
            s.contact_on_file = true;
            s.field_error = None;
            s.notice = None;
            s.contact_open = false;
        }),
        VisitorEvent::Tracking { tracking } => write(|s| {
            s.notice = None;
            s.tracking = Some(tracking);
        }),
        VisitorEvent::Rated { .. } => write(|s| {
            s.rated = true;
            s.thanked = true;
            s.notice = None;
        }),
        VisitorEvent::Typing { on } => write(|s| s.agent_typing = on),
        VisitorEvent::Bot { holding } => write(|s| s.bot = holding),
        VisitorEvent::Receipt {
            delivered_seq,
            read_seq,
        } => write(|s| s.receipts = (delivered_seq, read_seq)),
        VisitorEvent::Status { status, reply_by } => write(|s| {
            s.live = true;
            if status.is_open() {
                // A reopened conversation will be asked again when resolved.
                s.rated = false;
                s.thanked = false;
            }
            s.status = Some(status);
            s.reply_by = reply_by;
        }),
        VisitorEvent::Queue {
            position,
            waiting,
            staff_online,
        } => write(|s| {
            s.staff_online = Some(staff_online);
            s.queue = Some(QueueView {
                position,
                waiting,
                staff_online,
            });
        }),
        VisitorEvent::Error {
            code,
            client_id,
            field,
        } => {
            if let Some(field) = field {
                write(|s| s.field_error = Some((code, field)));
            }
            match (code, client_id) {
                (ErrorCode::RateLimited, Some(_)) => {
                    // Transient: keep it pending and try again shortly.
                    write(|s| s.notice = Some(code));
                    let conn = conn.clone();
                    if let Some(timer) = crate::client::after(1500, move || resend_unacked(&conn)) {
                        std::mem::forget(timer);
                    }
                }
                (_, Some(id)) => {
                    write(|s| s.timeline.fail(&id, code));
                    save_pending();
                }
                (ErrorCode::AlreadyRated, None) => write(|s| {
                    // Rated from another tab meanwhile.
                    s.rated = true;
                    s.notice = Some(code);
                }),
                (ErrorCode::TokenInvalid | ErrorCode::TokenExpired, None) => {
                    // The server closes the socket; the reconnect starts afresh.
                    storage_remove(&token_key(&site()));
                    write(|s| s.notice = Some(code));
                }
                (_, None) => write(|s| s.notice = Some(code)),
            }
        }
    }
}

fn conversation_started() {
    if !read(|s| s.has_conversation) {
        write(|s| {
            s.has_conversation = true;
            s.intake = None;
        });
        storage_remove(&intake_key(&site()));
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
fn identity_of(fragment: &[(String, String)]) -> Option<state::HostUser> {
    let get = |key: &str| {
        fragment
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    Some(state::HostUser {
        user_id: get("uid")?,
        hash: get("uh")?,
        name: get("un"),
        email: get("ue"),
    })
}

/// Tells the host page an agent's reply arrived (its `message` event and
/// the launcher's unread badge while the widget is closed).
fn announce(message: &crate::protocol::ChatMessage) {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &msg,
        &"conversation".into(),
        &(message.conversation_id as f64).into(),
    );
    let _ = js_sys::Reflect::set(&msg, &"seq".into(), &(message.seq as f64).into());
    crate::client::post_to_host(&read(|s| s.host.clone()), &msg, "message");
}

/// Sends contact details with the consent given.
pub(crate) fn contact(details: crate::protocol::ContactDetails, consent: bool) {
    write(|s| {
        s.field_error = None;
        s.notice = None;
    });
    send_frame(&VisitorFrame::Contact { details, consent });
}

/// Asks the site's back-end where an order is.
pub(crate) fn track(order: String, contact: Option<String>) {
    write(|s| s.notice = None);
    send_frame(&VisitorFrame::Track { order, contact });
}

/// Answers "is your problem solved?".
pub(crate) fn confirm(solved: bool) {
    write(|s| s.notice = None);
    send_frame(&VisitorFrame::Confirm { solved });
}

/// Rates the latest resolution.
pub(crate) fn rate(score: u8, comment: String) {
    write(|s| s.notice = None);
    send_frame(&VisitorFrame::Rate { score, comment });
}

/// Sends a new message (kept pending until acknowledged); `intake` goes with
/// the first message of a conversation.
pub(crate) fn send(body: String, intake: Option<Intake>) {
    if let Some(intake) = &intake {
        if let Ok(json) = serde_json::to_string(intake) {
            storage_set(&intake_key(&site()), &json);
        }
        let intake = intake.clone();
        write(|s| s.intake = Some(intake));
    }
    let intake = pending_intake();
    let client_id = new_client_id();
    write(|s| {
        s.timeline.push_pending(client_id.clone(), body.clone());
        s.notice = None;
    });
    save_pending();
    if let Some(session) = session() {
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
fn schedule_receipt() {
    let Some(session) = session() else {
        return;
    };
    if session.receipt_timer.borrow().is_some() {
        return;
    }
    let s = Rc::clone(&session);
    let timer = crate::client::after(150, move || {
        let seq = read(|st| st.timeline.resume_from());
        frame(&s.conn, &VisitorFrame::Received { seq });
        s.receipt_timer.borrow_mut().take();
    });
    *session.receipt_timer.borrow_mut() = timer;
}

fn stop_typing(session: &VisitorSession) {
    session.typing_timer.borrow_mut().take();
    if session.typing_on.replace(false) {
        frame(&session.conn, &VisitorFrame::Typing { on: false });
    }
}

/// The customer typed: say so (once), and say "stopped" after a pause.
pub(crate) fn typing() {
    let Some(session) = session() else {
        return;
    };
    if !session.typing_on.replace(true) {
        frame(&session.conn, &VisitorFrame::Typing { on: true });
    }
    let s = Rc::clone(&session);
    let timer = crate::client::after(2500, move || stop_typing(&s));
    *session.typing_timer.borrow_mut() = timer;
}
