-- Service reports (issue 21): a transfer is told apart from other
-- transitions (first-contact resolution counts only untransferred cases),
-- and the report's population is found by when its first-response clock
-- started.
ALTER TABLE status_changes ADD COLUMN transfer INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS status_changes_by_conversation ON status_changes(conversation_id, id);
CREATE INDEX sla_clocks_by_kind_start ON sla_clocks(kind, started_at);

-- What the reports ask of every conversation, kept on it as it happens
-- (set with the message or transition that makes it true), so a year's
-- report reads one row per conversation instead of searching its messages
-- and history: staff answered (and who first), ever resolved, reopened,
-- transferred.
ALTER TABLE conversations ADD COLUMN staff_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN first_answer_by INTEGER;
ALTER TABLE conversations ADD COLUMN ever_resolved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN ever_reopened INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN ever_transferred INTEGER NOT NULL DEFAULT 0;
UPDATE conversations SET
    staff_answered = CASE WHEN EXISTS (SELECT 1 FROM messages m
        WHERE m.conversation_id = conversations.id AND m.author = 'agent') THEN 1 ELSE 0 END,
    first_answer_by = (SELECT m.agent_id FROM messages m
        WHERE m.conversation_id = conversations.id AND m.author = 'agent' AND m.agent_id IS NOT NULL
        ORDER BY m.seq LIMIT 1),
    ever_resolved = CASE WHEN EXISTS (SELECT 1 FROM status_changes s
        WHERE s.conversation_id = conversations.id AND s.to_status = 'resolved') THEN 1 ELSE 0 END,
    ever_reopened = CASE WHEN EXISTS (SELECT 1 FROM status_changes s
        WHERE s.conversation_id = conversations.id AND s.to_status = 'reopened') THEN 1 ELSE 0 END;
CREATE INDEX ratings_by_time ON ratings(rated_at);

-- The monthly audit-log review (R-SEC6): an admin marks a month of a
-- site's log reviewed, with a note; once, never changed.
CREATE TABLE audit_reviews (
    site_key     TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
    month        TEXT NOT NULL,                 -- YYYY-MM
    agent_id     INTEGER NOT NULL REFERENCES agents(id),
    note         TEXT NOT NULL,
    reviewed_at  INTEGER NOT NULL,
    PRIMARY KEY (site_key, month)
);
