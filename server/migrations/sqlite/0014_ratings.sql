-- Customer ratings (R-QA1): one per resolution (the status change into
-- 'resolved' that it rates), with the owner whose work it rates.
CREATE TABLE ratings (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    resolution_id    INTEGER NOT NULL UNIQUE REFERENCES status_changes(id),
    score            INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment          TEXT NOT NULL DEFAULT '',
    agent_id         INTEGER REFERENCES agents(id),
    locale           TEXT,
    rated_at         INTEGER NOT NULL
);
CREATE INDEX ratings_by_conversation ON ratings(conversation_id, id);
