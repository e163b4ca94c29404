//! Receiving by polling an IMAP mailbox (`PARLEY_IMAP_URL`), for a mail
//! setup where Parley cannot be the MX: the operator's mailbox (hosted, or
//! their own Dovecot) gets the sites' mail, and Parley collects it.
//!
//! Every `PARLEY_IMAP_POLL` seconds one node (the job's turn) signs in,
//! looks for unseen mail, and takes each one as the listener would: the
//! recipient comes from the headers the last hop wrote (`Delivered-To`,
//! `X-Original-To`) or else `To`/`Cc`, and must be a live site's support
//! address or a reply address with its conversation's token. A mail taken
//! or refused for good is flagged `\Seen`; one that failed for now
//! (storage, limits) stays unseen and is tried at the next poll. The
//! mailbox keeps every mail: Parley never deletes the operator's mail.

use std::time::Duration;

use async_imap::Client;
use futures_util::StreamExt;
use parley_app::error::ErrorCode;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use super::inbound;
use crate::domain::mail as rules;
use crate::state::AppState;

/// Mails taken per poll (the rest wait for the next).
const PER_POLL: usize = 50;
/// How long one poll may take before it is given up.
const POLL_TIMEOUT: Duration = Duration::from_secs(120);
/// How long connecting may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// How to reach the mailbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// Host name or address.
    pub host: String,
    /// Port (993 for `imaps`, 143 for `imap`).
    pub port: u16,
    /// How the connection is protected.
    pub tls: Tls,
    /// The user signed in as.
    pub user: String,
    /// Their password.
    pub password: String,
    /// The folder looked in (`INBOX` unless the URL names one).
    pub folder: String,
}

/// How an IMAP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// TLS from the first byte (`imaps://`).
    Implicit,
    /// `STARTTLS` before signing in (`imap://`, the default).
    StartTls,
    /// None (`imap://…?tls=none`): only for a mailbox on the same host.
    None,
}

/// Reads `PARLEY_IMAP_URL`: `imaps://user:password@host[:993][/folder]`,
/// `imap://user:password@host[:143][/folder]` (STARTTLS), or
/// `imap://…?tls=none` for a server on loopback. User and password are
/// percent-decoded (`%40` for an `@` in the user).
pub fn mailbox(url: &str) -> Result<Mailbox, String> {
    let url = url::Url::parse(url).map_err(|e| e.to_string())?;
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .map(|s| s.into_owned())
            .map_err(|e| e.to_string())
    };
    let none = url.query_pairs().any(|(k, v)| k == "tls" && v == "none");
    let (tls, default_port) = match (url.scheme(), none) {
        ("imaps", false) => (Tls::Implicit, 993),
        ("imap", false) => (Tls::StartTls, 143),
        ("imap", true) => (Tls::None, 143),
        ("imaps", true) => return Err("imaps:// with tls=none".into()),
        (other, _) => return Err(format!("unknown scheme {other}: use imaps:// or imap://")),
    };
    let host = url.host_str().ok_or("no host")?.to_owned();
    if tls == Tls::None && !is_loopback(&host) {
        return Err("tls=none is only for a mailbox on this host (loopback)".into());
    }
    let user = decode(url.username())?;
    if user.is_empty() {
        return Err("no user".into());
    }
    let folder = decode(url.path().trim_start_matches('/'))?;
    Ok(Mailbox {
        host,
        port: url.port().unwrap_or(default_port),
        tls,
        user,
        password: decode(url.password().unwrap_or_default())?,
        folder: if folder.is_empty() {
            "INBOX".into()
        } else {
            folder
        },
    })
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// What one poll did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Polled {
    /// Mails taken into conversations.
    pub taken: usize,
    /// Mails refused for good (no address of Parley's, a wrong token, not
    /// a mail), flagged seen.
    pub refused: usize,
    /// Mails left for the next poll (a passing failure).
    pub later: usize,
}

/// Polls the mailbox every `PARLEY_IMAP_POLL` seconds, one node at a time.
pub async fn watch(state: AppState) {
    let Some(url) = state.settings.mail.imap_url.clone() else {
        return;
    };
    let mailbox = match mailbox(&url) {
        Ok(m) => m,
        Err(e) => {
            tracing::error!(error = %e, "PARLEY_IMAP_URL is not a mailbox Parley can read: no mail is collected");
            return;
        }
    };
    tracing::info!(host = %mailbox.host, folder = %mailbox.folder, "Parley collecting mail by IMAP");
    loop {
        if let Some(_turn) = state.take_turn(crate::cluster::Job::Imap).await {
            match tokio::time::timeout(POLL_TIMEOUT, poll(&state, &mailbox)).await {
                Ok(Ok(p)) if p != Polled::default() => {
                    tracing::info!(
                        taken = p.taken,
                        refused = p.refused,
                        later = p.later,
                        "IMAP mailbox polled"
                    );
                }
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    tracing::warn!(error = %e, host = %mailbox.host, "polling the IMAP mailbox failed; trying again later")
                }
                Err(_) => {
                    tracing::warn!(host = %mailbox.host, "polling the IMAP mailbox took too long; trying again later")
                }
            }
        }
        state
            .clock
            .sleep_until(None, state.settings.mail.imap_poll_ms)
            .await;
    }
}

/// One look at the mailbox.
pub async fn poll(state: &AppState, mailbox: &Mailbox) -> Result<Polled, String> {
    let tcp = tokio::time::timeout(
        CONNECT_TIMEOUT,
        TcpStream::connect((mailbox.host.as_str(), mailbox.port)),
    )
    .await
    .map_err(|_| "connecting timed out".to_owned())?
    .map_err(|e| e.to_string())?;
    let ca = state.settings.mail.ca_pem.as_deref();
    match mailbox.tls {
        Tls::Implicit => {
            let mut client = Client::new(tls(&mailbox.host, tcp, ca).await?);
            greeting(&mut client).await?;
            session(state, mailbox, client).await
        }
        Tls::None => {
            let mut client = Client::new(tcp);
            greeting(&mut client).await?;
            session(state, mailbox, client).await
        }
        Tls::StartTls => {
            let mut client = Client::new(tcp);
            greeting(&mut client).await?;
            client
                .run_command_and_check_ok("STARTTLS", None)
                .await
                .map_err(|e| format!("STARTTLS refused: {e}"))?;
            // No second greeting after STARTTLS (RFC 3501).
            let stream = tls(&mailbox.host, client.into_inner(), ca).await?;
            session(state, mailbox, Client::new(stream)).await
        }
    }
}

/// TLS over `tcp` to `host`, checked against the web's roots (as the
/// relay and webhooks are) and the certificates of `PARLEY_MAIL_CA`.
async fn tls(
    host: &str,
    tcp: TcpStream,
    ca_pem: Option<&[u8]>,
) -> Result<tokio_rustls::client::TlsStream<TcpStream>, String> {
    let mut roots = tokio_rustls::rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    for cert in super::ca_certificates(ca_pem.unwrap_or_default())? {
        roots
            .add(cert)
            .map_err(|e| format!("PARLEY_MAIL_CA: {e}"))?;
    }
    let config = tokio_rustls::rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = tokio_rustls::rustls::pki_types::ServerName::try_from(host.to_owned())
        .map_err(|e| e.to_string())?;
    tokio_rustls::TlsConnector::from(std::sync::Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|e| format!("TLS: {e}"))
}

async fn greeting<T>(client: &mut Client<T>) -> Result<(), String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    match client.read_response().await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err("the server closed the connection".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Signs in (after the greeting), takes the unseen mail, signs out.
async fn session<T>(
    state: &AppState,
    mailbox: &Mailbox,
    client: Client<T>,
) -> Result<Polled, String>
where
    T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let mut session = client
        .login(&mailbox.user, &mailbox.password)
        .await
        .map_err(|(e, _)| format!("signing in: {e}"))?;
    session
        .select(&mailbox.folder)
        .await
        .map_err(|e| format!("opening {}: {e}", mailbox.folder))?;
    let mut uids: Vec<u32> = session
        .uid_search("UNSEEN")
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .collect();
    uids.sort_unstable();
    let mut polled = Polled::default();
    for uid in uids.into_iter().take(PER_POLL) {
        let raw = {
            let mut fetches = session
                .uid_fetch(uid.to_string(), "(RFC822.SIZE BODY.PEEK[])")
                .await
                .map_err(|e| e.to_string())?;
            let mut raw = None;
            while let Some(f) = fetches.next().await {
                let f = f.map_err(|e| e.to_string())?;
                if f.size
                    .is_some_and(|n| n as usize > rules::MAX_INBOUND_BYTES)
                {
                    raw = Some(Err(()));
                } else if let Some(body) = f.body() {
                    raw = Some(Ok(body.to_vec()));
                }
            }
            raw
        };
        let seen = match raw {
            None => continue,
            Some(Err(())) => {
                tracing::warn!(
                    uid,
                    "a mail in the mailbox is over the size limit: left unread by Parley"
                );
                polled.refused += 1;
                true
            }
            Some(Ok(raw)) => match take(state, &raw).await {
                Taken::Yes => {
                    polled.taken += 1;
                    true
                }
                Taken::Never => {
                    polled.refused += 1;
                    true
                }
                Taken::Later => {
                    polled.later += 1;
                    false
                }
            },
        };
        if seen {
            let flagged: Vec<_> = session
                .uid_store(uid.to_string(), "+FLAGS.SILENT (\\Seen)")
                .await
                .map_err(|e| e.to_string())?
                .collect()
                .await;
            if let Some(Err(e)) = flagged.into_iter().find(Result::is_err) {
                return Err(format!("flagging a mail seen: {e}"));
            }
        }
    }
    let _ = session.logout().await;
    Ok(polled)
}

enum Taken {
    Yes,
    Never,
    Later,
}

/// Takes one mail fetched from the mailbox.
async fn take(state: &AppState, raw: &[u8]) -> Taken {
    let Some((recipient, sender)) = inbound::addressed(state, raw) else {
        tracing::warn!(
            "a mail in the mailbox is for no address of Parley's (or a wrong reply token): refused"
        );
        return Taken::Never;
    };
    match inbound::receive(state, &recipient, &sender, raw).await {
        Ok(_) => Taken::Yes,
        Err(r) if matches!(r.code, ErrorCode::Internal | ErrorCode::RateLimited) => Taken::Later,
        Err(r) => {
            tracing::warn!(code = %r.code, "a mail in the mailbox was not taken");
            Taken::Never
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_the_mailbox_and_its_protection() {
        let m = mailbox("imaps://support%40shop.example:p%40ss@imap.shop.example/Parley").unwrap();
        assert_eq!(
            m,
            Mailbox {
                host: "imap.shop.example".into(),
                port: 993,
                tls: Tls::Implicit,
                user: "support@shop.example".into(),
                password: "p@ss".into(),
                folder: "Parley".into(),
            }
        );
        let m = mailbox("imap://u:p@mail.example:1143").unwrap();
        assert_eq!(
            (m.tls, m.port, m.folder.as_str()),
            (Tls::StartTls, 1143, "INBOX")
        );
        let m = mailbox("imap://u:p@127.0.0.1:1143/?tls=none").unwrap();
        assert_eq!(m.tls, Tls::None);
        assert!(
            mailbox("imap://u:p@mail.example/?tls=none").is_err(),
            "plain only on loopback"
        );
        assert!(mailbox("imaps://u:p@mail.example/?tls=none").is_err());
        assert!(mailbox("pop3://u:p@mail.example").is_err());
        assert!(mailbox("imaps://mail.example").is_err(), "no user");
        assert!(mailbox("not a url").is_err());
    }
}
