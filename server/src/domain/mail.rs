//! E-mail as a channel (R-CH2, R-CH4, R-CH5): Parley's addresses, when a
//! reply is mailed, what of an answer by mail is kept, and how often a
//! failed sending is tried again.
//!
//! Every site has a support address on Parley's mail domain,
//! `{site}@{domain}`, and every conversation a reply address,
//! `{site}+{conversation}.{token}@{domain}`, whose token is a MAC of the
//! conversation only Parley can make: a reply without it (or with another
//! conversation's) is refused, so nobody can write into a conversation by
//! guessing its number.
//!
//! Pure code: `now` is passed in; instants are Unix milliseconds.

/// Where a mail to one of Parley's addresses goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// A site's support address: a new conversation.
    Support {
        /// The site.
        site: String,
    },
    /// A conversation's reply address.
    Reply {
        /// The site.
        site: String,
        /// The conversation.
        conversation: i64,
        /// Its token, as written (checked by the caller).
        token: String,
    },
}

/// Longest address Parley reads (RFC 5321's path limit).
pub const MAX_ADDRESS: usize = 254;

/// A conversation's reply address on `domain`.
pub fn reply_address(site: &str, conversation: i64, token: &str, domain: &str) -> String {
    format!("{site}+{conversation}.{token}@{domain}")
}

/// A site's support address on `domain`.
pub fn support_address(site: &str, domain: &str) -> String {
    format!("{site}@{domain}")
}

/// Reads `address` (as given in `RCPT TO`, with or without angle brackets)
/// as one of Parley's addresses on `domain`; `None` for any other address.
/// The domain and the local part compare without regard to case (mail
/// systems may change it).
pub fn parse_recipient(address: &str, domain: &str) -> Option<Recipient> {
    let address = address.trim().trim_start_matches('<').trim_end_matches('>');
    if address.len() > MAX_ADDRESS {
        return None;
    }
    let (local, at) = address.rsplit_once('@')?;
    if !at.eq_ignore_ascii_case(domain) {
        return None;
    }
    let local = local.to_ascii_lowercase();
    match local.split_once('+') {
        None => super::site::is_site_key(&local).then_some(Recipient::Support { site: local }),
        Some((site, rest)) => {
            let (conversation, token) = rest.split_once('.')?;
            let conversation: i64 = conversation.parse().ok().filter(|c| *c > 0)?;
            let token_ok =
                (8..=64).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_hexdigit());
            (super::site::is_site_key(site) && token_ok).then(|| Recipient::Reply {
                site: site.to_owned(),
                conversation,
                token: token.to_owned(),
            })
        }
    }
}

/// The line Parley's mails put above the conversation so far; everything
/// from it down in an answer is the quoted history. The same in every
/// language, so it is found whatever language the mail was read in.
pub const REPLY_ABOVE: &str = "##- Please type your reply above this line -##";

/// How mail programs introduce the quoted message, per language: a line
/// starting with the first part, containing the second and ending with a
/// colon ("On Mon, 30 Nov 2026, Demo <a@b> wrote:").
const ATTRIBUTIONS: &[(&str, &str)] = &[
    ("On ", " wrote"),
    ("Am ", " schrieb"),
    ("El ", " escribió"),
    ("Le ", " a écrit"),
    ("", "写道"),
    ("", "のメッセージ"),
    ("", "書きました"),
    ("", "كتب"),
];

/// Lines that start a forwarded or quoted original in common mail programs.
const SEPARATORS: &[&str] = &[
    "-----Original Message-----",
    "-----Ursprüngliche Nachricht-----",
    "-----Mensaje original-----",
    "-----原始邮件-----",
    "________________________________",
];

/// What the customer wrote in an answer by mail: the text above Parley's
/// marker, a mail program's attribution line ("On … wrote:", in six
/// languages) or an original-message separator, without lines quoted with
/// `>` and without the signature after `-- `; trailing blank lines dropped.
pub fn strip_quoted(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim().trim_start_matches('>').trim();
        let attribution = (t.ends_with(':') || t.ends_with('：'))
            && ATTRIBUTIONS
                .iter()
                .any(|(start, word)| t.starts_with(start) && t[start.len()..].contains(word));
        // An attribution may wrap onto a second line ("On Mon, … <a@b>\nwrote:").
        let wrapped = t == "wrote:"
            && i > 0
            && lines[i - 1].trim().starts_with("On ")
            && !lines[i - 1].trim().is_empty();
        if t.contains(REPLY_ABOVE) || attribution || SEPARATORS.contains(&t) || *line == "-- " {
            end = i;
            break;
        }
        if wrapped {
            end = i - 1;
            break;
        }
    }
    let kept: Vec<&str> = lines[..end]
        .iter()
        .copied()
        .filter(|l| !l.trim_start().starts_with('>'))
        .collect();
    kept.join("\n")
        .trim_end()
        .trim_start_matches('\n')
        .to_owned()
}

/// How long after an agent's reply Parley waits before mailing it: the
/// customer may still be reading in the widget, and replies written close
/// together go in one mail.
pub const DEFAULT_GRACE_MS: i64 = 2 * 60 * 1000;

/// Longest a reply waits for later ones before its mail goes anyway.
pub const MAX_BATCH_WAIT_MS: i64 = 10 * 60 * 1000;

/// When the mail holding replies waiting since `first_at` (the latest
/// written at `latest_at`) goes: `grace` after the latest, but no later
/// than [`MAX_BATCH_WAIT_MS`] after the first (at least `grace` after it).
pub fn batch_due_at(first_at: i64, latest_at: i64, grace: i64) -> i64 {
    (latest_at + grace).min(first_at + MAX_BATCH_WAIT_MS.max(grace))
}

/// How long Parley keeps trying to send one mail.
pub const RETRY_FOR_MS: i64 = 3 * 24 * 60 * 60 * 1000;

/// When to try a mail queued at `created_at` again after its `attempts`-th
/// failure at `now`: 10 s, doubling each time up to an hour apart, for
/// three days (an SMTP relay down over a weekend loses nothing); `None`
/// after, when it is given up.
pub fn next_attempt(created_at: i64, attempts: u32, now: i64) -> Option<i64> {
    super::retry::next_attempt(created_at, attempts, now, RETRY_FOR_MS)
}

/// Whether a sending failure is final: a refusal of the mail or its
/// address (SMTP 5xx) is; anything else (connection, TLS, 4xx) is tried
/// again — and so are the relay's refusals of Parley's own setup (530
/// authentication or STARTTLS required, 534 mechanism too weak, 535 wrong
/// credentials, 538 encryption required), which the operator fixes while
/// the mail waits.
pub fn is_permanent(smtp_code: Option<u16>) -> bool {
    smtp_code.is_some_and(|c| (500..600).contains(&c) && !matches!(c, 530 | 534 | 535 | 538))
}

/// The `Message-ID` of the mail queued as `outbox_id` for `conversation`
/// (unique and stable across retries, so a resent mail is one mail).
pub fn message_id(site: &str, conversation: i64, outbox_id: i64, domain: &str) -> String {
    format!("<parley.{site}.{conversation}.{outbox_id}@{domain}>")
}

/// The thread's root `Message-ID`, which every mail of the conversation
/// names in `References` (mail programs group them under it). It carries
/// the conversation's reply token, so an answer that names it is threaded
/// even when it went to the site's support address (a "reply all", a mail
/// program that ignored `Reply-To`).
pub fn thread_id(site: &str, conversation: i64, token: &str, domain: &str) -> String {
    format!("<parley.{site}.{conversation}.{token}@{domain}>")
}

/// The conversation named by the first of `ids` (a mail's `In-Reply-To`
/// and `References`, with or without angle brackets) that is a thread id
/// of Parley's on `domain`, as the reply address it stands for. The token
/// is still to be checked.
pub fn threaded<'a>(ids: impl IntoIterator<Item = &'a str>, domain: &str) -> Option<Recipient> {
    ids.into_iter().find_map(|id| {
        let id = id.trim().trim_start_matches('<').trim_end_matches('>');
        let (local, at) = id.rsplit_once('@')?;
        if !at.eq_ignore_ascii_case(domain) || id.len() > MAX_ADDRESS {
            return None;
        }
        let mut parts = local.strip_prefix("parley.")?.rsplitn(3, '.');
        let (token, conversation, site) = (parts.next()?, parts.next()?, parts.next()?);
        parse_recipient(&format!("{site}+{conversation}.{token}@{at}"), domain)
    })
}

/// Most bytes of one inbound mail (its whole source); bigger is refused
/// with SMTP 552 before it is read.
pub const MAX_INBOUND_BYTES: usize = 12 * 1024 * 1024;

/// Most recipients of one inbound mail.
pub const MAX_RECIPIENTS: usize = 10;

/// Most ids of a mail's `In-Reply-To` and `References` looked at.
pub const MAX_REFERENCES: usize = 50;

/// Most attachments kept of one inbound mail.
pub const MAX_ATTACHMENTS: usize = 5;

/// Longest subject kept (characters).
pub const MAX_SUBJECT: usize = 200;

/// The text a new conversation by mail starts with: its subject as the
/// first line (when it says anything), then the body.
pub fn first_message(subject: &str, body: &str) -> String {
    let subject: String = subject
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_SUBJECT)
        .collect();
    let subject = subject.trim();
    match (subject.is_empty(), body.trim().is_empty()) {
        (true, _) => body.trim().to_owned(),
        (false, true) => subject.to_owned(),
        (false, false) => format!("{subject}\n\n{}", body.trim()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_round_trip() {
        let a = reply_address("demo", 42, "0123abcd4567ef89", "mail.example.com");
        assert_eq!(a, "demo+42.0123abcd4567ef89@mail.example.com");
        assert_eq!(
            parse_recipient(&a, "mail.example.com"),
            Some(Recipient::Reply {
                site: "demo".into(),
                conversation: 42,
                token: "0123abcd4567ef89".into()
            })
        );
        assert_eq!(
            parse_recipient("<DEMO@Mail.Example.com>", "mail.example.com"),
            Some(Recipient::Support {
                site: "demo".into()
            })
        );
        assert_eq!(
            parse_recipient(&support_address("north-wind", "m.test"), "m.test"),
            Some(Recipient::Support {
                site: "north-wind".into()
            })
        );
    }

    #[test]
    fn other_addresses_are_not_parleys() {
        let d = "m.test";
        for a in [
            "demo@other.test",
            "demo@m.test.evil",
            "de@m.test",
            "Demo_Shop@m.test",
            "demo+42@m.test",
            "demo+0.0123abcd@m.test",
            "demo+-1.0123abcd@m.test",
            "demo+x.0123abcd@m.test",
            "demo+42.short@m.test",
            "demo+42.zzzzzzzzzz@m.test",
            "demo+42.0123abcd",
            "",
            "@m.test",
        ] {
            assert_eq!(parse_recipient(a, d), None, "{a}");
        }
        let long = format!("demo+42.{}@m.test", "a".repeat(300));
        assert_eq!(parse_recipient(&long, d), None);
    }

    #[test]
    fn quoted_history_is_stripped() {
        let mail = format!(
            "Thanks, it arrived!\r\n\r\nAnna\r\n\r\n{REPLY_ABOVE}\r\n\r\nDemo Shop wrote: Where is it?\r\n"
        );
        assert_eq!(strip_quoted(&mail), "Thanks, it arrived!\n\nAnna");
        let gmail = "Yes please.\n\nOn Mon, 30 Nov 2026 at 10:00, Demo <demo+1.ab12cd34@m.test> wrote:\n> Shall we resend?\n";
        assert_eq!(strip_quoted(gmail), "Yes please.");
        let wrapped = "Ok\n\nOn Mon, 30 Nov 2026 at 10:00, Demo Shop\nwrote:\n> old";
        assert_eq!(strip_quoted(wrapped), "Ok");
        let german = "Danke.\n\nAm 30.11.2026 um 10:00 schrieb Demo <x@y>:\n> alt";
        assert_eq!(strip_quoted(german), "Danke.");
        let spanish = "Gracias.\nEl lun, 30 nov 2026 a las 10:00, Demo escribió:\n> viejo";
        assert_eq!(strip_quoted(spanish), "Gracias.");
        let chinese = "收到了，谢谢\n\nDemo <x@y> 于2026年11月30日周一 10:00写道：\n> 旧";
        assert_eq!(strip_quoted(chinese), "收到了，谢谢");
        let japanese = "届きました\n\n2026年11月30日(月) 10:00 Demo <x@y>のメッセージ:\n> 旧";
        assert_eq!(strip_quoted(japanese), "届きました");
        let outlook = "Fine\n\n-----Original Message-----\nFrom: Demo";
        assert_eq!(strip_quoted(outlook), "Fine");
        let signed = "See you\n-- \nAnna Smith\n+49 30 1234567";
        assert_eq!(strip_quoted(signed), "See you");
        let interleaved = "> Did it arrive?\nYes\n> And the invoice?\nAlso yes";
        assert_eq!(strip_quoted(interleaved), "Yes\nAlso yes");
        assert_eq!(strip_quoted("no history at all"), "no history at all");
        // A line that merely mentions writing is kept.
        assert_eq!(
            strip_quoted("On Monday I wrote: twice"),
            "On Monday I wrote: twice"
        );
        assert_eq!(
            strip_quoted("I wrote to you on Monday"),
            "I wrote to you on Monday"
        );
    }

    #[test]
    fn replies_close_together_go_in_one_mail() {
        let g = DEFAULT_GRACE_MS;
        assert_eq!(batch_due_at(0, 0, g), g);
        assert_eq!(batch_due_at(0, 60_000, g), 60_000 + g);
        // A stream of replies does not hold the mail back for ever.
        assert_eq!(batch_due_at(0, 20 * 60_000, g), MAX_BATCH_WAIT_MS);
        // A grace longer than the batch wait still waits the grace.
        assert_eq!(
            batch_due_at(0, 0, MAX_BATCH_WAIT_MS * 2),
            MAX_BATCH_WAIT_MS * 2
        );
    }

    #[test]
    fn retries_back_off_and_end() {
        assert_eq!(next_attempt(0, 1, 0), Some(10_000));
        assert_eq!(next_attempt(0, 2, 10_000), Some(30_000));
        assert_eq!(next_attempt(0, 3, 30_000), Some(70_000));
        assert_eq!(next_attempt(0, 30, 1_000_000), Some(1_000_000 + 3_600_000));
        assert_eq!(next_attempt(0, 30, RETRY_FOR_MS - 1000), None);
        assert!(is_permanent(Some(550)));
        assert!(is_permanent(Some(554)));
        assert!(!is_permanent(Some(451)));
        assert!(!is_permanent(Some(421)));
        assert!(!is_permanent(None));
        for setup in [530, 534, 535, 538] {
            assert!(!is_permanent(Some(setup)), "{setup}: the operator's to fix");
        }
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(
            message_id("demo", 4, 9, "m.test"),
            "<parley.demo.4.9@m.test>"
        );
        assert_ne!(
            message_id("demo", 4, 9, "m.test"),
            message_id("demo", 4, 10, "m.test")
        );
        assert_eq!(
            thread_id("demo", 4, "0a1b2c3d4e5f6071", "m.test"),
            "<parley.demo.4.0a1b2c3d4e5f6071@m.test>"
        );
    }

    #[test]
    fn answers_are_threaded_by_the_thread_id_they_name() {
        let root = thread_id("demo", 4, "0a1b2c3d4e5f6071", "m.test");
        let reply = Recipient::Reply {
            site: "demo".into(),
            conversation: 4,
            token: "0a1b2c3d4e5f6071".into(),
        };
        assert_eq!(threaded([root.as_str()], "m.test"), Some(reply.clone()));
        // In `References` after other ids, without brackets, in capitals.
        assert_eq!(
            threaded(
                ["<a@example.com>", "parley.demo.4.0A1B2C3D4E5F6071@M.TEST"],
                "m.test"
            ),
            Some(reply)
        );
        for other in [
            "<a@example.com>",
            "<parley.demo.4.0a1b2c3d4e5f6071@elsewhere.test>",
            "<parley.demo.4@m.test>",
            "<parley.demo.4.9@m.test>",
            "<parley.demo.x.0a1b2c3d4e5f6071@m.test>",
            "<parley.demo.0.0a1b2c3d4e5f6071@m.test>",
            "<parley.Bad Site.4.0a1b2c3d4e5f6071@m.test>",
            "<other.demo.4.0a1b2c3d4e5f6071@m.test>",
            "",
        ] {
            assert_eq!(threaded([other], "m.test"), None, "{other}");
        }
        assert_eq!(threaded([], "m.test"), None);
    }

    #[test]
    fn a_first_message_carries_its_subject() {
        assert_eq!(
            first_message("Parcel late", "Hello\n"),
            "Parcel late\n\nHello"
        );
        assert_eq!(first_message("", " Hello "), "Hello");
        assert_eq!(first_message("Only\u{7}subject", ""), "Onlysubject");
        assert_eq!(first_message(&"x".repeat(500), "b").len(), MAX_SUBJECT + 3);
    }
}
