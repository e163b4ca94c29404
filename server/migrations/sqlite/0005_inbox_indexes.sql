-- Inbox views at 100k conversations: "mine by deadline" and topic filters
-- walk an index instead of scanning (see server/examples/sla_bench.rs).
CREATE INDEX conversations_by_assignee_due ON conversations(assignee_id, due_at);
CREATE INDEX conversations_by_category ON conversations(category, updated_at DESC);
