//! The widget's state: one value per page, read by the bindings and changed
//! by the session and the customer's actions. [`write`] refreshes the DOM.

use std::cell::RefCell;

use crate::api::WidgetConfig;
use crate::error::ErrorCode;
use crate::intake::Facts;
use crate::protocol::{ContactDetails, ConversationStatus, Intake};
use crate::timeline::Timeline;

/// Everything the widget shows and remembers while the page is open.
#[derive(Default)]
pub(crate) struct WidgetState {
    pub config: WidgetConfig,
    /// The embedding page's origin (the only one the widget posts to).
    pub host: String,
    pub timeline: Timeline,
    /// `None` until the first connection attempt settles.
    pub online: Option<bool>,
    pub agent_typing: bool,
    /// Staff side's `(delivered_seq, read_seq)`.
    pub receipts: (i64, i64),
    /// Where the conversation stands (`None` before the first message).
    pub status: Option<ConversationStatus>,
    /// When staff are due to answer, computed by the server.
    pub reply_by: Option<i64>,
    /// Place in the queue while nobody owns the conversation.
    pub queue: Option<QueueView>,
    /// Someone who could answer is on shift (`None` until the server says).
    pub staff_online: Option<bool>,
    /// The visitor has a conversation (no intake form any more).
    pub has_conversation: bool,
    /// Chosen category and facts of the intake form.
    pub category: Option<String>,
    pub facts: Facts,
    /// Names of uploaded files by attachment id, per fact: `(fact, id, name)`.
    pub uploads: Vec<(String, String, String)>,
    /// Uploads in progress.
    pub uploading: u32,
    /// A form error with the field it concerns.
    pub field_error: Option<(ErrorCode, String)>,
    /// The intake sent with the first message (re-sent with it after a reconnect).
    pub intake: Option<Intake>,
    pub notice: Option<ErrorCode>,
    /// Contact details are on file (given earlier, with consent).
    pub contact_on_file: bool,
    /// The contact form: open, what is typed, consent.
    pub contact_open: bool,
    pub contact: ContactDetails,
    pub consent: bool,
    /// The latest resolution is rated (no prompt).
    pub rated: bool,
    /// The site's bot holds the conversation ("talk to a person" shown).
    pub bot: bool,
    /// The help panel's page, while it is open.
    pub help: Option<String>,
    /// The customer rated in this view (thanks shown).
    pub thanked: bool,
    /// The rating being given.
    pub score: u8,
    pub comment: String,
    /// The fee calculator: open, chosen line, typed weight.
    pub fees_open: bool,
    pub fees_line: String,
    pub fees_typed: String,
    /// What the composer holds.
    pub draft: String,
    /// The host site's signed-in user, vouched for by its back-end.
    pub identity: Option<HostUser>,
    /// Whether messages now arriving are live (not the backlog a
    /// reconnect replays): only those are announced to the host page.
    pub live: bool,
    /// The site vouched for the customer (their own orders are tracked).
    pub verified: bool,
    /// "Track my order": open, what is typed, the latest journey.
    pub track_open: bool,
    pub track_order: String,
    pub track_contact: String,
    pub tracking: Option<crate::tracking::Tracking>,
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

thread_local! {
    static STATE: RefCell<WidgetState> = RefCell::new(WidgetState::default());
}

/// Reads the state.
pub(crate) fn read<R>(f: impl FnOnce(&WidgetState) -> R) -> R {
    STATE.with(|s| f(&s.borrow()))
}

/// Changes the state, then brings the page up to date.
pub(crate) fn write<R>(f: impl FnOnce(&mut WidgetState) -> R) -> R {
    let out = STATE.with(|s| f(&mut s.borrow_mut()));
    super::dom::refresh();
    out
}

/// The site's key.
pub(crate) fn site() -> String {
    read(|s| s.config.site.clone())
}

/// The error under a form field, when the field has one.
pub(crate) fn field_error(field: &str) -> Option<ErrorCode> {
    read(|s| {
        s.field_error
            .as_ref()
            .filter(|(_, f)| f == field)
            .map(|(code, _)| *code)
    })
}
