-- Service reports (issue 21): a transfer is told apart from other
-- transitions (first-contact resolution counts only untransferred cases),
-- and the report's population is found by when its first-response clock
-- started.
ALTER TABLE status_changes ADD COLUMN transfer INTEGER NOT NULL DEFAULT 0;
CREATE INDEX IF NOT EXISTS status_changes_by_conversation ON status_changes(conversation_id, id);
CREATE INDEX sla_clocks_by_kind_start ON sla_clocks(kind, started_at);
