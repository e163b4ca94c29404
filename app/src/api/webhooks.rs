//! A site's webhooks at the desk: what `/desk/webhooks` shows — each
//! endpoint with its events, signing secret and latest deliveries.

#[allow(unused_imports)]
use super::*;

/// One delivery as the delivery log shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookDeliveryView {
    /// Id (the `Parley-Delivery` header).
    pub id: i64,
    /// The event's name.
    pub event: String,
    /// The event's id.
    pub event_id: String,
    /// When the event happened.
    pub created_at: i64,
    /// Attempts so far.
    pub attempts: u32,
    /// The last answer's HTTP status (0: none).
    pub last_status: Option<u16>,
    /// What went wrong last.
    pub last_error: Option<String>,
    /// When the receiver took it.
    pub delivered_at: Option<i64>,
    /// When it was given up.
    pub gave_up_at: Option<i64>,
    /// When it is tried next.
    pub next_at: Option<i64>,
}

/// One endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookView {
    /// Id.
    pub id: i64,
    /// Where deliveries go.
    pub url: String,
    /// The events it hears of.
    pub events: Vec<String>,
    /// Its signing secret (for the receiver's check).
    pub secret: String,
    /// When it was added.
    pub created_at: i64,
    /// Since when its deliveries are given up, if they are.
    pub failing_since: Option<i64>,
    /// Its latest deliveries, newest first.
    pub deliveries: Vec<WebhookDeliveryView>,
}

/// What `/desk/webhooks` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhooksView {
    /// The site.
    pub site: String,
    /// The sites the admin administers (to switch).
    pub sites: Vec<String>,
    /// Every event an endpoint can ask for.
    pub events: Vec<String>,
    /// Its endpoints, oldest first.
    pub endpoints: Vec<WebhookView>,
    /// Its order-lookup endpoint and the secret requests are signed with.
    pub lookup: Option<(String, String)>,
}

/// A site's webhooks for its admins.
#[server(endpoint = "webhooks")]
pub async fn load_webhooks(site: String) -> Result<WebhooksView, ErrorCode> {
    let site = site_or_first(site).await?;
    let admin = signed_in_admin(Some(&site)).await?;
    page_data()?.webhooks(admin, site).await
}
