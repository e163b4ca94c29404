//! The panel: header (name, language, connection, close), the messages,
//! the status lines (typing, away, queue, reply-by, resolution) and the
//! composer, with the forms in between.

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, KeyboardEvent};

use crate::i18n::active_language as locale;
use crate::i18n::{error_text, language_name, t, t_with};
use crate::protocol::{Author, ConversationStatus};
use crate::timeline::TimelineItem;
use crate::widget::commands::{close_widget, send_message, switch_language};
use crate::widget::dom::{self, Scope, event_value};
use crate::widget::session;
use crate::widget::state::{read, write};

/// Builds the widget into the page's body and connects.
pub(crate) fn mount() {
    let cx = dom::root();
    let panel = build(&cx);
    if let Some(body) = dom::document().and_then(|d| d.body()) {
        let _ = body.append_child(&panel);
    }
    session::start();
}

fn build(cx: &Scope) -> Element {
    cx.h("main")
        .attr("class", "widget")
        .attr("data-testid", "widget-panel")
        .attr("aria-labelledby", "widget-title")
        .attr_with("lang", || Some(locale()))
        .attr_with("dir", || Some(direction(&locale()).to_owned()))
        .on("keydown", |ev| {
            if key_of(&ev) == "Escape" {
                close_widget();
            }
        })
        .child(header(cx))
        .switch(|| read(|s| s.help.clone()).unwrap_or_default(), help_panel)
        .child(messages(cx))
        .child(
            cx.h("p")
                .attr("class", "typing")
                .attr("data-testid", "typing-indicator")
                .attr("aria-live", "polite")
                .flag_with("hidden", || !read(|s| s.agent_typing))
                .text_with(|| t("typing-agent")),
        )
        .when(
            || read(|s| s.bot),
            |cx| {
                vec![
                    cx.h("button")
                        .attr("type", "button")
                        .attr("class", "secondary person")
                        .attr("data-testid", "talk-to-person")
                        .text_with(|| t("widget-talk-to-person"))
                        .on("click", |_| session::talk_to_person())
                        .el(),
                ]
            },
        )
        .child(away(cx))
        .child(queue(cx))
        .child(reply_by(cx))
        .when(
            || read(|s| s.status == Some(ConversationStatus::Resolved)),
            confirm,
        )
        .when(
            || read(|s| s.status == Some(ConversationStatus::Confirmed)),
            |cx| {
                vec![
                    cx.h("p")
                        .attr("class", "notice")
                        .attr("data-testid", "confirmed")
                        .text_with(|| t("widget-confirmed"))
                        .el(),
                ]
            },
        )
        .when(super::rating::asked, super::rating::form)
        .when(|| read(|s| s.thanked), super::rating::thanks)
        .children(super::fees::build(cx))
        .when(|| read(|s| s.config.tracking), super::tracking::build)
        .when(crate::widget::commands::needs_intake, super::intake::form)
        .when(|| read(|s| s.has_conversation), super::contact::build)
        .when(
            || read(|s| s.notice.is_some()),
            |cx| {
                vec![
                    cx.h("p")
                        .attr("class", "notice error")
                        .attr("role", "alert")
                        .attr_with("data-code", || {
                            read(|s| s.notice.map(|c| c.as_str().to_owned()))
                        })
                        .text_with(|| read(|s| s.notice).map(error_text).unwrap_or_default())
                        .el(),
                ]
            },
        )
        .child(composer(cx))
        .el()
}

/// `rtl` or `ltr`.
pub(super) fn direction(locale: &str) -> &'static str {
    if crate::locale::is_rtl(locale) {
        "rtl"
    } else {
        "ltr"
    }
}

fn key_of(ev: &Event) -> String {
    ev.dyn_ref::<KeyboardEvent>()
        .map(KeyboardEvent::key)
        .unwrap_or_default()
}

fn header(cx: &Scope) -> Element {
    let (name, offered) = read(|s| (s.config.name.clone(), s.config.offered()));
    let mut h = cx
        .h("header")
        .attr("class", "widget-header")
        .child(cx.h("h1").attr("id", "widget-title").text(&name));
    if offered.len() > 1 {
        let options = offered
            .iter()
            .map(|tag| {
                let tag: &'static str = tag;
                cx.h("option")
                    .attr("value", tag)
                    .text(&language_name(tag))
                    .el()
            })
            .collect();
        h = h.child(
            cx.h("label")
                .attr("class", "language")
                .child(
                    cx.h("span")
                        .attr("class", "sr-only")
                        .text_with(|| t("language-label")),
                )
                .child(
                    cx.h("select")
                        .attr("data-testid", "language-select")
                        .children(options)
                        .value_with(locale)
                        .on("change", |ev| switch_language(&event_value(&ev))),
                ),
        );
    }
    h.child(
        cx.h("p")
            .attr("class", "connection")
            .attr("role", "status")
            .attr_with("data-online", || read(|s| s.online.map(|o| o.to_string())))
            .text_with(|| match read(|s| s.online) {
                None => String::new(),
                Some(true) => t("connection-online"),
                Some(false) => t("connection-reconnecting"),
            }),
    )
    .child(
        cx.h("button")
            .attr("type", "button")
            .attr("class", "help-open")
            .attr("data-testid", "help-open")
            .text_with(|| t("widget-help"))
            .on("click", |_| open_help(None)),
    )
    .child(
        cx.h("button")
            .attr("type", "button")
            .attr("class", "close")
            .attr_with("aria-label", || Some(t("widget-close")))
            .on("click", |_| close_widget())
            .child(cx.h("span").attr("aria-hidden", "true").text("×")),
    )
    .el()
}

/// Opens the help panel at `page` (an article's address), else at the
/// contents in the widget's language.
fn open_help(page: Option<String>) {
    let url =
        page.unwrap_or_else(|| format!("/help/{}/{}", crate::widget::state::site(), locale()));
    // The panel (same origin) sends "did this help?" with the visitor's
    // token: the widget's storage may be the host page's, out of its reach.
    if let (Some(w), Some(token)) = (web_sys::window(), session::token()) {
        let _ = js_sys::Reflect::set(&w, &"parleyToken".into(), &token.into());
    }
    write(|s| s.help = Some(format!("{url}?embed=1")));
}

/// The help centre in a frame over the chat (same origin: it reads the
/// visitor token for its "did this help?" and hands "talk to a person"
/// back to [`header`]'s chat).
fn help_panel(url: &str, cx: &Scope) -> Vec<Element> {
    if url.is_empty() {
        return Vec::new();
    }
    vec![
        cx.h("section")
            .attr("class", "help-panel")
            .attr("data-testid", "help-panel")
            .child(
                cx.h("button")
                    .attr("type", "button")
                    .attr("data-testid", "help-close")
                    .text_with(|| t("widget-help-close"))
                    .on("click", |_| write(|s| s.help = None)),
            )
            .child(
                cx.h("iframe")
                    .attr("src", url)
                    .attr("data-testid", "help-frame")
                    .attr_with("title", || Some(t("widget-help"))),
            )
            .el(),
    ]
}

fn messages(cx: &Scope) -> Element {
    cx.h("ol")
        .attr("class", "messages")
        .attr("data-testid", "message-list")
        .attr("aria-live", "polite")
        // Focusable, so keyboard users can scroll a long history.
        .attr("tabindex", "0")
        .attr_with("aria-label", || Some(t("widget-message-list")))
        .child(
            cx.h("li")
                .attr("class", "greeting")
                .attr("data-testid", "greeting")
                .attr("dir", "auto")
                .text_with(|| {
                    let locale = locale();
                    read(|s| s.config.greeting(&locale).map(str::to_owned))
                        .unwrap_or_else(|| t("widget-greeting-default"))
                }),
        )
        .list(
            || {
                read(|s| s.timeline.items(Author::Customer))
                    .into_iter()
                    .map(|i| {
                        let key = format!(
                            "{}|{}|{}",
                            i.key,
                            i.seq.unwrap_or(-1),
                            i.failed.map_or("", |c| c.as_str())
                        );
                        (key, i)
                    })
                    .collect()
            },
            message_row,
        )
        .el()
}

fn message_row(item: &TimelineItem, cx: &Scope) -> Element {
    let mine = item.author == Author::Customer;
    let status_item = item.clone();
    let status = move || {
        mine.then(|| {
            let (d, r) = read(|s| s.receipts);
            status_item.delivery(d, r)
        })
    };
    let who = match (item.author, item.author_name.clone()) {
        (Author::Agent | Author::Bot, Some(name)) => Some(name),
        _ => None,
    };
    let author = item.author;
    let sent_at = item.sent_at;
    let mut row =
        cx.h("li")
            .attr(
                "class",
                if mine {
                    "message mine"
                } else {
                    "message theirs"
                },
            )
            .attr("data-testid", "message")
            .attr("data-author", item.author.as_str())
            .attr_with("data-status", {
                let status = status.clone();
                move || status().map(|d| d.as_str().to_owned())
            })
            .child({
                let p = cx.h("p").attr("class", "body").attr("dir", "auto");
                match item.notice.clone() {
                    // Parley's own words, in the customer's language.
                    Some(n) => p.text_with(move || crate::notices::text(&n)),
                    None => p.text(&item.body),
                }
            })
            .child(
                cx.h("p")
                    .attr("class", "meta")
                    .child(cx.h("span").attr("class", "who").text_with(move || {
                        match (author, &who) {
                            (Author::Agent | Author::Bot, Some(name)) => name.clone(),
                            (Author::Agent | Author::Bot, None) => t("widget-support"),
                            (Author::Customer, _) => t("widget-you"),
                            (Author::System, _) => String::new(),
                        }
                    }))
                    .child(cx.h("time").text_with(move || {
                        sent_at
                            .map(|ms| crate::client::format_time(ms, &locale()))
                            .unwrap_or_default()
                    }))
                    .child(
                        cx.h("span").attr("class", "status").text_with(move || {
                            status().map(|d| t(d.fluent_id())).unwrap_or_default()
                        }),
                    ),
            );
    // The bot's answer ends with the article's address: read it in the panel.
    let body = item.body.as_bytes();
    let last = body.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    if author == Author::Bot && body[last..].starts_with(b"http") {
        let page = item.body[last..].to_owned();
        row = row.child(
            cx.h("a")
                .attr("href", &page)
                .attr("target", "_blank")
                .attr("data-testid", "bot-article")
                .text_with(|| t("widget-read-article"))
                .on("click", move |ev| {
                    ev.prevent_default();
                    open_help(Some(page.clone()));
                }),
        );
    }
    if let Some(code) = item.failed {
        row = row.child(
            cx.h("p")
                .attr("class", "error")
                .attr("role", "alert")
                .text_with(move || error_text(code)),
        );
    }
    row.el()
}

fn away(cx: &Scope) -> Element {
    let away = || read(|s| s.staff_online == Some(false));
    cx.h("p")
        .attr("class", "away")
        .attr("data-testid", "away-notice")
        .attr("role", "status")
        .attr("dir", "auto")
        .flag_with("hidden", move || !away())
        .text_with(move || {
            if !away() {
                return String::new();
            }
            let locale = locale();
            read(|s| s.config.away(&locale).map(str::to_owned))
                .unwrap_or_else(|| t("widget-staff-offline"))
        })
        .el()
}

fn queue(cx: &Scope) -> Element {
    let waiting = || read(|s| s.queue.filter(|q| q.position.is_some()));
    cx.h("div")
        .attr("class", "queue")
        .attr("data-testid", "queue")
        .attr("role", "status")
        .attr_with("data-position", move || {
            waiting().and_then(|q| q.position).map(|p| p.to_string())
        })
        .attr_with("data-staff-online", move || {
            waiting().map(|q| q.staff_online.to_string())
        })
        .flag_with("hidden", move || waiting().is_none())
        .switch(
            move || {
                waiting()
                    .map(|q| {
                        format!(
                            "{}/{}/{}",
                            q.position.unwrap_or(0),
                            q.waiting,
                            q.staff_online
                        )
                    })
                    .unwrap_or_default()
            },
            move |_, cx| {
                let Some(q) = waiting() else {
                    return Vec::new();
                };
                let mut out = vec![
                    cx.h("p")
                        .text_with(move || {
                            t_with(
                                "widget-queue-position",
                                &[
                                    ("position", q.position.unwrap_or(1).into()),
                                    ("waiting", q.waiting.into()),
                                ],
                            )
                        })
                        .el(),
                ];
                if q.staff_online {
                    out.push(
                        cx.h("p")
                            .attr("class", "online")
                            .text_with(|| t("widget-staff-online"))
                            .el(),
                    );
                }
                out
            },
        )
        .el()
}

/// "We'll reply by …" in the customer's own time zone.
fn reply_by(cx: &Scope) -> Element {
    cx.h("p")
        .attr("class", "reply-by")
        .attr("data-testid", "reply-by")
        .attr("role", "status")
        .attr_with("data-reply-by", || {
            read(|s| s.reply_by.map(|r| r.to_string()))
        })
        .flag_with("hidden", || read(|s| s.reply_by.is_none()))
        .text_with(|| {
            let Some(ms) = read(|s| s.reply_by) else {
                return String::new();
            };
            let locale = locale();
            let time = crate::client::time_zone()
                .and_then(|tz| crate::client::format_time_in_zone(ms, &locale, &tz))
                .unwrap_or_else(|| crate::client::format_time(ms, &locale));
            t_with("widget-reply-by", &[("time", time.into())])
        })
        .el()
}

/// "Is your problem solved?" with yes and no.
fn confirm(cx: &Scope) -> Vec<Element> {
    vec![
        cx.h("div")
            .attr("class", "confirm")
            .attr("role", "group")
            .attr("aria-labelledby", "confirm-question")
            .attr("data-testid", "confirm")
            .child(
                cx.h("p")
                    .attr("id", "confirm-question")
                    .attr("dir", "auto")
                    .text_with(|| {
                        let locale = locale();
                        read(|s| s.config.confirm(&locale).map(str::to_owned))
                            .unwrap_or_else(|| t("widget-confirm-question"))
                    }),
            )
            .child(
                cx.h("button")
                    .attr("type", "button")
                    .attr("data-testid", "confirm-yes")
                    .on("click", |_| session::confirm(true))
                    .text_with(|| t("widget-confirm-yes")),
            )
            .child(
                cx.h("button")
                    .attr("type", "button")
                    .attr("class", "secondary")
                    .attr("data-testid", "confirm-no")
                    .on("click", |_| session::confirm(false))
                    .text_with(|| t("widget-confirm-no")),
            )
            .el(),
    ]
}

/// The message box: Enter sends (unless an IME composition is in
/// progress), Shift+Enter makes a new line, every keystroke reports typing.
fn composer(cx: &Scope) -> Element {
    let submit = || {
        let body = read(|s| s.draft.clone());
        if body.trim().is_empty() {
            return;
        }
        if send_message(body) {
            write(|s| s.draft.clear());
        }
    };
    cx.h("form")
        .attr("class", "composer")
        .on("submit", move |ev| {
            ev.prevent_default();
            submit();
        })
        .child(
            cx.h("label")
                .attr("for", "composer-input")
                .attr("class", "sr-only")
                .text_with(|| t("composer-label")),
        )
        .child(
            cx.h("textarea")
                .attr("id", "composer-input")
                .attr("data-testid", "composer-input")
                .attr("rows", "1")
                .attr("maxlength", &crate::protocol::MAX_BODY_CHARS.to_string())
                .attr_with("placeholder", || Some(t("composer-placeholder")))
                .value_with(|| read(|s| s.draft.clone()))
                .on("input", |ev| {
                    let value = event_value(&ev);
                    write(|s| s.draft = value);
                    session::typing();
                })
                .on("keydown", move |ev| {
                    let Some(k) = ev.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if k.key() == "Enter" && !k.shift_key() && !k.is_composing() {
                        ev.prevent_default();
                        submit();
                    }
                }),
        )
        .child(
            cx.h("button")
                .attr("type", "submit")
                .attr("data-testid", "composer-send")
                .text_with(|| t("composer-send")),
        )
        .el()
}
