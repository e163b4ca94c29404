//! An admin's requests about one customer's personal data and a site's
//! privacy settings, as use cases: export everything stored of a customer,
//! erase it, set the retention period and identity verification. Each
//! writes its audit line here, so no route can skip it.

use parley_app::protocol::AgentProfile;
use rand::RngCore;

use crate::domain::access::may_administer_site;
use crate::services::{audit, personal};
use crate::state::AppState;
use crate::storage::{DestructionRecord, StoreError};

/// How many destruction records an admin's list shows at most.
pub const DESTRUCTIONS_LIMIT: i64 = 5000;

/// The site and customer behind conversation `id`, if it exists and
/// `admin` administers its site (an admin of other sites learns nothing of
/// it).
pub async fn customer_of(
    state: &AppState,
    admin: &AgentProfile,
    id: i64,
) -> Result<Option<(String, String)>, StoreError> {
    match state.store.conversation_visitor(id).await {
        Ok((site, visitor)) => Ok(may_administer_site(admin, &site).then_some((site, visitor))),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The records of destroyed personal data on the sites `admin` administers,
/// newest first.
pub async fn destructions(
    state: &AppState,
    admin: &AgentProfile,
) -> Result<Vec<DestructionRecord>, StoreError> {
    Ok(state
        .store
        .destruction_records(DESTRUCTIONS_LIMIT)
        .await?
        .into_iter()
        .filter(|r| may_administer_site(admin, &r.site))
        .collect())
}

/// Everything stored of the customer behind conversation `id` (of `site`,
/// visitor `visitor`), as the JSON an export hands over; audited.
pub async fn export(
    state: &AppState,
    admin: &AgentProfile,
    id: i64,
    site: &str,
    visitor: &str,
) -> Result<serde_json::Value, StoreError> {
    let contact = personal::contact_view(state, site, visitor).await?;
    let mut conversations = Vec::new();
    for cid in state.store.customer_conversations(site, visitor).await? {
        let record = state.store.record(cid).await?;
        let messages = state.store.messages_after(cid, 0, i64::MAX).await?;
        conversations.push(serde_json::json!({
            "id": cid,
            "status": record.status.as_str(),
            "category": record.category,
            "facts": record.facts,
            "messages": messages,
            "transitions": state.store.transitions(cid).await?,
            "ratings": state.store.ratings(cid).await?,
        }));
    }
    let data = serde_json::json!({
        "site": site,
        "customer": visitor,
        "contact": contact,
        "conversations": conversations,
        "exported_at": state.clock.now(),
    });
    audit::record(
        state,
        audit::Entry::by(admin, "customer_exported").conversation(site, id),
    )
    .await;
    Ok(data)
}

/// Destroys the personal data of every conversation of the customer behind
/// conversation `id`; audited. Returns how many conversations.
pub async fn erase(
    state: &AppState,
    admin: &AgentProfile,
    id: i64,
    site: &str,
    visitor: &str,
) -> Result<usize, StoreError> {
    let now = state.clock.now();
    let all = state.store.customer_conversations(site, visitor).await?;
    for cid in &all {
        personal::destroy(state, *cid, "erasure_request", Some(admin), now).await?;
    }
    audit::record(
        state,
        audit::Entry::by(admin, "customer_erased")
            .conversation(site, id)
            .detail(serde_json::json!({ "conversations": all.len() })),
    )
    .await;
    Ok(all.len())
}

/// A site's privacy settings as an admin sets them.
pub struct PrivacySettings {
    /// Days personal data is kept after the service ends.
    pub retention_days: i64,
    /// Only identities the site's back-end signed are accepted.
    pub identity_required: bool,
    /// Make a new identity-verification secret.
    pub new_secret: bool,
}

/// Sets whether `site` requires a verified identity, making a new secret
/// when asked (`new_secret`) or when one is required without a secret.
pub async fn set_identity(
    state: &AppState,
    site: &str,
    required: bool,
    new_secret: bool,
) -> Result<(), StoreError> {
    let (mut secret, _) = state.store.site_identity(site).await?;
    if new_secret || (required && secret.is_none()) {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        secret = Some(
            state
                .settings
                .keyring
                .seal("site.identity", hex::encode(bytes).as_bytes()),
        );
    }
    state
        .store
        .set_site_identity(site, secret.as_deref(), required)
        .await
}

/// Sets a site's retention period and identity verification (a secret is
/// made when asked or when verification is required without one); audited.
pub async fn set_privacy(
    state: &AppState,
    admin: &AgentProfile,
    site: &str,
    settings: &PrivacySettings,
) -> Result<(), StoreError> {
    state
        .store
        .set_retention_days(site, settings.retention_days)
        .await?;
    set_identity(state, site, settings.identity_required, settings.new_secret).await?;
    audit::record(
        state,
        audit::Entry::by(admin, "setting_changed")
            .site(site)
            .detail(serde_json::json!({
                "setting": "privacy",
                "retention_days": settings.retention_days,
                "identity_required": settings.identity_required,
                "new_secret": settings.new_secret,
            })),
    )
    .await;
    Ok(())
}
