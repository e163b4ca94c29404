//! `/ws/desk`: a signed-in agent's live session.
//!
//! Authenticated by the session cookie at the handshake (and the `Origin` must
//! be ours, which stops cross-site websocket hijacking). Receives every
//! conversation event; `open` loads a conversation's messages after a `seq`.

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use parley_app::error::ErrorCode;
use parley_app::lifecycle::Actor;
use parley_app::protocol::{
    AgentProfile, Author, ConversationDetail, DESK_FRAME_TYPES, DeskEvent, DeskFrame,
    PROTOCOL_VERSION, TeamView, Tier, decode, validate_body, validate_client_id,
};
use tokio::sync::broadcast::error::RecvError;

use super::hub::{HubEvent, HubReceiver};
use super::wire::{self, Tx};
use crate::domain::access::{Access, Placement, Viewer};
use crate::error::{ApiError, store_code};
use crate::http::auth::agent_from_headers;
use crate::services::audit;
use crate::services::routing;
use crate::services::workflow::{self, MessageIn, Refusal, Step};
use crate::state::AppState;
use crate::storage::{Site, StoreError};
use parley_app::canned::{self, CannedReply, SiteCanned};
use parley_app::compliance::{self, RuleAction};
use parley_app::protocol::AccessRequestView;
use std::collections::HashMap;

/// Conversations sent in `welcome`.
const LIST_LIMIT: i64 = 200;
/// Messages per `history` page.
const HISTORY_LIMIT: i64 = 1000;

/// Handshake: origin and session cookie are checked before upgrading.
pub async fn handler(
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    State(state): State<AppState>,
) -> Response {
    if !wire::origin_allowed(&headers, &state.settings.public_origin) {
        tracing::warn!(origin = ?headers.get("origin"), "desk socket from a foreign origin refused");
        return ApiError::new(StatusCode::FORBIDDEN, ErrorCode::OriginForbidden).into_response();
    }
    let (agent, token_hash) = match agent_from_headers(&state, &headers).await {
        Ok(Some(found)) => found,
        Ok(None) => {
            tracing::warn!("desk socket without a valid session refused");
            return ApiError::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized)
                .into_response();
        }
        Err(e) => return e.into_response(),
    };
    let viewer = match state.store.viewer(agent.id, state.clock.now()).await {
        Ok(v) => v,
        Err(e) => return ApiError::from(e).into_response(),
    };
    wire::limits(ws).on_upgrade(move |socket| run(socket, state, agent, viewer, token_hash))
}

/// The staff page's loader (pages cannot reach storage themselves).
pub fn staff_source(state: &AppState) -> parley_app::api::StaffSource {
    let state = state.clone();
    parley_app::api::StaffSource(std::sync::Arc::new(move |admin: AgentProfile| {
        let state = state.clone();
        Box::pin(async move {
            // What an admin of some sites may see of the staff and settings.
            let viewer = Viewer {
                id: admin.id,
                role: admin.role,
                sites: admin.sites.clone(),
                ..Viewer::default()
            };
            let (agents, teams) = staff_and_teams(&state, &viewer)
                .await
                .map_err(|e| e.to_string())?;
            let mut compliance = compliance_policies(&state)
                .await
                .map_err(|e| e.to_string())?;
            compliance.retain(|(site, _)| viewer.serves_site(site));
            let mut canned = all_canned(&state).await.map_err(|e| e.to_string())?;
            canned.retain(|c| viewer.serves_site(&c.site));
            Ok(parley_app::api::StaffList {
                agents,
                teams,
                compliance,
                canned,
            })
        })
    }))
}

/// A site's canned replies, its greeting first.
pub async fn site_canned(state: &AppState, site: &Site) -> Result<SiteCanned, StoreError> {
    let mut replies = Vec::new();
    if !site.greetings.is_empty() {
        replies.push(CannedReply {
            key: canned::GREETING_KEY.to_owned(),
            texts: site.greetings.clone(),
        });
    }
    replies.extend(state.store.canned_replies(&site.key).await?);
    Ok(SiteCanned {
        site: site.key.clone(),
        default_locale: site.default_locale.clone(),
        replies,
    })
}

async fn all_canned(state: &AppState) -> Result<Vec<SiteCanned>, StoreError> {
    let mut out = Vec::new();
    for site in state.store.sites().await? {
        out.push(site_canned(state, &site).await?);
    }
    Ok(out)
}

/// Every site's compliance rules.
async fn compliance_policies(
    state: &AppState,
) -> Result<Vec<(String, compliance::CompliancePolicy)>, StoreError> {
    let mut out = Vec::new();
    for site in state.store.sites().await? {
        let policy = state.store.compliance_policy(&site.key).await?;
        out.push((site.key, policy));
    }
    Ok(out)
}

/// The staff (with live presence) and teams of the sites `viewer` serves
/// (tenancy: nobody learns another site's staff).
async fn staff_and_teams(
    state: &AppState,
    viewer: &Viewer,
) -> Result<(Vec<AgentProfile>, Vec<TeamView>), StoreError> {
    let mut agents = state.store.agents().await?;
    agents.retain(|a| shares_a_site(viewer, a));
    for a in &mut agents {
        a.connected = state.is_connected(a.id);
    }
    let mut teams = Vec::new();
    for site in state.store.sites().await? {
        if !viewer.serves_site(&site.key) {
            continue;
        }
        teams.extend(
            state
                .store
                .teams(&site.key)
                .await?
                .into_iter()
                .map(|t| TeamView {
                    id: t.id,
                    site: t.site,
                    name: t.name,
                }),
        );
    }
    Ok((agents, teams))
}

/// Whether `viewer` and `other` work for a common site.
fn shares_a_site(viewer: &Viewer, other: &AgentProfile) -> bool {
    viewer.sites.is_empty()
        || other.sites.is_empty()
        || other.sites.iter().any(|s| viewer.serves_site(s))
}

struct Session {
    state: AppState,
    agent: AgentProfile,
    /// The session this socket belongs to (revoking it closes the socket).
    token_hash: String,
    /// What the agent may see, refreshed when their profile changes.
    viewer: Viewer,
    /// Where conversations this desk heard of sit (for filtering events).
    places: HashMap<i64, Placement>,
    bad_frames: u32,
}

enum Flow {
    Continue,
    Close(ErrorCode),
}

async fn run(
    socket: WebSocket,
    state: AppState,
    agent: AgentProfile,
    viewer: Viewer,
    token_hash: String,
) {
    let (mut tx, mut rx) = socket.split();
    let first = tokio::time::timeout(wire::HELLO_TIMEOUT, rx.next()).await;
    let hello_ok = matches!(
        &first,
        Ok(Some(Ok(Message::Text(t))))
            if matches!(decode::<DeskFrame>(t.as_str(), DESK_FRAME_TYPES), Ok(DeskFrame::Hello { v }) if v == PROTOCOL_VERSION)
    );
    if !hello_ok {
        let code = match &first {
            Ok(Some(Ok(Message::Text(t)))) => {
                match decode::<DeskFrame>(t.as_str(), DESK_FRAME_TYPES) {
                    Ok(DeskFrame::Hello { .. }) => ErrorCode::UnsupportedVersion,
                    _ => ErrorCode::HelloRequired,
                }
            }
            Ok(Some(Err(e))) => wire::read_error_code(e).unwrap_or(ErrorCode::HelloRequired),
            _ => ErrorCode::HelloRequired,
        };
        tracing::warn!(%code, agent = agent.id, "desk hello refused");
        let refusal = DeskEvent::Error {
            code,
            client_id: None,
            field: None,
        };
        wire::end_with(&mut tx, &mut rx, &refusal, code).await;
        return;
    }
    // Subscribe before reading the list so nothing falls between the two.
    let mut events: HubReceiver = state.hub.subscribe_desk();
    let (_presence, first_desk) = DeskPresence::enter(&state, agent.id);
    let (welcome, places) = match snapshot(&state, &agent, &viewer, false).await {
        Ok(v) => v,
        Err(e) => {
            wire::close(&mut tx, store_code(e)).await;
            return;
        }
    };
    if wire::send(&mut tx, &welcome).await.is_err() {
        return;
    }
    let mut session = Session {
        state,
        agent,
        token_hash,
        viewer,
        places,
        bad_frames: 0,
    };
    if first_desk {
        presence_changed(&session.state, session.agent.id);
    }
    let mut ping = tokio::time::interval(wire::PING_EVERY);
    ping.tick().await;
    loop {
        let flow = tokio::select! {
            incoming = rx.next() => match incoming {
                None | Some(Ok(Message::Close(_))) => break,
                Some(Ok(Message::Text(text))) => session.frame(&mut tx, text.as_str()).await,
                Some(Ok(Message::Binary(_))) => session.bad_frame(&mut tx, ErrorCode::InvalidFrame).await,
                Some(Ok(_)) => Flow::Continue,
                Some(Err(e)) => match wire::read_error_code(&e) {
                    Some(code) => Flow::Close(code),
                    None => break,
                },
            },
            event = events.recv() => match event {
                Ok(event) => session.forward(&mut tx, &event).await,
                Err(RecvError::Lagged(missed)) => {
                    // Fell behind the live events: a fresh snapshot on the
                    // same socket instead of a disconnect (the desk then asks
                    // again for its list and open conversation).
                    tracing::warn!(agent = session.agent.id, missed, "desk fell behind: resynchronising");
                    events = session.state.hub.subscribe_desk();
                    session.resync(&mut tx).await
                }
                Err(RecvError::Closed) => break,
            },
            _ = ping.tick() => {
                if futures_util::SinkExt::send(&mut tx, Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
                session.still_signed_in().await
            }
        };
        if let Flow::Close(code) = flow {
            tracing::warn!(%code, agent = session.agent.id, "closing desk socket");
            wire::end_with(
                &mut tx,
                &mut rx,
                &DeskEvent::Error {
                    code,
                    client_id: None,
                    field: None,
                },
                code,
            )
            .await;
            break;
        }
    }
}

/// Counts one open desk of an agent while it lives; the last one to close
/// tells every desk and re-runs routing (one seat fewer).
struct DeskPresence {
    state: AppState,
    agent_id: i64,
}

impl DeskPresence {
    /// Counts the desk; also returns whether it is the agent's first.
    fn enter(state: &AppState, agent_id: i64) -> (DeskPresence, bool) {
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
fn presence_changed(state: &AppState, agent_id: i64) {
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

/// Staff text with card numbers masked (logged that, never what).
fn masked_body(body: &str, agent: i64, conversation: i64) -> String {
    match parley_app::redact::mask_cards(body) {
        Some(m) => {
            tracing::info!(agent, conversation, "card number masked in staff text");
            m
        }
        None => body.to_owned(),
    }
}

/// Longest break-glass access.
const MAX_GRANT_MINUTES: u32 = 240;
/// Break-glass access when the approver does not say.
const DEFAULT_GRANT_MINUTES: u32 = 60;

/// Whether `viewer` may decide a request about the conversation at `place`:
/// a supervisor or admin who fully sees it, never about their own request.
fn may_decide(viewer: &Viewer, place: &Placement, request: &AccessRequestView) -> bool {
    viewer.approves() && request.agent_id != viewer.id && viewer.access(place) == Access::Full
}

/// Open break-glass requests a desk should list: its own, and those it may decide.
async fn open_requests_for(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
) -> Result<Vec<AccessRequestView>, StoreError> {
    let mut out = Vec::new();
    for r in state.store.open_access_requests(state.clock.now()).await? {
        let mine = r.agent_id == agent.id;
        let decides = match state.store.placement(r.conversation_id).await {
            Ok(p) => r.status == "pending" && may_decide(viewer, &p, &r),
            Err(_) => false,
        };
        if mine || decides {
            out.push(r);
        }
    }
    Ok(out)
}

/// What a desk starts from (and returns to after falling behind): the
/// `welcome` event and the placements of the conversations it lists.
async fn snapshot(
    state: &AppState,
    agent: &AgentProfile,
    viewer: &Viewer,
    resync: bool,
) -> Result<(DeskEvent, HashMap<i64, Placement>), StoreError> {
    let conversations = state.store.summaries(viewer, LIST_LIMIT).await?;
    let categories = state.sites.categories_of(|s| viewer.serves_site(s));
    let (agents, teams) = staff_and_teams(state, viewer).await?;
    let mut compliance = compliance_policies(state).await?;
    compliance.retain(|(site, _)| viewer.serves_site(site));
    let mut canned = all_canned(state).await?;
    canned.retain(|c| viewer.serves_site(&c.site));
    let access_requests = open_requests_for(state, agent, viewer).await?;
    let places = conversations
        .iter()
        .map(|c| (c.id, placement_of(c)))
        .collect();
    let welcome = DeskEvent::Welcome {
        v: PROTOCOL_VERSION,
        agent: agent.clone(),
        conversations,
        countries: workflow::country_codes()
            .iter()
            .map(|c| (*c).to_owned())
            .collect(),
        categories,
        agents,
        teams,
        compliance,
        canned,
        access_requests,
        resync,
    };
    Ok((welcome, places))
}

/// Where a listed conversation sits.
fn placement_of(c: &parley_app::protocol::ConversationSummary) -> Placement {
    Placement {
        id: c.id,
        site: c.site.clone(),
        team_id: c.team_id,
        assignee_id: c.assignee_id,
    }
}

/// The conversation a frame acts on, and the access it needs.
fn frame_target(frame: &DeskFrame) -> Option<(i64, Access, Option<String>)> {
    let full = |id: &i64| Some((*id, Access::Full, None));
    match frame {
        DeskFrame::Open {
            conversation_id, ..
        } => Some((*conversation_id, Access::ReadOnly, None)),
        DeskFrame::Send {
            conversation_id,
            client_id,
            ..
        }
        | DeskFrame::Note {
            conversation_id,
            client_id,
            ..
        } => Some((*conversation_id, Access::Full, Some(client_id.clone()))),
        DeskFrame::Typing {
            conversation_id, ..
        }
        | DeskFrame::Received {
            conversation_id, ..
        }
        | DeskFrame::Transition {
            conversation_id, ..
        }
        | DeskFrame::SetFacts {
            conversation_id, ..
        }
        | DeskFrame::Transfer {
            conversation_id, ..
        }
        | DeskFrame::SetPriority {
            conversation_id, ..
        }
        | DeskFrame::SetCustomer {
            conversation_id, ..
        } => full(conversation_id),
        // Break-glass frames are about conversations the sender may not see;
        // their handlers check what applies.
        DeskFrame::Hello { .. }
        | DeskFrame::Query { .. }
        | DeskFrame::SetAvailability { .. }
        | DeskFrame::RequestAccess { .. }
        | DeskFrame::DecideAccess { .. } => None,
    }
}

impl Session {
    /// Checks, against the stored conversation, that the agent may act on it
    /// with `need`; refusals are logged and audited. Another site's
    /// conversations are `not_found` (their existence is not revealed).
    async fn authorize(&mut self, id: i64, need: Access) -> Result<(Placement, Access), Refusal> {
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
    async fn sees(&mut self, id: i64) -> bool {
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
    async fn refresh_viewer(&mut self) {
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
    async fn still_signed_in(&mut self) -> Flow {
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

    async fn bad_frame(&mut self, tx: &mut Tx, code: ErrorCode) -> Flow {
        self.bad_frames += 1;
        tracing::warn!(%code, agent = self.agent.id, "bad frame from desk");
        if self.bad_frames > wire::MAX_BAD_FRAMES {
            return Flow::Close(code);
        }
        let _ = wire::send(
            tx,
            &DeskEvent::Error {
                code,
                client_id: None,
                field: None,
            },
        )
        .await;
        Flow::Continue
    }

    async fn refuse(&self, tx: &mut Tx, refusal: Refusal, client_id: Option<String>) -> Flow {
        let Refusal { code, field } = refusal;
        tracing::info!(%code, ?field, agent = self.agent.id, "desk request refused");
        let _ = wire::send(
            tx,
            &DeskEvent::Error {
                code,
                client_id,
                field,
            },
        )
        .await;
        Flow::Continue
    }

    /// Runs a workflow step for this agent; the result is published to every desk.
    async fn step(&self, tx: &mut Tx, id: i64, step: Step) -> Flow {
        let now = self.state.clock.now();
        match workflow::run(&self.state, id, step, None, now).await {
            Ok(outcome) => {
                // A seat may have freed up, or the conversation is back in a queue.
                routing::spawn_dispatch(&self.state, &outcome.record.site);
                Flow::Continue
            }
            Err(refusal) => self.refuse(tx, refusal, None).await,
        }
    }

    async fn publish_summary(&self, id: i64) {
        match self.state.store.summary(id).await {
            Ok(summary) => self.state.hub.publish(id, HubEvent::Summary(summary)),
            Err(e) => tracing::error!(error = %e, "summary after desk update"),
        }
    }

    async fn frame(&mut self, tx: &mut Tx, text: &str) -> Flow {
        let frame = match decode::<DeskFrame>(text, DESK_FRAME_TYPES) {
            Ok(f) => f,
            Err(e) => return self.bad_frame(tx, e.into()).await,
        };
        let mut access = Access::Full;
        if let Some((id, need, client_id)) = frame_target(&frame) {
            match self.authorize(id, need).await {
                Ok((_, a)) => access = a,
                Err(refusal) => return self.refuse(tx, refusal, client_id).await,
            }
        }
        match frame {
            DeskFrame::Hello { .. } => self.bad_frame(tx, ErrorCode::InvalidFrame).await,
            DeskFrame::Open {
                conversation_id,
                after_seq,
            } => {
                if after_seq < 0 {
                    // Before, -1 returned everything without the audit line.
                    return self.bad_frame(tx, ErrorCode::InvalidFrame).await;
                }
                if after_seq == 0 || access == Access::ReadOnly {
                    let site = self.places.get(&conversation_id).map(|p| p.site.clone());
                    audit::record(
                        &self.state,
                        audit::Entry::by(&self.agent, "view_conversation")
                            .conversation(site.as_deref().unwrap_or(""), conversation_id)
                            .detail(serde_json::json!({
                                "break_glass": access == Access::ReadOnly,
                            })),
                    )
                    .await;
                }
                match self
                    .state
                    .store
                    .messages_after(conversation_id, after_seq, HISTORY_LIMIT)
                    .await
                {
                    Ok(messages) => {
                        if messages.is_empty()
                            && self
                                .state
                                .store
                                .conversation(conversation_id)
                                .await
                                .is_err()
                        {
                            return self.refuse(tx, ErrorCode::NotFound.into(), None).await;
                        }
                        let _ = wire::send(
                            tx,
                            &DeskEvent::History {
                                conversation_id,
                                messages,
                            },
                        )
                        .await;
                        let read_only_until = if access == Access::ReadOnly {
                            self.grant_end(conversation_id).await
                        } else {
                            None
                        };
                        let _ = wire::send(
                            tx,
                            &DeskEvent::Access {
                                conversation_id,
                                read_only_until,
                            },
                        )
                        .await;
                        let detail = match self.state.store.record(conversation_id).await {
                            Ok(record) => workflow::detail(&self.state, &record).await,
                            Err(e) => Err(e.into()),
                        };
                        match detail {
                            Ok(detail) => {
                                let detail = self.visible_detail(detail);
                                let _ = wire::send(tx, &DeskEvent::Detail { detail }).await;
                                Flow::Continue
                            }
                            Err(refusal) => self.refuse(tx, refusal, None).await,
                        }
                    }
                    Err(e) => self.refuse(tx, store_code(e).into(), None).await,
                }
            }
            DeskFrame::Send {
                conversation_id,
                client_id,
                body,
                confirmed,
            } => {
                self.send(tx, conversation_id, client_id, body, confirmed)
                    .await
            }
            DeskFrame::Typing {
                conversation_id,
                on,
            } => {
                self.state.hub.publish(
                    conversation_id,
                    HubEvent::AgentTyping {
                        conversation_id,
                        on,
                    },
                );
                Flow::Continue
            }
            DeskFrame::Received {
                conversation_id,
                seq,
                read,
            } => {
                match self
                    .state
                    .store
                    .mark_agent_received(conversation_id, seq, read)
                    .await
                {
                    Ok((delivered_seq, read_seq)) => {
                        self.state.hub.publish(
                            conversation_id,
                            HubEvent::AgentReceipt {
                                conversation_id,
                                delivered_seq,
                                read_seq,
                            },
                        );
                        if read {
                            self.publish_summary(conversation_id).await;
                        }
                        Flow::Continue
                    }
                    Err(e) => self.refuse(tx, store_code(e).into(), None).await,
                }
            }
            DeskFrame::Transition {
                conversation_id,
                action,
            } => {
                let step = Step::Action {
                    actor: Actor::Staff,
                    agent_id: Some(self.agent.id),
                    action,
                };
                self.step(tx, conversation_id, step).await
            }
            DeskFrame::SetFacts {
                conversation_id,
                mut facts,
            } => {
                if parley_app::redact::mask_facts(&mut facts) {
                    tracing::info!(
                        agent = self.agent.id,
                        conversation = conversation_id,
                        "card number masked in form facts"
                    );
                }
                self.step(tx, conversation_id, Step::Facts { facts }).await
            }
            DeskFrame::Transfer {
                conversation_id,
                team,
                agent_id,
                note,
            } => {
                let to_team = match team {
                    None => None,
                    Some(name) => {
                        let found =
                            match self.state.store.record(conversation_id).await {
                                Ok(r) => self.state.store.teams(&r.site).await.map(|ts| {
                                    ts.into_iter().find(|t| t.name == name).map(|t| t.id)
                                }),
                                Err(e) => Err(e),
                            };
                        match found {
                            Ok(Some(id)) => Some(id),
                            Ok(None) => {
                                return self.refuse(tx, ErrorCode::NotFound.into(), None).await;
                            }
                            Err(e) => return self.refuse(tx, store_code(e).into(), None).await,
                        }
                    }
                };
                if let Some(a) = agent_id
                    && let Err(code) = self.holder_of(conversation_id, a).await
                {
                    return self.refuse(tx, code.into(), None).await;
                }
                let step = Step::Transfer {
                    agent_id: self.agent.id,
                    to_team,
                    to_agent: agent_id,
                    note: note.map(|n| n.chars().take(1000).collect()),
                };
                self.step(tx, conversation_id, step).await
            }
            DeskFrame::Query { query } => {
                let now = self.state.clock.now();
                match self
                    .state
                    .store
                    .inbox(&query, &self.viewer, now, LIST_LIMIT)
                    .await
                {
                    Ok(conversations) => {
                        let _ = wire::send(
                            tx,
                            &DeskEvent::Inbox {
                                query,
                                conversations,
                            },
                        )
                        .await;
                        Flow::Continue
                    }
                    Err(e) => self.refuse(tx, store_code(e).into(), None).await,
                }
            }
            DeskFrame::SetPriority {
                conversation_id,
                priority,
            } => {
                self.step(tx, conversation_id, Step::Priority(priority))
                    .await
            }
            DeskFrame::SetAvailability { availability } => {
                match self
                    .state
                    .store
                    .set_availability(self.agent.id, availability)
                    .await
                {
                    Ok(_) => {
                        tracing::info!(
                            agent = self.agent.id,
                            availability = availability.as_str(),
                            "availability"
                        );
                        presence_changed(&self.state, self.agent.id);
                        Flow::Continue
                    }
                    Err(e) => self.refuse(tx, store_code(e).into(), None).await,
                }
            }
            DeskFrame::SetCustomer {
                conversation_id,
                tier,
                owner_id,
            } => self.set_customer(tx, conversation_id, tier, owner_id).await,
            DeskFrame::Note {
                conversation_id,
                client_id,
                body,
            } => self.note(tx, conversation_id, client_id, body).await,
            DeskFrame::RequestAccess {
                conversation_id,
                reason,
            } => self.request_access(tx, conversation_id, reason).await,
            DeskFrame::DecideAccess {
                request_id,
                approve,
                minutes,
            } => self.decide_access(tx, request_id, approve, minutes).await,
        }
    }

    /// Stores an internal note and tells every desk (mentioned colleagues
    /// are named in it); the customer's widget never hears of it.
    /// When this agent's view-only access to `conversation_id` ends.
    async fn grant_end(&self, conversation_id: i64) -> Option<i64> {
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

    /// A break-glass request: logged, audited, shown to who may decide.
    async fn request_access(&mut self, tx: &mut Tx, conversation_id: i64, reason: String) -> Flow {
        let reason = parley_app::redact::masked(reason.trim());
        if reason.is_empty() || reason.chars().count() > 500 {
            let refusal = Refusal {
                code: ErrorCode::InvalidFrame,
                field: Some("reason".into()),
            };
            return self.refuse(tx, refusal, None).await;
        }
        let place = match self.state.store.placement(conversation_id).await {
            Ok(p) if self.viewer.serves_site(&p.site) => p,
            Ok(_) | Err(StoreError::NotFound) => {
                return self.refuse(tx, ErrorCode::NotFound.into(), None).await;
            }
            Err(e) => return self.refuse(tx, store_code(e).into(), None).await,
        };
        let now = self.state.clock.now();
        let request = match self
            .state
            .store
            .create_access_request(self.agent.id, conversation_id, &reason, now)
            .await
        {
            Ok(id) => self.state.store.access_request(id).await,
            Err(e) => Err(e),
        };
        let request = match request {
            Ok(r) => r,
            Err(e) => return self.refuse(tx, store_code(e).into(), None).await,
        };
        tracing::warn!(
            agent = self.agent.id,
            conversation = conversation_id,
            request = request.id,
            "break-glass access requested"
        );
        audit::record(
            &self.state,
            audit::Entry::by(&self.agent, "break_glass_requested")
                .conversation(&place.site, conversation_id)
                .detail(serde_json::json!({ "request": request.id, "reason": reason })),
        )
        .await;
        self.state
            .hub
            .publish_desks(HubEvent::AccessRequest(Box::new(request)));
        Flow::Continue
    }

    /// A supervisor's or admin's decision on a break-glass request.
    async fn decide_access(
        &mut self,
        tx: &mut Tx,
        request_id: i64,
        approve: bool,
        minutes: u32,
    ) -> Flow {
        let request = match self.state.store.access_request(request_id).await {
            Ok(r) => r,
            Err(e) => return self.refuse(tx, store_code(e).into(), None).await,
        };
        let place = match self.state.store.placement(request.conversation_id).await {
            Ok(p) => p,
            Err(e) => return self.refuse(tx, store_code(e).into(), None).await,
        };
        if !may_decide(&self.viewer, &place, &request) {
            tracing::warn!(
                agent = self.agent.id,
                request = request_id,
                "break-glass decision by someone who may not decide it"
            );
            return self.refuse(tx, ErrorCode::Forbidden.into(), None).await;
        }
        let now = self.state.clock.now();
        let minutes = match minutes {
            0 => DEFAULT_GRANT_MINUTES,
            m => m.min(MAX_GRANT_MINUTES),
        };
        let expires = approve.then(|| now + i64::from(minutes) * 60_000);
        let decided = match self
            .state
            .store
            .decide_access(request_id, self.agent.id, approve, expires, now)
            .await
        {
            Ok(r) => r,
            Err(StoreError::Conflict) => {
                return self
                    .refuse(tx, ErrorCode::InvalidTransition.into(), None)
                    .await;
            }
            Err(e) => return self.refuse(tx, store_code(e).into(), None).await,
        };
        let action = if approve {
            "break_glass_approved"
        } else {
            "break_glass_denied"
        };
        tracing::warn!(
            agent = self.agent.id,
            request = request_id,
            approve,
            minutes,
            "break-glass decision"
        );
        audit::record(
            &self.state,
            audit::Entry::by(&self.agent, action)
                .conversation(&place.site, request.conversation_id)
                .detail(serde_json::json!({
                    "request": request_id,
                    "for": request.agent_id,
                    "until": expires,
                })),
        )
        .await;
        self.state
            .hub
            .publish_desks(HubEvent::AccessRequest(Box::new(decided)));
        Flow::Continue
    }

    async fn note(
        &mut self,
        tx: &mut Tx,
        conversation_id: i64,
        client_id: String,
        body: String,
    ) -> Flow {
        if validate_client_id(&client_id).is_err() {
            return self.bad_frame(tx, ErrorCode::InvalidFrame).await;
        }
        let body = match validate_body(&body) {
            Ok(b) => masked_body(b, self.agent.id, conversation_id),
            Err(code) => return self.refuse(tx, code.into(), Some(client_id)).await,
        };
        let staff = match self.state.store.agents().await {
            Ok(a) => a,
            Err(e) => return self.refuse(tx, store_code(e).into(), Some(client_id)).await,
        };
        let mentions = parley_app::protocol::mentioned(&body, &staff);
        let now = self.state.clock.now();
        match self
            .state
            .store
            .add_note(
                conversation_id,
                &client_id,
                self.agent.id,
                &body,
                &mentions,
                now,
            )
            .await
        {
            Ok((note, created)) => {
                if created {
                    tracing::info!(
                        agent = self.agent.id,
                        conversation = conversation_id,
                        ?mentions,
                        "internal note"
                    );
                    self.state.hub.publish_desks(HubEvent::Note(note));
                } else {
                    let _ = wire::send(tx, &DeskEvent::Note { note }).await;
                }
                Flow::Continue
            }
            Err(e) => self.refuse(tx, store_code(e).into(), Some(client_id)).await,
        }
    }

    /// Sends a fresh snapshot (`welcome` with `resync`) and takes its
    /// placements as this desk's view.
    async fn resync(&mut self, tx: &mut Tx) -> Flow {
        match snapshot(&self.state, &self.agent, &self.viewer, true).await {
            Ok((welcome, places)) => {
                self.places = places;
                match wire::send(tx, &welcome).await {
                    Ok(()) => Flow::Continue,
                    Err(()) => Flow::Close(ErrorCode::Internal),
                }
            }
            Err(e) => Flow::Close(store_code(e)),
        }
    }

    /// The case panel as this desk may see it: the customer's other
    /// conversations only where the access rule lets this viewer see them
    /// (a break-glass view of one case shows no others).
    fn visible_detail(&self, mut detail: ConversationDetail) -> ConversationDetail {
        detail
            .history
            .retain(|c| c.id == detail.conversation_id || self.viewer.sees(&placement_of(c)));
        detail
    }

    /// Whether agent `agent_id` exists and works for the site of
    /// `conversation_id` (a transfer's new assignee, a dedicated owner);
    /// staff of other sites are `not_found`.
    async fn holder_of(&self, conversation_id: i64, agent_id: i64) -> Result<(), ErrorCode> {
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

    /// Sets the customer's tier and dedicated owner (an existing agent of
    /// the site; only core customers have one).
    async fn set_customer(
        &self,
        tx: &mut Tx,
        conversation_id: i64,
        tier: Tier,
        owner_id: Option<i64>,
    ) -> Flow {
        if owner_id.is_some() && tier != Tier::Core {
            return self
                .refuse(
                    tx,
                    Refusal {
                        code: ErrorCode::InvalidFrame,
                        field: Some("owner".into()),
                    },
                    None,
                )
                .await;
        }
        if let Some(owner) = owner_id
            && let Err(code) = self.holder_of(conversation_id, owner).await
        {
            return self.refuse(tx, code.into(), None).await;
        }
        if let Err(e) = self
            .state
            .store
            .set_customer_profile(conversation_id, tier, owner_id)
            .await
        {
            return self.refuse(tx, store_code(e).into(), None).await;
        }
        tracing::info!(
            conversation = conversation_id,
            agent = self.agent.id,
            tier = tier.as_str(),
            ?owner_id,
            "customer tier set"
        );
        self.step(tx, conversation_id, Step::Tier(tier)).await
    }

    async fn send(
        &mut self,
        tx: &mut Tx,
        conversation_id: i64,
        client_id: String,
        body: String,
        confirmed: bool,
    ) -> Flow {
        if validate_client_id(&client_id).is_err() {
            return self.bad_frame(tx, ErrorCode::InvalidFrame).await;
        }
        let body = match validate_body(&body) {
            Ok(b) => masked_body(b, self.agent.id, conversation_id),
            Err(code) => return self.refuse(tx, code.into(), Some(client_id)).await,
        };
        let policy = match self.state.store.conversation(conversation_id).await {
            Ok(c) => match self.state.store.compliance_policy(&c.site).await {
                Ok(p) => p,
                Err(e) => return self.refuse(tx, store_code(e).into(), Some(client_id)).await,
            },
            Err(e) => return self.refuse(tx, store_code(e).into(), Some(client_id)).await,
        };
        // The same rule the desk applied before sending, enforced here.
        let hits = compliance::check(&policy, &body);
        if let Some(hit) = hits
            .iter()
            .find(|h| h.action == RuleAction::Block || !confirmed)
        {
            let code = match hit.action {
                RuleAction::Block => ErrorCode::ComplianceBlocked,
                RuleAction::Warn => ErrorCode::ComplianceWarning,
            };
            tracing::warn!(
                agent = self.agent.id,
                conversation = conversation_id,
                phrase = %hit.phrase,
                policy = policy.version,
                %code,
                "reply refused by compliance rules"
            );
            return self
                .refuse(
                    tx,
                    Refusal {
                        code,
                        field: Some(hit.phrase.clone()),
                    },
                    Some(client_id),
                )
                .await;
        }
        if !hits.is_empty() {
            tracing::info!(
                agent = self.agent.id,
                conversation = conversation_id,
                policy = policy.version,
                "reply sent past a compliance warning the agent confirmed"
            );
        }
        let message = MessageIn {
            client_id: &client_id,
            body: &body,
            author: Author::Agent,
            agent_id: Some(self.agent.id),
            policy_version: Some(policy.version),
        };
        let now = self.state.clock.now();
        let step = Step::AgentMessage {
            agent_id: self.agent.id,
        };
        let outcome =
            match workflow::run(&self.state, conversation_id, step, Some(message), now).await {
                Ok(o) => o,
                Err(refusal) => return self.refuse(tx, refusal, Some(client_id)).await,
            };
        let Some(message) = outcome.message else {
            return Flow::Close(ErrorCode::Internal);
        };
        let _ = wire::send(tx, &DeskEvent::Ack { client_id, message }).await;
        if outcome.created {
            self.state.hub.publish(
                conversation_id,
                HubEvent::AgentTyping {
                    conversation_id,
                    on: false,
                },
            );
        }
        Flow::Continue
    }

    async fn forward(&mut self, tx: &mut Tx, event: &HubEvent) -> Flow {
        // What this desk may hear of: conversations it sees, its sites.
        let about = match event {
            HubEvent::Message(m) => Some(m.conversation_id),
            HubEvent::CustomerTyping {
                conversation_id, ..
            }
            | HubEvent::Alert {
                conversation_id, ..
            } => Some(*conversation_id),
            HubEvent::Detail(d) => Some(d.conversation_id),
            HubEvent::Note(n) => Some(n.conversation_id),
            HubEvent::Summary(s) => {
                let before = self.places.get(&s.id).map(|p| self.viewer.sees(p));
                let place = placement_of(s);
                let now = self.viewer.sees(&place);
                self.places.insert(s.id, place);
                if !now {
                    if before == Some(true) {
                        let gone = DeskEvent::Withdrawn {
                            conversation_id: s.id,
                        };
                        if wire::send(tx, &gone).await.is_err() {
                            return Flow::Close(ErrorCode::Internal);
                        }
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
                let decides = match self.state.store.placement(r.conversation_id).await {
                    Ok(p) => may_decide(&self.viewer, &p, r),
                    Err(_) => false,
                };
                if !(mine || decides) {
                    return Flow::Continue;
                }
                let out = DeskEvent::AccessRequest {
                    request: (**r).clone(),
                };
                return match wire::send(tx, &out).await {
                    Ok(()) => Flow::Continue,
                    Err(()) => Flow::Close(ErrorCode::Internal),
                };
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
                detail: self.visible_detail((**detail).clone()),
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
            | HubEvent::AgentReceipt { .. }
            | HubEvent::Queue { .. }
            | HubEvent::Status { .. } => {
                return Flow::Continue;
            }
        };
        match wire::send(tx, &out).await {
            Ok(()) => Flow::Continue,
            Err(()) => Flow::Close(ErrorCode::Internal),
        }
    }
}
