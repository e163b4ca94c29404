//! What a customer does through the widget, as use cases the widget's
//! socket calls once a frame is decoded and within its budget: arrive
//! (token, identity the host site vouches for, the conversation to resume,
//! where it stands), open a conversation with its intake, read the
//! backlog, acknowledge delivery, change language, leave contact details
//! with consent, rate a resolution. Each persists, publishes, audits and
//! logs here, so a new frame cannot skip it.

use parley_app::error::ErrorCode;
use parley_app::protocol::{
    ChatMessage, ContactDetails, ConversationStatus, Identity as VisitorIdentity, Intake, Priority,
};
use rand::RngCore;

use crate::domain::rate::{TokenBucket, VisitorFrameKind};
use crate::domain::token::{self, TokenError, VisitorClaims};
use crate::error::store_code;
use crate::services::workflow::{self, Refusal};
use crate::services::{audit, case_panel, desk, personal, routing};
use crate::state::AppState;
use crate::storage::{ConversationState, NewConversation, StoreError};

/// A widget's `hello`, checked for form (version, known site) by the socket.
pub struct Arrival<'a> {
    /// The site key.
    pub site: &'a str,
    /// The signed visitor token from an earlier visit, if any.
    pub token: Option<&'a str>,
    /// The host site's signed-in user, with its HMAC, if it vouches for one.
    pub identity: Option<&'a VisitorIdentity>,
    /// The widget's language, if shipped.
    pub locale: Option<&'a str>,
    /// The browser's time zone, if a real IANA name.
    pub time_zone: Option<&'a str>,
    /// The client address (fresh visitors are limited per address).
    pub ip: Option<&'a str>,
}

/// A visitor let in.
pub struct Arrived {
    /// Who (new, or the token's).
    pub visitor_id: String,
    /// A fresh token for the next visit.
    pub token: String,
    /// Their latest conversation, to resume.
    pub conversation: Option<ConversationState>,
    /// Whether contact details are on file.
    pub contact_on_file: bool,
    /// Whether the host site vouched for them.
    pub verified: bool,
    /// Whether the latest resolution is rated already.
    pub rated: bool,
    /// Whether staff are online for the site (`None` when unknown).
    pub staff_online: Option<bool>,
}

pub(crate) fn new_visitor_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Lets a visitor in: checks the token (signature, expiry, site) and the
/// reconnect budget, or mints a new visitor within the per-address budget;
/// checks the identity the host site vouches for (and requires, if it
/// does), never handing one signed-in user's history to another; records
/// the visit, the language and time zone; finds the conversation to resume.
pub async fn arrive(state: &AppState, arrival: Arrival<'_>) -> Result<Arrived, ErrorCode> {
    let Arrival {
        site,
        token,
        identity,
        locale,
        time_zone,
        ip,
    } = arrival;
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
            let claims = token::verify(&state.settings.secret, t, now).map_err(|e| match e {
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
    let verified = verified_identity(state, site, identity).await?;
    let store = |e: StoreError| store_code(e);
    if let Some(user) = &verified {
        let known = personal::remembered_identity(state, site, &visitor_id)
            .await
            .map_err(store)?;
        if known.as_ref() == Some(user) {
            // Recorded before users were found across devices: key it now.
            personal::remember_identity(state, site, &visitor_id, user)
                .await
                .map_err(store)?;
        }
        match personal::visitor_of(state, site, user)
            .await
            .map_err(store)?
        {
            // One customer on every browser and device: their own history.
            Some(theirs) => {
                if theirs != visitor_id {
                    tracing::info!(%site, "a verified user's visitor from another browser resumed");
                }
                visitor_id = theirs;
            }
            // On a shared browser the token may be another signed-in user's:
            // never the other person's history.
            None if known.is_some() => {
                tracing::info!(%site, "verified identity differs from the token's visitor: a fresh visitor");
                visitor_id = fresh_visitor()?;
            }
            // An anonymous visitor who signed in becomes that user's record.
            None => {}
        }
    }
    state
        .store
        .touch_visitor(site, &visitor_id, now)
        .await
        .map_err(store)?;
    if let Some(user) = &verified {
        personal::remember_identity(state, site, &visitor_id, user)
            .await
            .map_err(store)?;
    }
    let contact_on_file = state
        .store
        .contact(site, &visitor_id)
        .await
        .map_err(store)?
        .is_some();
    let conversation = state
        .store
        .latest_conversation(site, &visitor_id)
        .await
        .map_err(store)?;
    if let Some(c) = &conversation
        && (locale.is_some() || time_zone.is_some())
    {
        state
            .store
            .set_customer_context(c.id, locale, time_zone)
            .await
            .map_err(store)?;
        desk::publish_summary(state, c.id).await;
    }
    let rated = match &conversation {
        Some(c) if parley_app::rating::may_rate(c.status) => state
            .store
            .latest_resolution_rated(c.id)
            .await
            .map_err(store)?,
        _ => false,
    };
    let staff_online = match routing::staff_online(state, site).await {
        Ok(online) => Some(online),
        Err(e) => {
            tracing::error!(error = %e, "staff presence for a welcome");
            None
        }
    };
    let claims = VisitorClaims {
        vid: visitor_id.clone(),
        site: site.to_owned(),
        exp: now + token::VISITOR_TOKEN_TTL_MS,
    };
    Ok(Arrived {
        token: token::sign(&state.settings.secret, &claims),
        visitor_id,
        conversation,
        contact_on_file,
        verified: verified.is_some(),
        rated,
        staff_online,
    })
}

/// The host site's user, if it vouches for one with a valid HMAC; refused
/// with `identity_invalid` when the HMAC does not verify, or when the site
/// requires an identity and none is given.
async fn verified_identity(
    state: &AppState,
    site: &str,
    identity: Option<&VisitorIdentity>,
) -> Result<Option<String>, ErrorCode> {
    let (secret, required) = state.store.site_identity(site).await.map_err(store_code)?;
    let secret = secret.and_then(|s| {
        state
            .settings
            .keyring
            .open("site.identity", &s)
            .map_err(|e| tracing::error!(error = %e, %site, "identity secret does not open"))
            .ok()
    });
    match (identity, &secret) {
        (Some(id), Some(secret))
            if !id.user_id.is_empty()
                && id.user_id.len() <= 200
                && personal::identity_valid(secret, &id.user_id, &id.hash) =>
        {
            Ok(Some(id.user_id.clone()))
        }
        (Some(_), _) => {
            tracing::warn!(%site, "visitor identity that does not verify refused");
            Err(ErrorCode::IdentityInvalid)
        }
        (None, _) if required => {
            tracing::warn!(%site, "visitor without the identity this site requires refused");
            Err(ErrorCode::IdentityInvalid)
        }
        (None, _) => Ok(None),
    }
}

/// Where conversation `id` stands for its customer: its status and when
/// staff are due to answer.
pub async fn standing(
    state: &AppState,
    id: i64,
) -> Result<(ConversationStatus, Option<i64>), StoreError> {
    let record = state.store.record(id).await?;
    Ok((record.status, case_panel::reply_by(&record)))
}

/// Conversation `id`'s messages after `after_seq`, at most `limit`.
pub async fn backlog(
    state: &AppState,
    id: i64,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<ChatMessage>, StoreError> {
    state.store.messages_after(id, after_seq, limit).await
}

/// The widget got the staff's messages up to `seq`: the customer's cursor
/// rises (never falls) and, if it moved past `written`, desks hear of it.
/// The cursor as stored.
pub async fn delivered(
    state: &AppState,
    id: i64,
    seq: i64,
    written: i64,
) -> Result<i64, StoreError> {
    let stored = state.store.mark_visitor_delivered(id, seq).await?;
    if stored > written {
        desk::publish_summary(state, id).await;
    }
    Ok(stored)
}

/// The conversation the site opened for this visitor (a proactive notice),
/// when it is theirs: their latest one, with id `id`.
pub async fn opened_for(
    state: &AppState,
    site: &str,
    visitor_id: &str,
    id: i64,
) -> Result<Option<ConversationState>, StoreError> {
    Ok(state
        .store
        .latest_conversation(site, visitor_id)
        .await?
        .filter(|c| c.id == id))
}

/// A first message's form, after the customer tracked `order`: the
/// topic's first reference field (order or waybill number) still empty
/// gets it, when its pattern accepts it.
pub async fn with_tracked_order(state: &AppState, site: &str, intake: &mut Intake, order: &str) {
    let Ok(rules) = crate::services::site_rules::of(state, site).await else {
        return;
    };
    let Some(c) = rules
        .categories
        .iter()
        .find(|c| c.category.key == intake.category)
    else {
        return;
    };
    let Some(field) = c.category.fields.iter().find(|f| {
        f.kind == parley_app::intake::FactKind::Reference
            && intake.facts.get(&f.key).is_none_or(|v| v.trim().is_empty())
    }) else {
        return;
    };
    let mut facts = intake.facts.clone();
    facts.insert(field.key.clone(), order.to_owned());
    let fits =
        parley_app::intake::validate_facts(&c.category, &facts, false, workflow::country_codes())
            .is_ok();
    if fits {
        tracing::info!(%site, field = %field.key, "tracked order carried into the new conversation");
        intake.facts = facts;
    }
}

/// The customer switched the widget's language; desks hear of it.
pub async fn set_locale(state: &AppState, id: i64, locale: &str) -> Result<(), StoreError> {
    state
        .store
        .set_customer_context(id, Some(locale), None)
        .await?;
    desk::publish_summary(state, id).await;
    Ok(())
}

/// A visitor, as their frames name them.
#[derive(Clone, Copy)]
pub struct Customer<'a> {
    /// The site.
    pub site: &'a str,
    /// The visitor.
    pub visitor_id: &'a str,
    /// The widget's language, if known.
    pub locale: Option<&'a str>,
    /// The browser's time zone, if known.
    pub time_zone: Option<&'a str>,
}

/// Opens the customer's conversation with its first message's intake
/// (category and facts, validated again whatever the widget checked, the
/// uploads it names attached), within the customer's budget for new
/// conversations.
pub async fn open_conversation(
    state: &AppState,
    customer: Customer<'_>,
    intake: Option<&Intake>,
    first_message: &str,
) -> Result<ConversationState, Refusal> {
    let Customer {
        site,
        visitor_id,
        locale,
        time_zone,
    } = customer;
    let now = state.clock.now();
    let checked = workflow::check_intake(state, site, visitor_id, intake).await?;
    let key = format!("conversations:{visitor_id}");
    if !state.allow_creation(&key, now, TokenBucket::for_new_conversations) {
        tracing::warn!(visitor = %visitor_id, "new conversation refused: too many for this visitor");
        return Err(ErrorCode::RateLimited.into());
    }
    let no_facts = Default::default();
    let (category, facts) = match &checked {
        Some((c, f)) => (Some(c), f),
        None => (None, &no_facts),
    };
    let created = state
        .store
        .create_conversation(NewConversation {
            channel: Default::default(),
            site,
            visitor_id,
            locale,
            time_zone,
            category: category.map(|c| c.category.key.as_str()),
            facts,
            priority: category.map_or(Priority::Routine, |c| c.category.priority),
            team_id: category.and_then(|c| c.team_id),
            now,
        })
        .await?;
    if let Some((c, facts)) = &checked {
        workflow::attach_uploads(state, &c.category, facts, created.id, visitor_id).await?;
        if c.category.complaint {
            // A complaint topic raises its complaint, the first message its summary.
            crate::services::complaints::raise_from_topic(
                state,
                site,
                created.id,
                &c.category.key,
                c.team_id,
                first_message,
            )
            .await?;
        }
    }
    Ok(created)
}

/// Contact details with consent: masked, checked, sealed and stored apart
/// from the conversation (`conversation` names where consent was given),
/// the consent recorded and audited; desks showing the case panel get the
/// details. The fields filled.
pub async fn save_contact(
    state: &AppState,
    customer: Customer<'_>,
    conversation: i64,
    mut details: ContactDetails,
) -> Result<Vec<String>, Refusal> {
    let Customer {
        site,
        visitor_id,
        locale,
        ..
    } = customer;
    for f in ContactDetails::FIELDS {
        let v = details.get_mut(f);
        *v = parley_app::redact::masked(v);
    }
    if let Err((code, field)) = details.validate() {
        return Err(Refusal {
            code,
            field: Some(field.to_owned()),
        });
    }
    let fields = details.filled();
    let sealed = personal::seal_contact(&state.settings.keyring, site, visitor_id, &details);
    let consent = crate::storage::NewConsent {
        conversation_id: conversation,
        purpose: "contact_details",
        fields: &fields,
        locale,
    };
    state
        .store
        .save_contact(site, visitor_id, &sealed, &consent, state.clock.now())
        .await?;
    tracing::info!(visitor = %visitor_id, conversation, ?fields, "contact details stored with consent");
    audit::record(
        state,
        audit::Entry::system("consent_recorded")
            .conversation(site, conversation)
            .detail(serde_json::json!({ "purpose": "contact_details", "fields": fields })),
    )
    .await;
    case_panel::publish_detail(state, conversation).await;
    Ok(fields)
}

/// The customer's rating (`comment` already checked and masked) of the
/// latest resolution of conversation `id`: stored once
/// (`already_rated` after), shown in the case panel.
pub async fn rate(
    state: &AppState,
    customer: Customer<'_>,
    id: i64,
    score: u8,
    comment: &str,
) -> Result<(), Refusal> {
    let rating = crate::storage::NewRating {
        score,
        comment,
        locale: customer.locale,
        now: state.clock.now(),
    };
    match state.store.rate(id, &rating).await {
        Ok(_) => {}
        Err(StoreError::NotFound) => return Err(ErrorCode::InvalidTransition.into()),
        Err(StoreError::Conflict) => return Err(ErrorCode::AlreadyRated.into()),
        Err(e) => return Err(e.into()),
    }
    tracing::info!(visitor = %customer.visitor_id, conversation = id, score, "conversation rated");
    case_panel::publish_detail(state, id).await;
    Ok(())
}
