//! A site's API keys at the desk: what `/desk/api-keys` shows, and making
//! a key (its one showing).

#[allow(unused_imports)]
use super::*;

/// One API key as its site's admins see it (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeyView {
    /// Id.
    pub id: i64,
    /// What the admin called it.
    pub name: String,
    /// `read` or `write`.
    pub scope: String,
    /// Its first characters.
    pub prefix: String,
    /// When it was made.
    pub created_at: i64,
    /// When it was last used.
    pub last_used_at: Option<i64>,
    /// When it was revoked.
    pub revoked_at: Option<i64>,
}

/// What `/desk/api-keys` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKeysView {
    /// The site.
    pub site: String,
    /// The sites the admin administers (to switch).
    pub sites: Vec<String>,
    /// Its keys, oldest first.
    pub keys: Vec<ApiKeyView>,
}

/// A key just made, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedKey {
    /// Id.
    pub id: i64,
    /// The key.
    pub key: String,
}

/// A site's API keys for its admins.
#[server(endpoint = "api_keys")]
pub async fn load_api_keys(site: String) -> Result<ApiKeysView, ErrorCode> {
    let site = site_or_first(site).await?;
    let admin = signed_in_admin(Some(&site)).await?;
    page_data()?.api_keys(admin, site).await
}

/// Makes an API key for a site; its admins only. The answer carries the
/// key, the only time it is shown.
#[server(endpoint = "api_key_create")]
pub async fn create_api_key(
    site: String,
    name: String,
    scope: String,
) -> Result<CreatedKey, ErrorCode> {
    let admin = signed_in_admin(Some(&site)).await?;
    page_data()?.create_api_key(admin, site, name, scope).await
}
