//! Hub events to a desk: only what this desk may hear of (the conversations
//! it sees, the staff and settings of its sites); a conversation that moves
//! out of its view is withdrawn.

use parley_app::protocol::DeskEvent;

use crate::events::HubEvent;
use crate::realtime::desk::session::{Flow, Session};
use crate::services::desk::{placement_of, shares_a_site};
use crate::services::{compensation_view, desk_access};

impl Session {
    /// Passes a hub event on to this desk if it may hear of it (its
    /// conversations, its sites), keeping its view of placements current.
    pub(in crate::realtime::desk) async fn forward(&mut self, event: &HubEvent) -> Flow {
        if matches!(event, HubEvent::Resync) {
            // Events from another node may be missing: a fresh snapshot.
            return self.resync().await;
        }
        // What this desk may hear of: conversations it sees, its sites.
        let about = match event {
            HubEvent::Message(m) => Some(m.conversation_id),
            HubEvent::CustomerTyping {
                conversation_id, ..
            }
            | HubEvent::Alert {
                conversation_id, ..
            } => Some(*conversation_id),
            // A case panel goes to the desks showing it.
            HubEvent::Detail(d) if !self.panel.shows(d.conversation_id) => {
                return Flow::Continue;
            }
            HubEvent::Detail(d) => Some(d.conversation_id),
            HubEvent::Note(n) => Some(n.conversation_id),
            HubEvent::Summary(s) => {
                // Entries are read and published by several tasks: one read
                // before a change may arrive after it. The newer stands.
                let newest = self.versions.entry(s.id).or_insert(s.version);
                if s.version < *newest {
                    return Flow::Continue;
                }
                *newest = s.version;
                let before = self.places.get(&s.id).map(|p| self.viewer.sees(p));
                let place = placement_of(s);
                let now = self.viewer.sees(&place);
                self.places.insert(s.id, place);
                if !now {
                    if before == Some(true) {
                        let gone = DeskEvent::Withdrawn {
                            conversation_id: s.id,
                        };
                        self.emit(gone);
                    }
                    return Flow::Continue;
                }
                None
            }
            HubEvent::AccessRequest(r) => {
                let mine = r.agent_id == self.agent.id;
                if mine {
                    self.refresh_viewer().await;
                }
                let hears = desk_access::hears_of_request(
                    &self.state,
                    &self.viewer,
                    r.conversation_id,
                    r.agent_id,
                )
                .await;
                if !hears {
                    return Flow::Continue;
                }
                let out = DeskEvent::AccessRequest {
                    request: (**r).clone(),
                };
                self.emit(out);
                return Flow::Continue;
            }
            HubEvent::Compensation(c) => {
                let sees = self.sees(c.conversation_id).await;
                if compensation_view::hears_of(&self.viewer, c, sees) {
                    let out = DeskEvent::Compensation {
                        compensation: (**c).clone(),
                    };
                    self.emit(out);
                }
                return Flow::Continue;
            }
            HubEvent::Complaint(c) => {
                let me = Some(self.agent.id);
                if c.owner_id == me || self.sees(c.conversation_id).await {
                    let out = DeskEvent::Complaint {
                        complaint: (**c).clone(),
                    };
                    self.emit(out);
                }
                return Flow::Continue;
            }
            HubEvent::ComplaintAlert {
                complaint_id,
                conversation_id,
                clock,
                breached,
                due_at,
                notify,
            } => {
                if notify.contains(&self.agent.id) || self.sees(*conversation_id).await {
                    let out = DeskEvent::ComplaintAlert {
                        complaint_id: *complaint_id,
                        conversation_id: *conversation_id,
                        clock: *clock,
                        breached: *breached,
                        due_at: *due_at,
                        for_me: notify.contains(&self.agent.id),
                    };
                    self.emit(out);
                }
                return Flow::Continue;
            }
            HubEvent::SessionsEnded { agent_id } => {
                return if *agent_id == self.agent.id {
                    self.still_signed_in().await
                } else {
                    Flow::Continue
                };
            }
            HubEvent::Canned(c) if !self.viewer.serves_site(&c.site) => return Flow::Continue,
            HubEvent::Compliance { site, .. } if !self.viewer.serves_site(site) => {
                return Flow::Continue;
            }
            HubEvent::Staff(agent) => {
                if agent.id == self.agent.id {
                    self.refresh_viewer().await;
                }
                if !shares_a_site(&self.viewer, agent) {
                    return Flow::Continue;
                }
                None
            }
            _ => None,
        };
        if let Some(id) = about
            && !self.sees(id).await
        {
            return Flow::Continue;
        }
        let out = match event {
            HubEvent::Message(m) => DeskEvent::Message { message: m.clone() },
            HubEvent::Summary(s) => DeskEvent::Conversation { summary: s.clone() },
            HubEvent::CustomerTyping {
                conversation_id,
                on,
            } => DeskEvent::Typing {
                conversation_id: *conversation_id,
                on: *on,
            },
            HubEvent::Detail(detail) => DeskEvent::Detail {
                detail: Box::new(self.visible_detail((**detail).clone())),
            },
            HubEvent::Alert {
                conversation_id,
                clock,
                breached,
                due_at,
                notify,
            } => DeskEvent::Alert {
                conversation_id: *conversation_id,
                clock: *clock,
                breached: *breached,
                due_at: *due_at,
                notify: notify.clone(),
            },
            HubEvent::Staff(agent) => DeskEvent::Staff {
                agent: agent.clone(),
            },
            HubEvent::Note(note) => DeskEvent::Note { note: note.clone() },
            HubEvent::Canned(canned) => DeskEvent::Canned {
                canned: canned.clone(),
            },
            HubEvent::Compliance { site, policy } => DeskEvent::Compliance {
                site: site.clone(),
                policy: policy.clone(),
            },
            HubEvent::AgentTyping { .. }
            | HubEvent::SessionsEnded { .. }
            | HubEvent::AccessRequest(_)
            | HubEvent::Compensation(_)
            | HubEvent::Complaint(_)
            | HubEvent::ComplaintAlert { .. }
            | HubEvent::AgentReceipt { .. }
            | HubEvent::Queue { .. }
            | HubEvent::Status { .. }
            | HubEvent::Opened { .. }
            | HubEvent::Bot { .. }
            | HubEvent::PanelChanged { .. }
            | HubEvent::Resync => {
                return Flow::Continue;
            }
        };
        self.emit(out);
        Flow::Continue
    }
}
