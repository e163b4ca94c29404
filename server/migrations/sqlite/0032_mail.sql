-- E-mail as a channel (issue 22, R-CH2, R-CH4, R-CH5).

-- Where a conversation began and where each message came from: the widget
-- (and the desk, the API) or a mail.
ALTER TABLE conversations ADD COLUMN channel TEXT NOT NULL DEFAULT 'chat'
    CHECK (channel IN ('chat', 'email'));
ALTER TABLE messages ADD COLUMN channel TEXT NOT NULL DEFAULT 'chat'
    CHECK (channel IN ('chat', 'email'));

-- Staff replies waiting to be mailed, one row per conversation, written by
-- the reply's own transaction when the customer left an e-mail address
-- (nothing is lost if Parley stops before it is mailed).
CREATE TABLE mail_pending (
    conversation_id  INTEGER PRIMARY KEY REFERENCES conversations(id),
    first_at         INTEGER NOT NULL,   -- the first reply waiting
    latest_at        INTEGER NOT NULL,   -- the latest
    up_to_seq        INTEGER NOT NULL
);

-- A conversation's mail thread: how far it has been mailed, the customer's
-- latest mail (answered with In-Reply-To), whether they unsubscribed.
CREATE TABLE mail_threads (
    conversation_id   INTEGER PRIMARY KEY REFERENCES conversations(id),
    mailed_seq        INTEGER NOT NULL DEFAULT 0,
    last_inbound_id   TEXT,
    unsubscribed_at   INTEGER
);

-- Mails to send: the conversation's messages from_seq..=up_to_seq (read
-- when it is sent, to the customer's address at that time: the outbox holds
-- no text and no address), retried with backoff until sent or given up.
CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    kind             TEXT NOT NULL CHECK (kind IN ('replies', 'transcript')),
    from_seq         INTEGER NOT NULL,
    up_to_seq        INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_at          INTEGER,            -- NULL: sent or given up
    sent_at          INTEGER,
    gave_up_at       INTEGER,
    last_error       TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox(next_at) WHERE next_at IS NOT NULL;
CREATE INDEX mail_outbox_by_conversation ON mail_outbox(conversation_id, id);

-- Mails received, each once by its Message-ID (a relay's second delivery
-- of the same mail is not a second message).
CREATE TABLE mail_received (
    message_id       TEXT PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    received_at      INTEGER NOT NULL
);
