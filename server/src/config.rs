//! Command-line and environment configuration.

use std::net::SocketAddr;
use std::path::PathBuf;

/// How Parley is configured. Every flag also reads an environment variable.
#[derive(Debug, Clone, clap::Parser)]
#[command(name = "parley", about = "Parley customer-support server")]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "PARLEY_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// Database URL; `sqlite://…` (embedded). Defaults to `parley.db` in the
    /// data directory, so moving `PARLEY_DATA_DIR` moves the database too.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// Directory for the database and the signing key.
    #[arg(long, env = "PARLEY_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// Public base URL of this server (where `embed.js` and the widget live).
    /// Defaults to `http://<addr>`.
    #[arg(long, env = "PARLEY_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// E-mail of the first admin, created on first start.
    #[arg(long, env = "PARLEY_ADMIN_EMAIL")]
    pub admin_email: Option<String>,
    /// Password of the first admin; generated and printed once if absent.
    #[arg(long, env = "PARLEY_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,
    /// Key for signing visitor tokens (≥ 32 bytes); generated into the data dir if absent.
    #[arg(long, env = "PARLEY_SECRET", hide_env_values = true)]
    pub secret: Option<String>,
    /// Keys sealing personal data and secrets at rest: `id:hex32bytes`,
    /// comma-separated, current first (rotation: prepend a new key). Generated
    /// into `<data>/data.keys` if absent.
    #[arg(long, env = "PARLEY_DATA_KEYS", hide_env_values = true)]
    pub data_keys: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` names the client, as
    /// addresses or networks, comma-separated (e.g. `127.0.0.1,10.0.0.0/8`).
    /// Without it the socket's peer is the client.
    #[arg(long, env = "PARLEY_TRUSTED_PROXIES")]
    pub trusted_proxies: Option<String>,
    /// Customers' files a site may hold, in MiB (uploads beyond are refused
    /// with `storage_quota`).
    #[arg(long, env = "PARLEY_SITE_STORAGE_MB", default_value_t = 2048)]
    pub site_storage_mb: u64,
    /// The demo site (`demo`) and its host page `/demo`: `on` (the default,
    /// for trying Parley) or `off` (a deployment for real sites only).
    #[arg(long, env = "PARLEY_DEMO", default_value = "on", value_parser = on_off, action = clap::ArgAction::Set)]
    pub demo: bool,
    /// Webhook endpoints on loopback, private or link-local addresses:
    /// `off` (the default: a site admin cannot make Parley probe the
    /// internal network) or `on` (tests, a receiver on the same host).
    #[arg(long, env = "PARLEY_WEBHOOK_ALLOW_PRIVATE", default_value = "off", value_parser = on_off, action = clap::ArgAction::Set)]
    pub webhook_allow_private: bool,
    /// The SMTP relay replies are mailed through, as a URL:
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// `smtps://user:pass@host:465` (TLS), `smtp://host:25` (a local relay,
    /// no TLS). Unset: no mail is sent.
    #[arg(long, env = "PARLEY_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The domain of the sites' support addresses (`{site}@domain`) and
    /// the conversations' reply addresses; its MX (or a forward) must reach
    /// `PARLEY_SMTP_LISTEN`. Defaults to the public URL's host.
    #[arg(long, env = "PARLEY_MAIL_DOMAIN")]
    pub mail_domain: Option<String>,
    /// Address of Parley's own SMTP listener for inbound mail (e.g.
    /// `0.0.0.0:25`). Unset: no mail is received.
    #[arg(long, env = "PARLEY_SMTP_LISTEN")]
    pub smtp_listen: Option<SocketAddr>,
    /// Seconds a staff reply waits before it is mailed to a customer who
    /// did not see it in the widget (replies within it go in one mail).
    #[arg(long, env = "PARLEY_MAIL_GRACE", default_value_t = 120)]
    pub mail_grace_secs: u64,
    /// An IMAP mailbox inbound mail is collected from, instead of (or
    /// beside) the listener: `imaps://user:pass@host[:993][/folder]`,
    /// `imap://user:pass@host[:143][/folder]` (STARTTLS), or
    /// `imap://…?tls=none` on loopback. Unset: no mailbox is polled.
    #[arg(long, env = "PARLEY_IMAP_URL", hide_env_values = true)]
    pub imap_url: Option<String>,
    /// Seconds between two looks at the IMAP mailbox.
    #[arg(long, env = "PARLEY_IMAP_POLL", default_value_t = 30)]
    pub imap_poll_secs: u64,
    /// A PEM file of CA certificates trusted beside the web's roots for
    /// the relay's and the mailbox's TLS (a private mail server).
    #[arg(long, env = "PARLEY_MAIL_CA")]
    pub mail_ca: Option<std::path::PathBuf>,
    /// The Japanese dictionary's source folder (IPAdic CSV, `matrix.def`,
    /// `char.def`, `unk.def`), compiled when Japanese is first searched;
    /// unset: `.tools/ipadic/dict` if `./run.sh` fetched it there, else
    /// Japanese search cuts text into character pairs.
    #[arg(long, env = "PARLEY_JA_DICT")]
    pub ja_dictionary: Option<std::path::PathBuf>,
    /// Where cargo-leptos put the compiled site (JS, WASM, CSS).
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Folder inside the site root holding the bundle.
    #[arg(long, env = "LEPTOS_SITE_PKG_DIR", default_value = "pkg")]
    pub site_pkg_dir: String,
    /// Bundle name.
    #[arg(long, env = "LEPTOS_OUTPUT_NAME", default_value = "parley")]
    pub output_name: String,
    /// Tests only: a clock that moves when told to (SLA deadlines without sleeps).
    #[arg(skip)]
    pub clock: Option<std::sync::Arc<crate::state::ManualClock>>,
    /// Tests only: start with the second factor optional for admins (tests
    /// of other features sign in many times a minute; the security tests
    /// keep the default, mandatory).
    #[arg(skip = true)]
    pub mfa_for_admins: bool,
    /// Live events a desk may fall behind by before it is resynchronised
    /// (tests shrink it to make a desk fall behind on purpose).
    #[arg(skip = crate::events::CHANNEL_CAPACITY)]
    pub hub_capacity: usize,
    /// A maintenance command instead of serving.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Maintenance commands (run beside or instead of the server).
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Writes a consistent copy of the database while Parley keeps serving.
    Backup {
        /// The new backup file (never overwritten).
        #[arg(long)]
        to: PathBuf,
    },
    /// Replaces the database with a backup (stop the server first).
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
    },
}

impl Config {
    /// Defaults for tests and tools: everything under `data_dir`, port as given.
    pub fn for_data_dir(data_dir: PathBuf, addr: SocketAddr) -> Self {
        Config {
            addr,
            database_url: None,
            data_dir,
            public_url: None,
            admin_email: None,
            admin_password: None,
            secret: None,
            data_keys: None,
            trusted_proxies: None,
            site_storage_mb: 2048,
            demo: true,
            webhook_allow_private: false,
            smtp_url: None,
            mail_domain: None,
            smtp_listen: None,
            mail_grace_secs: 120,
            imap_url: None,
            imap_poll_secs: 30,
            mail_ca: None,
            ja_dictionary: None,
            site_root: "target/site".into(),
            site_pkg_dir: "pkg".into(),
            output_name: "parley".into(),
            clock: None,
            mfa_for_admins: true,
            hub_capacity: crate::events::CHANNEL_CAPACITY,
            command: None,
        }
    }

    /// The database URL: the one given, else `parley.db` in the data directory.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("parley.db").display()))
    }
}

/// `on`/`off` (also `true`/`false`, `1`/`0`, `yes`/`no`).
fn on_off(value: &str) -> Result<bool, String> {
    match value.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "1" | "yes" => Ok(true),
        "off" | "false" | "0" | "no" => Ok(false),
        other => Err(format!("expected on or off, not {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_follows_the_data_directory_unless_named() {
        let addr: SocketAddr = "127.0.0.1:0".parse().expect("address");
        let mut config = Config::for_data_dir(PathBuf::from("/srv/parley"), addr);
        assert_eq!(config.database_url(), "sqlite:///srv/parley/parley.db");
        config.database_url = Some("sqlite:///db/p.db".into());
        assert_eq!(config.database_url(), "sqlite:///db/p.db");
    }
}
