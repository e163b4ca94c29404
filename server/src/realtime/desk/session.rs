//! One desk connection's state and the helpers every frame handler uses:
//! the access check against the stored conversation, refusals, workflow
//! steps, the outbox the run loop sends from, and the agent's presence.

use std::collections::HashMap;

use parley_app::error::ErrorCode;
use parley_app::protocol::{
    AgentProfile, ConversationDetail, DeskEvent, validate_body, validate_client_id,
};

use crate::domain::access::{Access, Placement, Viewer};
use crate::error::store_code;
use crate::realtime::wire;
use crate::services::desk;
use crate::services::workflow::{Refusal, Step};
use crate::services::{casework, desk_access};
use crate::state::AppState;

/// What the loop does after a frame or an event.
pub enum Flow {
    /// Keep going.
    Continue,
    /// Tell the desk why and close.
    Close(ErrorCode),
}

/// A signed-in agent's desk connection.
pub struct Session {
    pub(in crate::realtime::desk) state: AppState,
    pub(in crate::realtime::desk) agent: AgentProfile,
    /// The session this socket belongs to (revoking it closes the socket).
    pub(in crate::realtime::desk) token_hash: String,
    /// What the agent may see, refreshed when their profile changes.
    pub(in crate::realtime::desk) viewer: Viewer,
    /// Where conversations this desk heard of sit (for filtering events).
    pub(in crate::realtime::desk) places: HashMap<i64, Placement>,
    /// The newest list-entry version heard of per conversation.
    pub(in crate::realtime::desk) versions: HashMap<i64, i64>,
    pub(in crate::realtime::desk) bad_frames: u32,
    /// The case panel this desk shows (the only one sent to it).
    pub(in crate::realtime::desk) panel: crate::events::PanelShown,
    /// Events to send, in order; the run loop drains it after each frame
    /// or hub event.
    out: Vec<DeskEvent>,
}

/// Counts one open desk of an agent while it lives; the last one to close
/// tells every desk and re-runs routing (one seat fewer).
pub(super) struct DeskPresence {
    state: AppState,
    agent_id: i64,
}

impl DeskPresence {
    /// Counts the desk; also returns whether it is the agent's first.
    pub(super) fn enter(state: &AppState, agent_id: i64) -> (DeskPresence, bool) {
        let first = state.desk_connected(agent_id);
        (
            DeskPresence {
                state: state.clone(),
                agent_id,
            },
            first,
        )
    }
}

impl Drop for DeskPresence {
    fn drop(&mut self) {
        if self.state.desk_disconnected(self.agent_id) {
            desk_access::presence_changed(&self.state, self.agent_id);
        }
    }
}

impl Session {
    /// A session for `agent` seeing what `viewer` may, starting from the
    /// conversations in `places`.
    pub fn new(
        state: AppState,
        agent: AgentProfile,
        viewer: Viewer,
        token_hash: String,
        places: HashMap<i64, Placement>,
    ) -> Session {
        Session {
            panel: crate::events::PanelShown::new(state.hub.clone()),
            state,
            agent,
            token_hash,
            viewer,
            places,
            versions: HashMap::new(),
            bad_frames: 0,
            out: Vec::new(),
        }
    }

    /// A note's or reply's text checked (a well-formed `client_id`, a body
    /// within the limits) with card numbers masked (logged that, never
    /// what); else how the frame ends.
    pub(in crate::realtime::desk) async fn staff_text(
        &mut self,
        conversation_id: i64,
        client_id: &str,
        body: &str,
    ) -> Result<String, Flow> {
        if validate_client_id(client_id).is_err() {
            return Err(self.bad_frame(ErrorCode::InvalidFrame).await);
        }
        let body = match validate_body(body) {
            Ok(b) => b,
            Err(code) => return Err(self.refuse(code.into(), Some(client_id.to_owned())).await),
        };
        Ok(match parley_app::redact::mask_cards(body) {
            Some(masked) => {
                tracing::info!(
                    agent = self.agent.id,
                    conversation = conversation_id,
                    "card number masked in staff text"
                );
                masked
            }
            None => body.to_owned(),
        })
    }

    /// Queues an event for this desk.
    pub(in crate::realtime::desk) fn emit(&mut self, event: DeskEvent) {
        self.out.push(event);
    }

    /// The queued events, oldest first.
    pub fn take_out(&mut self) -> Vec<DeskEvent> {
        std::mem::take(&mut self.out)
    }

    /// Checks, against the stored conversation, that the agent may act on it
    /// with `need` (see [`desk_access::authorize`]).
    pub(in crate::realtime::desk) async fn authorize(
        &mut self,
        id: i64,
        need: Access,
    ) -> Result<(Placement, Access), Refusal> {
        let (place, access) =
            desk_access::authorize(&self.state, &self.agent, &mut self.viewer, id, need).await?;
        self.places.insert(id, place.clone());
        Ok((place, access))
    }

    /// Whether this desk may hear of conversation `id` (cached placement,
    /// else the stored one).
    pub(in crate::realtime::desk) async fn sees(&mut self, id: i64) -> bool {
        if let Some(p) = self.places.get(&id) {
            return self.viewer.sees(p);
        }
        match desk_access::placement(&self.state, id).await {
            Ok(p) => {
                let sees = self.viewer.sees(&p);
                self.places.insert(id, p);
                sees
            }
            Err(e) => {
                tracing::warn!(conversation = id, error = %e, "desk: placement unknown");
                false
            }
        }
    }

    /// Re-reads what the agent may see (their teams, role or grants changed).
    pub(in crate::realtime::desk) async fn refresh_viewer(&mut self) {
        match desk_access::viewer(&self.state, self.agent.id).await {
            Ok(v) => self.viewer = v,
            Err(e) => tracing::error!(error = %e, "refreshing a desk's visibility"),
        }
    }

    /// Closes the socket once its session is revoked, expired or idle.
    pub(in crate::realtime::desk) async fn still_signed_in(&mut self) -> Flow {
        match desk_access::session_holds(&self.state, &self.token_hash).await {
            Some(true) => {
                self.refresh_viewer().await;
                Flow::Continue
            }
            Some(false) => Flow::Close(ErrorCode::Unauthorized),
            None => Flow::Continue,
        }
    }

    pub(in crate::realtime::desk) async fn bad_frame(&mut self, code: ErrorCode) -> Flow {
        self.bad_frames += 1;
        tracing::warn!(%code, agent = self.agent.id, "bad frame from desk");
        if self.bad_frames > wire::MAX_BAD_FRAMES {
            return Flow::Close(code);
        }
        self.emit(DeskEvent::Error {
            code,
            client_id: None,
            field: None,
        });
        Flow::Continue
    }

    pub(in crate::realtime::desk) async fn refuse(
        &mut self,
        refusal: Refusal,
        client_id: Option<String>,
    ) -> Flow {
        let Refusal { code, field } = refusal;
        tracing::info!(%code, ?field, agent = self.agent.id, "desk request refused");
        self.emit(DeskEvent::Error {
            code,
            client_id,
            field,
        });
        Flow::Continue
    }

    /// Runs a workflow step for this agent; the result is published to every desk.
    pub(in crate::realtime::desk) async fn step(&mut self, id: i64, step: Step) -> Flow {
        match casework::step(&self.state, id, step).await {
            Ok(()) => Flow::Continue,
            Err(refusal) => self.refuse(refusal, None).await,
        }
    }

    /// Sends a fresh snapshot (`welcome` with `resync`) and takes its
    /// placements as this desk's view.
    pub(in crate::realtime::desk) async fn resync(&mut self) -> Flow {
        match desk::snapshot(&self.state, &self.agent, &self.viewer, true).await {
            Ok((welcome, places)) => {
                self.places = places;
                self.emit(welcome);
                Flow::Continue
            }
            Err(e) => Flow::Close(store_code(e)),
        }
    }

    /// The case panel as this desk may see it.
    pub(in crate::realtime::desk) fn visible_detail(
        &self,
        detail: ConversationDetail,
    ) -> ConversationDetail {
        desk::visible_detail(&self.viewer, detail)
    }
}
