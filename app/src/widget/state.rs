//! The widget's reactive state, shared by its components, and the open
//! connection (browser only).

use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use std::cell::{Cell, RefCell};
#[cfg(feature = "hydrate")]
use std::rc::Rc;

#[cfg(feature = "hydrate")]
use crate::client::Connection;

use crate::api::WidgetConfig;
use crate::error::ErrorCode;
use crate::intake::Facts;
use crate::protocol::{ConversationStatus, Intake};
use crate::timeline::Timeline;

/// Reactive state of one widget.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub(crate) struct WidgetState {
    pub site: StoredValue<String>,
    pub host: StoredValue<String>,
    pub timeline: RwSignal<Timeline>,
    /// `None` until the first connection attempt settles.
    pub online: RwSignal<Option<bool>>,
    pub agent_typing: RwSignal<bool>,
    /// Staff side's `(delivered_seq, read_seq)`.
    pub receipts: RwSignal<(i64, i64)>,
    /// Where the conversation stands (`None` before the first message).
    pub status: RwSignal<Option<ConversationStatus>>,
    /// When staff are due to answer, computed by the server.
    pub reply_by: RwSignal<Option<i64>>,
    /// Place in the queue and how many wait, while nobody owns the
    /// conversation; and whether someone who could answer is on shift.
    pub queue: RwSignal<Option<QueueView>>,
    /// Someone who could answer is on shift (`None` until the server says).
    pub staff_online: RwSignal<Option<bool>>,
    /// The visitor has a conversation (no intake form any more).
    pub has_conversation: RwSignal<bool>,
    /// Chosen category and facts of the intake form.
    pub category: RwSignal<Option<String>>,
    pub facts: RwSignal<Facts>,
    /// A form error with the field it concerns.
    pub field_error: RwSignal<Option<(ErrorCode, String)>>,
    /// The intake sent with the first message (re-sent with it after a reconnect).
    pub intake: StoredValue<Option<Intake>>,
    pub config: StoredValue<WidgetConfig>,
    pub notice: RwSignal<Option<ErrorCode>>,
    /// Contact details are on file (given earlier, with consent).
    pub contact_on_file: RwSignal<bool>,
    /// The contact form is open.
    pub contact_open: RwSignal<bool>,
    /// The latest resolution is rated (no prompt).
    pub rated: RwSignal<bool>,
    /// The customer rated in this view (thanks shown).
    pub thanked: RwSignal<bool>,
    pub locale: Signal<String>,
    /// The host site's signed-in user, vouched for by its back-end (from
    /// `embed.js`: the URL fragment, or `Parley.identify()` later).
    pub identity: StoredValue<Option<HostUser>>,
    /// Whether messages now arriving are live (not the backlog a
    /// reconnect replays): only those are announced to the host page.
    pub live: StoredValue<bool>,
    #[cfg(feature = "hydrate")]
    pub session: StoredValue<Option<VisitorSession>, LocalStorage>,
}

/// The host site's signed-in user as `embed.js` hands it over.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct HostUser {
    /// The site's id for the user.
    pub user_id: String,
    /// HMAC-SHA256 of the id with the site's identity secret, hex.
    pub hash: String,
    /// Their name, to prefill the contact form.
    pub name: Option<String>,
    /// Their e-mail, to prefill the contact form.
    pub email: Option<String>,
}

/// Where a waiting customer stands, from the server's routing round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QueueView {
    /// 1-based place; `None` once someone owns the conversation.
    pub position: Option<u32>,
    /// Conversations waiting in that queue.
    pub waiting: u32,
    /// Someone who could answer is available and on shift.
    pub staff_online: bool,
}

/// Connection plus typing bookkeeping.
#[derive(Clone)]
#[cfg(feature = "hydrate")]
pub struct VisitorSession {
    pub(super) conn: Connection,
    pub(super) typing_on: Rc<Cell<bool>>,
    pub(super) typing_timer: Rc<RefCell<Option<TimeoutHandle>>>,
    pub(super) receipt_timer: Rc<RefCell<Option<TimeoutHandle>>>,
}
