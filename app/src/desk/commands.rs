//! What the desk asks of the server: each command updates the local view
//! (the open conversation, pending replies, typing) and sends one frame
//! through [`DeskState::send`], which does nothing on the server — so
//! components call these directly, in every build.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;

use super::state::{DeskState, new_client_id, show_in_address_bar};
use crate::intake::Facts;
use crate::protocol::{Availability, DeskFrame, StatusAction, Tier};
use crate::timeline::Timeline;

thread_local! {
    static TYPING_ON: Cell<Option<i64>> = const { Cell::new(None) };
    static TYPING_TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
}

impl DeskState {
    /// Puts the open conversation away.
    #[cfg_attr(not(feature = "browser"), allow(dead_code))]
    pub fn close_conversation(self) {
        self.stop_typing();
        self.selected.set(None);
        self.open_summary.set(None);
        self.detail.set(None);
        self.timeline.set(Timeline::new());
        show_in_address_bar(None);
    }

    /// Opens a conversation: loads its history and marks it read.
    pub fn open(self, id: i64) {
        if self.selected.get_untracked() == Some(id) {
            return;
        }
        self.stop_typing();
        show_in_address_bar(Some(id));
        self.read_only.set(None);
        self.forbidden.set(None);
        self.selected.set(Some(id));
        self.open_summary.set(
            self.conversations
                .with_untracked(|l| l.iter().find(|c| c.id == id).cloned()),
        );
        self.detail.set(None);
        self.timeline.set(Timeline::new());
        self.send(&DeskFrame::Open {
            conversation_id: id,
            after_seq: 0,
        });
    }

    /// Asks for view-only access to a conversation.
    pub fn request_access(self, conversation_id: i64, reason: String) {
        self.send(&DeskFrame::RequestAccess {
            conversation_id,
            reason,
        });
    }

    /// Decides a break-glass request.
    pub fn decide_access(self, request_id: i64, approve: bool, minutes: u32) {
        self.send(&DeskFrame::DecideAccess {
            request_id,
            approve,
            minutes,
        });
    }

    /// Sends a reply in the open conversation (`confirmed`: past a compliance warning).
    pub fn reply(self, body: String, confirmed: bool) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        self.stop_typing();
        let client_id = new_client_id();
        self.timeline
            .update(|t| t.push_pending(client_id.clone(), body.clone()));
        self.notice.set(None);
        self.send(&DeskFrame::Send {
            conversation_id,
            client_id,
            body,
            confirmed,
        });
    }

    /// Moves the open conversation through its loop (the server decides).
    pub fn act(self, action: StatusAction) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        self.notice.set(None);
        self.send(&DeskFrame::Transition {
            conversation_id,
            action,
        });
    }

    /// Hands the open conversation to a team and/or agent with a note; an
    /// escalation to that team's specialists when `escalate`.
    pub fn transfer(
        self,
        team: Option<String>,
        agent_id: Option<i64>,
        note: String,
        escalate: bool,
    ) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        self.notice.set(None);
        self.send(&DeskFrame::Transfer {
            conversation_id,
            team,
            agent_id,
            note: (!note.trim().is_empty()).then_some(note),
            escalate,
        });
    }

    /// Marks the open conversation complex (progress updates owed) or not.
    pub fn set_complex(self, complex: bool) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        self.send(&DeskFrame::SetComplex {
            conversation_id,
            complex,
        });
    }

    /// Sets the open conversation's customer tier and dedicated owner.
    pub fn set_customer(self, tier: Tier, owner_id: Option<i64>) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        self.notice.set(None);
        self.send(&DeskFrame::SetCustomer {
            conversation_id,
            tier,
            owner_id,
        });
    }

    /// Adds an internal note to the open conversation.
    pub fn note(self, body: String) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        self.send(&DeskFrame::Note {
            conversation_id,
            client_id: new_client_id(),
            body,
        });
    }

    /// Takes conversations, or stops taking new ones.
    pub fn set_availability(self, availability: Availability) {
        self.send(&DeskFrame::SetAvailability { availability });
    }

    /// Asks for the current inbox view.
    pub fn query(self) {
        self.send(&DeskFrame::Query {
            query: self.query.get_untracked(),
        });
    }

    /// Saves facts of the open conversation.
    pub fn set_facts(self, facts: Facts) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        self.notice.set(None);
        self.send(&DeskFrame::SetFacts {
            conversation_id,
            facts,
        });
    }

    pub fn stop_typing(self) {
        TYPING_TIMER.with(|t| {
            if let Some(h) = t.borrow_mut().take() {
                h.clear();
            }
        });
        if let Some(conversation_id) = TYPING_ON.with(|t| t.take()) {
            self.send(&DeskFrame::Typing {
                conversation_id,
                on: false,
            });
        }
    }

    /// The agent typed in the reply box.
    pub fn typing(self) {
        let Some(conversation_id) = self.selected.get_untracked() else {
            return;
        };
        if TYPING_ON.with(|t| t.get()) != Some(conversation_id) {
            TYPING_ON.with(|t| t.set(Some(conversation_id)));
            self.send(&DeskFrame::Typing {
                conversation_id,
                on: true,
            });
        }
        TYPING_TIMER.with(|t| {
            if let Some(h) = t.borrow_mut().take() {
                h.clear();
            }
            *t.borrow_mut() =
                set_timeout_with_handle(move || self.stop_typing(), Duration::from_millis(2500))
                    .ok();
        });
    }
}
