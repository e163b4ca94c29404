-- Compensation in the conversation (R-CMP2): see sqlite/0021_compensation_flow.sql.

ALTER TABLE sites ADD COLUMN compensation_authority TEXT NOT NULL DEFAULT '{}';
ALTER TABLE messages ADD COLUMN notice TEXT;

CREATE TABLE compensation_escalations (
    compensation_id  BIGINT NOT NULL REFERENCES compensations(id),
    stage            TEXT NOT NULL CHECK (stage IN ('on_call', 'management')),
    at               BIGINT NOT NULL,
    PRIMARY KEY (compensation_id, stage)
);

CREATE TRIGGER compensation_escalations_no_change BEFORE UPDATE OR DELETE ON compensation_escalations
    FOR EACH ROW EXECUTE FUNCTION compensation_append_only();
CREATE TRIGGER compensation_escalations_no_truncate BEFORE TRUNCATE ON compensation_escalations
    FOR EACH STATEMENT EXECUTE FUNCTION compensation_append_only();

CREATE INDEX compensations_by_time ON compensations(proposed_at);
