//! One widget connection's state and the helpers its frames share: the
//! backlog, refusals, per-frame rate limits, coalesced receipts, and hub
//! events to the widget.

use parley_app::error::ErrorCode;
use parley_app::protocol::VisitorEvent;

use crate::domain::rate::{MAX_REFUSED_FRAMES, TokenBucket, VisitorFrameKind};
use crate::error::store_code;
use crate::events::{HubEvent, HubReceiver};
use crate::realtime::wire::{self, Tx};
use crate::services::visitor::{self, Customer};
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::ConversationState;

/// Backlog page size on resume.
pub(super) const BACKLOG_PAGE: i64 = 500;

/// One widget connection after `hello`.
pub(super) struct Session {
    pub(super) state: AppState,
    pub(super) site: String,
    pub(super) visitor_id: String,
    pub(super) locale: Option<String>,
    pub(super) time_zone: Option<String>,
    pub(super) conversation: Option<ConversationState>,
    pub(super) room: Option<HubReceiver>,
    pub(super) last_sent_seq: i64,
    pub(super) bad_frames: u32,
    /// The customer's typing state as last forwarded (only changes are).
    pub(super) typing_on: bool,
    /// The highest receipt written, and one still to write (coalesced).
    pub(super) received_written: i64,
    pub(super) received_pending: i64,
    /// Frames refused for their rate on this socket.
    pub(super) refused: u32,
    /// Every frame this socket sends (parsing is work too).
    pub(super) frames: TokenBucket,
    /// The order the customer last tracked (a conversation they start
    /// next carries it as a fact).
    pub(super) tracked_order: Option<String>,
    /// The site's bot may hold the conversation: `false` once it was seen
    /// not to (a hold never comes back), sparing the read per message.
    pub(super) bot_may_hold: bool,
}

/// What the loop does after a frame or an event.
pub(super) enum Flow {
    Continue,
    Close(ErrorCode),
}

/// The shipped locale a client-supplied tag stands for, if any.
pub(super) fn shipped_locale(tag: &str) -> Option<&'static str> {
    parley_app::locale::match_one(tag, parley_app::locale::SHIPPED)
}

/// A client-supplied time zone, if it is a real IANA name.
pub(super) fn valid_time_zone(tz: &str) -> Option<&str> {
    (tz.len() <= 64 && tz.parse::<chrono_tz::Tz>().is_ok()).then_some(tz)
}

impl Session {
    /// The visitor as the services name them.
    pub(super) fn customer(&self) -> Customer<'_> {
        Customer {
            site: &self.site,
            visitor_id: &self.visitor_id,
            locale: self.locale.as_deref(),
            time_zone: self.time_zone.as_deref(),
        }
    }

    pub(super) async fn send_backlog(&mut self, tx: &mut Tx) -> Result<(), ErrorCode> {
        let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
            return Ok(());
        };
        loop {
            let page = visitor::backlog(&self.state, id, self.last_sent_seq, BACKLOG_PAGE)
                .await
                .map_err(store_code)?;
            let done = (page.len() as i64) < BACKLOG_PAGE;
            for message in page {
                self.last_sent_seq = message.seq;
                wire::send(tx, &VisitorEvent::Message { message })
                    .await
                    .map_err(|_| ErrorCode::Internal)?;
            }
            if done {
                return Ok(());
            }
        }
    }

    /// Joins the conversation the site opened for this visitor: its room,
    /// its messages (the notice), where it stands.
    async fn join(&mut self, tx: &mut Tx, id: i64) -> Result<(), ErrorCode> {
        let Some(c) = visitor::opened_for(&self.state, &self.site, &self.visitor_id, id)
            .await
            .map_err(store_code)?
        else {
            return Ok(());
        };
        tracing::info!(visitor = %self.visitor_id, conversation = id, "widget joins the conversation the site opened");
        self.room = Some(self.state.hub.subscribe_conversation(c.id));
        self.conversation = Some(c);
        self.send_backlog(tx).await?;
        let (status, reply_by) = visitor::standing(&self.state, id)
            .await
            .map_err(store_code)?;
        wire::send(tx, &VisitorEvent::Status { status, reply_by })
            .await
            .map_err(|_| ErrorCode::Internal)
    }

    pub(super) async fn bad_frame(&mut self, tx: &mut Tx, code: ErrorCode) -> Flow {
        self.bad_frames += 1;
        tracing::warn!(%code, visitor = %self.visitor_id, "bad frame from visitor");
        if self.bad_frames > wire::MAX_BAD_FRAMES {
            return Flow::Close(code);
        }
        let _ = wire::send(
            tx,
            &VisitorEvent::Error {
                code,
                client_id: None,
                field: None,
            },
        )
        .await;
        Flow::Continue
    }

    /// Takes a token of this visitor's budget for `kind`.
    pub(super) fn allowed(&self, kind: VisitorFrameKind) -> bool {
        self.state
            .allow_visitor_frame(&self.visitor_id, kind, self.state.clock.now())
    }

    /// A frame over its budget: `rate_limited` (the first time and every
    /// tenth after, so refusing costs less than the flood), and the socket
    /// closes after [`MAX_REFUSED_FRAMES`].
    pub(super) async fn limited(&mut self, tx: &mut Tx) -> Flow {
        self.refused += 1;
        if self.refused > MAX_REFUSED_FRAMES {
            return Flow::Close(ErrorCode::RateLimited);
        }
        if self.refused % 10 == 1 {
            tracing::warn!(visitor = %self.visitor_id, refused = self.refused, "visitor frames over their budget");
            let _ = wire::send(
                tx,
                &VisitorEvent::Error {
                    code: ErrorCode::RateLimited,
                    client_id: None,
                    field: None,
                },
            )
            .await;
        }
        Flow::Continue
    }

    /// Writes the pending receipt, if it moves the cursor; desks hear of it.
    pub(super) async fn flush_received(&mut self) -> Result<(), ErrorCode> {
        let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
            return Ok(());
        };
        if self.received_pending <= self.received_written {
            return Ok(());
        }
        let written = visitor::delivered(
            &self.state,
            id,
            self.received_pending,
            self.received_written,
        )
        .await
        .map_err(store_code)?;
        self.received_written = written.max(self.received_pending);
        Ok(())
    }

    pub(super) async fn refuse(
        &self,
        tx: &mut Tx,
        refusal: Refusal,
        client_id: Option<String>,
    ) -> Flow {
        tracing::info!(code = %refusal.code, field = ?refusal.field, visitor = %self.visitor_id, "visitor request refused");
        if refusal.code == ErrorCode::Internal {
            return Flow::Close(ErrorCode::Internal);
        }
        let _ = wire::send(
            tx,
            &VisitorEvent::Error {
                code: refusal.code,
                client_id,
                field: refusal.field,
            },
        )
        .await;
        Flow::Continue
    }

    pub(super) async fn forward(&mut self, tx: &mut Tx, event: &HubEvent) -> Flow {
        let out = match event {
            HubEvent::Message(m) => {
                if m.seq <= self.last_sent_seq {
                    return Flow::Continue;
                }
                self.last_sent_seq = m.seq;
                VisitorEvent::Message { message: m.clone() }
            }
            HubEvent::AgentTyping { on, .. } => VisitorEvent::Typing { on: *on },
            HubEvent::AgentReceipt {
                delivered_seq,
                read_seq,
                ..
            } => VisitorEvent::Receipt {
                delivered_seq: *delivered_seq,
                read_seq: *read_seq,
            },
            HubEvent::Status {
                status, reply_by, ..
            } => {
                if let Some(c) = self.conversation.as_mut() {
                    c.status = *status;
                }
                VisitorEvent::Status {
                    status: *status,
                    reply_by: *reply_by,
                }
            }
            HubEvent::Queue {
                position,
                waiting,
                staff_online,
                ..
            } => VisitorEvent::Queue {
                position: *position,
                waiting: *waiting,
                staff_online: *staff_online,
            },
            HubEvent::Bot { holding, .. } => VisitorEvent::Bot { holding: *holding },
            HubEvent::Summary(_)
            | HubEvent::Detail(_)
            | HubEvent::PanelChanged { .. }
            | HubEvent::Alert { .. }
            | HubEvent::Staff(_)
            | HubEvent::Compliance { .. }
            | HubEvent::Note(_)
            | HubEvent::Canned(_)
            | HubEvent::SessionsEnded { .. }
            | HubEvent::AccessRequest(_)
            | HubEvent::Compensation(_)
            | HubEvent::Complaint(_)
            | HubEvent::ComplaintAlert { .. }
            | HubEvent::CustomerTyping { .. } => return Flow::Continue,
            // Something from another node may be missing: the widget
            // reconnects and resumes from its `seq`.
            HubEvent::Resync => return Flow::Close(ErrorCode::Lagged),
            HubEvent::Opened {
                visitor_id,
                conversation_id,
            } => {
                if *visitor_id != self.visitor_id || self.conversation.is_some() {
                    return Flow::Continue;
                }
                return match self.join(tx, *conversation_id).await {
                    Ok(()) => Flow::Continue,
                    Err(code) => Flow::Close(code),
                };
            }
        };
        match wire::send(tx, &out).await {
            Ok(()) => Flow::Continue,
            Err(()) => Flow::Close(ErrorCode::Internal),
        }
    }
}
