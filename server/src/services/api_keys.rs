//! API keys of the site owner's back-end (issue 19): an admin of a site
//! creates one (shown once, kept as a hash), sees when each was last used,
//! revokes it; every step audited. A request to `/api/v1` names its key as
//! `Authorization: Bearer`; [`authenticate`] turns it into the client the
//! handlers act for, and [`crate::domain::api_access`] decides what it may do.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use parley_app::error::ErrorCode;
use parley_app::protocol::AgentProfile;
use rand::RngCore;

use crate::domain::access::may_administer_site;
use crate::domain::api_access::{Scope, name_ok};
use crate::security::tokens::token_hash;
use crate::services::audit;
use crate::services::workflow::Refusal;
use crate::state::AppState;
use crate::storage::{ApiKeyRecord, NewApiKey, StoreError};

/// Every key starts so (secret scanners and people recognise it).
pub const KEY_PREFIX: &str = "pk_";

/// A use is recorded at most this often per key.
const TOUCH_EVERY_MS: i64 = 60_000;

/// A caller of the API: the key and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    /// The key's id.
    pub key_id: i64,
    /// Its site.
    pub site: String,
    /// Its scope.
    pub scope: Scope,
}

/// A key just made: its id and the key itself, shown this once.
#[derive(Debug, Clone)]
pub struct Created {
    /// Id.
    pub id: i64,
    /// The key.
    pub key: String,
}

/// Makes a key for `site` (its admins only; others are told it does not
/// exist).
pub async fn create(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    name: &str,
    scope: Scope,
) -> Result<Created, Refusal> {
    if !may_administer_site(admin, site) || state.sites.get(site).is_none() {
        return Err(ErrorCode::NotFound.into());
    }
    if !name_ok(name) {
        return Err(Refusal {
            code: ErrorCode::InvalidFrame,
            field: Some("name".into()),
        });
    }
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    let key = format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(raw));
    let prefix: String = key.chars().take(KEY_PREFIX.len() + 6).collect();
    let id = state
        .store
        .create_api_key(NewApiKey {
            site,
            name: name.trim(),
            scope,
            prefix: &prefix,
            token_hash: &token_hash(&key),
            created_by: admin.id,
            now: state.clock.now(),
        })
        .await?;
    audit::record(
        state,
        audit::Entry::by(admin, "api_key_created")
            .site(site)
            .detail(serde_json::json!({ "key": id, "prefix": prefix, "scope": scope.as_str() })),
    )
    .await;
    Ok(Created { id, key })
}

/// Revokes key `id` of `site`.
pub async fn revoke(
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
        .revoke_api_key(site, id, state.clock.now())
        .await?;
    audit::record(
        state,
        audit::Entry::by(admin, "api_key_revoked")
            .site(site)
            .detail(serde_json::json!({ "key": id })),
    )
    .await;
    Ok(())
}

/// The keys of `site` (never the keys themselves: their first characters).
pub async fn list(state: &AppState, site: &str) -> Result<Vec<ApiKeyRecord>, StoreError> {
    state.store.api_keys(site).await
}

/// What `/desk/api-keys` shows `admin` of `site`.
pub async fn view(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
) -> Result<parley_app::api::ApiKeysView, ErrorCode> {
    if !may_administer_site(admin, site) || state.sites.get(site).is_none() {
        return Err(ErrorCode::NotFound);
    }
    let keys = list(state, site).await.map_err(|e| {
        tracing::error!(error = %e, "API keys page");
        ErrorCode::Internal
    })?;
    Ok(parley_app::api::ApiKeysView {
        site: site.to_owned(),
        sites: state
            .sites
            .all()
            .into_iter()
            .map(|c| c.site)
            .filter(|s| may_administer_site(admin, s))
            .collect(),
        keys: keys
            .into_iter()
            .map(|k| parley_app::api::ApiKeyView {
                id: k.id,
                name: k.name,
                scope: k.scope.as_str().to_owned(),
                prefix: k.prefix,
                created_at: k.created_at,
                last_used_at: k.last_used_at,
                revoked_at: k.revoked_at,
            })
            .collect(),
    })
}

/// The client an `Authorization` header names, if it is a live key.
pub async fn authenticate(
    state: &AppState,
    authorization: Option<&str>,
) -> Result<Option<ApiClient>, StoreError> {
    let Some(key) = authorization
        .and_then(|h| h.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|k| k.starts_with(KEY_PREFIX) && k.len() <= 128)
    else {
        return Ok(None);
    };
    let Some(record) = state.store.api_key_by_hash(&token_hash(key)).await? else {
        return Ok(None);
    };
    let now = state.clock.now();
    if record
        .last_used_at
        .is_none_or(|t| now - t >= TOUCH_EVERY_MS)
    {
        state.store.touch_api_key(record.id, now).await?;
    }
    Ok(Some(ApiClient {
        key_id: record.id,
        site: record.site,
        scope: record.scope,
    }))
}

/// How long an `Idempotency-Key`'s first answer is kept.
pub const IDEMPOTENCY_TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// How often forgotten keys are swept.
const IDEMPOTENCY_SWEEP_MS: i64 = 60 * 60 * 1000;

/// Whether an `Idempotency-Key` is usable: 1 to 64 characters of
/// `[A-Za-z0-9_-]` (it becomes the message's `client_id`).
pub fn idempotency_key_ok(key: &str) -> bool {
    parley_app::protocol::validate_client_id(key).is_ok()
}

/// Claims `idem_key` of `client` for a request with `fingerprint`.
pub async fn claim(
    state: &AppState,
    client: &ApiClient,
    idem_key: &str,
    fingerprint: &str,
) -> Result<crate::storage::IdempotencyClaim, StoreError> {
    let now = state.clock.now();
    state
        .store
        .claim_idempotency(
            client.key_id,
            idem_key,
            fingerprint,
            now,
            now - IDEMPOTENCY_TTL_MS,
        )
        .await
}

/// Keeps the answer of a claimed key's request, or (a server failure)
/// forgets the claim so a retry runs again.
pub async fn settle(
    state: &AppState,
    client: &ApiClient,
    idem_key: &str,
    answer: Option<(u16, &str)>,
) {
    let done = match answer {
        Some((status, body)) => {
            state
                .store
                .finish_idempotency(client.key_id, idem_key, status, body)
                .await
        }
        None => {
            state
                .store
                .release_idempotency(client.key_id, idem_key)
                .await
        }
    };
    if let Err(e) = done {
        tracing::error!(error = %e, key = client.key_id, "settling an idempotency key");
    }
}

/// Job: forgets idempotency keys older than a day, hourly.
pub async fn sweep(state: AppState) {
    loop {
        let now = state.clock.now();
        match state
            .store
            .purge_idempotency(now - IDEMPOTENCY_TTL_MS)
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(count = n, "expired idempotency keys forgotten"),
            Err(e) => tracing::error!(error = %e, "sweeping idempotency keys failed"),
        }
        state.clock.sleep_until(None, IDEMPOTENCY_SWEEP_MS).await;
    }
}
