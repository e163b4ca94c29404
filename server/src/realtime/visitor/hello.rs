//! `hello`: the first frame of a widget connection — site key, optional
//! signed token and identity, last `seq` — answered with `welcome` and a
//! fresh token; starts or resumes the visitor's conversation.

use parley_app::error::ErrorCode;
use parley_app::protocol::{
    PROTOCOL_VERSION, VISITOR_FRAME_TYPES, VisitorEvent, VisitorFrame, decode,
};
use rand::RngCore;

use crate::domain::rate::{TokenBucket, VisitorFrameKind};
use crate::domain::token::{self, TokenError, VisitorClaims};
use crate::error::store_code;
use crate::events::HubEvent;
use crate::realtime::wire::{self, Tx};
use crate::services::workflow::{self};
use crate::services::{personal, routing};
use crate::state::AppState;

use super::session::{Session, shipped_locale, valid_time_zone};

fn new_visitor_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(super) async fn hello(
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
