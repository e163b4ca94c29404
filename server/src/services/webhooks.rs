//! Webhooks (issue 19): a site's admins register endpoints with the events
//! they want, see each one's secret and delivery log, send a delivery
//! again, remove one (each step audited); and the job that delivers the
//! outbox: each delivery a signed JSON POST, tried again with exponential
//! backoff for a day ([`crate::domain::webhooks`]), then given up and the
//! endpoint flagged. Only public addresses are called unless the operator
//! allows private ones (`PARLEY_WEBHOOK_ALLOW_PRIVATE`), checked again at
//! every delivery, name resolution included.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use futures_util::StreamExt;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;
use rand::RngCore;

use crate::domain::access::may_administer_site;
use crate::domain::webhooks::{self, Event, MAX_ENDPOINTS, UrlRefusal};
use crate::services::audit;
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::{Attempt, DueDelivery, NewEndpoint};

/// Every endpoint's secret starts so.
pub const SECRET_PREFIX: &str = "whsec_";
/// Deliveries shown per endpoint on the page.
const LOG_ROWS: i64 = 20;
/// Deliveries taken per round, and sent at once.
const BATCH: i64 = 50;
const PARALLEL: usize = 8;
/// How often the outbox is looked at when it is quiet.
const POLL_MS: i64 = 1_000;
const SEAL_PURPOSE: &str = "webhook.secret";

fn refused(e: UrlRefusal) -> Refusal {
    Refusal {
        code: match e {
            UrlRefusal::Malformed => ErrorCode::WebhookUrlInvalid,
            UrlRefusal::Private => ErrorCode::WebhookUrlPrivate,
        },
        field: Some("url".into()),
    }
}

/// Registers an endpoint of `site` for `events`; its id.
pub async fn add(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    url: &str,
    events: &[String],
) -> Result<i64, Refusal> {
    if !may_administer_site(admin, site) || state.sites.get(site).is_none() {
        return Err(ErrorCode::NotFound.into());
    }
    let url = webhooks::check_url(url, state.settings.webhook_allow_private).map_err(refused)?;
    let mut wanted: Vec<Event> = Vec::new();
    for e in events {
        let e = Event::parse(e).ok_or_else(|| Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("events".into()),
        })?;
        if !wanted.contains(&e) {
            wanted.push(e);
        }
    }
    if wanted.is_empty() {
        return Err(Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("events".into()),
        });
    }
    if state.store.webhooks(site).await?.len() >= MAX_ENDPOINTS {
        return Err(ErrorCode::WebhookLimit.into());
    }
    let mut raw = [0u8; 24];
    rand::rng().fill_bytes(&mut raw);
    let secret = format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(raw));
    let sealed = state.settings.keyring.seal(SEAL_PURPOSE, secret.as_bytes());
    let id = state
        .store
        .create_webhook(NewEndpoint {
            site,
            url: url.as_str(),
            events: &wanted,
            secret: &sealed,
            created_by: admin.id,
            now: state.clock.now(),
        })
        .await?;
    let names: Vec<&str> = wanted.iter().map(|e| e.as_str()).collect();
    audit::record(
        state,
        audit::Entry::by(admin, "webhook_added")
            .site(site)
            .detail(serde_json::json!({ "endpoint": id, "url": url.as_str(), "events": names })),
    )
    .await;
    Ok(id)
}

/// Removes endpoint `id` of `site`; its pending deliveries stop.
pub async fn remove(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    id: i64,
) -> Result<(), Refusal> {
    if !may_administer_site(admin, site) {
        return Err(ErrorCode::NotFound.into());
    }
    state
        .store
        .remove_webhook(site, id, state.clock.now())
        .await?;
    audit::record(
        state,
        audit::Entry::by(admin, "webhook_removed")
            .site(site)
            .detail(serde_json::json!({ "endpoint": id })),
    )
    .await;
    Ok(())
}

/// Queues delivery `id` of an endpoint of `site` again, due now; the new
/// delivery's id.
pub async fn redeliver(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    id: i64,
) -> Result<i64, Refusal> {
    if !may_administer_site(admin, site) {
        return Err(ErrorCode::NotFound.into());
    }
    let again = state.store.redeliver(site, id, state.clock.now()).await?;
    audit::record(
        state,
        audit::Entry::by(admin, "webhook_redelivered")
            .site(site)
            .detail(serde_json::json!({ "delivery": id, "again": again })),
    )
    .await;
    state.webhook_wake.notify_one();
    Ok(again)
}

/// What `/desk/webhooks` shows `admin` of `site`.
pub async fn view(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
) -> Result<parley_app::api::WebhooksView, ErrorCode> {
    if !may_administer_site(admin, site) || state.sites.get(site).is_none() {
        return Err(ErrorCode::NotFound);
    }
    let internal = |e: crate::storage::StoreError| {
        tracing::error!(error = %e, "webhooks page");
        ErrorCode::Internal
    };
    let mut endpoints = Vec::new();
    for e in state.store.webhooks(site).await.map_err(internal)? {
        let deliveries = state
            .store
            .deliveries(site, e.id, LOG_ROWS)
            .await
            .map_err(internal)?;
        endpoints.push(parley_app::api::WebhookView {
            id: e.id,
            url: e.url,
            events: e.events.iter().map(|e| e.as_str().to_owned()).collect(),
            secret: open_secret(state, &e.secret).unwrap_or_default(),
            created_at: e.created_at,
            failing_since: e.failing_since,
            deliveries: deliveries
                .into_iter()
                .map(|d| parley_app::api::WebhookDeliveryView {
                    id: d.id,
                    event: d.event,
                    event_id: d.event_id,
                    created_at: d.created_at,
                    attempts: d.attempts,
                    last_status: d.last_status,
                    last_error: d.last_error,
                    delivered_at: d.delivered_at,
                    gave_up_at: d.gave_up_at,
                    next_at: d.next_at,
                })
                .collect(),
        });
    }
    Ok(parley_app::api::WebhooksView {
        site: site.to_owned(),
        sites: state
            .sites
            .all()
            .into_iter()
            .map(|c| c.site)
            .filter(|s| may_administer_site(admin, s))
            .collect(),
        events: Event::ALL.iter().map(|e| e.as_str().to_owned()).collect(),
        endpoints,
        lookup: crate::services::tracking::settings(state, site).await,
    })
}

fn open_secret(state: &AppState, sealed: &str) -> Option<String> {
    state
        .settings
        .keyring
        .open(SEAL_PURPOSE, sealed)
        .map_err(|e| tracing::error!(error = %e, "a webhook secret does not open"))
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
}

/// One attempt at `due` at `now`: the outcome to record.
async fn attempt(state: &AppState, due: &DueDelivery, now: i64) -> Attempt {
    let d = &due.delivery;
    let failed = |status: u16, error: String| Attempt::Failed {
        status,
        error: error.chars().take(200).collect(),
        next_at: webhooks::next_attempt(d.created_at, d.attempts + 1, now),
    };
    let allow = state.settings.webhook_allow_private;
    let url = match webhooks::check_url(&due.url, allow) {
        Ok(u) => u,
        Err(e) => return failed(0, format!("endpoint refused: {e:?}")),
    };
    let Some(secret) = open_secret(state, &due.secret) else {
        return failed(0, "the signing secret does not open".into());
    };
    let t = now.div_euclid(1000);
    let signature = webhooks::signature(secret.as_bytes(), t, d.payload.as_bytes());
    let sent = crate::services::outbound::client(allow)
        .post(url)
        .header("content-type", "application/json")
        .header("parley-signature", signature)
        .header("parley-event", &d.event)
        .header("parley-event-id", &d.event_id)
        .header("parley-delivery", d.id.to_string())
        .body(d.payload.clone())
        .send()
        .await;
    match sent {
        Ok(resp) if resp.status().is_success() => Attempt::Delivered {
            status: resp.status().as_u16(),
        },
        Ok(resp) => failed(
            resp.status().as_u16(),
            format!("answered {}", resp.status()),
        ),
        Err(e) => {
            let what = if e.is_timeout() {
                "timed out".to_owned()
            } else if e.is_connect() {
                "could not connect".to_owned()
            } else {
                e.to_string()
            };
            failed(0, what)
        }
    }
}

/// Delivers what is due now; how many were tried.
pub async fn deliver_due(state: &AppState) -> usize {
    let now = state.clock.now();
    let due = match state.store.due_deliveries(now, BATCH).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "reading the webhook outbox");
            return 0;
        }
    };
    let tried = due.len();
    futures_util::stream::iter(due)
        .for_each_concurrent(PARALLEL, |due| async move {
            let outcome = attempt(state, &due, now).await;
            match &outcome {
                Attempt::Delivered { status } => tracing::info!(
                    delivery = due.delivery.id, event = %due.delivery.event, site = %due.site, status,
                    "webhook delivered"
                ),
                Attempt::Failed { status, error, next_at } => tracing::warn!(
                    delivery = due.delivery.id, event = %due.delivery.event, site = %due.site, status,
                    %error, given_up = next_at.is_none(), "webhook delivery failed"
                ),
            }
            if let Err(e) = state
                .store
                .record_attempt(due.delivery.id, state.clock.now(), outcome)
                .await
            {
                tracing::error!(error = %e, delivery = due.delivery.id, "recording a webhook attempt");
            }
        })
        .await;
    tried
}

/// How long finished deliveries (and the message texts in them) are kept.
pub const LOG_KEPT_MS: i64 = 7 * 24 * 60 * 60 * 1000;
/// How often they are swept.
const SWEEP_EVERY_MS: i64 = 60 * 60 * 1000;

/// Job: delivers the outbox, on one node at a time; at once after a
/// redelivery, otherwise every second. Hourly, forgets finished
/// deliveries older than [`LOG_KEPT_MS`].
pub async fn watch(state: AppState) {
    let mut swept_at = i64::MIN;
    loop {
        let now = state.clock.now();
        if now.saturating_sub(swept_at) >= SWEEP_EVERY_MS {
            swept_at = now;
            match state.store.purge_deliveries(now - LOG_KEPT_MS).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(count = n, "old webhook deliveries forgotten"),
                Err(e) => tracing::error!(error = %e, "sweeping webhook deliveries failed"),
            }
        }
        let tried = match state.take_turn(crate::cluster::Job::Webhooks).await {
            Some(_turn) => deliver_due(&state).await,
            None => 0,
        };
        if tried as i64 >= BATCH {
            continue;
        }
        tokio::select! {
            () = state.clock.sleep_until(None, POLL_MS) => {}
            () = state.webhook_wake.notified() => {}
        }
    }
}
