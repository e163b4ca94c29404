//! `hello`: the first frame of a widget connection — site key, optional
//! signed token and identity, last `seq` — answered with `welcome` and a
//! fresh token; starts or resumes the visitor's conversation.

use parley_app::error::ErrorCode;
use parley_app::protocol::{
    PROTOCOL_VERSION, VISITOR_FRAME_TYPES, VisitorEvent, VisitorFrame, decode,
};

use crate::domain::rate::TokenBucket;
use crate::error::store_code;
use crate::realtime::wire::{self, Tx};
use crate::services::visitor;
use crate::state::AppState;

use super::session::{Session, shipped_locale, valid_time_zone};

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
    if state.sites.live(&site).is_none() {
        return Err(ErrorCode::UnknownSite);
    }
    let locale = locale.as_deref().and_then(shipped_locale);
    let time_zone = tz.as_deref().and_then(valid_time_zone);
    let arrival = visitor::Arrival {
        site: &site,
        token: token.as_deref(),
        identity: identity.as_ref(),
        locale,
        time_zone,
        ip,
    };
    let arrived = visitor::arrive(state, arrival).await?;
    let conversation = arrived.conversation;
    // Without a conversation, the widget waits in the visitor's room for
    // one the site may open (a proactive notice).
    let room = Some(state.hub.subscribe_conversation(match &conversation {
        Some(c) => c.id,
        None => crate::events::visitor_room(&arrived.visitor_id),
    }));
    let welcome = VisitorEvent::Welcome {
        v: PROTOCOL_VERSION,
        visitor_id: arrived.visitor_id.clone(),
        token: arrived.token,
        conversation_id: conversation.as_ref().map(|c| c.id),
        status: conversation.as_ref().map(|c| c.status),
        agent_delivered_seq: conversation
            .as_ref()
            .map(|c| c.agent_delivered_seq)
            .unwrap_or(0),
        agent_read_seq: conversation.as_ref().map(|c| c.agent_read_seq).unwrap_or(0),
        staff_online: arrived.staff_online,
        contact_on_file: arrived.contact_on_file,
        verified: arrived.verified,
        rated: arrived.rated,
    };
    wire::send(tx, &welcome)
        .await
        .map_err(|_| ErrorCode::Internal)?;
    let mut session = Session {
        state: state.clone(),
        site,
        visitor_id: arrived.visitor_id,
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
        frames: TokenBucket::for_visitor_socket(state.clock.now()),
        tracked_order: None,
        bot_may_hold: true,
    };
    session.send_backlog(tx).await?;
    if let Some(c) = &session.conversation {
        // Where the customer stands: the state and when staff will answer.
        let (status, reply_by) = visitor::standing(state, c.id).await.map_err(store_code)?;
        let status = VisitorEvent::Status { status, reply_by };
        wire::send(tx, &status)
            .await
            .map_err(|_| ErrorCode::Internal)?;
        if crate::services::bot::holds(state, c.id)
            .await
            .map_err(store_code)?
        {
            wire::send(tx, &VisitorEvent::Bot { holding: true })
                .await
                .map_err(|_| ErrorCode::Internal)?;
        }
    }
    Ok(session)
}
