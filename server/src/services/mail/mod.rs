//! E-mail as a channel (issue 22, R-CH2, R-CH4, R-CH5).
//!
//! Outbound: a staff reply the customer did not receive in the widget
//! (their widget closed) waits [`grace`](crate::state::MailSettings::grace_ms)
//! — replies close together go in one mail — and is then queued in the
//! durable outbox (`mail_outbox`) by the job [`watch`], which sends each
//! mail through the operator's SMTP relay (`PARLEY_SMTP_URL`, lettre),
//! trying again with backoff for three days. A mail is rendered when it is
//! sent (`render.rs`), to the customer's address at that time: the outbox
//! holds neither text nor address.
//!
//! Inbound (`inbound.rs`): a mail to a conversation's reply address (its
//! token checked) lands in that conversation; a mail to a site's support
//! address opens a conversation on the e-mail channel.

pub mod address;
pub mod imap;
pub mod inbound;
mod render;
pub mod view;

use std::time::Duration;

use futures_util::StreamExt;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use crate::domain::mail as rules;
use crate::state::AppState;
use crate::storage::{MailAttempt, MailKind, OutboxMail, StoreError};

/// Mails sent at once.
const PARALLEL: usize = 4;
/// Rows read per round.
const BATCH: i64 = 50;
/// How often the job looks.
const POLL_MS: i64 = 2_000;

/// The relay mails go out through.
pub type Relay = AsyncSmtpTransport<Tokio1Executor>;

/// The relay `PARLEY_SMTP_URL` names (`smtp://[user:pass@]host[:port]
/// [?tls=required|opportunistic]`, `smtps://…`), with a 30-second timeout;
/// its TLS also trusts the certificates in `ca_pem` (`PARLEY_MAIL_CA`).
pub fn relay(url: &str, ca_pem: Option<&[u8]>) -> Result<Relay, String> {
    use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
    let mut builder =
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| e.to_string())?;
    if let Some(pem) = ca_pem {
        let parsed = url::Url::parse(url).map_err(|e| e.to_string())?;
        let host = parsed.host_str().ok_or("no host")?.to_owned();
        let mut params = TlsParameters::builder(host);
        for der in ca_certificates(pem)? {
            params = params.add_root_certificate(
                Certificate::from_der(der.to_vec()).map_err(|e| format!("PARLEY_MAIL_CA: {e}"))?,
            );
        }
        let params = params.build_rustls().map_err(|e| e.to_string())?;
        let mode = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        builder = match (parsed.scheme(), mode.as_deref()) {
            ("smtps", _) => builder.tls(Tls::Wrapper(params)),
            (_, Some("required")) => builder.tls(Tls::Required(params)),
            (_, Some("opportunistic")) => builder.tls(Tls::Opportunistic(params)),
            _ => builder,
        };
    }
    Ok(builder.timeout(Some(Duration::from_secs(30))).build())
}

/// The certificates of `PARLEY_MAIL_CA`'s PEM bundle (for the relay and
/// the mailbox alike).
pub(crate) fn ca_certificates(
    pem: &[u8],
) -> Result<Vec<tokio_rustls::rustls::pki_types::CertificateDer<'static>>, String> {
    use tokio_rustls::rustls::pki_types::{CertificateDer, pem::PemObject};
    CertificateDer::pem_slice_iter(pem)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("PARLEY_MAIL_CA: {e}"))
}

/// Queues the replies whose grace is over; how many conversations were
/// looked at.
pub async fn queue_due(state: &AppState) -> usize {
    let now = state.clock.now();
    let grace = state.settings.mail.grace_ms;
    let max_wait = rules::MAX_BATCH_WAIT_MS.max(grace);
    let due = match state
        .store
        .due_pending_mail(now - grace, now - max_wait, BATCH)
        .await
    {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "reading the replies waiting to be mailed");
            return 0;
        }
    };
    for pending in &due {
        if state.settings.mail.smtp_url.is_none() {
            // No relay configured: nothing is mailed.
            if let Err(e) = state.store.drop_pending_mail(pending.conversation_id).await {
                tracing::error!(error = %e, "dropping replies waiting to be mailed");
            }
            continue;
        }
        match state.store.queue_replies(pending, now).await {
            Ok(Some(id)) => {
                tracing::info!(
                    conversation = pending.conversation_id,
                    mail = id,
                    "replies queued to be mailed"
                );
                crate::services::case_panel::publish_detail(state, pending.conversation_id).await;
            }
            Ok(None) => {}
            Err(e) => {
                tracing::error!(error = %e, conversation = pending.conversation_id, "queueing a mail")
            }
        }
    }
    due.len()
}

/// Why one mail could not be sent.
struct Failure {
    error: String,
    /// The relay's SMTP code, if it answered.
    code: Option<u16>,
}

impl Failure {
    fn of(e: impl std::fmt::Display) -> Failure {
        Failure {
            error: e.to_string().chars().take(200).collect(),
            code: None,
        }
    }
}

/// One attempt at `mail`.
async fn send_one(state: &AppState, relay: &Relay, mail: &OutboxMail) -> Result<(), Failure> {
    let message = match render::compose(state, mail).await {
        Ok(Some(m)) => m,
        // Nobody to write to any more (erased, unsubscribed): a permanent failure.
        Ok(None) => {
            return Err(Failure {
                error: "the customer has no e-mail address".into(),
                code: Some(550),
            });
        }
        Err(e) => return Err(Failure::of(e)),
    };
    relay.send(message).await.map(|_| ()).map_err(|e| Failure {
        code: e.status().map(u16::from),
        error: e.to_string().chars().take(200).collect(),
    })
}

/// Sends the mails due now; how many were tried.
pub async fn send_due(state: &AppState, relay: &Relay) -> usize {
    let now = state.clock.now();
    let due = match state.store.due_mail(now, BATCH).await {
        Ok(d) => d,
        Err(e) => {
            tracing::error!(error = %e, "reading the mail outbox");
            return 0;
        }
    };
    let tried = due.len();
    futures_util::stream::iter(due)
        .for_each_concurrent(PARALLEL, |mail| async move {
            let outcome = match send_one(state, relay, &mail).await {
                Ok(()) => {
                    tracing::info!(mail = mail.id, conversation = mail.conversation_id, kind = mail.kind.as_str(), "mail sent");
                    MailAttempt::Sent
                }
                Err(f) => {
                    let next_at = if rules::is_permanent(f.code) {
                        None
                    } else {
                        rules::next_attempt(mail.created_at, mail.attempts + 1, now)
                    };
                    tracing::warn!(mail = mail.id, conversation = mail.conversation_id, error = %f.error,
                        code = ?f.code, given_up = next_at.is_none(), "mail not sent");
                    MailAttempt::Failed {
                        error: f.error,
                        next_at,
                    }
                }
            };
            if let Err(e) = state
                .store
                .record_mail_attempt(mail.id, state.clock.now(), outcome)
                .await
            {
                tracing::error!(error = %e, mail = mail.id, "recording a mail attempt");
            }
            // The case panel shows the mail's state.
            crate::services::case_panel::publish_detail(state, mail.conversation_id).await;
        })
        .await;
    tried
}

/// Queues the whole of conversation `conversation_id` to be mailed to its
/// customer, at their request; `Ok(false)` when they left no e-mail address.
pub async fn queue_transcript(state: &AppState, conversation_id: i64) -> Result<bool, StoreError> {
    let c = state.store.conversation(conversation_id).await?;
    if render::customer_address(state, &c.site, &c.visitor_id)
        .await?
        .is_none()
    {
        return Ok(false);
    }
    let id = state
        .store
        .queue_transcript(conversation_id, c.last_seq, state.clock.now())
        .await?;
    tracing::info!(
        conversation = conversation_id,
        mail = id,
        kind = MailKind::Transcript.as_str(),
        "transcript queued"
    );
    Ok(true)
}

/// Job: queues replies whose grace is over and sends the outbox, on one
/// node at a time, every two seconds (at once again while there is more).
pub async fn watch(state: AppState) {
    let ca = state.settings.mail.ca_pem.as_deref();
    let relay = match state
        .settings
        .mail
        .smtp_url
        .as_deref()
        .map(|u| relay(u, ca))
    {
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            tracing::error!(error = %e, "PARLEY_SMTP_URL is not a relay lettre can use: no mail is sent");
            None
        }
        None => None,
    };
    loop {
        let busy = match state.take_turn(crate::cluster::Job::Mail).await {
            Some(_turn) => {
                let queued = queue_due(&state).await;
                let sent = match &relay {
                    Some(r) => send_due(&state, r).await,
                    None => 0,
                };
                queued as i64 >= BATCH || sent as i64 >= BATCH
            }
            None => false,
        };
        if !busy {
            state.clock.sleep_until(None, POLL_MS).await;
        }
    }
}

/// The conversation an unsubscribe address (`{conversation}.{token}`)
/// names, with its customer's language; `NotFound` for a wrong token.
pub async fn unsubscribe_target(
    state: &AppState,
    address: &str,
) -> Result<(i64, String), parley_app::error::ErrorCode> {
    use parley_app::error::ErrorCode;
    let (id, token) = address.split_once('.').ok_or(ErrorCode::NotFound)?;
    let id: i64 = id.parse().map_err(|_| ErrorCode::NotFound)?;
    let summary = state
        .store
        .summary(id)
        .await
        .map_err(crate::error::store_code)?;
    if !address::token_matches(state, &summary.site, id, token) {
        tracing::warn!(conversation = id, "unsubscribe refused: wrong token");
        return Err(ErrorCode::NotFound);
    }
    let locale = summary
        .locale
        .filter(|l| parley_app::locale::SHIPPED.contains(&l.as_str()))
        .unwrap_or_else(|| "en".into());
    Ok((id, locale))
}

/// Stops the mails of the conversation `address` names (see
/// [`unsubscribe_target`]); its language.
pub async fn unsubscribe(
    state: &AppState,
    address: &str,
) -> Result<String, parley_app::error::ErrorCode> {
    let (id, locale) = unsubscribe_target(state, address).await?;
    state
        .store
        .unsubscribe_mail(id, state.clock.now())
        .await
        .map_err(crate::error::store_code)?;
    tracing::info!(
        conversation = id,
        "the customer stopped e-mails about a conversation"
    );
    Ok(locale)
}

/// Staff mail conversation `conversation_id`'s transcript to its customer
/// (the frame's access was checked): queued, the case panel shows it;
/// `no_email_address` when the customer left none, `mail_off` when Parley
/// sends no mail.
pub async fn transcript_for_staff(
    state: &AppState,
    conversation_id: i64,
) -> Result<(), crate::services::workflow::Refusal> {
    use parley_app::error::ErrorCode;
    if state.settings.mail.smtp_url.is_none() {
        return Err(ErrorCode::MailOff.into());
    }
    if !queue_transcript(state, conversation_id).await? {
        return Err(ErrorCode::NoEmailAddress.into());
    }
    crate::services::case_panel::publish_detail(state, conversation_id).await;
    Ok(())
}
