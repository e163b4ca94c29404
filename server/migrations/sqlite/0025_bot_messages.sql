-- Issue 19: the site owner's back-end posts as a bot (author 'bot', with
-- the bot's display name). SQLite cannot alter a CHECK constraint, so the
-- table is rebuilt with every row kept (same ids, seqs and client ids).
CREATE TABLE messages_new (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    seq              INTEGER NOT NULL,
    client_id        TEXT NOT NULL,
    author           TEXT NOT NULL CHECK (author IN ('customer', 'agent', 'system', 'bot')),
    agent_id         INTEGER REFERENCES agents(id),
    body             TEXT NOT NULL,
    sent_at          INTEGER NOT NULL,
    policy_version   INTEGER,
    notice           TEXT,
    -- A bot's display name (agents' names come from their account).
    author_name      TEXT,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
);
INSERT INTO messages_new (id, conversation_id, seq, client_id, author, agent_id, body, sent_at,
                          policy_version, notice)
    SELECT id, conversation_id, seq, client_id, author, agent_id, body, sent_at, policy_version, notice
    FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
