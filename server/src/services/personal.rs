//! Customers' personal data (R-SEC4, R-SEC5): contact details sealed at
//! rest and collected only with consent; identity verification of the host
//! site's signed-in users; retention with destruction records; export and
//! erasure on request.

use hmac::{Hmac, Mac};
use parley_app::protocol::{ContactDetails, ContactView};
use sha2::Sha256;

use crate::domain::retention;
use crate::security::seal::Keyring;
use crate::services::audit;
use crate::state::AppState;
use crate::storage::{SealedContact, StoreError};

/// Conversations examined per retention round.
const RETENTION_BATCH: i64 = 500;

/// The purpose a contact field is sealed for: bound to its customer, so a
/// value copied to another customer's row does not open.
fn purpose(field: &str, site: &str, visitor_id: &str) -> String {
    format!("customer.{field}:{site}:{visitor_id}")
}

/// Seals the filled fields of `details` for one customer.
pub fn seal_contact(
    keys: &Keyring,
    site: &str,
    visitor_id: &str,
    details: &ContactDetails,
) -> SealedContact {
    let seal = |field: &str| {
        let v = details.get(field);
        (!v.is_empty()).then(|| keys.seal(&purpose(field, site, visitor_id), v.as_bytes()))
    };
    SealedContact {
        name: seal("name"),
        email: seal("email"),
        phone: seal("phone"),
        address: seal("address"),
    }
}

/// Opens sealed contact details (a value that does not open is left empty
/// and logged: a lost key must not take the desk down).
pub fn open_contact(
    keys: &Keyring,
    site: &str,
    visitor_id: &str,
    sealed: &SealedContact,
) -> ContactDetails {
    let open = |field: &str, v: &Option<String>| {
        v.as_deref()
            .map(|s| {
                keys.open_text(&purpose(field, site, visitor_id), s)
                    .unwrap_or_else(|e| {
                        tracing::error!(error = %e, field, "a contact field does not open");
                        String::new()
                    })
            })
            .unwrap_or_default()
    };
    ContactDetails {
        name: open("name", &sealed.name),
        email: open("email", &sealed.email),
        phone: open("phone", &sealed.phone),
        address: open("address", &sealed.address),
    }
}

/// The verified host-site user id remembered for a visitor, if any.
pub async fn remembered_identity(
    state: &AppState,
    site: &str,
    visitor_id: &str,
) -> Result<Option<String>, StoreError> {
    Ok(state.store.verified_user(visitor_id).await?.and_then(|s| {
        state
            .settings
            .keyring
            .open_text(&purpose("user_id", site, visitor_id), &s)
            .ok()
    }))
}

/// The contact details of a conversation's customer, for staff.
pub async fn contact_view(
    state: &AppState,
    site: &str,
    visitor_id: &str,
) -> Result<Option<ContactView>, StoreError> {
    let verified_user = remembered_identity(state, site, visitor_id).await?;
    let contact = state.store.contact(site, visitor_id).await?;
    if contact.is_none() && verified_user.is_none() {
        return Ok(None);
    }
    let (details, consent_at) = match contact {
        Some((sealed, at)) => (
            open_contact(&state.settings.keyring, site, visitor_id, &sealed),
            at,
        ),
        None => (ContactDetails::default(), None),
    };
    Ok(Some(ContactView {
        details,
        consent_at,
        verified_user,
    }))
}

/// Whether `hash` is the hex HMAC-SHA256 of `user_id` with `secret`
/// (constant-time, via `hmac`'s `verify_slice`).
pub fn identity_valid(secret: &[u8], user_id: &str, hash: &str) -> bool {
    let Ok(given) = hex::decode(hash.trim()) else {
        return false;
    };
    let Ok(mut m) = <Hmac<Sha256> as Mac>::new_from_slice(secret) else {
        return false;
    };
    m.update(user_id.as_bytes());
    m.verify_slice(&given).is_ok()
}

/// The hex HMAC a site's back-end computes for `user_id` (tests, docs).
pub fn identity_hash(secret: &[u8], user_id: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = match <Hmac<Sha256> as Mac>::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => unreachable!("HMAC takes keys of any size"),
    };
    m.update(user_id.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// Records a verified host-site user id for a visitor (sealed).
pub async fn remember_identity(
    state: &AppState,
    site: &str,
    visitor_id: &str,
    user_id: &str,
) -> Result<(), StoreError> {
    let sealed = state
        .settings
        .keyring
        .seal(&purpose("user_id", site, visitor_id), user_id.as_bytes());
    let key = user_key(&state.settings.secret, site, user_id);
    state
        .store
        .set_verified_user(visitor_id, Some(&sealed), Some(&key))
        .await
}

/// The keyed hash that finds a verified user's customer record again
/// without storing their id in the clear: HMAC of site and id under the
/// server secret, hex.
pub fn user_key(secret: &[u8], site: &str, user_id: &str) -> String {
    hex::encode(crate::security::tokens::mac(
        secret,
        &[b"verified-user", site.as_bytes(), user_id.as_bytes()],
    ))
}

/// The visitor record of the verified user `user_id` of `site`, if they
/// came before (on any browser or device).
pub async fn visitor_of(
    state: &AppState,
    site: &str,
    user_id: &str,
) -> Result<Option<String>, StoreError> {
    let key = user_key(&state.settings.secret, site, user_id);
    state.store.visitor_of_user(site, &key).await
}

/// Destroys what retention says is due at `now`; returns how many
/// conversations. Attachment files go with their records.
pub async fn run_retention(state: &AppState, now: i64) -> Result<usize, StoreError> {
    let mut done = 0;
    loop {
        let ended = state.store.ended_conversations(RETENTION_BATCH).await?;
        let due: Vec<_> = ended
            .iter()
            .filter(|e| retention::due(e.ended_at, e.retention_days, now))
            .collect();
        if due.is_empty() {
            return Ok(done);
        }
        for e in &due {
            let rule = retention::rule_name(e.retention_days);
            destroy(state, e.id, &rule, None, now).await?;
            done += 1;
        }
        if (ended.len() as i64) < RETENTION_BATCH || due.len() < ended.len() {
            return Ok(done);
        }
    }
}

/// Destroys one conversation's personal data and removes its files.
pub async fn destroy(
    state: &AppState,
    conversation_id: i64,
    rule: &str,
    actor: Option<&parley_app::protocol::AgentProfile>,
    now: i64,
) -> Result<serde_json::Value, StoreError> {
    let (files, what) = state
        .store
        .destroy_conversation(conversation_id, rule, actor.map(|a| a.id), now)
        .await?;
    for id in &files {
        let path = state.settings.attachments_dir.join(id);
        if let Err(e) = tokio::fs::remove_file(&path).await
            && e.kind() != std::io::ErrorKind::NotFound
        {
            tracing::error!(error = %e, %id, "removing a destroyed attachment");
        }
    }
    tracing::info!(conversation = conversation_id, rule, %what, "personal data destroyed");
    let entry = match actor {
        Some(a) => audit::Entry::by(a, "data_destroyed"),
        None => audit::Entry::system("data_destroyed"),
    };
    let (site, _) = state.store.conversation_visitor(conversation_id).await?;
    audit::record(
        state,
        entry
            .conversation(&site, conversation_id)
            .detail(serde_json::json!({ "rule": rule, "what": what })),
    )
    .await;
    Ok(what)
}

/// Runs retention every hour (and whenever a test's manual clock moves).
pub async fn watch(state: AppState) {
    loop {
        let now = state.clock.now();
        if let Some(_turn) = state.take_turn(crate::cluster::Job::Retention).await {
            match run_retention(&state, now).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(conversations = n, "retention round"),
                Err(e) => tracing::error!(error = %e, "retention round failed"),
            }
        }
        state.clock.sleep_until(None, 3600 * 1000).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> Keyring {
        Keyring::parse("k1:0000000000000000000000000000000000000000000000000000000000000001")
            .unwrap()
    }

    #[test]
    fn contact_fields_are_sealed_per_customer() {
        let d = ContactDetails {
            name: "Ana López".into(),
            email: "ana@example.com".into(),
            phone: String::new(),
            address: "Calle Mayor 1, Madrid".into(),
        };
        let sealed = seal_contact(&keys(), "shop", "v1", &d);
        assert!(sealed.phone.is_none(), "nothing stored for an empty field");
        assert!(!sealed.email.as_deref().unwrap().contains("ana"));
        assert_eq!(open_contact(&keys(), "shop", "v1", &sealed), d);
        // Moved to another customer, the values do not open.
        let moved = open_contact(&keys(), "shop", "v2", &sealed);
        assert_eq!(moved, ContactDetails::default());
    }

    #[test]
    fn identity_hashes_verify_only_for_their_user_and_secret() {
        let secret = b"site identity secret, 32 bytes!!";
        let h = identity_hash(secret, "user-42");
        assert!(identity_valid(secret, "user-42", &h));
        assert!(identity_valid(secret, "user-42", &h.to_uppercase()));
        assert!(!identity_valid(secret, "user-43", &h));
        assert!(!identity_valid(b"another secret", "user-42", &h));
        assert!(!identity_valid(secret, "user-42", "zz"));
        assert!(!identity_valid(secret, "user-42", ""));
    }
}
