//! The desk's reactive state, shared by its components, and the one seam
//! to the browser: [`DeskState::send`] (the websocket), fresh client ids
//! and the address bar, each a no-op on the server.

use leptos::prelude::*;

use crate::error::ErrorCode;
use crate::protocol::{
    AgentProfile, ClockKind, ConversationDetail, ConversationSummary, DeskFrame,
};
use crate::timeline::Timeline;

/// One escalation the desk was told about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeskAlert {
    pub conversation_id: i64,
    pub clock: ClockKind,
    pub breached: bool,
    pub due_at: i64,
    /// The signed-in agent is the team's supervisor or on call.
    pub for_me: bool,
}

/// Reactive state of the desk.
/// A complaint clock's alert, as the banner keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ComplaintAlert {
    pub complaint_id: i64,
    pub clock: crate::complaints::ComplaintClock,
    pub breached: bool,
    pub for_me: bool,
}

/// A `library` answer: the conversation, its own case, similar cases.
pub(crate) type LibraryAnswer = (
    i64,
    Option<crate::protocol::LibraryCase>,
    Vec<crate::protocol::LibraryCase>,
);

#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "browser"), allow(dead_code))]
pub(crate) struct DeskState {
    pub conversations: RwSignal<Vec<ConversationSummary>>,
    pub selected: RwSignal<Option<i64>>,
    pub timeline: RwSignal<Timeline>,
    pub customer_typing: RwSignal<Vec<i64>>,
    /// `None` until the first connection attempt settles.
    pub online: RwSignal<Option<bool>>,
    pub notice: RwSignal<Option<ErrorCode>>,
    /// A refused form value and its field.
    pub field_error: RwSignal<Option<(ErrorCode, String)>>,
    /// The case panel of the open conversation.
    pub detail: RwSignal<Option<ConversationDetail>>,
    /// Live escalations, newest first.
    pub alerts: RwSignal<Vec<DeskAlert>>,
    /// The signed-in agent.
    pub agent_id: i64,
    /// The agent administers their sites (export and erase customer data).
    pub admin: bool,
    pub approvals: RwSignal<Vec<crate::compensation::CompensationView>>,
    pub complaint_alerts: RwSignal<Vec<ComplaintAlert>>,
    /// View-only (break-glass) access to the open conversation ends then.
    pub read_only: RwSignal<Option<i64>>,
    /// The conversation last refused to this desk (offered for a request).
    pub forbidden: RwSignal<Option<i64>>,
    /// Break-glass requests this desk made or may decide.
    pub access_requests: RwSignal<Vec<crate::protocol::AccessRequestView>>,
    /// The session's CSRF token for the case panel's forms.
    pub csrf: StoredValue<String>,
    /// Browser time (Unix ms), ticking every second for countdowns.
    pub now: RwSignal<i64>,
    /// Country codes for country facts.
    pub countries: StoredValue<Vec<String>>,
    /// The inbox view shown.
    pub query: RwSignal<crate::inbox::InboxQuery>,
    /// Categories of every site (filters, names).
    pub categories: RwSignal<Vec<crate::intake::Category>>,
    /// Staff accounts (transfer targets).
    pub agents: RwSignal<Vec<AgentProfile>>,
    /// Every site's regional teams.
    pub teams: RwSignal<Vec<crate::protocol::TeamView>>,
    /// Every site's compliance rules.
    pub compliance: RwSignal<Vec<(String, crate::compliance::CompliancePolicy)>>,
    /// Every site's canned replies.
    pub canned: RwSignal<Vec<crate::canned::SiteCanned>>,
    /// Notes that mention the signed-in agent, newest first.
    pub mentions: RwSignal<Vec<crate::protocol::NoteView>>,
    /// A reply held back by the compliance rules, with what it broke.
    pub held: RwSignal<Option<(String, Vec<crate::compliance::Hit>)>>,
    /// Latest summary of the open conversation, in the view or not.
    pub open_summary: RwSignal<Option<ConversationSummary>>,
    /// The latest order lookup from the case panel: its conversation and
    /// the journey or why there is none.
    pub tracking: RwSignal<Option<(i64, Result<crate::tracking::Tracking, ErrorCode>)>>,
    /// The latest `articles` answer: for which conversation, best first.
    pub articles: RwSignal<Option<(i64, Vec<crate::protocol::ArticleSuggestion>)>>,
    /// The latest `library` answer: for which conversation, its own case
    /// in the library and the cases like it.
    pub library: RwSignal<Option<LibraryAnswer>>,
    #[cfg(feature = "browser")]
    pub session: StoredValue<Option<crate::client::Connection>, LocalStorage>,
}

#[cfg_attr(not(feature = "browser"), allow(dead_code))]
impl DeskState {
    /// Sends a frame to the server; `false` when there is no connection
    /// (or on the server, where there never is one).
    pub fn send(&self, frame: &DeskFrame) -> bool {
        #[cfg(feature = "browser")]
        {
            let Some(conn) = self.session.get_value() else {
                return false;
            };
            serde_json::to_string(frame)
                .map(|s| conn.send(&s))
                .unwrap_or(false)
        }
        #[cfg(not(feature = "browser"))]
        {
            let _ = frame;
            false
        }
    }

    /// Inserts, replaces or drops a summary according to the current view,
    /// keeping the view's order.
    pub fn upsert(&self, summary: ConversationSummary) {
        if self.selected.get_untracked() == Some(summary.id) {
            self.open_summary.set(Some(summary.clone()));
        }
        let query = self.query.get_untracked();
        let keep = query.matches(&summary, self.agent_id, self.now.get_untracked());
        self.conversations.update(|list| {
            list.retain(|c| c.id != summary.id);
            if keep {
                list.push(summary);
                list.sort_by(|a, b| query.order(a, b));
            }
        });
    }
}

/// A random id for idempotency keys (empty on the server, which never
/// sends).
pub(super) fn new_client_id() -> String {
    #[cfg(feature = "browser")]
    return crate::client::new_client_id();
    #[cfg(not(feature = "browser"))]
    String::new()
}

/// `/desk?c=<id>`: the open conversation is in the address, so a link to
/// it can be shared with a colleague (who sees it only if allowed).
pub(super) fn show_in_address_bar(id: Option<i64>) {
    #[cfg(feature = "browser")]
    {
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
    #[cfg(not(feature = "browser"))]
    let _ = id;
}
