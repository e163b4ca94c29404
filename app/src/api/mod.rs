//! Request/response types and server functions used by the pages (not the
//! live traffic, which is the websocket protocol in [`crate::protocol`]).
//!
//! The server crate owns storage; it hands the page layer what it needs through
//! request extensions ([`SignedIn`]) and Leptos context ([`SiteDirectory`]), so
//! this crate never depends on the server.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;
use crate::protocol::AgentProfile;

mod complaints;
mod kb;
mod keys;
mod reports;
mod security;
mod webhooks;
pub use complaints::*;
pub use kb::*;
pub use keys::*;
pub use reports::*;
pub use security::*;
pub use webhooks::*;

/// The operator texts a site writes for customers, each per locale.
pub const TEXT_KINDS: [&str; 4] = ["greeting", "away", "confirm", "rating"];

/// What the widget page carries for the widget's WASM (a JSON script
/// element, `id="parley-boot"`): everything it needs before connecting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetBoot {
    /// The site's configuration.
    pub config: WidgetConfig,
    /// The locale the server negotiated for the reader.
    pub locale: String,
    /// The widget's messages in that locale, compiled
    /// (`i18n::widget_catalog`).
    pub messages: crate::catalog::Catalog,
}

/// What `/widget/messages?lang=…&site=…` answers a widget whose customer
/// switches language: the messages, and the site's texts, in that language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetLanguage {
    /// The widget's messages (see `i18n::widget_catalog`).
    pub messages: crate::catalog::Catalog,
    /// The site's configuration for a reader of that language
    /// ([`WidgetConfig::for_reader`]); `None` for an unknown site.
    pub config: Option<WidgetConfig>,
}

/// What the widget page needs to know about a site before connecting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetConfig {
    /// Site key.
    pub site: String,
    /// Display name of the business.
    pub name: String,
    /// Greeting per locale, e.g. `("zh-CN", "您好…")`.
    pub greetings: Vec<(String, String)>,
    /// Away/offline message per locale, shown while nobody can answer.
    #[serde(default)]
    pub away: Vec<(String, String)>,
    /// The "is your problem solved?" question per locale.
    #[serde(default)]
    pub confirm: Vec<(String, String)>,
    /// The "how did we do?" rating question per locale.
    #[serde(default)]
    pub rating: Vec<(String, String)>,
    /// The locale whose texts are used when the reader's is missing.
    pub default_locale: String,
    /// Locales the site offers; empty means every shipped locale.
    pub languages: Vec<String>,
    /// What customers can ask about, with each category's intake form.
    #[serde(default)]
    pub categories: Vec<crate::intake::Category>,
    /// ISO country codes accepted by country facts (named by the browser).
    #[serde(default)]
    pub countries: Vec<String>,
    /// The fee calculator's price lines (none: no calculator).
    #[serde(default)]
    pub fees: Vec<crate::fees::FeeLine>,
    /// The site has an order lookup: the widget offers "Track my order".
    #[serde(default)]
    pub tracking: bool,
    /// The launcher's label per locale (the translated default where missing).
    #[serde(default)]
    pub launcher: Vec<(String, String)>,
    /// Accent colour, `#rrggbb`, readable under white text (WCAG AA).
    #[serde(default = "default_accent")]
    pub accent: String,
    /// Where the launcher sits in reading order: `end` (bottom right on
    /// left-to-right pages) or `start`.
    #[serde(default = "default_position")]
    pub position: String,
    /// Whether the widget loads (a disabled site is listed for its admins only).
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        WidgetConfig {
            site: String::new(),
            name: String::new(),
            greetings: Vec::new(),
            away: Vec::new(),
            confirm: Vec::new(),
            rating: Vec::new(),
            default_locale: "en".into(),
            languages: Vec::new(),
            categories: Vec::new(),
            countries: Vec::new(),
            fees: Vec::new(),
            tracking: false,
            launcher: Vec::new(),
            accent: default_accent(),
            position: default_position(),
            enabled: true,
        }
    }
}

/// The accent of a site that never chose one.
pub const DEFAULT_ACCENT: &str = "#1f5fbf";

fn default_accent() -> String {
    DEFAULT_ACCENT.to_owned()
}

fn default_position() -> String {
    "end".to_owned()
}

fn enabled_by_default() -> bool {
    true
}

impl WidgetConfig {
    /// The locales offered to this site's customers, in switcher order.
    pub fn offered(&self) -> Vec<&'static str> {
        let shipped = crate::locale::SHIPPED;
        if self.languages.is_empty() {
            return shipped.to_vec();
        }
        let offered: Vec<&'static str> = shipped
            .iter()
            .copied()
            .filter(|l| self.languages.iter().any(|s| s.eq_ignore_ascii_case(l)))
            .collect();
        if offered.is_empty() {
            shipped.to_vec()
        } else {
            offered
        }
    }

    /// The locale for a reader whose preferences are `prefs` (most wanted first).
    pub fn locale_for<S: AsRef<str>>(&self, prefs: &[S]) -> &'static str {
        crate::locale::negotiate(prefs, &self.offered(), &self.default_locale)
    }

    /// What a reader of `locale` can be shown of it: texts in that locale,
    /// its language and the site's default locale (and, for names with a
    /// last-resort fallback, the first one); the other languages' texts
    /// are left out. Every text the widget shows reads the same from it
    /// for that locale: the widget page carries this, and fetches the next
    /// locale's with its messages when the customer switches.
    pub fn for_reader(&self, locale: &str) -> WidgetConfig {
        let language = locale.split('-').next().unwrap_or(locale);
        let wanted = |k: &str| {
            k.eq_ignore_ascii_case(locale)
                || k.eq_ignore_ascii_case(language)
                || k.eq_ignore_ascii_case(&self.default_locale)
        };
        let texts = |list: &[(String, String)]| -> Vec<(String, String)> {
            list.iter().filter(|(k, _)| wanted(k)).cloned().collect()
        };
        let names = |map: &std::collections::BTreeMap<String, String>, keep_first: bool| {
            map.iter()
                .enumerate()
                .filter(|(i, (k, _))| wanted(k) || (keep_first && *i == 0))
                .map(|(_, (k, v))| (k.clone(), v.clone()))
                .collect()
        };
        let mut out = self.clone();
        out.greetings = texts(&self.greetings);
        out.away = texts(&self.away);
        out.confirm = texts(&self.confirm);
        out.rating = texts(&self.rating);
        out.launcher = texts(&self.launcher);
        for category in &mut out.categories {
            category.names = names(&category.names, true);
            for field in &mut category.fields {
                field.labels = names(&field.labels, true);
            }
        }
        for line in &mut out.fees {
            line.names = names(&line.names, false);
        }
        out
    }

    /// The greeting for `locale`, falling back to the site default locale.
    pub fn greeting(&self, locale: &str) -> Option<&str> {
        self.pick(&self.greetings, locale)
    }

    /// The away message for `locale`, with the same fallback.
    pub fn away(&self, locale: &str) -> Option<&str> {
        self.pick(&self.away, locale)
    }

    /// The confirmation question for `locale`, with the same fallback.
    pub fn confirm(&self, locale: &str) -> Option<&str> {
        self.pick(&self.confirm, locale)
    }

    /// The rating question for `locale`, with the same fallback.
    pub fn rating(&self, locale: &str) -> Option<&str> {
        self.pick(&self.rating, locale)
    }

    /// An operator text of one of the [`TEXT_KINDS`] per locale.
    pub fn texts(&self, kind: &str) -> &[(String, String)] {
        match kind {
            "away" => &self.away,
            "confirm" => &self.confirm,
            "rating" => &self.rating,
            "launcher" => &self.launcher,
            _ => &self.greetings,
        }
    }

    /// `locale`, then its language, then the site's default locale.
    fn pick<'a>(&self, texts: &'a [(String, String)], locale: &str) -> Option<&'a str> {
        let find = |l: &str| {
            texts
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(l))
                .map(|(_, v)| v.as_str())
        };
        find(locale)
            .or_else(|| locale.split('-').next().and_then(find))
            .or_else(|| find(&self.default_locale))
    }
}

/// Request extension set by the server for `/desk` and `/api/*`: the agent
/// whose session cookie came with the request, if any.
#[derive(Debug, Clone, Default)]
pub struct SignedIn(pub Option<AgentProfile>);

/// Context provided by the server: every site's widget configuration.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct SiteDirectory(
    pub std::sync::Arc<std::sync::RwLock<std::collections::HashMap<String, WidgetConfig>>>,
);

#[cfg(feature = "ssr")]
impl SiteDirectory {
    /// The configuration of `site`, if known (disabled or not: for its admins).
    pub fn get(&self, site: &str) -> Option<WidgetConfig> {
        self.0.read().ok().and_then(|m| m.get(site).cloned())
    }

    /// The configuration of `site` if its widget may load (known and enabled).
    pub fn live(&self, site: &str) -> Option<WidgetConfig> {
        self.get(site).filter(|c| c.enabled)
    }

    /// Every site, by key.
    pub fn all(&self) -> Vec<WidgetConfig> {
        let mut out: Vec<WidgetConfig> = self
            .0
            .read()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default();
        out.sort_by(|a, b| a.site.cmp(&b.site));
        out
    }

    /// Replaces the whole directory (sites removed from storage go).
    pub fn replace(&self, configs: Vec<WidgetConfig>) {
        if let Ok(mut m) = self.0.write() {
            *m = configs.into_iter().map(|c| (c.site.clone(), c)).collect();
        }
    }

    /// Every site's categories, first definition of a key wins.
    pub fn categories(&self) -> Vec<crate::intake::Category> {
        self.categories_of(|_| true)
    }

    /// The categories of the sites `serves` accepts (tenancy: staff of one
    /// site do not learn another's topics).
    pub fn categories_of(&self, serves: impl Fn(&str) -> bool) -> Vec<crate::intake::Category> {
        let mut out: Vec<crate::intake::Category> = Vec::new();
        if let Ok(m) = self.0.read() {
            let mut sites: Vec<&WidgetConfig> = m.values().filter(|c| serves(&c.site)).collect();
            sites.sort_by(|a, b| a.site.cmp(&b.site));
            for c in sites.into_iter().flat_map(|s| s.categories.iter()) {
                if !out.iter().any(|k| k.key == c.key) {
                    out.push(c.clone());
                }
            }
        }
        out
    }

    /// Adds or replaces a site.
    pub fn insert(&self, config: WidgetConfig) {
        if let Ok(mut m) = self.0.write() {
            m.insert(config.site.clone(), config);
        }
    }
}

/// Staff and teams for the admin's staff page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffList {
    /// Every staff account with its routing profile.
    pub agents: Vec<AgentProfile>,
    /// Every site's regional teams.
    pub teams: Vec<crate::protocol::TeamView>,
    /// Every site's compliance rules, by site key.
    #[serde(default)]
    pub compliance: Vec<(String, crate::compliance::CompliancePolicy)>,
    /// Every site's canned replies (with its greeting).
    #[serde(default)]
    pub canned: Vec<crate::canned::SiteCanned>,
}

/// The staff list for the admin page; refused unless an admin is signed in.
#[server(endpoint = "staff")]
pub async fn load_staff() -> Result<StaffList, ErrorCode> {
    let admin = signed_in_admin(None).await?;
    page_data()?.staff(admin).await
}

/// A site's setup as the JSON admins edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetupView {
    /// Site key.
    pub site: String,
    /// Regional teams with calendars and escalation contacts.
    pub teams: String,
    /// Topics with their forms, team and skill.
    pub topics: String,
    /// SLA targets.
    pub targets: String,
    /// The fee calculator's price lines.
    pub fees: String,
    /// Compensation authority limits and exchange rates.
    #[serde(default)]
    pub compensation: String,
    /// The complaint ledger's root causes (`[]`: the defaults).
    #[serde(default)]
    pub root_causes: String,
    /// Staff who work for the site, `(e-mail, name)`: the supervisors and
    /// on-call people a team may name.
    #[serde(default)]
    pub staff: Vec<(String, String)>,
    /// IANA time zone names a team's calendar may use.
    #[serde(default)]
    pub time_zones: Vec<String>,
}

/// One site as its admin sees it on `/desk/sites`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteAdminView {
    /// Its widget configuration (name, accent, position, launcher labels,
    /// languages, enabled).
    pub config: WidgetConfig,
    /// Host-page origins allowed to embed it.
    pub origins: Vec<String>,
    /// Whether customers must carry a verified identity.
    pub identity_required: bool,
    /// Whether an identity-verification secret exists (shown on the
    /// security page).
    pub identity_secret_set: bool,
}

/// `/desk/library`: a site's case library, searched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LibraryView {
    /// The sites the viewer serves.
    pub sites: Vec<String>,
    /// The site shown.
    pub site: String,
    /// The search (empty: the newest cases).
    pub query: String,
    /// The cases, best match (or newest) first.
    pub cases: Vec<crate::protocol::LibraryCase>,
    /// Whether the viewer may take cases out (admins, supervisors).
    pub may_curate: bool,
}

/// What `/desk/sites` shows an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SitesView {
    /// The sites they administer, by key.
    pub sites: Vec<SiteAdminView>,
    /// Whether they may add a site (all-sites admins).
    pub may_create: bool,
    /// Where Parley is served (the snippet's `src`).
    pub origin: String,
    /// The staff they may assign to sites (not admins, not themselves).
    pub staff: Vec<AgentProfile>,
}

/// The sites an admin administers; refused unless an admin is signed in.
#[server(endpoint = "sites")]
pub async fn load_sites() -> Result<SitesView, ErrorCode> {
    let admin = signed_in_admin(None).await?;
    page_data()?.sites(admin).await
}

/// A site's setup for the admin page; refused unless an admin is signed in.
#[server(endpoint = "setup")]
pub async fn load_setup(site: String) -> Result<SetupView, ErrorCode> {
    let site = site_or_first(site).await?;
    signed_in_admin(Some(&site)).await?;
    page_data()?.setup(site).await
}

/// The signed-in staff member, whatever their role.
#[cfg(feature = "ssr")]
async fn signed_in_staff() -> Result<AgentProfile, ErrorCode> {
    let parts = request_parts().await?;
    parts
        .extensions
        .get::<SignedIn>()
        .and_then(|s| s.0.clone())
        .ok_or(ErrorCode::Unauthorized)
}

/// `value` written for a URL's query string: RFC 3986's unreserved
/// characters as they are, everything else percent-encoded.
pub fn query_value(value: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const KEEP: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(value, KEEP).to_string()
}

/// What the pages need from storage, answered by the server (which owns
/// it) through one implementation it provides as context ([`PageSource`]):
/// pages cannot reach storage themselves.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait PageData: Send + Sync {
    /// The staff, teams and settings an admin may see (`internal` on a
    /// storage failure).
    async fn staff(&self, admin: AgentProfile) -> Result<StaffList, crate::error::ErrorCode>;
    /// A site's setup as the JSON admins edit (`not_found` for an unknown
    /// site).
    async fn setup(&self, site: String) -> Result<SetupView, crate::error::ErrorCode>;
    /// The sites `admin` administers, with their settings (`internal` on a
    /// storage failure).
    async fn sites(&self, admin: AgentProfile) -> Result<SitesView, crate::error::ErrorCode>;
    /// The complaint ledger as `agent` may see it.
    async fn complaints(
        &self,
        agent: AgentProfile,
        filter: crate::complaints::LedgerFilter,
        id: Option<i64>,
        locale: String,
    ) -> Result<crate::complaints::LedgerView, crate::error::ErrorCode>;
    /// A site's monthly complaint analysis.
    async fn analysis(
        &self,
        agent: AgentProfile,
        site: String,
        month: String,
        locale: String,
    ) -> Result<crate::complaints::AnalysisView, crate::error::ErrorCode>;
    /// A site's service report as `agent` may see it.
    async fn report(
        &self,
        agent: AgentProfile,
        filter: crate::reports::ReportFilter,
        locale: String,
    ) -> Result<crate::reports::ReportView, crate::error::ErrorCode>;
    /// A site's API keys.
    async fn api_keys(
        &self,
        admin: AgentProfile,
        site: String,
    ) -> Result<ApiKeysView, crate::error::ErrorCode>;
    /// A site's knowledge base for its editors (`site` empty: the first
    /// they may edit), with `article`'s history.
    async fn kb(
        &self,
        actor: AgentProfile,
        site: String,
        article: Option<i64>,
    ) -> Result<KbView, crate::error::ErrorCode>;
    /// A site's webhooks.
    async fn webhooks(
        &self,
        admin: AgentProfile,
        site: String,
    ) -> Result<WebhooksView, crate::error::ErrorCode>;
    /// A site's case library as `agent` may see it: `query`'s matches
    /// for a reader of `locale`, else the newest.
    async fn library(
        &self,
        agent: AgentProfile,
        site: String,
        query: String,
        locale: String,
    ) -> Result<LibraryView, crate::error::ErrorCode>;
    /// The weekly QA review as `agent` may see it: their own reviews, and
    /// for supervisors and admins the week of `site` holding `week`.
    async fn qa(
        &self,
        agent: AgentProfile,
        site: String,
        week: String,
    ) -> Result<crate::qa::QaView, crate::error::ErrorCode>;
    /// Makes an API key.
    async fn create_api_key(
        &self,
        admin: AgentProfile,
        site: String,
        name: String,
        scope: String,
    ) -> Result<CreatedKey, crate::error::ErrorCode>;
    /// A security request on behalf of a session.
    async fn security(
        &self,
        handle: SessionHandle,
        request: SecurityRequest,
    ) -> Result<SecurityReply, crate::error::ErrorCode>;
}

/// Context provided by the server: its [`PageData`].
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct PageSource(pub std::sync::Arc<dyn PageData>);

/// The server's [`PageData`] for this request.
#[cfg(feature = "ssr")]
fn page_data() -> Result<std::sync::Arc<dyn PageData>, ErrorCode> {
    use_context::<PageSource>().map(|p| p.0).ok_or_else(|| {
        tracing_missing("page data");
        ErrorCode::Internal
    })
}

/// `site`, or when it is empty the first site (by key) the signed-in admin
/// administers: the admin pages' default.
#[cfg(feature = "ssr")]
async fn site_or_first(site: String) -> Result<String, ErrorCode> {
    if !site.is_empty() {
        return Ok(site);
    }
    let admin = signed_in_admin(None).await?;
    site_directory()?
        .all()
        .into_iter()
        .map(|c| c.site)
        .find(|s| admin.sites.is_empty() || admin.sites.contains(s))
        .ok_or(ErrorCode::NotFound)
}

/// The signed-in admin, or the refusal; with `site`, only an admin of
/// that site (one of another site is told it does not exist).
#[cfg(feature = "ssr")]
async fn signed_in_admin(site: Option<&str>) -> Result<AgentProfile, ErrorCode> {
    let parts = request_parts().await?;
    match parts.extensions.get::<SignedIn>().and_then(|s| s.0.clone()) {
        None => Err(ErrorCode::Unauthorized),
        Some(agent) if agent.role != crate::protocol::StaffRole::Admin => Err(ErrorCode::Forbidden),
        Some(agent)
            if site.is_some_and(|s| {
                !agent.sites.is_empty() && !agent.sites.iter().any(|x| x == s)
            }) =>
        {
            Err(ErrorCode::NotFound)
        }
        Some(agent) => Ok(agent),
    }
}

/// Where the browser's desk session stands (set by the server per request).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "snake_case")]
pub enum DeskSession {
    /// No session.
    #[default]
    SignedOut,
    /// Password accepted; the second-factor code is due.
    Code {
        /// Token for the code form.
        csrf: String,
    },
    /// Password accepted; a second factor is mandatory and not set up yet.
    Enrol {
        /// Token for the enrolment form.
        csrf: String,
    },
    /// Password (and code) accepted; an admin requires a new password
    /// before anything else.
    NewPassword {
        /// Token for the password form.
        csrf: String,
    },
    /// Signed in.
    SignedIn {
        /// Who.
        agent: AgentProfile,
        /// Token every state-changing form and request carries.
        csrf: String,
    },
}

impl DeskSession {
    /// The CSRF token of a session, if there is one.
    pub fn csrf(&self) -> Option<&str> {
        match self {
            DeskSession::SignedOut => None,
            DeskSession::Code { csrf }
            | DeskSession::Enrol { csrf }
            | DeskSession::NewPassword { csrf }
            | DeskSession::SignedIn { csrf, .. } => Some(csrf),
        }
    }
}

/// The browser's desk session.
#[server(endpoint = "whoami")]
pub async fn whoami() -> Result<DeskSession, ErrorCode> {
    let parts = request_parts().await?;
    Ok(parts
        .extensions
        .get::<DeskSession>()
        .cloned()
        .unwrap_or_default())
}

/// A site's texts for the admin page; refused unless an admin is signed in.
#[server(endpoint = "site_texts")]
pub async fn load_site_texts(site: String) -> Result<WidgetConfig, ErrorCode> {
    let site = site_or_first(site).await?;
    signed_in_admin(Some(&site)).await?;
    site_directory()?.get(&site).ok_or(ErrorCode::NotFound)
}

/// The widget configuration of `site`, or `None` for an unknown site key.
#[server(endpoint = "widget_config")]
pub async fn load_widget_config(site: String) -> Result<Option<WidgetConfig>, ErrorCode> {
    Ok(site_directory()?.live(&site))
}

/// The site directory the server provides as context.
#[cfg(feature = "ssr")]
fn site_directory() -> Result<SiteDirectory, ErrorCode> {
    use_context::<SiteDirectory>().ok_or_else(|| {
        tracing_missing("site directory");
        ErrorCode::Internal
    })
}

/// The request's parts (extensions set by the server's middleware).
#[cfg(feature = "ssr")]
async fn request_parts() -> Result<axum::http::request::Parts, ErrorCode> {
    leptos_axum::extract()
        .await
        .map_err(|_| ErrorCode::Internal)
}

/// A context the server must provide is missing: a wiring bug, never the
/// client's fault.
#[cfg(feature = "ssr")]
fn tracing_missing(what: &str) {
    leptos::logging::error!("server function context missing: {what}");
}

/// Server functions answer with an [`ErrorCode`]: the client gets the code
/// (JSON), and a failure of the call itself (network, encoding) is
/// `internal`.
impl leptos::server_fn::error::FromServerFnError for ErrorCode {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(_: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        ErrorCode::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_readers_share_of_the_config_reads_the_same_for_that_reader() {
        use crate::fees::FeeLine;
        use crate::intake::{Category, FactField, FactKind};
        use std::collections::BTreeMap;
        let all = |prefix: &str| -> BTreeMap<String, String> {
            ["de", "en", "es", "ja", "zh", "zh-CN"]
                .iter()
                .map(|l| ((*l).to_owned(), format!("{prefix} {l}")))
                .collect()
        };
        let pairs = |prefix: &str| -> Vec<(String, String)> { all(prefix).into_iter().collect() };
        for default in ["en", "es"] {
            let config = WidgetConfig {
                default_locale: default.into(),
                greetings: pairs("hi"),
                away: vec![("de".into(), "weg".into()), (default.into(), "away".into())],
                confirm: pairs("solved?"),
                rating: vec![],
                launcher: pairs("chat"),
                categories: vec![Category {
                    key: "k".into(),
                    names: all("topic"),
                    priority: crate::lifecycle::Priority::Routine,
                    complaint: false,
                    fields: vec![FactField {
                        key: "f".into(),
                        kind: FactKind::Text,
                        required: true,
                        // Only in Arabic: every reader falls back to it.
                        labels: [("ar".to_owned(), "حقل".to_owned())].into(),
                        pattern: None,
                        example: None,
                    }],
                }],
                fees: vec![FeeLine {
                    key: "air".into(),
                    names: all("air"),
                    currency: "EUR".into(),
                    exponent: 2,
                    first_grams: 500,
                    first_price: 900,
                    step_grams: 500,
                    step_price: 300,
                    max_grams: None,
                }],
                ..WidgetConfig::default()
            };
            for locale in crate::locale::SHIPPED {
                let mine = config.for_reader(locale);
                assert_eq!(mine.greeting(locale), config.greeting(locale), "{locale}");
                assert_eq!(mine.away(locale), config.away(locale), "{locale}");
                assert_eq!(mine.confirm(locale), config.confirm(locale), "{locale}");
                assert_eq!(mine.rating(locale), config.rating(locale), "{locale}");
                let (a, b) = (&mine.categories[0], &config.categories[0]);
                assert_eq!(a.name(locale, default), b.name(locale, default), "{locale}");
                assert_eq!(
                    a.fields[0].label(locale, default),
                    b.fields[0].label(locale, default)
                );
                assert_eq!(
                    mine.fees[0].name(locale, default),
                    config.fees[0].name(locale, default)
                );
                assert_eq!(mine.offered(), config.offered());
                assert!(mine.greetings.len() <= 3, "{locale}: {:?}", mine.greetings);
            }
        }
    }

    #[test]
    fn greeting_falls_back_by_language_then_site_default() {
        let c = WidgetConfig {
            site: "demo".into(),
            name: "Demo".into(),
            greetings: vec![("en".into(), "Hi".into()), ("zh-CN".into(), "您好".into())],
            away: vec![("de".into(), "Wir sind gleich zurück".into())],
            rating: vec![("en".into(), "How did we do?".into())],
            default_locale: "en".into(),
            ..WidgetConfig::default()
        };
        assert_eq!(c.greeting("zh-CN"), Some("您好"));
        assert_eq!(c.greeting("en-GB"), Some("Hi"));
        assert_eq!(c.greeting("de"), Some("Hi"));
        assert_eq!(c.away("de-AT"), Some("Wir sind gleich zurück"));
        assert_eq!(
            c.away("en"),
            None,
            "no text in the locale nor the site default"
        );
        assert_eq!(c.confirm("en"), None);
        assert_eq!(c.rating("ja"), Some("How did we do?"));
        assert_eq!(c.texts("rating"), c.rating.as_slice());
    }

    #[test]
    fn sites_can_restrict_their_languages() {
        let mut c = WidgetConfig {
            site: "shop".into(),
            name: "Shop".into(),
            default_locale: "de".into(),
            ..WidgetConfig::default()
        };
        assert_eq!(c.locale_for(&["ja-JP"]), "ja");
        c.languages = vec!["de".into(), "en".into()];
        assert_eq!(c.offered(), vec!["en", "de"]);
        assert_eq!(c.locale_for(&["ja-JP"]), "de");
        assert_eq!(c.locale_for(&["ja-JP", "en-US"]), "en");
        c.languages = vec!["xx".into()];
        assert_eq!(
            c.offered().len(),
            crate::locale::SHIPPED.len(),
            "nonsense falls back to all"
        );
    }
}
