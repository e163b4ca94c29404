-- Compensation in the conversation (R-CMP2): the site's authority limits
-- (JSON Authority, {} = defaults: USD, junior 50, mid 100), the notice a
-- system message carries to the customer (JSON Notice, shown in their
-- language), and each step up the approval chain (supervisors → on-call →
-- management), appended when a request's 30 minutes at a level run out.

ALTER TABLE sites ADD COLUMN compensation_authority TEXT NOT NULL DEFAULT '{}';
ALTER TABLE messages ADD COLUMN notice TEXT;

CREATE TABLE compensation_escalations (
    compensation_id  INTEGER NOT NULL REFERENCES compensations(id),
    stage            TEXT NOT NULL CHECK (stage IN ('on_call', 'management')),
    at               INTEGER NOT NULL,
    PRIMARY KEY (compensation_id, stage)
);

CREATE TRIGGER compensation_escalations_no_update BEFORE UPDATE ON compensation_escalations
    BEGIN SELECT RAISE(ABORT, 'the compensation ledger is append-only'); END;
CREATE TRIGGER compensation_escalations_no_delete BEFORE DELETE ON compensation_escalations
    BEGIN SELECT RAISE(ABORT, 'the compensation ledger is append-only'); END;

-- Waiting proposals, for the approval watcher.
CREATE INDEX compensations_by_time ON compensations(proposed_at);
