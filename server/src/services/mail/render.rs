//! A mail of the outbox as the customer receives it: in their language,
//! with the site's name and accent colour, the new replies, the
//! conversation so far, a link back to the site's chat, plain text and
//! HTML, threaded (`Message-ID`, `In-Reply-To`, `References`) and with
//! `List-Unsubscribe` (one click, RFC 8058).

use chrono::TimeZone;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use parley_app::i18n::{lookup, lookup_args};
use parley_app::protocol::{Author, ChatMessage};

use crate::domain::html::escape_html as esc;
use crate::domain::mail as rules;
use crate::services::personal::open_contact;
use crate::state::AppState;
use crate::storage::{MailKind, OutboxMail, StoreError};

/// Fluent's bidi isolation marks: in a mail's plain text and headers they
/// would show as stray characters.
fn plain(text: String) -> String {
    text.replace(['\u{2068}', '\u{2069}'], "")
}

/// Messages of the conversation so far shown under new replies.
const HISTORY: i64 = 10;
/// Most messages in a transcript.
const TRANSCRIPT: i64 = 500;

/// The e-mail address conversation's customer left (`None`: none, or it
/// does not open).
pub(super) async fn customer_address(
    state: &AppState,
    site: &str,
    visitor_id: &str,
) -> Result<Option<String>, StoreError> {
    let Some((sealed, _)) = state.store.contact(site, visitor_id).await? else {
        return Ok(None);
    };
    let details = open_contact(&state.settings.keyring, site, visitor_id, &sealed);
    Ok(Some(details.email).filter(|e| !e.trim().is_empty()))
}

/// When, in the reader's zone (UTC when unknown), as `2026-11-30 10:00 (Europe/Berlin)`.
fn when(ms: i64, time_zone: Option<&str>) -> String {
    let zone: chrono_tz::Tz = time_zone
        .and_then(|z| z.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    match zone.timestamp_millis_opt(ms).single() {
        Some(t) => format!("{} ({})", t.format("%Y-%m-%d %H:%M"), zone.name()),
        None => String::new(),
    }
}

/// Who wrote `m`, for the customer.
fn author(m: &ChatMessage, locale: &str, site_name: &str) -> String {
    match m.author {
        Author::Customer => lookup(locale, "mail-you"),
        Author::Agent | Author::Bot => m
            .author_name
            .clone()
            .unwrap_or_else(|| site_name.to_owned()),
        Author::System => site_name.to_owned(),
    }
}

/// One message as text and as HTML.
fn entry(m: &ChatMessage, locale: &str, site: &str, zone: Option<&str>) -> (String, String) {
    let who = author(m, locale, site);
    let at = when(m.sent_at, zone);
    let text = format!("{who} — {at}\n{}\n", m.body);
    let html = format!(
        "<p style=\"margin:0 0 4px;color:#555;font-size:13px\"><strong>{}</strong> — {}</p>\
         <p style=\"margin:0 0 16px;white-space:pre-wrap\">{}</p>",
        esc(&who),
        esc(&at),
        esc(&m.body)
    );
    (text, html)
}

/// Builds the mail `mail` as it goes out now; `Ok(None)` when its customer
/// has no e-mail address any more.
pub(super) async fn compose(
    state: &AppState,
    mail: &OutboxMail,
) -> Result<Option<Message>, String> {
    let store = |e: StoreError| e.to_string();
    let conversation = state
        .store
        .conversation(mail.conversation_id)
        .await
        .map_err(store)?;
    let site_key = conversation.site.clone();
    let Some(to) = customer_address(state, &site_key, &conversation.visitor_id)
        .await
        .map_err(store)?
    else {
        return Ok(None);
    };
    let summary = state
        .store
        .summary(mail.conversation_id)
        .await
        .map_err(store)?;
    let config = state.sites.get(&site_key).ok_or("the site is gone")?;
    let locale = summary
        .locale
        .clone()
        .filter(|l| parley_app::locale::SHIPPED.contains(&l.as_str()))
        .unwrap_or_else(|| config.default_locale.clone());
    let zone = summary.time_zone.as_deref();
    let thread = state
        .store
        .mail_thread(mail.conversation_id)
        .await
        .map_err(store)?;

    let (first, limit) = match mail.kind {
        MailKind::Replies => ((mail.from_seq - HISTORY).max(1), mail.up_to_seq),
        MailKind::Transcript => (1, mail.up_to_seq.min(TRANSCRIPT)),
    };
    let messages = state
        .store
        .messages_after(mail.conversation_id, first - 1, limit - first + 1)
        .await
        .map_err(store)?;
    let (new, before): (Vec<_>, Vec<_>) = messages
        .iter()
        .filter(|m| m.seq <= mail.up_to_seq && !m.body.is_empty())
        .partition(|m| mail.kind == MailKind::Transcript || m.seq >= mail.from_seq);

    let site = config.name.as_str();
    let domain = &state.settings.mail.domain;
    let reply_to = super::address::reply_address(state, &site_key, mail.conversation_id);
    let token = super::address::reply_token(state, &site_key, mail.conversation_id);
    let unsubscribe = format!(
        "{}/mail/unsubscribe/{}.{token}",
        state.settings.public_origin, mail.conversation_id
    );
    let back = state
        .allowed_origins(&site_key)
        .into_iter()
        .find(|o| !o.contains('*'));
    let args = |extra: &[(&'static str, String)]| {
        let mut a = vec![("site", site.to_owned().into())];
        a.extend(extra.iter().map(|(k, v)| (*k, v.clone().into())));
        a
    };
    let text_of = |id: &str| plain(lookup_args(&locale, id, &args(&[])));
    let (subject, heading) = match mail.kind {
        MailKind::Replies => (text_of("mail-subject-reply"), text_of("mail-new-reply")),
        MailKind::Transcript => (
            text_of("mail-subject-transcript"),
            text_of("mail-transcript"),
        ),
    };

    let mut text = format!("{}\n\n{heading}\n\n", rules::REPLY_ABOVE);
    let mut html = format!(
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><body style=\"margin:0;font-family:system-ui,sans-serif;font-size:15px;color:#1a1a1a\">\
         <p style=\"color:#888;font-size:12px;margin:8px 16px\">{marker}</p>\
         <div style=\"background:{accent};color:#fff;padding:12px 16px;font-size:17px\"><strong>{name}</strong></div>\
         <div style=\"padding:16px\"><h1 style=\"font-size:17px;margin:0 0 16px\">{heading}</h1>",
        lang = esc(&locale),
        dir = if parley_app::locale::is_rtl(&locale) {
            "rtl"
        } else {
            "ltr"
        },
        marker = esc(rules::REPLY_ABOVE),
        accent = esc(&config.accent),
        name = esc(site),
        heading = esc(&heading),
    );
    for m in &new {
        let (t, h) = entry(m, &locale, site, zone);
        text.push_str(&t);
        text.push('\n');
        html.push_str(&h);
    }
    if !before.is_empty() {
        let earlier = lookup(&locale, "mail-earlier");
        text.push_str(&format!("— {earlier} —\n\n"));
        html.push_str(&format!(
            "<h2 style=\"font-size:14px;color:#555;border-top:1px solid #ddd;padding-top:12px\">{}</h2>",
            esc(&earlier)
        ));
        for m in &before {
            let (t, h) = entry(m, &locale, site, zone);
            text.push_str(&t);
            text.push('\n');
            html.push_str(&h);
        }
    }
    let answer = lookup(&locale, "mail-answer-hint");
    text.push_str(&format!("{answer}\n"));
    html.push_str(&format!("<p style=\"color:#555\">{}</p>", esc(&answer)));
    if let Some(back) = &back {
        let label = text_of("mail-continue");
        text.push_str(&format!("{label}: {back}\n"));
        html.push_str(&format!(
            "<p><a href=\"{}\" style=\"color:{}\">{}</a></p>",
            esc(back),
            esc(&config.accent),
            esc(&label)
        ));
    }
    let stop = lookup(&locale, "mail-unsubscribe");
    text.push_str(&format!("\n{stop}: {unsubscribe}\n"));
    html.push_str(&format!(
        "<p style=\"color:#888;font-size:12px\"><a href=\"{}\" style=\"color:#888\">{}</a></p></div></body></html>",
        esc(&unsubscribe),
        esc(&stop)
    ));

    let root = rules::thread_id(&site_key, mail.conversation_id, &token, domain);
    let in_reply_to = thread
        .last_inbound_id
        .clone()
        .unwrap_or_else(|| root.clone());
    let references = match &thread.last_inbound_id {
        Some(last) if *last != root => format!("{root} {last}"),
        _ => root.clone(),
    };
    let from: Mailbox = format!(
        "{} <{}>",
        site.replace(['"', '<', '>', '\r', '\n'], ""),
        rules::support_address(&site_key, domain)
    )
    .parse()
    .map_err(|e| format!("the site's address: {e}"))?;
    let reply: Mailbox = reply_to
        .parse()
        .map_err(|e| format!("the reply address: {e}"))?;
    let to: Mailbox = to
        .parse()
        .map_err(|e| format!("the customer's address: {e}"))?;
    Message::builder()
        .from(from)
        .reply_to(reply)
        .to(to)
        .subject(subject)
        .message_id(Some(rules::message_id(
            &site_key,
            mail.conversation_id,
            mail.id,
            domain,
        )))
        .in_reply_to(in_reply_to)
        .references(references)
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe"),
            format!("<{unsubscribe}>"),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
            "List-Unsubscribe=One-Click".to_owned(),
        ))
        .multipart(MultiPart::alternative_plain_html(text, html))
        .map(Some)
        .map_err(|e| e.to_string())
}
