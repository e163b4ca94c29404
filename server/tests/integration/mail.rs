//! Issue 22: e-mail as a channel, against a real SMTP server (aiosmtpd,
//! from PyPI in `.tools/py`, writing what it receives to a Maildir) and
//! Parley's own SMTP listener. An offline customer gets the agent's reply
//! by mail, answers by mail, and the agent sees the answer live in the
//! same conversation; a new mail to the site's address opens a
//! conversation on the e-mail channel with its own first-reply target; a
//! forged reply without the conversation's token is refused; the relay
//! down for a minute loses nothing; one click unsubscribes.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde_json::{Value, json};

use crate::common::{self, TestApp};

pub(crate) const DOMAIN: &str = "mail.test";

/// The Python with aiosmtpd that `./run.sh` installs.
pub(crate) fn python() -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/py/bin/python");
    assert!(
        p.exists(),
        "{} is missing: ./run.sh test installs aiosmtpd there",
        p.display()
    );
    p
}

/// A real SMTP server (aiosmtpd's Maildir handler) on 127.0.0.1.
pub(crate) struct Smtpd {
    child: Option<Child>,
    port: u16,
    maildir: PathBuf,
    /// A relay that demands TLS and a password (`end2end/mail/relay.py`):
    /// `starttls` or `implicit`, with its certificate and key.
    secured: Option<(&'static str, PathBuf, PathBuf)>,
}

/// The user and password the secured relay demands.
const RELAY_USER: &str = "parley";
const RELAY_PASSWORD: &str = "relay-secret";

impl Smtpd {
    pub(crate) fn new() -> Smtpd {
        let maildir = tempfile::tempdir().unwrap().keep().join("Maildir");
        Smtpd {
            child: None,
            port: common::free_port(),
            maildir,
            secured: None,
        }
    }

    /// A relay that demands TLS (`mode`: `starttls` or `implicit`) with the
    /// certificate `ca` signed, and a password.
    fn secured(mode: &'static str, ca: &common::TestCa) -> Smtpd {
        let mut relay = Smtpd::new();
        relay.secured = Some((mode, ca.cert.clone(), ca.key.clone()));
        relay
    }

    pub(crate) async fn start(&mut self) {
        let mut command = Command::new(python());
        match &self.secured {
            None => command
                .args(["-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Mailbox"])
                .arg(&self.maildir)
                .args(["-l", &format!("127.0.0.1:{}", self.port)]),
            Some((mode, cert, key)) => command
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("../end2end/mail/relay.py"))
                .args([*mode, &self.port.to_string()])
                .args([&self.maildir, cert, key])
                .args([RELAY_USER, RELAY_PASSWORD]),
        };
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        self.child = Some(child);
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not listen");
    }

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub(crate) fn url(&self) -> String {
        self.url_with(RELAY_PASSWORD)
    }

    /// The relay's URL, signing in with `password` when it demands one.
    fn url_with(&self, password: &str) -> String {
        match &self.secured {
            None => format!("smtp://127.0.0.1:{}", self.port),
            Some(("implicit", ..)) => {
                format!("smtps://{RELAY_USER}:{password}@localhost:{}", self.port)
            }
            Some(_) => format!(
                "smtp://{RELAY_USER}:{password}@localhost:{}?tls=required",
                self.port
            ),
        }
    }

    /// Every mail received so far, oldest first.
    fn mails(&self) -> Vec<String> {
        let mut files: Vec<_> = std::fs::read_dir(self.maildir.join("new"))
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.sort_by_key(|f| std::fs::metadata(f).and_then(|m| m.modified()).ok());
        files
            .iter()
            .map(|f| std::fs::read_to_string(f).unwrap())
            .collect()
    }

    pub(crate) async fn wait_for(&self, count: usize) -> Vec<String> {
        for _ in 0..300 {
            let m = self.mails();
            if m.len() >= count {
                return m;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {count} mails, got {:#?}", self.mails());
    }
}

impl Drop for Smtpd {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A mail read back: its headers (unfolded) and decoded parts.
pub(crate) struct Mail {
    parsed: Vec<u8>,
}

impl Mail {
    pub(crate) fn of(raw: &str) -> Mail {
        Mail {
            parsed: raw.as_bytes().to_vec(),
        }
    }

    pub(crate) fn header(&self, name: &str) -> String {
        let m = mail_parser::MessageParser::default()
            .parse(&self.parsed)
            .unwrap();
        if name == "Subject" {
            return m.subject().unwrap_or_default().to_owned();
        }
        m.header_raw(name).unwrap_or_default().trim().to_owned()
    }

    pub(crate) fn text(&self) -> String {
        let m = mail_parser::MessageParser::default()
            .parse(&self.parsed)
            .unwrap();
        m.body_text(0).unwrap_or_default().into_owned()
    }

    fn html(&self) -> String {
        let m = mail_parser::MessageParser::default()
            .parse(&self.parsed)
            .unwrap();
        m.body_html(0).unwrap_or_default().into_owned()
    }
}

async fn mail_app(smtpd: &Smtpd, clock: Option<Arc<parley::state::ManualClock>>) -> (TestApp, u16) {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut cfg = common::config(&dir);
    let listen = common::free_port();
    cfg.smtp_url = Some(smtpd.url());
    cfg.mail_domain = Some(DOMAIN.into());
    cfg.smtp_listen = Some(SocketAddr::from(([127, 0, 0, 1], listen)));
    cfg.mail_grace_secs = 1;
    cfg.clock = clock;
    (TestApp::start_config(cfg).await, listen)
}

/// A customer who left `email` with consent, then closed the widget; their
/// conversation.
pub(crate) async fn offline_customer(app: &TestApp, email: &str, body: &str) -> i64 {
    let (mut v, _, id) = app.customer(None, body).await;
    v.send(json!({"type": "contact", "consent": true,
        "details": {"name": "Anna Schmidt", "email": email}}))
        .await;
    v.recv_type("contact_saved").await;
    drop(v);
    id
}

/// Sends a mail to Parley's listener.
async fn send_mail(listen: u16, message: Message) -> Result<(), lettre::transport::smtp::Error> {
    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
        .port(listen)
        .build()
        .send(message)
        .await
        .map(|_| ())
}

/// The bodies of conversation `id`'s messages, as the desk opens it.
pub(crate) async fn bodies(desk: &mut common::Ws, id: i64) -> Vec<String> {
    desk.send(json!({"type": "open", "conversation_id": id}))
        .await;
    let history = loop {
        let h = desk.recv_type("history").await;
        if h["conversation_id"] == id || h["messages"][0]["conversation_id"] == id {
            break h;
        }
    };
    history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn answer(to: &str, message_id: &str, in_reply_to: &str, body: &str) -> Message {
    Message::builder()
        .from("Anna Schmidt <anna@example.com>".parse().unwrap())
        .to(to.parse().unwrap())
        .subject("Re: New reply from Demo Shop")
        .message_id(Some(message_id.into()))
        .in_reply_to(in_reply_to.into())
        .body(body.to_owned())
        .unwrap()
}

/// The desk's next message event of conversation `id` that came by mail.
pub(crate) async fn desk_mail_message(desk: &mut common::Ws, id: i64) -> Value {
    loop {
        let e = desk.recv_type("message").await;
        if e["message"]["conversation_id"] == id && e["message"]["channel"] == "email" {
            return e["message"].clone();
        }
    }
}

#[tokio::test]
async fn an_offline_customer_gets_the_reply_by_mail_and_answers_by_mail() {
    let mut smtpd = Smtpd::new();
    smtpd.start().await;
    let (app, listen) = mail_app(&smtpd, None).await;
    let id = offline_customer(&app, "anna@example.com", "Where is my parcel?").await;
    let (mut desk, _) = app.desk().await;
    common::reply(&mut desk, id, "r1", "It left Hamburg today.").await;
    common::reply(&mut desk, id, "r2", "Tracking: DE123456789.").await;

    // Both replies close together: one mail, after the grace period.
    let mails = smtpd.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        smtpd.mails().len(),
        1,
        "replies within the grace go in one mail"
    );
    let mail = Mail::of(&mails[0]);
    assert!(mail.header("To").contains("anna@example.com"));
    assert!(mail.header("From").contains(&format!("demo@{DOMAIN}")));
    let reply_to = mail.header("Reply-To");
    assert!(reply_to.contains(&format!("demo+{id}.")), "{reply_to}");
    assert_eq!(mail.header("Subject"), "New reply from Northwind Parcel");
    assert_eq!(
        mail.header("Message-ID"),
        format!("<parley.demo.{id}.1@{DOMAIN}>")
    );
    // The thread's root carries the reply address's token.
    let token = reply_to
        .split(&format!("demo+{id}."))
        .nth(1)
        .and_then(|rest| rest.split('@').next())
        .unwrap()
        .to_owned();
    let root = format!("<parley.demo.{id}.{token}@{DOMAIN}>");
    assert_eq!(mail.header("In-Reply-To"), root);
    assert!(mail.header("References").contains(&root));
    let unsubscribe = mail.header("List-Unsubscribe");
    assert!(
        unsubscribe.contains(&format!("/mail/unsubscribe/{id}.")),
        "{unsubscribe}"
    );
    assert_eq!(
        mail.header("List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    let text = mail.text();
    assert!(
        text.starts_with(parley::domain::mail::REPLY_ABOVE),
        "{text}"
    );
    assert!(
        text.contains("It left Hamburg today.") && text.contains("DE123456789"),
        "{text}"
    );
    assert!(
        text.contains("Where is my parcel?"),
        "the conversation so far: {text}"
    );
    let html = mail.html();
    assert!(
        html.contains("It left Hamburg today.") && html.contains("Northwind Parcel"),
        "{html}"
    );

    // The customer answers from their mail program, quoting the mail.
    let address = match reply_to.split_once('<') {
        Some((_, rest)) => rest.trim_end_matches('>').to_owned(),
        None => reply_to.clone(),
    };
    let quoted = format!(
        "Thanks, it arrived! My card 4111 1111 1111 1111 was charged twice though.\r\n\r\n\
         On Mon, 30 Nov 2026 at 10:00, Demo Shop <{address}> wrote:\r\n> It left Hamburg today.\r\n"
    );
    let reply = answer(
        &address,
        "<answer-1@example.com>",
        &mail.header("Message-ID"),
        &quoted,
    );
    let sent = send_mail(listen, reply.clone()).await;
    assert!(sent.is_ok(), "{sent:?}");
    let m = desk_mail_message(&mut desk, id).await;
    assert_eq!(m["author"], "customer");
    assert_eq!(m["channel"], "email");
    let body = m["body"].as_str().unwrap();
    assert!(body.starts_with("Thanks, it arrived!"), "{body}");
    assert!(
        !body.contains("Hamburg"),
        "the quoted history is stripped: {body}"
    );
    assert!(
        !body.contains("4111 1111 1111 1111"),
        "the card is masked: {body}"
    );

    // The same mail delivered again is not a second message.
    send_mail(listen, reply).await.unwrap();
    // A forged reply — no token, or another conversation's — is refused.
    for forged in [
        format!("demo+{id}.0000000000000000@{DOMAIN}"),
        format!(
            "demo+{}.{}@{DOMAIN}",
            id + 1,
            &address[address.find('.').unwrap() + 1..address.find('@').unwrap()]
        ),
        format!("demo+{id}@{DOMAIN}"),
        format!("nobody@{DOMAIN}"),
    ] {
        let refused = send_mail(
            listen,
            answer(
                &forged,
                "<forged@evil.test>",
                "<x@y>",
                "I am Anna, refund me",
            ),
        )
        .await;
        let e = refused.expect_err(&forged);
        assert!(e.is_permanent(), "{forged}: {e}");
    }
    let bodies = bodies(&mut desk, id).await;
    assert_eq!(
        bodies
            .iter()
            .filter(|b| b.starts_with("Thanks, it arrived"))
            .count(),
        1,
        "{bodies:?}"
    );
    assert!(!bodies.iter().any(|b| b.contains("refund")), "{bodies:?}");
    app.stop().await;
}

#[tokio::test]
async fn a_mail_to_the_support_address_opens_an_email_conversation() {
    let mut smtpd = Smtpd::new();
    smtpd.start().await;
    let (app, listen) = mail_app(&smtpd, None).await;
    let (mut desk, _) = app.desk().await;
    let mail = Message::builder()
        .from("Kenji Sato <kenji@example.jp>".parse().unwrap())
        .to(format!("Demo <demo@{DOMAIN}>").parse().unwrap())
        .subject("Customs invoice")
        .message_id(Some("<new-1@example.jp>".into()))
        .body("Which invoice does customs need?".to_owned())
        .unwrap();
    send_mail(listen, mail).await.unwrap();
    // The list entry and the message, in whichever order they come.
    let (mut summary, mut first) = (Value::Null, Value::Null);
    while summary.is_null() || first.is_null() {
        let e = desk.recv().await;
        if e["type"] == "conversation" && e["summary"]["channel"] == "email" {
            summary = e["summary"].clone();
        }
        if e["type"] == "message" {
            first = e["message"].clone();
        }
    }
    let id = summary["id"].as_i64().unwrap();
    assert_eq!(first["conversation_id"], id);
    assert_eq!(
        first["body"],
        "Customs invoice\n\nWhich invoice does customs need?"
    );
    assert_eq!(first["channel"], "email");
    // Its first-reply clock is the e-mail target (24 hours), not the chat's.
    let detail = common::detail_of(&mut desk, id).await;
    let clocks = detail["clocks"].as_array().cloned().unwrap_or_default();
    let first_response = clocks
        .iter()
        .find(|c| c["kind"] == "first_response")
        .unwrap_or_else(|| panic!("{detail}"));
    let (started, due) = (
        first_response["started_at"].as_i64(),
        first_response["due_at"].as_i64(),
    );
    assert!(
        due.unwrap() - started.unwrap_or(first["sent_at"].as_i64().unwrap()) > 60 * 60 * 1000,
        "{first_response}"
    );
    assert_eq!(detail["contact"]["details"]["email"], "kenji@example.jp");

    // The agent's answer reaches Kenji by mail (nobody has a widget open).
    common::reply(&mut desk, id, "a1", "The commercial invoice, signed.").await;
    let mails = smtpd.wait_for(1).await;
    let m = Mail::of(&mails[0]);
    assert!(m.header("To").contains("kenji@example.jp"));
    assert!(m.text().contains("The commercial invoice, signed."));
    assert_eq!(
        m.header("In-Reply-To"),
        "<new-1@example.jp>",
        "threaded under Kenji's mail"
    );

    // Kenji answers to the site's address instead of the reply address
    // (his mail program ignored Reply-To): the thread id the answer names
    // keeps it in his conversation. A made-up thread id does not.
    let to_support = |message_id: &str, references: String| {
        Message::builder()
            .from("kenji@example.jp".parse().unwrap())
            .to(format!("demo@{DOMAIN}").parse().unwrap())
            .subject("Re: Customs invoice")
            .message_id(Some(message_id.into()))
            .in_reply_to(m.header("Message-ID"))
            .references(references)
            .body("Signed by whom?\n\n> The commercial invoice, signed.".to_owned())
            .unwrap()
    };
    send_mail(
        listen,
        to_support("<new-1b@example.jp>", m.header("References")),
    )
    .await
    .unwrap();
    let threaded = desk_mail_message(&mut desk, id).await;
    assert_eq!(threaded["body"], "Signed by whom?");
    let forged_root = m
        .header("References")
        .split_whitespace()
        .next()
        .unwrap()
        .replace(&format!(".{id}."), &format!(".{}.", id + 1));
    send_mail(listen, to_support("<new-1c@example.jp>", forged_root))
        .await
        .unwrap();
    let apart = loop {
        let c = desk.recv_type("conversation").await;
        if c["summary"]["channel"] == "email" && c["summary"]["id"] != id {
            break c["summary"]["id"].as_i64().unwrap();
        }
    };
    assert!(
        apart > id,
        "a forged thread id opens a conversation of its own"
    );

    // A second mail from the same address, new subject: the same customer.
    let again = Message::builder()
        .from("kenji@example.jp".parse().unwrap())
        .to(format!("demo@{DOMAIN}").parse().unwrap())
        .subject("Another question")
        .message_id(Some("<new-2@example.jp>".into()))
        .body("And the packing list?".to_owned())
        .unwrap();
    send_mail(listen, again).await.unwrap();
    let second = loop {
        let c = desk.recv_type("conversation").await;
        if c["summary"]["channel"] == "email"
            && c["summary"]["id"] != id
            && c["summary"]["id"] != apart
        {
            break c["summary"].clone();
        }
    };
    assert_eq!(
        second["visitor_label"], summary["visitor_label"],
        "one customer, one history"
    );

    // One click in the mail program stops the mails.
    let unsubscribe = m.header("List-Unsubscribe");
    let url = unsubscribe.trim_matches(|c| c == '<' || c == '>');
    let page = common::client().get(url).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("mail-unsubscribe"));
    let done = common::client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let forged = common::client()
        .post(url.replace(&format!("{id}."), &format!("{}.", id + 100)))
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 404);
    common::reply(&mut desk, id, "a2", "Did that help?").await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(smtpd.mails().len(), 1, "no mail after unsubscribing");
    app.stop().await;
}

#[tokio::test]
async fn a_mails_files_pass_the_upload_checks_and_reach_the_case_panel() {
    use lettre::message::{Attachment, MultiPart, SinglePart, header::ContentType};
    let mut smtpd = Smtpd::new();
    smtpd.start().await;
    let (app, listen) = mail_app(&smtpd, None).await;
    let (mut desk, _) = app.desk().await;
    let file = |name: &str, mime: &str, bytes: Vec<u8>| {
        Attachment::new(name.to_owned()).body(bytes, ContentType::parse(mime).unwrap())
    };
    let mail = Message::builder()
        .from("Lena Vogel <lena@example.de>".parse().unwrap())
        .to(format!("demo@{DOMAIN}").parse().unwrap())
        .subject("Broken box")
        .message_id(Some("<files-1@example.de>".into()))
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain("Photo attached.".to_owned()))
                // A photo: kept. A program named like a photo and a web
                // page: left out, as the widget refuses them.
                .singlepart(file("box.png", "image/png", common::PNG.to_vec()))
                .singlepart(file(
                    "invoice.jpg",
                    "image/jpeg",
                    b"MZ\x90\x00 not a photo".to_vec(),
                ))
                .singlepart(file(
                    "page.html",
                    "text/html",
                    b"<script>alert(1)</script>".to_vec(),
                )),
        )
        .unwrap();
    send_mail(listen, mail).await.unwrap();
    let id = loop {
        let e = desk.recv_type("conversation").await;
        if e["summary"]["channel"] == "email" {
            break e["summary"]["id"].as_i64().unwrap();
        }
    };
    common::show(&mut desk, id).await;
    let detail = common::detail_where(&mut desk, id, |d| {
        !d["mail"]["files"].as_array().is_none_or(Vec::is_empty)
    })
    .await;
    let files = detail["mail"]["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "only the photo is kept: {files:?}");
    assert_eq!(files[0]["seq"], 1, "beside the mail's message");
    assert_eq!(files[0]["file"]["file_name"], "box.png");
    assert_eq!(files[0]["file"]["content_type"], "image/png");
    // Staff open it as any customer's file: the same bytes.
    let cookie = app
        .login(common::ADMIN_EMAIL, common::ADMIN_PASSWORD)
        .await
        .unwrap();
    let url = app.url(&format!(
        "/api/attachments/{}",
        files[0]["file"]["id"].as_str().unwrap()
    ));
    let got = common::client()
        .get(&url)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(got.status(), 200);
    assert_eq!(got.bytes().await.unwrap().as_ref(), common::PNG);
    assert_eq!(common::http().get(&url).send().await.unwrap().status(), 401);
    // The same mail again brings no second copy.
    let again = Message::builder()
        .from("lena@example.de".parse().unwrap())
        .to(format!("demo@{DOMAIN}").parse().unwrap())
        .subject("Broken box")
        .message_id(Some("<files-1@example.de>".into()))
        .singlepart(file("box.png", "image/png", common::PNG.to_vec()))
        .unwrap();
    send_mail(listen, again).await.unwrap();
    let detail = common::detail_of(&mut desk, id).await;
    assert_eq!(detail["mail"]["files"].as_array().unwrap().len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn a_relay_that_demands_tls_and_a_password_gets_the_mail() {
    let ca = common::TestCa::new();
    for mode in ["starttls", "implicit"] {
        let mut relay = Smtpd::secured(mode, &ca);
        relay.start().await;
        let start = |url: String, ca_file: Option<PathBuf>| async move {
            let dir = tempfile::tempdir().unwrap().keep();
            let mut cfg = common::config(&dir);
            cfg.smtp_url = Some(url);
            cfg.mail_domain = Some(DOMAIN.into());
            cfg.mail_grace_secs = 1;
            cfg.mail_ca = ca_file;
            TestApp::start_config(cfg).await
        };
        // The operator's CA trusted, the right password: the mail goes.
        let app = start(relay.url(), Some(ca.ca.clone())).await;
        let (mut desk, _) = app.desk().await;
        let id = offline_customer(&app, "anna@example.com", "Where is my parcel?").await;
        common::reply(&mut desk, id, "a1", "It left our warehouse today.").await;
        let m = Mail::of(&relay.wait_for(1).await[0]);
        assert!(m.text().contains("It left our warehouse today."), "{mode}");
        app.stop().await;

        // A wrong password, or a relay whose certificate nobody vouches
        // for: nothing goes, and the mail waits to be retried (the
        // operator fixes the setup; the mail is not given up).
        for (url, ca_file) in [
            (relay.url_with("wrong-password"), Some(ca.ca.clone())),
            (relay.url(), None),
        ] {
            let app = start(url.clone(), ca_file).await;
            let (mut desk, _) = app.desk().await;
            let id = offline_customer(&app, "anna@example.com", "Hello?").await;
            common::reply(&mut desk, id, "a1", "Hello Anna.").await;
            let mut detail = Value::Null;
            for _ in 0..60 {
                detail = common::detail_of(&mut desk, id).await;
                if detail["mail"]["mails"][0]["state"] == "retrying" {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
            }
            assert_eq!(
                detail["mail"]["mails"][0]["state"], "retrying",
                "{mode} {url}"
            );
            assert_eq!(
                detail["mail"]["mails"][0]["kind"], "replies",
                "{mode} {url}"
            );
            assert_eq!(relay.mails().len(), 1, "{mode} {url}: nothing more arrived");
            app.stop().await;
        }
        relay.stop();
    }
}

#[tokio::test]
async fn the_relay_down_for_a_minute_loses_nothing() {
    let clock = Arc::new(parley::state::ManualClock::default());
    clock.set(parley::state::now_ms());
    let mut smtpd = Smtpd::new();
    // The relay is down when the reply is written.
    let (app, _) = mail_app(&smtpd, Some(clock.clone())).await;
    let id = offline_customer(&app, "anna@example.com", "Is it shipped?").await;
    let (mut desk, _) = app.desk().await;
    common::reply(&mut desk, id, "r1", "Yes, this morning.").await;
    // The grace passes; attempts fail for a minute.
    for _ in 0..6 {
        clock.advance(10_000);
        tokio::time::sleep(Duration::from_millis(600)).await;
    }
    assert!(smtpd.mails().is_empty());
    // The relay comes back: the next attempt delivers it, once.
    smtpd.start().await;
    for _ in 0..12 {
        clock.advance(10_000);
        tokio::time::sleep(Duration::from_millis(300)).await;
        if !smtpd.mails().is_empty() {
            break;
        }
    }
    let mails = smtpd.wait_for(1).await;
    assert!(Mail::of(&mails[0]).text().contains("Yes, this morning."));
    clock.advance(3_600_000);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(smtpd.mails().len(), 1, "sent once");
    app.stop().await;
}
