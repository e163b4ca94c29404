//! `MailStore`: a staff reply to a customer who left an e-mail address
//! waits (written by the reply's own transaction), is taken into the
//! outbox as one mail of the replies the widget did not receive, retried,
//! sent or given up; unsubscribing stops it; mails received are kept once.

use parley::storage::{
    AttachmentRecord, MailAttempt, MailKind, NewConsent, NewMessage, ReceivedMail, SealedContact,
    Store,
};
use parley_app::protocol::{Author, Channel};

use super::{T0, conversation, each, site};

async fn say(store: &dyn Store, c: i64, client_id: &str, author: Author, now: i64) -> i64 {
    store
        .append_message(
            NewMessage {
                channel: if author == Author::Customer {
                    Channel::Email
                } else {
                    Channel::Chat
                },
                conversation_id: c,
                client_id,
                author,
                agent_id: None,
                body: client_id,
                now,
                policy_version: None,
                notice: None,
                author_name: None,
            },
            None,
        )
        .await
        .unwrap()
        .message
        .seq
}

async fn leave_address(store: &dyn Store, c: i64, visitor: &str) {
    let fields = vec!["email".to_owned()];
    store
        .save_contact(
            "shop",
            visitor,
            &SealedContact {
                email: Some("sealed-email".into()),
                ..SealedContact::default()
            },
            &NewConsent {
                conversation_id: c,
                purpose: "contact_details",
                fields: &fields,
                locale: Some("en"),
            },
            T0,
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn replies_the_widget_did_not_receive_become_one_mail() {
    each(|store| async move {
        site(&*store, "shop").await;
        let c = conversation(&*store, "shop", "v1", None).await;
        let quiet = conversation(&*store, "shop", "v2", None).await;
        say(&*store, c, "question", Author::Customer, T0).await;
        // Without an address nothing waits.
        say(&*store, quiet, "hi", Author::Agent, T0 + 1).await;
        leave_address(&*store, c, "v1").await;
        let first = say(&*store, c, "r1", Author::Agent, T0 + 10).await;
        let last = say(&*store, c, "r2", Author::Agent, T0 + 20).await;
        // A customer's message waits for nothing.
        say(&*store, c, "more", Author::Customer, T0 + 25).await;
        assert!(
            store
                .due_pending_mail(T0 + 19, T0, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let due = store.due_pending_mail(T0 + 20, T0, 10).await.unwrap();
        assert_eq!(due.len(), 1, "{due:?}");
        let pending = due[0].clone();
        assert_eq!(
            (
                pending.conversation_id,
                pending.first_at,
                pending.latest_at,
                pending.up_to_seq
            ),
            (c, T0 + 10, T0 + 20, last)
        );
        // The first reply waiting long enough makes it due too.
        assert_eq!(
            store.due_pending_mail(T0, T0 + 10, 10).await.unwrap().len(),
            1
        );

        // The widget received the first reply: the mail carries the second.
        store.mark_visitor_delivered(c, first).await.unwrap();
        let id = store
            .queue_replies(&pending, T0 + 30)
            .await
            .unwrap()
            .unwrap();
        assert!(
            store
                .due_pending_mail(i64::MAX, i64::MAX, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let due = store.due_mail(T0 + 30, 10).await.unwrap();
        assert_eq!(due.len(), 1);
        assert_eq!(
            (
                due[0].id,
                due[0].kind,
                due[0].from_seq,
                due[0].up_to_seq,
                due[0].attempts
            ),
            (id, MailKind::Replies, last, last, 0)
        );
        assert_eq!(store.mail_thread(c).await.unwrap().mailed_seq, last);
        // Taken twice (another node read it too): nothing more.
        assert_eq!(store.queue_replies(&pending, T0 + 31).await.unwrap(), None);

        // A failed attempt is due again; then it is sent.
        store
            .record_mail_attempt(
                id,
                T0 + 31,
                MailAttempt::Failed {
                    error: "could not connect".into(),
                    next_at: Some(T0 + 41),
                },
            )
            .await
            .unwrap();
        assert!(store.due_mail(T0 + 40, 10).await.unwrap().is_empty());
        assert_eq!(store.due_mail(T0 + 41, 10).await.unwrap()[0].attempts, 1);
        store
            .record_mail_attempt(id, T0 + 42, MailAttempt::Sent)
            .await
            .unwrap();
        assert!(store.due_mail(i64::MAX, 10).await.unwrap().is_empty());
        let log = store.conversation_mails(c, 10).await.unwrap();
        assert_eq!(
            (
                log[0].sent_at,
                log[0].attempts,
                log[0].last_error.as_deref()
            ),
            (Some(T0 + 42), 2, None)
        );
        // Recording an attempt at a finished mail finds nothing to change.
        assert!(
            store
                .record_mail_attempt(id, T0 + 43, MailAttempt::Sent)
                .await
                .is_err()
        );

        // A reply the widget received before its mail was due: no mail.
        let seen = say(&*store, c, "r3", Author::Agent, T0 + 50).await;
        store.mark_visitor_delivered(c, seen).await.unwrap();
        let pending = store.due_pending_mail(T0 + 50, T0, 10).await.unwrap();
        assert_eq!(
            store.queue_replies(&pending[0], T0 + 60).await.unwrap(),
            None
        );
        assert_eq!(store.mail_thread(c).await.unwrap().mailed_seq, seen);

        // A transcript: the whole conversation.
        let t = store.queue_transcript(c, seen, T0 + 70).await.unwrap();
        let due = store.due_mail(T0 + 70, 10).await.unwrap();
        assert_eq!(
            (due[0].id, due[0].kind, due[0].from_seq, due[0].up_to_seq),
            (t, MailKind::Transcript, 1, seen)
        );
        // Given up: not due any more.
        store
            .record_mail_attempt(
                t,
                T0 + 71,
                MailAttempt::Failed {
                    error: "550 no such user".into(),
                    next_at: None,
                },
            )
            .await
            .unwrap();
        let log = store.conversation_mails(c, 10).await.unwrap();
        assert_eq!((log[0].id, log[0].gave_up_at), (t, Some(T0 + 71)));
        assert!(store.due_mail(i64::MAX, 10).await.unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn unsubscribing_stops_waiting_replies_and_unsent_mails() {
    each(|store| async move {
        site(&*store, "shop").await;
        let c = conversation(&*store, "shop", "v1", None).await;
        leave_address(&*store, c, "v1").await;
        say(&*store, c, "r1", Author::Agent, T0 + 1).await;
        let pending = store.due_pending_mail(T0 + 1, T0, 10).await.unwrap();
        store
            .queue_replies(&pending[0], T0 + 2)
            .await
            .unwrap()
            .unwrap();
        say(&*store, c, "r2", Author::Agent, T0 + 3).await;
        store.unsubscribe_mail(c, T0 + 4).await.unwrap();
        store.unsubscribe_mail(c, T0 + 5).await.unwrap();
        assert_eq!(
            store.mail_thread(c).await.unwrap().unsubscribed_at,
            Some(T0 + 4)
        );
        assert!(store.due_mail(i64::MAX, 10).await.unwrap().is_empty());
        assert!(
            store
                .due_pending_mail(i64::MAX, i64::MAX, 10)
                .await
                .unwrap()
                .is_empty()
        );
        // Later replies wait for nothing.
        say(&*store, c, "r3", Author::Agent, T0 + 6).await;
        assert!(
            store
                .due_pending_mail(i64::MAX, i64::MAX, 10)
                .await
                .unwrap()
                .is_empty()
        );

        // Dropped by hand (mail off).
        let d = conversation(&*store, "shop", "v9", None).await;
        leave_address(&*store, d, "v9").await;
        say(&*store, d, "x", Author::Agent, T0 + 7).await;
        store.drop_pending_mail(d).await.unwrap();
        assert!(
            store
                .due_pending_mail(i64::MAX, i64::MAX, 10)
                .await
                .unwrap()
                .is_empty()
        );
    })
    .await;
}

#[tokio::test]
async fn mails_received_are_kept_once_and_the_latest_is_answered() {
    each(|store| async move {
        site(&*store, "shop").await;
        let c = conversation(&*store, "shop", "v1", None).await;
        assert_eq!(store.received_mail("<a@x>").await.unwrap(), None);
        // Two files arrive with mail a (stored first, nobody's yet); a
        // third was already a form's and stays so.
        for (id, at) in [('a', T0), ('b', T0 + 1), ('c', T0 + 2)] {
            store
                .create_attachment(&AttachmentRecord {
                    id: id.to_string().repeat(32),
                    site: "shop".into(),
                    visitor_id: Some("v1".into()),
                    file_name: format!("{id}.pdf"),
                    content_type: "application/pdf".into(),
                    size: 2048,
                    sha256: "f".repeat(64),
                    created_at: at,
                    conversation_id: None,
                })
                .await
                .unwrap();
        }
        let c_file = "c".repeat(32);
        store.attach_files(c, "v1", &[&c_file]).await.unwrap();
        let (a_file, b_file) = ("a".repeat(32), "b".repeat(32));
        let received = |id, seq, at, files| ReceivedMail {
            message_id: id,
            conversation_id: c,
            message_seq: seq,
            files,
            at,
        };
        let files = [a_file.as_str(), b_file.as_str(), c_file.as_str()];
        store
            .record_received_mail(&received("<a@x>", 2, T0, &files))
            .await
            .unwrap();
        store
            .record_received_mail(&received("<a@x>", 2, T0 + 1, &[]))
            .await
            .unwrap();
        store
            .record_received_mail(&received("<b@x>", 3, T0 + 2, &[]))
            .await
            .unwrap();
        assert_eq!(store.received_mail("<a@x>").await.unwrap(), Some(c));
        let kept = store.mail_files(c).await.unwrap();
        assert_eq!(
            kept.iter()
                .map(|f| (f.file.id.as_str(), f.message_seq, f.file.conversation_id))
                .collect::<Vec<_>>(),
            [(a_file.as_str(), 2, Some(c)), (b_file.as_str(), 2, Some(c))],
            "the mail's files, not the form's"
        );
        let other = conversation(&*store, "shop", "v2", None).await;
        assert!(store.mail_files(other).await.unwrap().is_empty());
        assert_eq!(
            store
                .mail_thread(c)
                .await
                .unwrap()
                .last_inbound_id
                .as_deref(),
            Some("<b@x>")
        );
        // The summary and messages say where they came from.
        let m = say(&*store, c, "by-mail", Author::Customer, T0 + 3).await;
        let messages = store.messages_after(c, m - 1, 1).await.unwrap();
        assert_eq!(messages[0].channel, Channel::Email);
        assert_eq!(store.summary(c).await.unwrap().channel, Channel::Chat);
    })
    .await;
}
