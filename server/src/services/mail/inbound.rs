//! A mail received (by Parley's SMTP listener): into the conversation its
//! reply address names, or a new conversation on the e-mail channel when it
//! went to a site's support address. What the customer wrote is kept —
//! their text above the quoted history, card numbers masked — once per
//! `Message-ID`.

use mail_parser::MessageParser;
use parley_app::error::ErrorCode;
use parley_app::protocol::{Channel, ContactDetails, MAX_BODY_CHARS};

use crate::domain::mail::{self as rules, Recipient};
use crate::domain::rate::TokenBucket;
use crate::security::tokens::mac;
use crate::services::attachments;
use crate::services::routing;
use crate::services::visitor::{self, Customer};
use crate::services::workflow::{self, MessageIn, Refusal, Step};
use crate::state::AppState;
use crate::storage::{NewConversation, ReceivedMail};

/// Whether Parley takes mail for `address` (checked at `RCPT TO`, before
/// the mail is read): a live site's support address, or a reply address
/// whose token is its conversation's. Anything else is refused: a forged
/// or guessed reply address gets nowhere.
pub fn accepts(state: &AppState, address: &str) -> Option<Recipient> {
    let recipient = ours(state, address);
    if recipient.is_none() {
        tracing::warn!(%address, "mail refused: not one of Parley's addresses or a wrong reply token");
    }
    recipient
}

/// `address` as one of Parley's, if it is (see [`accepts`]).
fn ours(state: &AppState, address: &str) -> Option<Recipient> {
    rules::parse_recipient(address, &state.settings.mail.domain).filter(|r| live(state, r))
}

/// Whether `recipient` stands for something live: an enabled site, or a
/// conversation whose token it carries.
fn live(state: &AppState, recipient: &Recipient) -> bool {
    match recipient {
        Recipient::Support { site } => state.sites.get(site).is_some_and(|c| c.enabled),
        Recipient::Reply {
            site,
            conversation,
            token,
        } => super::address::token_matches(state, site, *conversation, token),
    }
}

/// For a mail collected from a mailbox (no envelope): the first address
/// Parley takes among those the last hop wrote (`Delivered-To`,
/// `X-Original-To`), then `To` and `Cc` (at most
/// [`rules::MAX_RECIPIENTS`] looked at), with the sender (`Return-Path`,
/// else `From`). `None` when none is Parley's.
pub fn addressed(state: &AppState, raw: &[u8]) -> Option<(Recipient, String)> {
    let mail = MessageParser::default().parse_headers(raw)?;
    let bare = |v: &str| v.trim().trim_matches(|c| c == '<' || c == '>').to_owned();
    let delivered = mail
        .headers_raw()
        .filter(|(name, _)| {
            name.eq_ignore_ascii_case("Delivered-To") || name.eq_ignore_ascii_case("X-Original-To")
        })
        .map(|(_, value)| bare(value));
    let listed = [mail.to(), mail.cc()]
        .into_iter()
        .flatten()
        .flat_map(|a| a.iter())
        .filter_map(|a| a.address().map(str::to_owned));
    let recipient = delivered
        .chain(listed)
        .take(rules::MAX_RECIPIENTS)
        .find_map(|address| ours(state, &address))?;
    let sender = mail
        .return_path()
        .as_text()
        .map(bare)
        .or_else(|| mail.from()?.first()?.address().map(str::to_owned))
        .unwrap_or_default();
    Some((recipient, sender))
}

/// The visitor a mail address stands for on `site`: the same address, the
/// same customer (one history, R-CH4), without the address in the id.
fn visitor_of(state: &AppState, site: &str, address: &str) -> String {
    let address = address.trim().to_lowercase();
    let id = mac(
        &state.settings.secret,
        &[b"mail-visitor", site.as_bytes(), address.as_bytes()],
    );
    format!("mail-{}", hex::encode(&id[..12]))
}

/// The customer's words in `text`: above the quoted history, card numbers
/// masked, cut to a chat message's length.
fn words(text: &str) -> String {
    let kept = rules::strip_quoted(text);
    let kept = parley_app::redact::masked(&kept);
    if kept.chars().count() > MAX_BODY_CHARS {
        let mut cut: String = kept.chars().take(MAX_BODY_CHARS - 1).collect();
        cut.push('…');
        cut
    } else {
        kept
    }
}

/// A plain-text reading of an HTML part (for mails without a text part).
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The idempotency key of a mail's message: from its `Message-ID`.
fn client_id(message_id: &str) -> String {
    use sha2::Digest;
    format!(
        "mail-{}",
        hex::encode(&sha2::Sha256::digest(message_id.as_bytes())[..16])
    )
}

/// For a mail to `site`'s support address: the conversation it answers,
/// when its `In-Reply-To` or `References` names the thread id of one of
/// `site`'s conversations with that conversation's token (a "reply all",
/// a mail program that ignored `Reply-To`).
fn answered(state: &AppState, site: &str, mail: &mail_parser::Message<'_>) -> Option<Recipient> {
    let ids: Vec<&str> = [mail.in_reply_to(), mail.references()]
        .into_iter()
        .flat_map(|h| match h {
            mail_parser::HeaderValue::Text(t) => vec![t.as_ref()],
            mail_parser::HeaderValue::TextList(l) => l.iter().map(AsRef::as_ref).collect(),
            _ => Vec::new(),
        })
        .take(rules::MAX_REFERENCES)
        .collect();
    rules::threaded(ids, &state.settings.mail.domain)
        .filter(|r| site_of(r) == site && live(state, r))
}

/// The site a recipient address belongs to.
fn site_of(recipient: &Recipient) -> &str {
    match recipient {
        Recipient::Support { site } | Recipient::Reply { site, .. } => site,
    }
}

/// Stores the files `mail` brings for `visitor_id` on `site` through the
/// same checks as the widget's uploads (the type from the bytes, 10 MiB,
/// the site's quota), at most [`rules::MAX_ATTACHMENTS`]; their ids. A
/// file refused for what it is (type, size, quota) is left out and logged;
/// a passing failure (storage, every upload slot busy) refuses the mail
/// for now, so the sender tries again.
async fn keep_files(
    state: &AppState,
    site: &str,
    visitor_id: &str,
    mail: &mail_parser::Message<'_>,
) -> Result<Vec<String>, Refusal> {
    use mail_parser::MimeHeaders;
    let mut kept = Vec::new();
    for (n, part) in mail.attachments().enumerate() {
        if n >= rules::MAX_ATTACHMENTS {
            tracing::warn!(%site, left_out = mail.attachment_count() - n, "a mail's files beyond the limit left out");
            break;
        }
        let bytes = part.contents();
        let upload = attachments::Upload {
            site,
            visitor: Some(visitor_id),
            claimed_name: part.attachment_name().unwrap_or_default(),
            declared: Some(bytes.len() as u64),
        };
        let body = futures_util::stream::iter([Ok::<_, std::convert::Infallible>(
            axum::body::Bytes::copy_from_slice(bytes),
        )]);
        match attachments::store(state, upload, body).await {
            Ok(record) => kept.push(record.id),
            Err(e) if matches!(e.code, ErrorCode::Internal | ErrorCode::RateLimited) => {
                return Err(e.code.into());
            }
            Err(e) => {
                tracing::warn!(%site, code = %e.code, "a file in a mail was not kept");
            }
        }
    }
    Ok(kept)
}

/// Takes the mail `raw` (its whole source, already within
/// [`rules::MAX_INBOUND_BYTES`]) for `recipient`, from envelope sender
/// `sender`. `Err` tells the listener what to answer (a store failure: try
/// again later; anything else: refused).
pub async fn receive(
    state: &AppState,
    recipient: &Recipient,
    sender: &str,
    raw: &[u8],
) -> Result<i64, Refusal> {
    let Some(mail) = MessageParser::default().parse(raw) else {
        return Err(ErrorCode::InvalidFrame.into());
    };
    let threaded = match recipient {
        Recipient::Support { site } => answered(state, site, &mail),
        Recipient::Reply { .. } => None,
    };
    let recipient = threaded.as_ref().unwrap_or(recipient);
    let message_id = match mail.message_id() {
        Some(id) if id.len() <= rules::MAX_ADDRESS => format!("<{id}>"),
        _ => {
            use sha2::Digest;
            format!("<{}@unnamed>", hex::encode(sha2::Sha256::digest(raw)))
        }
    };
    if let Some(conversation) = state.store.received_mail(&message_id).await? {
        tracing::info!(conversation, %message_id, "mail received before: kept once");
        return Ok(conversation);
    }
    let text = match mail.body_text(0) {
        Some(t) => t.into_owned(),
        None => mail.body_html(0).map(|h| html_text(&h)).unwrap_or_default(),
    };
    let body = words(&text);
    let now = state.clock.now();
    let (conversation, first, visitor_id) = match recipient {
        Recipient::Reply {
            site, conversation, ..
        } => {
            let c = state.store.conversation(*conversation).await?;
            if &c.site != site {
                return Err(ErrorCode::NotFound.into());
            }
            if !state.allow_visitor_message(&c.visitor_id, now) {
                return Err(ErrorCode::RateLimited.into());
            }
            (c.id, false, c.visitor_id)
        }
        Recipient::Support { site } => {
            let from = mail.from().and_then(|a| a.first());
            let address = from
                .and_then(|a| a.address())
                .map(str::to_owned)
                .unwrap_or_else(|| sender.to_owned());
            let name = from.and_then(|a| a.name()).unwrap_or_default().to_owned();
            let visitor_id = visitor_of(state, site, &address);
            let key = format!("conversations:{visitor_id}");
            if !state.allow_creation(&key, now, TokenBucket::for_new_conversations) {
                return Err(ErrorCode::RateLimited.into());
            }
            let config = state.sites.get(site).ok_or(ErrorCode::NotFound)?;
            state.store.touch_visitor(site, &visitor_id, now).await?;
            let created = state
                .store
                .create_conversation(NewConversation {
                    site,
                    visitor_id: &visitor_id,
                    locale: Some(&config.default_locale),
                    time_zone: None,
                    category: None,
                    facts: &Default::default(),
                    priority: parley_app::protocol::Priority::Routine,
                    team_id: None,
                    channel: Channel::Email,
                    now,
                })
                .await?;
            let customer = Customer {
                site,
                visitor_id: &visitor_id,
                locale: Some(&config.default_locale),
                time_zone: None,
            };
            let details = ContactDetails {
                name: name.chars().take(100).collect(),
                email: address,
                ..Default::default()
            };
            // Writing to the support address is the customer's consent to
            // be answered there.
            visitor::save_contact(state, customer, created.id, details).await?;
            (created.id, true, visitor_id)
        }
    };
    let body = if first {
        rules::first_message(mail.subject().unwrap_or_default(), &body)
    } else {
        body
    };
    let body = match parley_app::protocol::validate_body(&body) {
        Ok(b) => b.to_owned(),
        Err(code) => return Err(code.into()),
    };
    let files = keep_files(state, site_of(recipient), &visitor_id, &mail).await?;
    let client_id = client_id(&message_id);
    let outcome = workflow::run(
        state,
        conversation,
        Step::CustomerMessage,
        Some(MessageIn::customer(&client_id, &body, Channel::Email)),
        now,
    )
    .await?;
    let ids: Vec<&str> = files.iter().map(String::as_str).collect();
    state
        .store
        .record_received_mail(&ReceivedMail {
            message_id: &message_id,
            conversation_id: conversation,
            message_seq: outcome.message.as_ref().map_or(0, |m| m.seq),
            files: &ids,
            at: now,
        })
        .await?;
    tracing::info!(
        conversation,
        new = first,
        files = ids.len(),
        "mail received into a conversation"
    );
    if outcome.queued {
        routing::spawn_dispatch(state, &outcome.record.site);
    }
    Ok(conversation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_read_as_text() {
        assert_eq!(
            html_text("<p>Yes &amp; thanks</p><div>&lt;3</div>").trim(),
            "Yes & thanks  <3"
        );
    }

    #[test]
    fn long_mails_are_cut_and_cards_masked() {
        let long = "a".repeat(MAX_BODY_CHARS + 50);
        assert_eq!(words(&long).chars().count(), MAX_BODY_CHARS);
        assert!(!words("card 4111 1111 1111 1111 please").contains("4111 1111 1111 1111"));
    }
}
