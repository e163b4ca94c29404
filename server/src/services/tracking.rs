//! Order tracking (R-SELF3): a site's admins point Parley at an
//! order-lookup endpoint on their back-end; a customer's "Track my order"
//! (or an agent's lookup in the case panel) asks it — a signed POST with a
//! short timeout, to public addresses only unless the operator allows
//! private ones — and the journey it answers is checked
//! ([`crate::domain::tracking`]) before anyone sees it.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;
use parley_app::tracking::Tracking;
use rand::RngCore;

use crate::domain::access::may_administer_site;
use crate::domain::tracking::{self, Asker, Refused};
use crate::domain::webhooks::{UrlRefusal, check_url, signature};
use crate::services::audit;
use crate::services::workflow::Refusal;
use crate::state::AppState;

/// How long the back-end has to answer.
const TIMEOUT: Duration = Duration::from_secs(5);
/// Largest answer read.
const MAX_ANSWER: usize = 256 * 1024;
const SEAL_PURPOSE: &str = "order-lookup.secret";

/// Sets `site`'s order-lookup endpoint (a blank `url` removes it). The
/// signing secret is made the first time and kept when the URL changes.
pub async fn configure(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    url: &str,
) -> Result<(), Refusal> {
    if !may_administer_site(admin, site) || state.sites.get(site).is_none() {
        return Err(ErrorCode::NotFound.into());
    }
    let now = state.clock.now();
    if url.trim().is_empty() {
        state
            .store
            .set_order_lookup(site, None, admin.id, now)
            .await?;
    } else {
        let url = check_url(url, state.settings.webhook_allow_private).map_err(|e| Refusal {
            code: match e {
                UrlRefusal::Malformed => ErrorCode::WebhookUrlInvalid,
                UrlRefusal::Private => ErrorCode::WebhookUrlPrivate,
            },
            field: Some("url".into()),
        })?;
        let sealed = match state.store.order_lookup(site).await? {
            Some((_, sealed)) => sealed,
            None => {
                let mut raw = [0u8; 24];
                rand::rng().fill_bytes(&mut raw);
                let secret = format!("whsec_{}", URL_SAFE_NO_PAD.encode(raw));
                state.settings.keyring.seal(SEAL_PURPOSE, secret.as_bytes())
            }
        };
        state
            .store
            .set_order_lookup(site, Some((url.as_str(), &sealed)), admin.id, now)
            .await?;
    }
    // The widget offers tracking (or stops) on every server.
    crate::services::site_directory::changed(state, site).await?;
    audit::record(
        state,
        audit::Entry::by(admin, "order_lookup_set")
            .site(site)
            .detail(serde_json::json!({ "url": url.trim() })),
    )
    .await;
    Ok(())
}

/// `site`'s order-lookup endpoint and its secret, for its admins' page.
pub async fn settings(state: &AppState, site: &str) -> Option<(String, String)> {
    let (url, sealed) = state.store.order_lookup(site).await.ok()??;
    let secret = state.settings.keyring.open(SEAL_PURPOSE, &sealed).ok()?;
    Some((url, String::from_utf8(secret).ok()?))
}

/// Asks `site`'s back-end where `order` is, for `asker`, in `locale`.
/// `tracking_off` without an endpoint, `invalid_frame` (field `order` or
/// `contact`) for what is not worth asking, `tracking_not_found` when it
/// answers 404, `tracking_unavailable` when it fails, is slow or answers
/// nonsense.
pub async fn lookup(
    state: &AppState,
    site: &str,
    order: &str,
    asker: Asker<'_>,
    locale: &str,
) -> Result<Tracking, Refusal> {
    let body = tracking::request(order, &asker, locale).map_err(|r| Refusal {
        code: ErrorCode::InvalidFrame,
        field: Some(match r {
            Refused::Order => "order".into(),
            Refused::Contact => "contact".into(),
        }),
    })?;
    let Some((url, secret)) = settings(state, site).await else {
        return Err(ErrorCode::TrackingOff.into());
    };
    let allow = state.settings.webhook_allow_private;
    let Ok(url) = check_url(&url, allow) else {
        tracing::warn!(%site, "order-lookup endpoint refused");
        return Err(ErrorCode::TrackingUnavailable.into());
    };
    let payload = body.to_string();
    let t = state.clock.now().div_euclid(1000);
    let sent = crate::services::outbound::client(allow)
        .post(url)
        .timeout(TIMEOUT)
        .header("content-type", "application/json")
        .header("accept-language", locale)
        .header(
            "parley-signature",
            signature(secret.as_bytes(), t, payload.as_bytes()),
        )
        .body(payload)
        .send()
        .await;
    let mut resp = match sent {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(%site, error = %e, timeout = e.is_timeout(), "order lookup failed");
            return Err(ErrorCode::TrackingUnavailable.into());
        }
    };
    match resp.status().as_u16() {
        200 => {}
        404 => return Err(ErrorCode::TrackingNotFound.into()),
        status => {
            tracing::warn!(%site, status, "order lookup answered an error");
            return Err(ErrorCode::TrackingUnavailable.into());
        }
    }
    let mut bytes = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(c)) if bytes.len() + c.len() <= MAX_ANSWER => bytes.extend_from_slice(&c),
            Ok(None) => break,
            Ok(Some(_)) | Err(_) => {
                tracing::warn!(%site, "order lookup answer too large or cut off");
                return Err(ErrorCode::TrackingUnavailable.into());
            }
        }
    }
    let answer: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    tracking::read(order, &answer).ok_or_else(|| {
        tracing::warn!(%site, "order lookup answer not understood");
        ErrorCode::TrackingUnavailable.into()
    })
}

/// An agent's lookup of `order` for conversation `id`'s customer (access
/// checked by the desk's dispatcher): with their user id when the site
/// vouched for them, in their language.
pub async fn for_staff(
    state: &AppState,
    agent: &AgentProfile,
    id: i64,
    order: &str,
) -> Result<Tracking, Refusal> {
    let c = state.store.conversation(id).await?;
    let summary = state.store.summary(id).await?;
    let user =
        crate::services::personal::remembered_identity(state, &c.site, &c.visitor_id).await?;
    let asker = Asker::Staff {
        agent_id: agent.id,
        user_id: user.as_deref(),
    };
    let locale = summary.locale.unwrap_or_else(|| "en".into());
    let found = lookup(state, &c.site, order, asker, &locale).await;
    tracing::info!(
        agent = agent.id,
        conversation = id,
        found = found.is_ok(),
        "order looked up from the desk"
    );
    found
}
