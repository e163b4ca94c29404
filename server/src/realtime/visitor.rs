//! `/ws/visitor`: the customer widget's session.
//!
//! Order of a session: origin check at the handshake → `hello` (site key,
//! optional signed token, last `seq`) → `welcome` with a fresh token → the
//! backlog after `last_seq` → live traffic. The room is subscribed *before* the
//! backlog is read, and live messages at or below the last forwarded `seq` are
//! skipped, so a reconnecting client gets every message exactly once, in order.

use std::sync::Arc;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use parley_app::error::ErrorCode;
use parley_app::lifecycle::Actor;
use parley_app::protocol::{
    Author, ConversationStatus, Intake, PROTOCOL_VERSION, Priority, StatusAction,
    VISITOR_FRAME_TYPES, VisitorEvent, VisitorFrame, decode, validate_body, validate_client_id,
};
use rand::RngCore;
use tokio::sync::broadcast::error::RecvError;

use super::wire::{self, Tx};
use crate::domain::rate::{MAX_REFUSED_FRAMES, TokenBucket, VisitorFrameKind};
use crate::domain::token::{self, TokenError, VisitorClaims};
use crate::error::{ApiError, store_code};
use crate::events::{HubEvent, HubReceiver};
use crate::services::workflow::{self, MessageIn, Refusal, Step};
use crate::services::{audit, personal, routing};
use crate::state::AppState;
use crate::storage::{ConversationState, NewConversation};

/// Backlog page size on resume.
const BACKLOG_PAGE: i64 = 500;

/// Handshake: refuses foreign origins before upgrading.
pub async fn handler(
    ws: WebSocketUpgrade,
    headers: HeaderMap,
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
) -> Response {
    if !wire::origin_allowed(&headers, &state.settings.public_origin) {
        tracing::warn!(origin = ?headers.get("origin"), "visitor socket from a foreign origin refused");
        return ApiError::new(StatusCode::FORBIDDEN, ErrorCode::OriginForbidden).into_response();
    }
    let ip = Some(state.client_ip(peer, &headers));
    wire::limits(ws).on_upgrade(move |socket| run(socket, state, ip))
}

struct Session {
    state: AppState,
    site: String,
    visitor_id: String,
    locale: Option<String>,
    time_zone: Option<String>,
    conversation: Option<ConversationState>,
    room: Option<HubReceiver>,
    last_sent_seq: i64,
    bad_frames: u32,
    /// The customer's typing state as last forwarded (only changes are).
    typing_on: bool,
    /// The highest receipt written, and one still to write (coalesced).
    received_written: i64,
    received_pending: i64,
    /// Frames refused for their rate on this socket.
    refused: u32,
    /// Every frame this socket sends (parsing is work too).
    frames: TokenBucket,
}

enum Flow {
    Continue,
    Close(ErrorCode),
}

async fn run(socket: WebSocket, state: AppState, ip: Option<String>) {
    let (mut tx, mut rx) = socket.split();
    let first = match tokio::time::timeout(wire::HELLO_TIMEOUT, rx.next()).await {
        Ok(Some(Ok(Message::Text(t)))) => t,
        Ok(Some(Err(e))) => {
            if let Some(code) = wire::read_error_code(&e) {
                tracing::warn!(%code, "visitor socket refused before hello");
                wire::close(&mut tx, code).await;
                wire::linger(&mut rx).await;
            }
            return;
        }
        Ok(None) => return,
        _ => {
            let code = ErrorCode::HelloRequired;
            let refusal = VisitorEvent::Error {
                code,
                client_id: None,
                field: None,
            };
            wire::end_with(&mut tx, &mut rx, &refusal, code).await;
            return;
        }
    };
    let mut session = match hello(&state, &mut tx, first.as_str(), ip.as_deref()).await {
        Ok(s) => s,
        Err(code) => {
            tracing::warn!(%code, "visitor hello refused");
            let refusal = VisitorEvent::Error {
                code,
                client_id: None,
                field: None,
            };
            wire::end_with(&mut tx, &mut rx, &refusal, code).await;
            return;
        }
    };
    if session.conversation.as_ref().is_some_and(|c| {
        matches!(
            c.status,
            ConversationStatus::Received | ConversationStatus::Reopened
        )
    }) {
        // Still waiting for an owner: a round tells the customer where they stand.
        routing::spawn_dispatch(&state, &session.site);
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
            event = recv(&mut session.room) => match event {
                Ok(event) => session.forward(&mut tx, &event).await,
                Err(RecvError::Lagged(_)) => Flow::Close(ErrorCode::Lagged),
                Err(RecvError::Closed) => { session.room = None; Flow::Continue }
            },
            _ = ping.tick() => {
                if futures_util::SinkExt::send(&mut tx, Message::Ping(Vec::new().into())).await.is_err() {
                    break;
                }
                Flow::Continue
            }
        };
        match flow {
            Flow::Continue => {}
            Flow::Close(code) => {
                tracing::warn!(%code, visitor = %session.visitor_id, "closing visitor socket");
                wire::end_with(
                    &mut tx,
                    &mut rx,
                    &VisitorEvent::Error {
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
    if let Err(code) = session.flush_received().await {
        tracing::warn!(%code, "last receipt of a closing visitor socket not written");
    }
    if let Some(c) = session.conversation.as_ref().filter(|_| session.typing_on) {
        state.hub.publish(
            c.id,
            HubEvent::CustomerTyping {
                conversation_id: c.id,
                on: false,
            },
        );
    }
}

async fn recv(room: &mut Option<HubReceiver>) -> Result<Arc<HubEvent>, RecvError> {
    match room {
        Some(r) => r.recv().await,
        None => std::future::pending().await,
    }
}

/// The shipped locale a client-supplied tag stands for, if any.
fn shipped_locale(tag: &str) -> Option<&'static str> {
    parley_app::locale::match_one(tag, parley_app::locale::SHIPPED)
}

/// A client-supplied time zone, if it is a real IANA name.
fn valid_time_zone(tz: &str) -> Option<&str> {
    (tz.len() <= 64 && tz.parse::<chrono_tz::Tz>().is_ok()).then_some(tz)
}

fn new_visitor_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

async fn hello(
    state: &AppState,
    tx: &mut Tx,
    text: &str,
    ip: Option<&str>,
) -> Result<Session, ErrorCode> {
    let frame: VisitorFrame = decode(text, VISITOR_FRAME_TYPES).map_err(|e| match e {
        parley_app::protocol::DecodeError::UnknownType => ErrorCode::HelloRequired,
        other => other.into(),
    })?;
    let VisitorFrame::Hello {
        v,
        site,
        token,
        last_seq,
        locale,
        tz,
        identity,
    } = frame
    else {
        return Err(ErrorCode::HelloRequired);
    };
    if v != PROTOCOL_VERSION {
        return Err(ErrorCode::UnsupportedVersion);
    }
    if state.sites.get(&site).is_none() {
        return Err(ErrorCode::UnknownSite);
    }
    let now = state.clock.now();
    // Fresh tokens per address are limited, so minting new ones cannot
    // dodge the per-token limits.
    let fresh_visitor = || {
        let key = format!(
            "visitors:{}",
            crate::security::client_addr::limit_key(ip.unwrap_or("unknown"))
        );
        if !state.allow_creation(&key, now, TokenBucket::for_new_visitors) {
            tracing::warn!(ip = ?ip, "new visitor refused: too many from this address");
            return Err(ErrorCode::RateLimited);
        }
        Ok(new_visitor_id())
    };
    let mut visitor_id = match token {
        None => fresh_visitor()?,
        Some(t) => {
            let claims = token::verify(&state.settings.secret, &t, now).map_err(|e| match e {
                TokenError::Expired => ErrorCode::TokenExpired,
                TokenError::Malformed | TokenError::BadSignature => ErrorCode::TokenInvalid,
            })?;
            if claims.site != site {
                return Err(ErrorCode::TokenInvalid);
            }
            // Reconnects cost reads and a write: the visitor's budget holds
            // across sockets.
            if !state.allow_visitor_frame(&claims.vid, VisitorFrameKind::Hello, now) {
                tracing::warn!(visitor = %claims.vid, "hello refused: reconnecting too fast");
                return Err(ErrorCode::RateLimited);
            }
            claims.vid
        }
    };
    // The host site may vouch for its signed-in user (and may require it).
    let (identity_secret, identity_required) =
        state.store.site_identity(&site).await.map_err(store_code)?;
    let identity_secret = identity_secret.and_then(|s| {
        state
            .settings
            .keyring
            .open("site.identity", &s)
            .map_err(|e| tracing::error!(error = %e, %site, "identity secret does not open"))
            .ok()
    });
    let verified = match (&identity, &identity_secret) {
        (Some(id), Some(secret))
            if !id.user_id.is_empty()
                && id.user_id.len() <= 200
                && personal::identity_valid(secret, &id.user_id, &id.hash) =>
        {
            Some(id.user_id.clone())
        }
        (Some(_), _) => {
            tracing::warn!(%site, "visitor identity that does not verify refused");
            return Err(ErrorCode::IdentityInvalid);
        }
        (None, _) if identity_required => {
            tracing::warn!(%site, "visitor without the identity this site requires refused");
            return Err(ErrorCode::IdentityInvalid);
        }
        (None, _) => None,
    };
    // On a shared browser the token may be another signed-in user's: a
    // verified identity other than the one this visitor has is a new
    // visitor, never the other person's history.
    if let Some(user) = &verified
        && let Some(known) = personal::remembered_identity(state, &site, &visitor_id)
            .await
            .map_err(store_code)?
        && &known != user
    {
        tracing::info!(%site, "verified identity differs from the token's visitor: a fresh visitor");
        visitor_id = fresh_visitor()?;
    }
    state
        .store
        .touch_visitor(&site, &visitor_id, now)
        .await
        .map_err(store_code)?;
    if let Some(user) = &verified {
        personal::remember_identity(state, &site, &visitor_id, user)
            .await
            .map_err(store_code)?;
    }
    let contact_on_file = state
        .store
        .contact(&site, &visitor_id)
        .await
        .map_err(store_code)?
        .is_some();
    let locale = locale.as_deref().and_then(shipped_locale);
    let time_zone = tz.as_deref().and_then(valid_time_zone);
    let conversation = state
        .store
        .latest_conversation(&site, &visitor_id)
        .await
        .map_err(store_code)?;
    if let Some(c) = &conversation
        && (locale.is_some() || time_zone.is_some())
    {
        state
            .store
            .set_customer_context(c.id, locale, time_zone)
            .await
            .map_err(store_code)?;
        if let Ok(summary) = state.store.summary(c.id).await {
            state.hub.publish(c.id, HubEvent::Summary(summary));
        }
    }
    let room = conversation
        .as_ref()
        .map(|c| state.hub.subscribe_conversation(c.id));
    let claims = VisitorClaims {
        vid: visitor_id.clone(),
        site: site.clone(),
        exp: now + token::VISITOR_TOKEN_TTL_MS,
    };
    let welcome = VisitorEvent::Welcome {
        v: PROTOCOL_VERSION,
        visitor_id: visitor_id.clone(),
        token: token::sign(&state.settings.secret, &claims),
        conversation_id: conversation.as_ref().map(|c| c.id),
        status: conversation.as_ref().map(|c| c.status),
        agent_delivered_seq: conversation
            .as_ref()
            .map(|c| c.agent_delivered_seq)
            .unwrap_or(0),
        agent_read_seq: conversation.as_ref().map(|c| c.agent_read_seq).unwrap_or(0),
        staff_online: match routing::staff_online(state, &site).await {
            Ok(online) => Some(online),
            Err(e) => {
                tracing::error!(error = %e, "staff presence for a welcome");
                None
            }
        },
        contact_on_file,
        verified: verified.is_some(),
        rated: match &conversation {
            Some(c) if parley_app::rating::may_rate(c.status) => state
                .store
                .latest_resolution_rated(c.id)
                .await
                .map_err(store_code)?,
            _ => false,
        },
    };
    wire::send(tx, &welcome)
        .await
        .map_err(|_| ErrorCode::Internal)?;
    let mut session = Session {
        state: state.clone(),
        site,
        visitor_id,
        locale: locale.map(str::to_owned),
        time_zone: time_zone.map(str::to_owned),
        conversation,
        room,
        last_sent_seq: last_seq.max(0),
        bad_frames: 0,
        typing_on: false,
        received_written: 0,
        received_pending: 0,
        refused: 0,
        frames: TokenBucket::for_visitor_socket(now),
    };
    session.send_backlog(tx).await?;
    if let Some(c) = &session.conversation {
        // Where the customer stands: the state and when staff will answer.
        let record = state.store.record(c.id).await.map_err(store_code)?;
        let status = VisitorEvent::Status {
            status: record.status,
            reply_by: workflow::reply_by(&record),
        };
        wire::send(tx, &status)
            .await
            .map_err(|_| ErrorCode::Internal)?;
    }
    Ok(session)
}

impl Session {
    async fn send_backlog(&mut self, tx: &mut Tx) -> Result<(), ErrorCode> {
        let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
            return Ok(());
        };
        loop {
            let page = self
                .state
                .store
                .messages_after(id, self.last_sent_seq, BACKLOG_PAGE)
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

    async fn bad_frame(&mut self, tx: &mut Tx, code: ErrorCode) -> Flow {
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
    fn allowed(&self, kind: VisitorFrameKind) -> bool {
        self.state
            .allow_visitor_frame(&self.visitor_id, kind, self.state.clock.now())
    }

    /// A frame over its budget: `rate_limited` (the first time and every
    /// tenth after, so refusing costs less than the flood), and the socket
    /// closes after [`MAX_REFUSED_FRAMES`].
    async fn limited(&mut self, tx: &mut Tx) -> Flow {
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
    async fn flush_received(&mut self) -> Result<(), ErrorCode> {
        let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
            return Ok(());
        };
        if self.received_pending <= self.received_written {
            return Ok(());
        }
        let written = self
            .state
            .store
            .mark_visitor_delivered(id, self.received_pending)
            .await
            .map_err(store_code)?;
        let moved = written > self.received_written;
        self.received_written = written.max(self.received_pending);
        if moved {
            self.publish_summary(id).await;
        }
        Ok(())
    }

    async fn refuse(&self, tx: &mut Tx, refusal: Refusal, client_id: Option<String>) -> Flow {
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

    async fn frame(&mut self, tx: &mut Tx, text: &str) -> Flow {
        if !self.frames.try_take(self.state.clock.now()) {
            return self.limited(tx).await;
        }
        let frame = match decode::<VisitorFrame>(text, VISITOR_FRAME_TYPES) {
            Ok(f) => f,
            Err(e) => return self.bad_frame(tx, e.into()).await,
        };
        match frame {
            VisitorFrame::Contact { details, consent } => {
                if !self.allowed(VisitorFrameKind::Contact) {
                    return self.limited(tx).await;
                }
                self.contact(tx, details, consent).await
            }
            VisitorFrame::Hello { .. } => self.bad_frame(tx, ErrorCode::InvalidFrame).await,
            VisitorFrame::Send {
                client_id,
                body,
                intake,
            } => self.send(tx, client_id, body, intake).await,
            VisitorFrame::Confirm { solved } => {
                if !self.allowed(VisitorFrameKind::Step) {
                    return self.limited(tx).await;
                }
                let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
                    return self
                        .refuse(tx, ErrorCode::InvalidTransition.into(), None)
                        .await;
                };
                let action = if solved {
                    StatusAction::Confirm
                } else {
                    StatusAction::NotSolved
                };
                let step = Step::Action {
                    actor: Actor::Customer,
                    agent_id: None,
                    action,
                };
                let now = self.state.clock.now();
                match workflow::run(&self.state, id, step, None, now).await {
                    Ok(_) => Flow::Continue,
                    Err(refusal) => self.refuse(tx, refusal, None).await,
                }
            }
            VisitorFrame::Rate { score, comment } => self.rate(tx, score, comment).await,
            VisitorFrame::Locale { locale } => {
                let Some(locale) = shipped_locale(&locale) else {
                    return self.bad_frame(tx, ErrorCode::InvalidFrame).await;
                };
                if self.locale.as_deref() == Some(locale) {
                    return Flow::Continue;
                }
                if !self.allowed(VisitorFrameKind::Locale) {
                    return self.limited(tx).await;
                }
                self.locale = Some(locale.to_owned());
                let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
                    return Flow::Continue;
                };
                match self
                    .state
                    .store
                    .set_customer_context(id, Some(locale), None)
                    .await
                {
                    Ok(()) => {
                        self.publish_summary(id).await;
                        Flow::Continue
                    }
                    Err(e) => Flow::Close(store_code(e)),
                }
            }
            VisitorFrame::Typing { on } => {
                // Only a change is forwarded; repeats cost nothing.
                let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
                    return Flow::Continue;
                };
                if on == self.typing_on {
                    return Flow::Continue;
                }
                if !self.allowed(VisitorFrameKind::Typing) {
                    return self.limited(tx).await;
                }
                self.typing_on = on;
                self.state.hub.publish(
                    id,
                    HubEvent::CustomerTyping {
                        conversation_id: id,
                        on,
                    },
                );
                Flow::Continue
            }
            VisitorFrame::Received { seq } => {
                // Coalesced: only a receipt beyond the last one written, and
                // never beyond what this socket delivered; over the budget
                // it waits for the next one (or the end of the session).
                let seq = seq.min(self.last_sent_seq);
                if self.conversation.is_none() || seq <= self.received_written {
                    return Flow::Continue;
                }
                self.received_pending = self.received_pending.max(seq);
                if !self.allowed(VisitorFrameKind::Received) {
                    return Flow::Continue;
                }
                match self.flush_received().await {
                    Ok(()) => Flow::Continue,
                    Err(code) => Flow::Close(code),
                }
            }
        }
    }

    /// Contact details with consent: masked, checked, sealed and stored
    /// apart from the conversation, the consent recorded with it.
    async fn contact(
        &mut self,
        tx: &mut Tx,
        mut details: parley_app::protocol::ContactDetails,
        consent: bool,
    ) -> Flow {
        if !consent {
            return self
                .refuse(tx, ErrorCode::ConsentRequired.into(), None)
                .await;
        }
        let Some(conversation) = self.conversation.as_ref().map(|c| c.id) else {
            // Consent is recorded with a conversation: write first.
            return self.refuse(tx, ErrorCode::InvalidFrame.into(), None).await;
        };
        for f in parley_app::protocol::ContactDetails::FIELDS {
            let v = details.get_mut(f);
            *v = parley_app::redact::masked(v);
        }
        if let Err((code, field)) = details.validate() {
            let refusal = Refusal {
                code,
                field: Some(field.to_owned()),
            };
            return self.refuse(tx, refusal, None).await;
        }
        let fields = details.filled();
        let sealed = personal::seal_contact(
            &self.state.settings.keyring,
            &self.site,
            &self.visitor_id,
            &details,
        );
        let now = self.state.clock.now();
        let consent = crate::storage::NewConsent {
            conversation_id: conversation,
            purpose: "contact_details",
            fields: &fields,
            locale: self.locale.as_deref(),
        };
        if let Err(e) = self
            .state
            .store
            .save_contact(&self.site, &self.visitor_id, &sealed, &consent, now)
            .await
        {
            return self.refuse(tx, store_code(e).into(), None).await;
        }
        tracing::info!(visitor = %self.visitor_id, conversation, ?fields, "contact details stored with consent");
        audit::record(
            &self.state,
            audit::Entry::system("consent_recorded")
                .conversation(&self.site, conversation)
                .detail(serde_json::json!({ "purpose": "contact_details", "fields": fields })),
        )
        .await;
        // Desks showing the case panel get the details.
        if let Ok(record) = self.state.store.record(conversation).await
            && let Ok(detail) = workflow::detail(&self.state, &record).await
        {
            self.state
                .hub
                .publish_desks(HubEvent::Detail(Box::new(detail)));
        }
        match wire::send(tx, &VisitorEvent::ContactSaved { fields }).await {
            Ok(()) => Flow::Continue,
            Err(()) => Flow::Close(ErrorCode::Internal),
        }
    }

    async fn send(
        &mut self,
        tx: &mut Tx,
        client_id: String,
        body: String,
        intake: Option<Intake>,
    ) -> Flow {
        if validate_client_id(&client_id).is_err() {
            return self.bad_frame(tx, ErrorCode::InvalidFrame).await;
        }
        let body = match validate_body(&body) {
            Ok(b) => b.to_owned(),
            Err(code) => return self.refuse(tx, code.into(), Some(client_id)).await,
        };
        // Card numbers never reach storage, the desk or the log.
        let body = match parley_app::redact::mask_cards(&body) {
            Some(m) => {
                tracing::info!(visitor = %self.visitor_id, "card number masked in a message");
                m
            }
            None => body,
        };
        let mut intake = intake;
        if let Some(i) = intake.as_mut()
            && parley_app::redact::mask_facts(&mut i.facts)
        {
            tracing::info!(visitor = %self.visitor_id, "card number masked in form facts");
        }
        let now = self.state.clock.now();
        if !self.state.allow_visitor_message(&self.visitor_id, now) {
            return self
                .refuse(tx, ErrorCode::RateLimited.into(), Some(client_id))
                .await;
        }
        let opened = self.conversation.is_none();
        let conversation_id = match &self.conversation {
            Some(c) => c.id,
            None => {
                // The first message opens the conversation with its category
                // and facts, validated again here whatever the widget checked.
                let checked = match workflow::check_intake(
                    &self.state,
                    &self.site,
                    &self.visitor_id,
                    intake.as_ref(),
                )
                .await
                {
                    Ok(c) => c,
                    Err(refusal) => return self.refuse(tx, refusal, Some(client_id)).await,
                };
                let key = format!("conversations:{}", self.visitor_id);
                if !self
                    .state
                    .allow_creation(&key, now, TokenBucket::for_new_conversations)
                {
                    tracing::warn!(visitor = %self.visitor_id, "new conversation refused: too many for this visitor");
                    return self
                        .refuse(tx, ErrorCode::RateLimited.into(), Some(client_id))
                        .await;
                }
                let no_facts = Default::default();
                let (category, facts) = match &checked {
                    Some((c, f)) => (Some(c), f),
                    None => (None, &no_facts),
                };
                let created = match self
                    .state
                    .store
                    .create_conversation(NewConversation {
                        site: &self.site,
                        visitor_id: &self.visitor_id,
                        locale: self.locale.as_deref(),
                        time_zone: self.time_zone.as_deref(),
                        category: category.map(|c| c.category.key.as_str()),
                        facts,
                        priority: category.map_or(Priority::Routine, |c| c.category.priority),
                        team_id: category.and_then(|c| c.team_id),
                        now,
                    })
                    .await
                {
                    Ok(c) => c,
                    Err(e) => return Flow::Close(store_code(e)),
                };
                if let Some((c, facts)) = &checked
                    && let Err(refusal) = workflow::attach_uploads(
                        &self.state,
                        &c.category,
                        facts,
                        created.id,
                        &self.visitor_id,
                    )
                    .await
                {
                    return self.refuse(tx, refusal, Some(client_id)).await;
                }
                self.room = Some(self.state.hub.subscribe_conversation(created.id));
                let id = created.id;
                self.conversation = Some(created);
                id
            }
        };
        let message = MessageIn {
            client_id: &client_id,
            body: &body,
            author: Author::Customer,
            agent_id: None,
            policy_version: None,
        };
        let outcome = match workflow::run(
            &self.state,
            conversation_id,
            Step::CustomerMessage,
            Some(message),
            now,
        )
        .await
        {
            Ok(o) => o,
            Err(refusal) => return self.refuse(tx, refusal, Some(client_id)).await,
        };
        // Durably stored: only now is it acknowledged (the workflow published it).
        let Some(message) = outcome.message else {
            return Flow::Close(ErrorCode::Internal);
        };
        if let Some(c) = self.conversation.as_mut() {
            c.status = outcome.record.status;
        }
        if wire::send(tx, &VisitorEvent::Ack { client_id, message })
            .await
            .is_err()
        {
            tracing::debug!("visitor left before the ack");
        }
        if outcome.record.assignee_id.is_none()
            && outcome.created
            && (opened || outcome.status_changed)
        {
            // It just joined a queue (new, or back from resolved): route it
            // (after the ack, so the customer hears where they stand once
            // their message is safe). Later messages while it waits change
            // nothing routing looks at.
            routing::spawn_dispatch(&self.state, &self.site);
        }
        Flow::Continue
    }

    /// The customer's rating of the latest resolution: checked, card
    /// numbers masked, stored once, and shown in the case panel.
    async fn rate(&mut self, tx: &mut Tx, score: u8, comment: String) -> Flow {
        let Some(id) = self.conversation.as_ref().map(|c| c.id) else {
            return self
                .refuse(tx, ErrorCode::InvalidTransition.into(), None)
                .await;
        };
        let comment = match parley_app::rating::validate(score, &comment) {
            Ok(c) => parley_app::redact::masked(c),
            Err(code) => return self.refuse(tx, code.into(), None).await,
        };
        // A valid rating costs a write: it takes from the step budget.
        if !self.allowed(VisitorFrameKind::Step) {
            return self.limited(tx).await;
        }
        let rating = crate::storage::NewRating {
            score,
            comment: &comment,
            locale: self.locale.as_deref(),
            now: self.state.clock.now(),
        };
        match self.state.store.rate(id, &rating).await {
            Ok(_) => {}
            Err(crate::storage::StoreError::NotFound) => {
                return self
                    .refuse(tx, ErrorCode::InvalidTransition.into(), None)
                    .await;
            }
            Err(crate::storage::StoreError::Conflict) => {
                return self.refuse(tx, ErrorCode::AlreadyRated.into(), None).await;
            }
            Err(e) => return Flow::Close(store_code(e)),
        }
        tracing::info!(visitor = %self.visitor_id, conversation = id, score, "conversation rated");
        if let Ok(record) = self.state.store.record(id).await
            && let Ok(detail) = workflow::detail(&self.state, &record).await
        {
            self.state
                .hub
                .publish_desks(HubEvent::Detail(Box::new(detail)));
        }
        match wire::send(tx, &VisitorEvent::Rated { score }).await {
            Ok(()) => Flow::Continue,
            Err(()) => Flow::Close(ErrorCode::Internal),
        }
    }

    async fn publish_summary(&self, id: i64) {
        match self.state.store.summary(id).await {
            Ok(summary) => self.state.hub.publish(id, HubEvent::Summary(summary)),
            Err(e) => tracing::error!(error = %e, "summary after visitor update"),
        }
    }

    async fn forward(&mut self, tx: &mut Tx, event: &HubEvent) -> Flow {
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
            HubEvent::Summary(_)
            | HubEvent::Detail(_)
            | HubEvent::Alert { .. }
            | HubEvent::Staff(_)
            | HubEvent::Compliance { .. }
            | HubEvent::Note(_)
            | HubEvent::Canned(_)
            | HubEvent::SessionsEnded { .. }
            | HubEvent::AccessRequest(_)
            | HubEvent::CustomerTyping { .. } => return Flow::Continue,
        };
        match wire::send(tx, &out).await {
            Ok(()) => Flow::Continue,
            Err(()) => Flow::Close(ErrorCode::Internal),
        }
    }
}
