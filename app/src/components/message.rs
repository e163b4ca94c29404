//! One message row, as both the widget and the desk render it.
//!
//! `data-testid="message"`, `data-author` and (for the reader's own messages)
//! `data-status` are stable hooks for tests.

use crate::i18n::t;
use leptos::either::Either;
use leptos::prelude::*;

use crate::protocol::Author;
use crate::timeline::{Delivery, TimelineItem};

fn delivery_text(d: Delivery) -> String {
    t(d.fluent_id())
}

/// One message. `mine` is the author the reader writes as; `receipts` are the
/// other side's `(delivered_seq, read_seq)`.
#[component]
pub fn MessageRow(
    item: TimelineItem,
    mine: Author,
    #[prop(into)] receipts: Signal<(i64, i64)>,
) -> impl IntoView {
    let is_mine = item.author == mine;
    let author = item.author.as_str();
    let class = if is_mine {
        "message mine"
    } else {
        "message theirs"
    };
    let status_item = item.clone();
    let status = Memo::new(move |_| {
        is_mine.then(|| {
            let (d, r) = receipts.get();
            status_item.delivery(d, r)
        })
    });
    let (kind, name) = (item.author, item.author_name.clone());
    let who = move || match (kind, name.clone()) {
        (Author::Agent | Author::Bot, Some(name)) => name,
        (Author::Agent | Author::Bot, None) => t("widget-support"),
        (Author::Customer, _) if is_mine => t("widget-you"),
        (Author::Customer, _) => t("message-customer"),
        (Author::System, _) => String::new(),
    };
    let sent_at = item.sent_at;
    let time = move || sent_at.map(format_time).unwrap_or_default();
    let failed = item.failed;
    let by_mail = item.channel == crate::protocol::Channel::Email;
    view! {
        <li class=class data-testid="message" data-author=author
            data-channel=item.channel.as_str()
            data-status=move || status.get().map(|d| d.as_str())>
            <p class="body" dir="auto">{match item.notice.clone() {
                Some(n) => Either::Left(move || crate::notices::text(&n)),
                None => Either::Right(item.body.clone()),
            }}</p>
            <p class="meta">
                <span class="who">{who}</span>
                {by_mail.then(|| view! {
                    <span class="channel" data-testid="message-by-email">{t("message-by-email")}</span>
                })}
                <time>{time}</time>
                <span class="status">{move || status.get().map(delivery_text)}</span>
            </p>
            {failed.map(|code| view! {
                <p class="error" role="alert">{move || crate::i18n::error_text(code)}</p>
            })}
        </li>
    }
}

#[cfg(feature = "browser")]
fn format_time(ms: i64) -> String {
    crate::client::format_time(ms, &crate::i18n::active_language())
}

/// Messages are only rendered in the browser (they arrive over the websocket),
/// so the server never formats a time.
#[cfg(not(feature = "browser"))]
fn format_time(_ms: i64) -> String {
    String::new()
}
