//! Calls from Parley to sites' own back-ends (webhook deliveries, order
//! lookups): one HTTP client that resolves names to public addresses only
//! (unless the operator allows private ones), follows no redirects and
//! gives up after its timeout.

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::domain::webhooks;

/// How long one call may take (a call may set a shorter one).
const TIMEOUT: Duration = Duration::from_secs(10);

/// Resolves endpoint names, keeping only public addresses unless private
/// ones are allowed: a name that points inside is refused at connection
/// time too (no rebinding past the check at registration).
struct PublicOnly {
    allow_private: bool,
}

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allow || webhooks::is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{host} resolves to no public address").into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// The client for calls to sites' back-ends (webhooks, order lookups).
pub fn client(allow_private: bool) -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Parley-Webhooks/1")
            .dns_resolver(Arc::new(PublicOnly { allow_private }))
            .build()
            .unwrap_or_else(|e| {
                tracing::error!(error = %e, "webhook client; falling back to defaults");
                reqwest::Client::new()
            })
    })
}
