//! The desk's websocket session (browser only).

use leptos::prelude::*;

use super::state::DeskState;
use crate::client::{Callbacks, Connection};
use crate::error::ErrorCode;
use crate::protocol::{Author, DeskEvent, DeskFrame, PROTOCOL_VERSION};
use crate::timeline::Applied;

fn frame(conn: &Connection, f: &DeskFrame) -> bool {
    serde_json::to_string(f)
        .map(|s| conn.send(&s))
        .unwrap_or(false)
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
            approvals,
            resync,
            ..
        } => {
            state.access_requests.set(access_requests);
            state.approvals.set(approvals);
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
        DeskEvent::Compensation { compensation } => state.compensation_changed(compensation),
        DeskEvent::Complaint { complaint } => state.complaint_changed(complaint),
        DeskEvent::Articles {
            conversation_id,
            articles,
        } => state.articles.set(Some((conversation_id, articles))),
        DeskEvent::Library {
            conversation_id,
            own,
            cases,
        } => state.library.set(Some((conversation_id, own, cases))),
        DeskEvent::Tracking {
            conversation_id,
            tracking,
            code,
        } => state.tracking.set(Some((
            conversation_id,
            tracking.ok_or(code.unwrap_or(ErrorCode::TrackingUnavailable)),
        ))),
        DeskEvent::ComplaintAlert {
            complaint_id,
            clock,
            breached,
            for_me,
            ..
        } => state.complaint_alerts.update(|alerts| {
            alerts.retain(|a| !(a.complaint_id == complaint_id && a.clock == clock));
            alerts.insert(
                0,
                super::state::ComplaintAlert {
                    complaint_id,
                    clock,
                    breached,
                    for_me,
                },
            );
            alerts.truncate(20);
        }),
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
            field,
        } => {
            let reply = state
                .timeline
                .with_untracked(|t| t.pending().iter().any(|p| p.client_id == id));
            if reply {
                state.timeline.update(|t| t.fail(&id, code));
            } else if let Some(field) = field {
                // A form's request (a compensation proposal): its field.
                state.field_error.set(Some((code, field)));
            } else {
                state.notice.set(Some(code));
            }
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
                    state.close_conversation();
                }
                state.notice.set(Some(code));
            }
        },
        DeskEvent::Detail { detail } => {
            let detail = *detail;
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
                state.close_conversation();
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
                super::state::DeskAlert {
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

/// The conversation named in the address (`?c=<id>`), if any.
fn conversation_in_address_bar() -> Option<i64> {
    let search = web_sys::window()?.location().search().ok()?;
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("c="))
        .and_then(|v| v.parse().ok())
}
