//! E-mail: staff replies waiting to be mailed (written by the reply's own
//! transaction, see `sql/conversations.rs`), the outbox of mails with its
//! attempts, each conversation's thread (how far it was mailed, the
//! customer's latest mail, unsubscribed), and the mails received.
//!
//! Part of [`Store`](super::Store); the SQL implementation is in
//! `sql/mail.rs`.

use async_trait::async_trait;

use super::StoreResult;

/// Replies of one conversation waiting to be mailed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingMail {
    /// The conversation.
    pub conversation_id: i64,
    /// When the first reply waiting was written, Unix ms.
    pub first_at: i64,
    /// When the latest was.
    pub latest_at: i64,
    /// The latest's seq.
    pub up_to_seq: i64,
}

/// What a mail in the outbox carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailKind {
    /// Staff replies the customer did not see in the widget.
    Replies,
    /// The whole conversation, at the customer's request.
    Transcript,
}

impl MailKind {
    /// As stored.
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Replies => "replies",
            MailKind::Transcript => "transcript",
        }
    }

    /// From storage.
    pub fn parse(s: &str) -> Option<MailKind> {
        match s {
            "replies" => Some(MailKind::Replies),
            "transcript" => Some(MailKind::Transcript),
            _ => None,
        }
    }
}

/// A mail in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    /// Id (its `Message-ID` is made from it).
    pub id: i64,
    /// The conversation.
    pub conversation_id: i64,
    /// What it carries.
    pub kind: MailKind,
    /// The first message it carries (replies) …
    pub from_seq: i64,
    /// … and the last.
    pub up_to_seq: i64,
    /// When it was queued, Unix ms.
    pub created_at: i64,
    /// Attempts so far.
    pub attempts: u32,
    /// When it is tried next (`None`: sent or given up).
    pub next_at: Option<i64>,
    /// When the relay took it.
    pub sent_at: Option<i64>,
    /// When it was given up.
    pub gave_up_at: Option<i64>,
    /// What went wrong last.
    pub last_error: Option<String>,
}

/// How an attempt at sending went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailAttempt {
    /// The relay took it.
    Sent,
    /// It did not; tried again at `next_at`, or given up without one.
    Failed {
        /// What went wrong.
        error: String,
        /// When to try again.
        next_at: Option<i64>,
    },
}

/// A conversation's mail thread.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailThread {
    /// Messages up to this seq were mailed (or seen in the widget when
    /// their mail was due).
    pub mailed_seq: i64,
    /// The `Message-ID` of the customer's latest mail.
    pub last_inbound_id: Option<String>,
    /// When the customer unsubscribed.
    pub unsubscribed_at: Option<i64>,
}

/// E-mail.
#[async_trait]
pub trait MailStore: Send + Sync {
    /// Conversations whose waiting replies are due: the latest written at
    /// or before `latest_before`, or the first at or before `first_before`;
    /// oldest first, at most `limit`.
    async fn due_pending_mail(
        &self,
        latest_before: i64,
        first_before: i64,
        limit: i64,
    ) -> StoreResult<Vec<PendingMail>>;

    /// Takes `pending` (as read: a reply written since leaves it for the
    /// next round, `Ok(None)`) into the outbox as one mail of the replies
    /// the customer has not received in the widget, due at `now`; the
    /// thread marked mailed up to its last. `Ok(None)` too when the widget
    /// received them all (nothing to mail) or the customer unsubscribed.
    async fn queue_replies(&self, pending: &PendingMail, now: i64) -> StoreResult<Option<i64>>;

    /// Queues the whole conversation `conversation_id` (up to `up_to_seq`)
    /// as a transcript, due at `now`; its id.
    async fn queue_transcript(
        &self,
        conversation_id: i64,
        up_to_seq: i64,
        now: i64,
    ) -> StoreResult<i64>;

    /// Forgets the replies waiting in conversation `conversation_id` (mail
    /// is off, or the customer has no address any more).
    async fn drop_pending_mail(&self, conversation_id: i64) -> StoreResult<()>;

    /// Mails due at `now`, oldest first, at most `limit`.
    async fn due_mail(&self, now: i64, limit: i64) -> StoreResult<Vec<OutboxMail>>;

    /// Records an attempt at mail `id` at `at`.
    async fn record_mail_attempt(&self, id: i64, at: i64, attempt: MailAttempt) -> StoreResult<()>;

    /// The mails of conversation `conversation_id`, newest first, at most
    /// `limit`.
    async fn conversation_mails(
        &self,
        conversation_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMail>>;

    /// Conversation `conversation_id`'s thread (the default when it has
    /// none yet).
    async fn mail_thread(&self, conversation_id: i64) -> StoreResult<MailThread>;

    /// The customer of conversation `conversation_id` wants no more mail:
    /// its waiting replies and unsent mails are dropped.
    async fn unsubscribe_mail(&self, conversation_id: i64, at: i64) -> StoreResult<()>;

    /// The conversation a received mail (by `Message-ID`) went into, if it
    /// was received before.
    async fn received_mail(&self, message_id: &str) -> StoreResult<Option<i64>>;

    /// Records `mail` as received (once; a second time changes nothing),
    /// as the thread's latest from the customer, and its files as the
    /// conversation's, beside the message it became.
    async fn record_received_mail(&self, mail: &ReceivedMail<'_>) -> StoreResult<()>;

    /// The files customers' mails brought into `conversation_id`, oldest
    /// first.
    async fn mail_files(&self, conversation_id: i64) -> StoreResult<Vec<MailFile>>;
}

/// A mail taken into a conversation.
#[derive(Debug, Clone, Copy)]
pub struct ReceivedMail<'a> {
    /// Its `Message-ID`, with the angle brackets.
    pub message_id: &'a str,
    /// The conversation it went into.
    pub conversation_id: i64,
    /// The message it became.
    pub message_seq: i64,
    /// The files it brought (stored, not yet any conversation's).
    pub files: &'a [&'a str],
    /// When, Unix ms.
    pub at: i64,
}

/// A file a customer's mail brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailFile {
    /// The file.
    pub file: super::AttachmentRecord,
    /// The message it came with.
    pub message_seq: i64,
}
