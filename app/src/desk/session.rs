//! The desk's websocket session (browser only).

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;

use super::DeskState;
use crate::client::{Callbacks, Connection, new_client_id};
use crate::error::ErrorCode;
use crate::intake::Facts;
use crate::protocol::{Author, DeskEvent, DeskFrame, PROTOCOL_VERSION, StatusAction};
use crate::timeline::{Applied, Timeline};

thread_local! {
    static TYPING_ON: Cell<Option<i64>> = const { Cell::new(None) };
    static TYPING_TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
}

fn frame(conn: &Connection, f: &DeskFrame) -> bool {
    serde_json::to_string(f)
        .map(|s| conn.send(&s))
        .unwrap_or(false)
}

fn with_conn(state: DeskState, f: impl FnOnce(&Connection)) {
    if let Some(conn) = state.session.get_value() {
        f(&conn);
    }
}

/// Connects the desk.
pub fn start(state: DeskState) {
    if let Some(id) = conversation_in_address_bar() {
        state.selected.set(Some(id));
    }
    let on_open = Box::new(move |conn: &Connection| {
        frame(
            conn,
            &DeskFrame::Hello {
                v: PROTOCOL_VERSION,
            },
        );
        catch_up(state, conn);
    });
    let on_text = Box::new(move |conn: &Connection, text: String| {
        if let Ok(event) = serde_json::from_str::<DeskEvent>(&text) {
            handle(state, conn, event);
        }
    });
    let on_state = Box::new(move |up: bool| {
        state.online.set(Some(up));
        if !up {
            state.customer_typing.set(Vec::new());
        }
    });
    if let Some(conn) = Connection::open(
        "/ws/desk",
        Callbacks {
            on_open,
            on_text,
            on_state,
        },
    ) {
        state.session.set_value(Some(conn));
    }
}

/// Asks for the inbox and the open conversation from where this desk
/// stands (after connecting, or after the server's resync snapshot).
fn catch_up(state: DeskState, conn: &Connection) {
    frame(
        conn,
        &DeskFrame::Query {
            query: state.query.get_untracked(),
        },
    );
    if let Some(id) = state.selected.get_untracked() {
        let after_seq = state.timeline.with_untracked(|t| t.resume_from());
        frame(
            conn,
            &DeskFrame::Open {
                conversation_id: id,
                after_seq,
            },
        );
        resend_unacked(state, conn, id);
    }
}

fn resend_unacked(state: DeskState, conn: &Connection, conversation_id: i64) {
    let pending: Vec<(String, String)> = state.timeline.with_untracked(|t| {
        t.unacked()
            .into_iter()
            .map(|p| (p.client_id.clone(), p.body.clone()))
            .collect()
    });
    for (client_id, body) in pending {
        frame(
            conn,
            &DeskFrame::Send {
                conversation_id,
                client_id,
                body,
                // A re-send is checked afresh: a warning must be confirmed again.
                confirmed: false,
            },
        );
    }
}

fn apply_to_open(state: DeskState, conn: &Connection, message: crate::protocol::ChatMessage) {
    let conversation_id = message.conversation_id;
    if state.selected.get_untracked() != Some(conversation_id) {
        frame(
            conn,
            &DeskFrame::Received {
                conversation_id,
                seq: message.seq,
                read: false,
            },
        );
        return;
    }
    match state.timeline.try_update(|t| t.apply(message)) {
        Some(Applied::Gap) => {
            let after_seq = state.timeline.with_untracked(|t| t.resume_from());
            frame(
                conn,
                &DeskFrame::Open {
                    conversation_id,
                    after_seq,
                },
            );
        }
        _ => {
            let seq = state.timeline.with_untracked(|t| t.resume_from());
            frame(
                conn,
                &DeskFrame::Received {
                    conversation_id,
                    seq,
                    read: true,
                },
            );
        }
    }
}

fn handle(state: DeskState, conn: &Connection, event: DeskEvent) {
    match event {
        DeskEvent::Welcome {
            conversations,
            countries,
            categories,
            agents,
            teams,
            compliance,
            canned,
            access_requests,
            resync,
            ..
        } => {
            state.access_requests.set(access_requests);
            state.compliance.set(compliance);
            state.canned.set(canned);
            state.countries.set_value(countries);
            state.categories.set(categories);
            state.agents.set(agents);
            state.teams.set(teams);
            state.conversations.set(Vec::new());
            for c in conversations {
                state.upsert(c);
            }
            if state.notice.get_untracked() == Some(ErrorCode::Lagged) {
                state.notice.set(None);
            }
            if resync {
                // The server's snapshot after falling behind: ask again for
                // what this desk shows, as after a reconnect.
                catch_up(state, conn);
            }
        }
        DeskEvent::Conversation { summary } => state.upsert(summary),
        DeskEvent::Note { note } => {
            if note.mentions.contains(&state.agent_id) && note.agent_id != state.agent_id {
                state.mentions.update(|m| {
                    m.retain(|x| x.id != note.id);
                    m.insert(0, note.clone());
                    m.truncate(20);
                });
            }
            state.detail.update(|d| {
                if let Some(d) = d.as_mut()
                    && d.conversation_id == note.conversation_id
                    && !d.notes.iter().any(|n| n.id == note.id)
                {
                    d.notes.push(note);
                }
            });
        }
        DeskEvent::Canned { canned } => state.canned.update(|all| {
            all.retain(|c| c.site != canned.site);
            all.push(canned);
        }),
        DeskEvent::Compliance { site, policy } => state.compliance.update(|all| {
            all.retain(|(k, _)| *k != site);
            all.push((site, policy));
        }),
        DeskEvent::Staff { agent } => {
            state
                .agents
                .update(|list| match list.iter_mut().find(|a| a.id == agent.id) {
                    Some(existing) => *existing = agent,
                    None => list.push(agent),
                })
        }
        DeskEvent::Inbox {
            query,
            conversations,
        } => {
            if query == state.query.get_untracked() {
                state.conversations.set(conversations);
            }
        }
        DeskEvent::History {
            conversation_id,
            messages,
        } => {
            if state.selected.get_untracked() == Some(conversation_id) {
                state.timeline.update(|t| {
                    for m in messages {
                        t.apply(m);
                    }
                });
                let seq = state.timeline.with_untracked(|t| t.resume_from());
                frame(
                    conn,
                    &DeskFrame::Received {
                        conversation_id,
                        seq,
                        read: true,
                    },
                );
            }
        }
        DeskEvent::Message { message } => {
            if message.author == Author::Customer {
                state
                    .customer_typing
                    .update(|t| t.retain(|id| *id != message.conversation_id));
            }
            apply_to_open(state, conn, message);
        }
        DeskEvent::Ack { message, .. } => apply_to_open(state, conn, message),
        DeskEvent::Typing {
            conversation_id,
            on,
        } => state.customer_typing.update(|t| {
            t.retain(|id| *id != conversation_id);
            if on {
                t.push(conversation_id);
            }
        }),
        DeskEvent::Error {
            code,
            client_id: Some(id),
            ..
        } => {
            state.timeline.update(|t| t.fail(&id, code));
        }
        DeskEvent::Error {
            code,
            client_id: None,
            field,
        } => match field {
            Some(field) => state.field_error.set(Some((code, field))),
            None => {
                // A conversation this desk may not see (e.g. a shared link):
                // nothing of it stays on screen.
                if matches!(code, ErrorCode::ConversationForbidden | ErrorCode::NotFound) {
                    if code == ErrorCode::ConversationForbidden {
                        state.forbidden.set(state.selected.get_untracked());
                    }
                    close_conversation(state);
                }
                state.notice.set(Some(code));
            }
        },
        DeskEvent::Detail { detail } => {
            if state.selected.get_untracked() == Some(detail.conversation_id) {
                state.detail.set(Some(detail));
            }
        }
        DeskEvent::AccessRequest { request } => state.access_requests.update(|l| {
            l.retain(|r| r.id != request.id);
            l.insert(0, request);
        }),
        DeskEvent::Access {
            conversation_id,
            read_only_until,
        } => {
            if state.selected.get_untracked() == Some(conversation_id) {
                state.read_only.set(read_only_until);
            }
        }
        DeskEvent::Withdrawn { conversation_id } => {
            state
                .conversations
                .update(|l| l.retain(|c| c.id != conversation_id));
            if state.selected.get_untracked() == Some(conversation_id) {
                close_conversation(state);
                state.notice.set(Some(ErrorCode::ConversationForbidden));
            }
        }
        DeskEvent::Alert {
            conversation_id,
            clock,
            breached,
            due_at,
            notify,
        } => state.alerts.update(|alerts| {
            alerts.retain(|a| !(a.conversation_id == conversation_id && a.clock == clock));
            alerts.insert(
                0,
                super::case::DeskAlert {
                    conversation_id,
                    clock,
                    breached,
                    due_at,
                    for_me: notify.contains(&state.agent_id),
                },
            );
            alerts.truncate(20);
        }),
    }
}

/// Puts the open conversation away.
fn close_conversation(state: DeskState) {
    stop_typing(state);
    state.selected.set(None);
    state.open_summary.set(None);
    state.detail.set(None);
    state.timeline.set(Timeline::new());
    show_in_address_bar(None);
}

/// `/desk?c=<id>`: the open conversation is in the address, so a link to
/// it can be shared with a colleague (who sees it only if allowed).
fn show_in_address_bar(id: Option<i64>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let url = match id {
        Some(id) => format!("/desk?c={id}"),
        None => "/desk".to_owned(),
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The conversation named in the address (`?c=<id>`), if any.
fn conversation_in_address_bar() -> Option<i64> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("c="))
        .and_then(|v| v.parse().ok())
}

/// Opens a conversation: loads its history and marks it read.
pub fn open(state: DeskState, id: i64) {
    if state.selected.get_untracked() == Some(id) {
        return;
    }
    stop_typing(state);
    show_in_address_bar(Some(id));
    state.read_only.set(None);
    state.forbidden.set(None);
    state.selected.set(Some(id));
    state.open_summary.set(
        state
            .conversations
            .with_untracked(|l| l.iter().find(|c| c.id == id).cloned()),
    );
    state.detail.set(None);
    state.timeline.set(Timeline::new());
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::Open {
                conversation_id: id,
                after_seq: 0,
            },
        );
    });
}

/// Asks for view-only access to a conversation.
pub fn request_access(state: DeskState, conversation_id: i64, reason: String) {
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::RequestAccess {
                conversation_id,
                reason,
            },
        );
    });
}

/// Decides a break-glass request.
pub fn decide_access(state: DeskState, request_id: i64, approve: bool, minutes: u32) {
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::DecideAccess {
                request_id,
                approve,
                minutes,
            },
        );
    });
}

/// Sends a reply in the open conversation (`confirmed`: past a compliance warning).
pub fn send(state: DeskState, body: String, confirmed: bool) {
    let Some(conversation_id) = state.selected.get_untracked() else {
        return;
    };
    stop_typing(state);
    let client_id = new_client_id();
    state
        .timeline
        .update(|t| t.push_pending(client_id.clone(), body.clone()));
    state.notice.set(None);
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::Send {
                conversation_id,
                client_id,
                body,
                confirmed,
            },
        );
    });
}

/// Moves the open conversation through its loop (the server decides).
pub fn act(state: DeskState, action: StatusAction) {
    let Some(conversation_id) = state.selected.get_untracked() else {
        return;
    };
    state.notice.set(None);
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::Transition {
                conversation_id,
                action,
            },
        );
    });
}

/// Hands the open conversation to a team and/or agent with a note.
pub fn transfer(state: DeskState, team: Option<String>, agent_id: Option<i64>, note: String) {
    let Some(conversation_id) = state.selected.get_untracked() else {
        return;
    };
    state.notice.set(None);
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::Transfer {
                conversation_id,
                team,
                agent_id,
                note: (!note.trim().is_empty()).then_some(note),
            },
        );
    });
}

/// Sets the open conversation's customer tier and dedicated owner.
pub fn set_customer(state: DeskState, tier: crate::protocol::Tier, owner_id: Option<i64>) {
    let Some(conversation_id) = state.selected.get_untracked() else {
        return;
    };
    state.notice.set(None);
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::SetCustomer {
                conversation_id,
                tier,
                owner_id,
            },
        );
    });
}

/// Adds an internal note to the open conversation.
pub fn note(state: DeskState, body: String) {
    let Some(conversation_id) = state.selected.get_untracked() else {
        return;
    };
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::Note {
                conversation_id,
                client_id: new_client_id(),
                body,
            },
        );
    });
}

/// Takes conversations, or stops taking new ones.
pub fn set_availability(state: DeskState, availability: crate::protocol::Availability) {
    with_conn(state, |conn| {
        frame(conn, &DeskFrame::SetAvailability { availability });
    });
}

/// Asks for the current inbox view.
pub fn query(state: DeskState) {
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::Query {
                query: state.query.get_untracked(),
            },
        );
    });
}

/// Saves facts of the open conversation.
pub fn set_facts(state: DeskState, facts: Facts) {
    let Some(conversation_id) = state.selected.get_untracked() else {
        return;
    };
    state.notice.set(None);
    with_conn(state, |conn| {
        frame(
            conn,
            &DeskFrame::SetFacts {
                conversation_id,
                facts,
            },
        );
    });
}

fn stop_typing(state: DeskState) {
    TYPING_TIMER.with(|t| {
        if let Some(h) = t.borrow_mut().take() {
            h.clear();
        }
    });
    if let Some(conversation_id) = TYPING_ON.with(|t| t.take()) {
        with_conn(state, |conn| {
            frame(
                conn,
                &DeskFrame::Typing {
                    conversation_id,
                    on: false,
                },
            );
        });
    }
}

/// The agent typed in the reply box.
pub fn typing(state: DeskState) {
    let Some(conversation_id) = state.selected.get_untracked() else {
        return;
    };
    if TYPING_ON.with(|t| t.get()) != Some(conversation_id) {
        TYPING_ON.with(|t| t.set(Some(conversation_id)));
        with_conn(state, |conn| {
            frame(
                conn,
                &DeskFrame::Typing {
                    conversation_id,
                    on: true,
                },
            );
        });
    }
    TYPING_TIMER.with(|t| {
        if let Some(h) = t.borrow_mut().take() {
            h.clear();
        }
        *t.borrow_mut() =
            set_timeout_with_handle(move || stop_typing(state), Duration::from_millis(2500)).ok();
    });
}
