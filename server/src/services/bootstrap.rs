//! First-start setup: the signing key, the first admin account, the demo
//! site, and loading every site's widget configuration.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use parley_app::api::WidgetConfig;
use parley_app::i18n::{LOCALES, lookup};
use rand::RngCore;

use crate::http::auth::hash_password;
use crate::state::{AppState, now_ms};
use crate::storage::{Site, Store, StoreError};

/// Failures during start-up.
#[derive(Debug, thiserror::Error)]
pub enum BootstrapError {
    /// Storage failed.
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    /// The data directory could not be used.
    #[error("data directory: {0}")]
    Io(#[from] std::io::Error),
    /// A configured value is unusable.
    #[error("configuration: {0}")]
    Config(String),
}

/// The visitor-token key: `PARLEY_SECRET`, else `<data>/secret.key`, created
/// with 32 random bytes on first start.
pub fn load_secret(configured: Option<&str>, data_dir: &Path) -> Result<Vec<u8>, BootstrapError> {
    if let Some(s) = configured {
        if s.len() < 32 {
            return Err(BootstrapError::Config(
                "PARLEY_SECRET must be at least 32 bytes".into(),
            ));
        }
        return Ok(s.as_bytes().to_vec());
    }
    let path = data_dir.join("secret.key");
    if let Ok(existing) = std::fs::read_to_string(&path)
        && let Ok(bytes) = hex::decode(existing.trim())
        && bytes.len() >= 32
    {
        return Ok(bytes);
    }
    let mut bytes = vec![0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    std::fs::write(&path, hex::encode(&bytes))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(bytes)
}

/// Creates the first admin if there is no staff account, or the configured
/// admin if that e-mail is not yet an account. Prints generated credentials
/// once, to the console only.
pub async fn ensure_admin(
    store: &dyn Store,
    email: Option<&str>,
    password: Option<&str>,
) -> Result<(), BootstrapError> {
    let email = email.unwrap_or("admin@parley.local").trim().to_owned();
    let exists = store.agent_by_email(&email).await?.is_some();
    let first = store.count_agents().await? == 0;
    if exists || (!first && password.is_none()) {
        return Ok(());
    }
    let (password, generated) = match password {
        Some(p) => (p.to_owned(), false),
        None => {
            let mut raw = [0u8; 12];
            rand::rng().fill_bytes(&mut raw);
            (URL_SAFE_NO_PAD.encode(raw), true)
        }
    };
    let hash = hash_password(&password)
        .map_err(|_| BootstrapError::Config("password hashing failed".into()))?;
    store
        .create_agent(&email, "Admin", &hash, "admin", now_ms())
        .await?;
    if generated {
        println!(
            "Parley admin account created. Sign in at /desk with:\n  e-mail:   {email}\n  password: {password}\n(shown once; set PARLEY_ADMIN_EMAIL / PARLEY_ADMIN_PASSWORD to choose them)"
        );
    } else {
        println!("Parley admin account created for {email} (password from PARLEY_ADMIN_PASSWORD).");
    }
    Ok(())
}

/// The demo site (key `demo`): greetings in every locale, embeddable from this
/// server's own origins.
pub async fn ensure_demo_site(
    store: &dyn Store,
    origins: Vec<String>,
) -> Result<(), BootstrapError> {
    // An existing demo site keeps what admins wrote; only its origins follow
    // the server's address.
    if let Some(mut existing) = store.sites().await?.into_iter().find(|s| s.key == "demo") {
        existing.allowed_origins = origins;
        existing.greetings.clear();
        store.upsert_site(&existing, now_ms()).await?;
        return Ok(());
    }
    let site = Site {
        key: "demo".into(),
        name: "Northwind Parcel".into(),
        default_locale: "en".into(),
        allowed_origins: origins,
        greetings: LOCALES
            .iter()
            .map(|l| ((*l).to_owned(), lookup(l, "widget-greeting-default")))
            .collect(),
        languages: Vec::new(),
    };
    store.upsert_site(&site, now_ms()).await?;
    Ok(())
}

/// Loads every site into the page directory and the `frame-ancestors` map.
pub async fn load_sites(state: &AppState) -> Result<(), BootstrapError> {
    for site in state.store.sites().await? {
        state.sites.insert(WidgetConfig {
            site: site.key.clone(),
            name: site.name.clone(),
            greetings: site.greetings.clone(),
            default_locale: site.default_locale.clone(),
            languages: site.languages.clone(),
        });
        if let Ok(mut m) = state.site_origins.write() {
            m.insert(site.key.clone(), site.allowed_origins.clone());
        }
    }
    Ok(())
}
