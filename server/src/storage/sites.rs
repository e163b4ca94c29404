//! Sites and their settings: greetings and texts, identity verification, canned
//! replies, compliance rules, fee lines, the global second-factor policy.
//!
//! Part of [`Store`](super::Store); the SQLite implementation is in
//! `sqlite/sites.rs`.

use async_trait::async_trait;
use parley_app::canned::CannedReply;
use parley_app::compliance::{CompliancePolicy, PhraseRule};
use parley_app::fees::FeeLine;
use parley_app::protocol::StaffRole;

use super::StoreResult;
use crate::domain::site::{DEFAULT_ACCENT, LauncherPosition};

/// A site as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    /// Public key used in the script tag.
    pub key: String,
    /// Business name.
    pub name: String,
    /// Locale whose texts are the fallback.
    pub default_locale: String,
    /// Origins allowed to embed the widget.
    pub allowed_origins: Vec<String>,
    /// Greeting per locale.
    pub greetings: Vec<(String, String)>,
    /// Away/offline message per locale (shown while nobody can answer).
    pub away: Vec<(String, String)>,
    /// The "is your problem solved?" question per locale.
    pub confirm: Vec<(String, String)>,
    /// The rating question per locale.
    pub rating: Vec<(String, String)>,
    /// Locales offered to customers; empty = every shipped locale.
    pub languages: Vec<String>,
    /// The launcher's label per locale (the Fluent default where missing).
    pub launcher: Vec<(String, String)>,
    /// Accent colour, `#rrggbb` (checked for contrast before it is stored).
    pub accent: String,
    /// Where the launcher sits.
    pub position: LauncherPosition,
    /// Whether the widget loads (a disabled site keeps its history).
    pub enabled: bool,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            key: String::new(),
            name: String::new(),
            default_locale: "en".into(),
            allowed_origins: Vec::new(),
            greetings: Vec::new(),
            away: Vec::new(),
            confirm: Vec::new(),
            rating: Vec::new(),
            languages: Vec::new(),
            launcher: Vec::new(),
            accent: DEFAULT_ACCENT.into(),
            position: LauncherPosition::End,
            enabled: true,
        }
    }
}

/// Sites and their settings: greetings and texts, identity verification, canned
/// replies, compliance rules, fee lines, the global second-factor policy.
#[async_trait]
pub trait SiteStore: Send + Sync {
    /// Creates or updates a site, its settings and the texts it lists
    /// (texts it does not list are kept).
    async fn upsert_site(&self, site: &Site, now: i64) -> StoreResult<()>;
    /// Creates a new site; `Conflict` if its key is taken.
    async fn create_site(&self, site: &Site, now: i64) -> StoreResult<()>;
    /// All sites, disabled ones too, by key.
    async fn sites(&self) -> StoreResult<Vec<Site>>;
    /// Marks `site`'s directory entry changed at `now` (its texts, setup,
    /// topics or fees), so every server reloads it. `NotFound` for an
    /// unknown site.
    async fn touch_site(&self, site: &str, now: i64) -> StoreResult<()>;
    /// When any site's directory entry last changed (0: never), for servers
    /// to tell whether theirs is current.
    async fn sites_changed_at(&self) -> StoreResult<i64>;
    /// Sets (or, with `None`, removes) one operator text of a site, e.g. the
    /// `greeting` in `de`. `NotFound` for an unknown site.
    async fn set_site_text(
        &self,
        site: &str,
        kind: &str,
        locale: &str,
        body: Option<&str>,
    ) -> StoreResult<()>;
    /// A site's identity-verification secret (sealed) and whether it is required.
    async fn site_identity(&self, site: &str) -> StoreResult<(Option<String>, bool)>;
    /// Sets a site's identity-verification secret (sealed) and requirement.
    async fn set_site_identity(
        &self,
        site: &str,
        sealed: Option<&str>,
        required: bool,
    ) -> StoreResult<()>;
    /// A site's canned replies (stored as site texts of kind `canned:<key>`),
    /// by key.
    async fn canned_replies(&self, site: &str) -> StoreResult<Vec<CannedReply>>;
    /// A site's compliance rules and their version.
    async fn compliance_policy(&self, site: &str) -> StoreResult<CompliancePolicy>;
    /// Replaces a site's rules for the given locales in one change (one new
    /// policy version); returns that version.
    async fn set_compliance_rules(
        &self,
        site: &str,
        edits: &[(&str, Vec<PhraseRule>)],
    ) -> StoreResult<i64>;
    /// A site's fee calculator lines.
    async fn fee_lines(&self, site: &str) -> StoreResult<Vec<FeeLine>>;
    /// Replaces a site's fee calculator lines.
    async fn set_fee_lines(&self, site: &str, lines: &[FeeLine]) -> StoreResult<()>;
    /// Roles that must use a second factor.
    async fn mfa_required(&self) -> StoreResult<Vec<StaffRole>>;
    /// Sets whether `role` must use a second factor.
    async fn set_mfa_required(&self, role: StaffRole, required: bool) -> StoreResult<()>;
}
