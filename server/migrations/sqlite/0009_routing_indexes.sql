-- A routing round at 100k conversations (server/examples/sla_bench.rs):
-- each agent's load is an index-only count, and the queue of unowned open
-- conversations is read from a small partial index instead of a scan.
CREATE INDEX conversations_by_assignee_state ON conversations(assignee_id, state);
DROP INDEX conversations_waiting;
CREATE INDEX conversations_waiting ON conversations(site_key, created_at)
    WHERE assignee_id IS NULL AND state IN ('received', 'reopened');
