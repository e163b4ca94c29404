//! Issue 22: collecting inbound mail from an IMAP mailbox
//! (`PARLEY_IMAP_URL`) instead of Parley's own listener, against a real
//! Dovecot (Debian's `dovecot-imapd`, installed by `./run.sh`, started here
//! on its own port and folder). Mails are put in the mailbox with IMAP
//! `APPEND`, as the operator's mail host delivers them: a customer's answer
//! to the reply address lands in its conversation, a new mail opens an
//! e-mail conversation, a forged reply is refused, the same mail twice is
//! one message, and everything Parley looked at is flagged seen and kept.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::common::{self, TestApp};
use crate::mail::{DOMAIN, Mail, Smtpd, desk_mail_message, offline_customer};

const USER: &str = "support";
const PASSWORD: &str = "mailbox-secret";

/// A real Dovecot serving one mailbox (Maildir in a temporary folder) on
/// 127.0.0.1, plain IMAP (loopback only).
struct Dovecot {
    dir: PathBuf,
    port: u16,
    /// The IMAPS port, when it serves TLS.
    tls_port: Option<u16>,
}

impl Dovecot {
    fn start() -> Dovecot {
        Dovecot::start_with(None)
    }

    /// With TLS (STARTTLS on the plain port, and an IMAPS port) by the
    /// certificate `ca` signed.
    fn start_with(ca: Option<&common::TestCa>) -> Dovecot {
        let bin = PathBuf::from("/usr/sbin/dovecot");
        assert!(
            bin.exists(),
            "Dovecot is missing: ./run.sh test installs Debian's dovecot-imapd"
        );
        let dir = tempfile::tempdir().unwrap().keep();
        let port = common::free_port();
        let mail = dir.join("mail");
        std::fs::create_dir_all(&mail).unwrap();
        std::fs::create_dir_all(dir.join("run")).unwrap();
        // As root, Dovecot's own users run it and the mail belongs to
        // nobody; otherwise all of it runs as the user running the tests.
        use std::os::unix::fs::MetadataExt;
        let me = std::fs::metadata(&dir).unwrap();
        let (uid, gid) = (me.uid(), me.gid());
        let (mail_uid, mail_gid, users) = if uid == 0 {
            (65534, 65534, String::new())
        } else {
            let me = std::env::var("USER").unwrap_or_else(|_| uid.to_string());
            (
                uid,
                gid,
                format!("default_login_user = {me}\ndefault_internal_user = {me}\n"),
            )
        };
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&mail, std::fs::Permissions::from_mode(0o777)).unwrap();
        let d = dir.display();
        let tls_port = ca.map(|_| common::free_port());
        let ssl = match ca {
            None => "ssl = no\n".to_owned(),
            Some(ca) => format!(
                "ssl = yes\nssl_cert = <{}\nssl_key = <{}\n",
                ca.cert.display(),
                ca.key.display()
            ),
        };
        std::fs::write(dir.join("passwd"), format!("{USER}:{{PLAIN}}{PASSWORD}\n")).unwrap();
        std::fs::write(
            dir.join("dovecot.conf"),
            format!(
                "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/dovecot.log\n\
                 protocols = imap\nlisten = 127.0.0.1\n{ssl}\
                 disable_plaintext_auth = no\nauth_mechanisms = plain login\n\
                 mail_location = maildir:{d}/mail/%u\nfirst_valid_uid = 1\n{users}\
                 passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {d}/passwd\n}}\n\
                 userdb {{\n  driver = static\n  args = uid={mail_uid} gid={mail_gid} home={d}/mail/%u\n}}\n\
                 service imap-login {{\n  chroot =\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n  inet_listener imaps {{\n    address = 127.0.0.1\n    port = {imaps}\n  }}\n}}\n\
                 service anvil {{\n  chroot =\n}}\n",
                imaps = tls_port.unwrap_or(0),
            ),
        )
        .unwrap();
        let status = Command::new(&bin)
            .arg("-c")
            .arg(dir.join("dovecot.conf"))
            .status()
            .expect("dovecot starts");
        assert!(status.success(), "dovecot failed: see {d}/dovecot.log");
        Dovecot {
            dir,
            port,
            tls_port,
        }
    }

    fn url(&self) -> String {
        format!("imap://{USER}:{PASSWORD}@127.0.0.1:{}/?tls=none", self.port)
    }

    async fn session(&self) -> async_imap::Session<tokio::net::TcpStream> {
        let mut last = None;
        for _ in 0..100 {
            match tokio::net::TcpStream::connect(("127.0.0.1", self.port)).await {
                Ok(tcp) => {
                    let mut client = async_imap::Client::new(tcp);
                    client.read_response().await.unwrap();
                    return client.login(USER, PASSWORD).await.map_err(|e| e.0).unwrap();
                }
                Err(e) => last = Some(e),
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("dovecot did not listen: {last:?}");
    }

    /// Puts `raw` in the inbox, unseen, as the mail host delivers it.
    async fn deliver(&self, raw: &str) {
        let mut s = self.session().await;
        s.append("INBOX", None, None, raw.replace('\n', "\r\n"))
            .await
            .unwrap();
        s.logout().await.unwrap();
    }

    /// (all, unseen) mails in the inbox.
    async fn counts(&self) -> (usize, usize) {
        let mut s = self.session().await;
        s.select("INBOX").await.unwrap();
        let all = s.uid_search("ALL").await.unwrap().len();
        let unseen = s.uid_search("UNSEEN").await.unwrap().len();
        s.logout().await.unwrap();
        (all, unseen)
    }

    async fn wait_all_seen(&self, all: usize) {
        for _ in 0..200 {
            if self.counts().await == (all, 0) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("expected {all} mails, all seen: {:?}", self.counts().await);
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new("/usr/sbin/dovecot")
            .arg("-c")
            .arg(self.dir.join("dovecot.conf"))
            .arg("stop")
            .status();
    }
}

/// Parley sending through aiosmtpd and collecting from Dovecot every
/// second (no SMTP listener).
async fn imap_app(smtpd: &Smtpd, dovecot: &Dovecot) -> TestApp {
    imap_app_with(smtpd, dovecot.url(), None).await
}

async fn imap_app_with(smtpd: &Smtpd, imap_url: String, ca: Option<PathBuf>) -> TestApp {
    let dir = tempfile::tempdir().unwrap().keep();
    let mut cfg = common::config(&dir);
    cfg.smtp_url = Some(smtpd.url());
    cfg.mail_domain = Some(DOMAIN.into());
    cfg.mail_grace_secs = 1;
    cfg.imap_url = Some(imap_url);
    cfg.imap_poll_secs = 1;
    cfg.mail_ca = ca;
    TestApp::start_config(cfg).await
}

fn mail(headers: &[(&str, &str)], body: &str) -> String {
    let mut raw = String::new();
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\n"));
    }
    raw.push_str("Date: Wed, 02 Dec 2026 09:00:00 +0000\nMIME-Version: 1.0\n");
    raw.push_str("Content-Type: text/plain; charset=utf-8\n\n");
    raw.push_str(body);
    raw
}

#[tokio::test]
async fn mail_collected_from_an_imap_mailbox_lands_in_its_conversation() {
    let mut smtpd = Smtpd::new();
    smtpd.start().await;
    let dovecot = Dovecot::start();
    let app = imap_app(&smtpd, &dovecot).await;
    let (mut desk, _) = app.desk().await;

    // The offline customer gets the agent's reply by mail …
    let id = offline_customer(&app, "anna@example.com", "Where is my parcel?").await;
    common::reply(&mut desk, id, "a1", "It left our warehouse today.").await;
    let sent = Mail::of(&smtpd.wait_for(1).await[0]);
    let reply_to = sent.header("Reply-To");
    let reply_to = reply_to.trim_matches(|c| c == '<' || c == '>');
    let reply_to = reply_to.rsplit('<').next().unwrap().trim_end_matches('>');
    assert!(reply_to.starts_with(&format!("demo+{id}.")), "{reply_to}");

    // … and answers it; her provider delivers it to the mailbox Parley
    // polls (the last hop's Delivered-To names the reply address).
    let answer = mail(
        &[
            ("Delivered-To", reply_to),
            ("From", "Anna Schmidt <anna@example.com>"),
            ("To", &format!("Demo Shop <{reply_to}>")),
            ("Subject", "Re: New reply from Demo Shop"),
            ("Message-ID", "<imap-answer-1@example.com>"),
            ("In-Reply-To", &sent.header("Message-ID")),
        ],
        "Thank you! Card 4111 1111 1111 1111 for the duty.\n\n\
         On Wed, 2 Dec 2026 at 09:00, Demo Shop wrote:\n> It left our warehouse today.\n",
    );
    dovecot.deliver(&answer).await;
    let m = desk_mail_message(&mut desk, id).await;
    let body = m["body"].as_str().unwrap();
    assert!(body.starts_with("Thank you!"), "{body}");
    assert!(!body.contains("4111 1111 1111 1111"), "card masked: {body}");
    assert!(
        !body.contains("warehouse"),
        "quoted history stripped: {body}"
    );
    assert_eq!(m["author"], "customer");

    // A forged answer (a made-up token) and a mail for nobody Parley
    // knows are refused; the same answer delivered twice is one message.
    let forged = mail(
        &[
            (
                "Delivered-To",
                &format!("demo+{id}.0000000000000000@{DOMAIN}"),
            ),
            ("From", "mallory@example.net"),
            ("To", &format!("demo+{id}.0000000000000000@{DOMAIN}")),
            ("Subject", "Refund to my account"),
            ("Message-ID", "<forged-1@example.net>"),
        ],
        "Please refund to IBAN XX00 0000.\n",
    );
    dovecot.deliver(&forged).await;
    let stranger = mail(
        &[
            ("From", "someone@example.org"),
            ("To", "sales@elsewhere.example"),
            ("Subject", "Offer"),
            ("Message-ID", "<stranger-1@example.org>"),
        ],
        "Buy now.\n",
    );
    dovecot.deliver(&stranger).await;
    dovecot.deliver(&answer).await;

    // A new mail to the site's support address opens an e-mail conversation.
    let fresh = mail(
        &[
            ("Delivered-To", &format!("demo@{DOMAIN}")),
            ("From", "Kenji Sato <kenji@example.jp>"),
            ("To", &format!("demo@{DOMAIN}")),
            ("Subject", "Customs invoice"),
            ("Message-ID", "<imap-new-1@example.jp>"),
        ],
        "Which invoice does customs need?\n",
    );
    dovecot.deliver(&fresh).await;
    let summary = loop {
        let e = desk.recv_type("conversation").await;
        if e["summary"]["channel"] == "email" && e["summary"]["id"] != id {
            break e["summary"].clone();
        }
    };
    let new_id = summary["id"].as_i64().unwrap();
    let detail = common::detail_of(&mut desk, new_id).await;
    assert_eq!(detail["contact"]["details"]["email"], "kenji@example.jp");

    // Parley looked at all five and kept every one in the mailbox.
    dovecot.wait_all_seen(5).await;
    let bodies = crate::mail::bodies(&mut desk, id).await;
    assert_eq!(
        bodies
            .iter()
            .filter(|b| b.starts_with("Thank you!"))
            .count(),
        1,
        "the same mail twice is one message: {bodies:?}"
    );
    assert!(
        !bodies.iter().any(|b| b.contains("IBAN")),
        "the forged answer is not stored: {bodies:?}"
    );
    assert!(!common::db_text(&app).contains("IBAN XX00"));
    let others: Vec<Value> = desk
        .drain_type("conversation", Duration::from_millis(1500))
        .await;
    assert!(
        others
            .iter()
            .all(|c| c["summary"]["id"] == id || c["summary"]["id"] == new_id),
        "no conversation for the stranger's mail: {others:?}"
    );
    // Nothing was sent to the forger.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        smtpd
            .wait_for(1)
            .await
            .iter()
            .all(|m| !m.contains("mallory")),
        "no mail to the forger"
    );
    app.stop().await;
}

#[tokio::test]
async fn the_mailbox_is_read_over_tls_checked_against_the_operators_ca() {
    let ca = common::TestCa::new();
    let mut smtpd = Smtpd::new();
    smtpd.start().await;
    let dovecot = Dovecot::start_with(Some(&ca));
    let implicit = format!(
        "imaps://{USER}:{PASSWORD}@localhost:{}/INBOX",
        dovecot.tls_port.unwrap()
    );
    let starttls = format!("imap://{USER}:{PASSWORD}@localhost:{}", dovecot.port);
    let new_mail = |n: usize| {
        mail(
            &[
                ("Delivered-To", &format!("demo@{DOMAIN}")),
                ("From", "Kenji Sato <kenji@example.jp>"),
                ("To", &format!("demo@{DOMAIN}")),
                ("Subject", &format!("Question {n}")),
                ("Message-ID", &format!("<tls-{n}@example.jp>")),
            ],
            "Which invoice does customs need?\n",
        )
    };
    // Without the operator's CA the server is not trusted: nothing is read.
    let app = imap_app_with(&smtpd, implicit.clone(), None).await;
    dovecot.deliver(&new_mail(0)).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(dovecot.counts().await, (1, 1), "left unread");
    app.stop().await;
    // With it, by IMAPS and by STARTTLS (the mail left unread is taken too).
    for (n, url) in [(1, implicit), (2, starttls)] {
        let app = imap_app_with(&smtpd, url.clone(), Some(ca.ca.clone())).await;
        let (mut desk, _) = app.desk().await;
        dovecot.deliver(&new_mail(n)).await;
        let wanted = format!("Question {n}");
        loop {
            let e = desk.recv_type("message").await;
            if e["message"]["body"]
                .as_str()
                .is_some_and(|b| b.starts_with(&wanted))
            {
                break;
            }
        }
        dovecot.wait_all_seen(n + 1).await;
        app.stop().await;
    }
}
