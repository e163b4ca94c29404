-- Internal notes (issue 4): staff-only remarks on a conversation, never sent
-- to the customer, kept apart from the message sequence (so the customer's
-- gap-free `seq` is untouched), with the colleagues they @mention.
CREATE TABLE notes (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    client_id        TEXT NOT NULL,
    agent_id         INTEGER NOT NULL REFERENCES agents(id),
    body             TEXT NOT NULL,
    mentions         TEXT NOT NULL DEFAULT '[]',   -- JSON [agent id]
    created_at       INTEGER NOT NULL,
    UNIQUE (conversation_id, client_id)
);
