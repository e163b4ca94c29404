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
use crate::events::HubEvent;
use crate::realtime::wire;
use crate::services::desk::{self, placement_of};
use crate::services::workflow::{self, Refusal, Step};
use crate::services::{audit, routing};
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
    pub(in crate::realtime::desk) bad_frames: u32,
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
            presence_changed(&self.state, self.agent_id);
        }
    }
}

/// Tells every desk an agent's presence or availability changed and re-runs
/// routing (a new seat, or one fewer).
pub(super) fn presence_changed(state: &AppState, agent_id: i64) {
    let state = state.clone();
    tokio::spawn(async move {
        match state.store.agent(agent_id).await {
            Ok(mut profile) => {
                profile.connected = state.is_connected(profile.id);
                state.hub.publish_desks(HubEvent::Staff(profile));
            }
            Err(e) => tracing::error!(error = %e, "profile after a presence change"),
        }
        routing::dispatch_all(&state).await;
    });
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
            state,
            agent,
            token_hash,
            viewer,
            places,
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
    /// with `need`; refusals are logged and audited. Another site's
    /// conversations are `not_found` (their existence is not revealed).
    pub(in crate::realtime::desk) async fn authorize(
        &mut self,
        id: i64,
        need: Access,
    ) -> Result<(Placement, Access), Refusal> {
        let place = self.state.store.placement(id).await?;
        self.places.insert(id, place.clone());
        let mut access = self.viewer.access(&place);
        if access == Access::ReadOnly {
            // Grants expire: check against the store, not this desk's copy.
            self.refresh_viewer().await;
            access = self.viewer.access(&place);
        }
        if access >= need {
            return Ok((place, access));
        }
        let code = if !self.viewer.serves_site(&place.site) {
            ErrorCode::NotFound
        } else if access == Access::ReadOnly {
            ErrorCode::ReadOnly
        } else {
            ErrorCode::ConversationForbidden
        };
        tracing::warn!(agent = self.agent.id, conversation = id, %code, "conversation access refused");
        audit::record(
            &self.state,
            audit::Entry::by(&self.agent, "access_refused")
                .conversation(&place.site, id)
                .detail(serde_json::json!({ "code": code.as_str() })),
        )
        .await;
        Err(code.into())
    }

    /// Whether this desk may hear of conversation `id` (cached placement,
    /// else the stored one).
    pub(in crate::realtime::desk) async fn sees(&mut self, id: i64) -> bool {
        if let Some(p) = self.places.get(&id) {
            return self.viewer.sees(p);
        }
        match self.state.store.placement(id).await {
            Ok(p) => {
                let sees = self.viewer.sees(&p);
                self.places.insert(id, p);
                sees
            }
            Err(_) => false,
        }
    }

    /// Re-reads what the agent may see (their teams, role or grants changed).
    pub(in crate::realtime::desk) async fn refresh_viewer(&mut self) {
        match self
            .state
            .store
            .viewer(self.agent.id, self.state.clock.now())
            .await
        {
            Ok(v) => self.viewer = v,
            Err(e) => tracing::error!(error = %e, "refreshing a desk's visibility"),
        }
    }

    /// Closes the socket once its session is revoked, expired or idle.
    pub(in crate::realtime::desk) async fn still_signed_in(&mut self) -> Flow {
        let now = self.state.clock.now();
        match self.state.store.session(&self.token_hash, now).await {
            Ok(Some(_)) => {
                // An open desk is activity: keep the session from idling out.
                let _ = self.state.store.touch_session(&self.token_hash, now).await;
                self.refresh_viewer().await;
                Flow::Continue
            }
            Ok(None) => Flow::Close(ErrorCode::Unauthorized),
            Err(e) => {
                tracing::error!(error = %e, "checking a desk's session");
                Flow::Continue
            }
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
        let now = self.state.clock.now();
        match workflow::run(&self.state, id, step, None, now).await {
            Ok(outcome) => {
                // A seat may have freed up, or the conversation is back in a queue.
                routing::spawn_dispatch(&self.state, &outcome.record.site);
                Flow::Continue
            }
            Err(refusal) => self.refuse(refusal, None).await,
        }
    }

    pub(in crate::realtime::desk) async fn publish_summary(&self, id: i64) {
        match self.state.store.summary(id).await {
            Ok(summary) => self.state.hub.publish(id, HubEvent::Summary(summary)),
            Err(e) => tracing::error!(error = %e, "summary after desk update"),
        }
    }

    /// When this agent's view-only access to `conversation_id` ends.
    pub(in crate::realtime::desk) async fn grant_end(&self, conversation_id: i64) -> Option<i64> {
        let now = self.state.clock.now();
        self.state
            .store
            .open_access_requests(now)
            .await
            .ok()?
            .into_iter()
            .filter(|r| {
                r.agent_id == self.agent.id
                    && r.conversation_id == conversation_id
                    && r.status == "approved"
            })
            .filter_map(|r| r.expires_at)
            .max()
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

    /// The case panel as this desk may see it: the customer's other
    /// conversations only where the access rule lets this viewer see them
    /// (a break-glass view of one case shows no others).
    pub(in crate::realtime::desk) fn visible_detail(
        &self,
        mut detail: ConversationDetail,
    ) -> ConversationDetail {
        detail
            .history
            .retain(|c| c.id == detail.conversation_id || self.viewer.sees(&placement_of(c)));
        detail
    }

    /// Whether agent `agent_id` exists and works for the site of
    /// `conversation_id` (a transfer's new assignee, a dedicated owner);
    /// staff of other sites are `not_found`.
    pub(in crate::realtime::desk) async fn holder_of(
        &self,
        conversation_id: i64,
        agent_id: i64,
    ) -> Result<(), ErrorCode> {
        let record = self
            .state
            .store
            .record(conversation_id)
            .await
            .map_err(store_code)?;
        let agent = self.state.store.agent(agent_id).await.map_err(store_code)?;
        if crate::domain::access::may_hold(&agent.sites, &record.site) {
            Ok(())
        } else {
            tracing::warn!(
                agent = self.agent.id,
                conversation = conversation_id,
                holder = agent_id,
                "agent of another site refused as holder"
            );
            Err(ErrorCode::NotFound)
        }
    }
}
