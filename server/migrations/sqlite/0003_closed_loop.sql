-- The closed loop (issue 4): regional teams with business calendars,
-- categories with intake forms, conversation state/priority/tier/owner,
-- SLA clocks with server-computed deadlines, and who changed what.

CREATE TABLE teams (
    id             INTEGER PRIMARY KEY,
    site_key       TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    calendar       TEXT NOT NULL,                 -- JSON CalendarSpec
    supervisor_id  INTEGER REFERENCES agents(id),
    on_call_id     INTEGER REFERENCES agents(id),
    UNIQUE (site_key, name)
);

CREATE TABLE categories (
    site_key   TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    position   INTEGER NOT NULL,
    names      TEXT NOT NULL,                     -- JSON {locale: name}
    priority   TEXT NOT NULL CHECK (priority IN ('urgent', 'routine', 'consultation')),
    complaint  INTEGER NOT NULL DEFAULT 0,
    fields     TEXT NOT NULL,                     -- JSON [FactField]
    team_id    INTEGER REFERENCES teams(id),
    skill      TEXT,
    PRIMARY KEY (site_key, key)
);

ALTER TABLE sites ADD COLUMN sla_policy TEXT NOT NULL DEFAULT '{}';   -- JSON SlaPolicy, {} = defaults

-- 'open' becomes the loop's first state; the old two-value column goes.
ALTER TABLE conversations ADD COLUMN state TEXT NOT NULL DEFAULT 'received'
    CHECK (state IN ('received', 'assigned', 'in_progress', 'waiting_on_customer',
                     'resolved', 'confirmed', 'archived', 'reopened'));
UPDATE conversations SET state = CASE status WHEN 'resolved' THEN 'resolved' ELSE 'received' END;
ALTER TABLE conversations DROP COLUMN status;
ALTER TABLE conversations ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN category TEXT;
ALTER TABLE conversations ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE conversations ADD COLUMN priority TEXT NOT NULL DEFAULT 'routine';
ALTER TABLE conversations ADD COLUMN tier TEXT NOT NULL DEFAULT 'ordinary';
ALTER TABLE conversations ADD COLUMN complex INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN assignee_id INTEGER REFERENCES agents(id);
ALTER TABLE conversations ADD COLUMN team_id INTEGER REFERENCES teams(id);
-- Nearest running deadline, for the inbox sort and "due soon / breached" filters.
ALTER TABLE conversations ADD COLUMN due_at INTEGER;
ALTER TABLE conversations ADD COLUMN due_kind TEXT;
ALTER TABLE conversations ADD COLUMN warn_at INTEGER;
ALTER TABLE conversations ADD COLUMN breached INTEGER NOT NULL DEFAULT 0;
CREATE INDEX conversations_by_due ON conversations(due_at) WHERE due_at IS NOT NULL;
CREATE INDEX conversations_by_state ON conversations(state, updated_at DESC);

CREATE TABLE sla_clocks (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    kind             TEXT NOT NULL,
    target           TEXT NOT NULL,                -- JSON Target
    started_at       INTEGER NOT NULL,
    consumed_ms      INTEGER NOT NULL,
    since            INTEGER NOT NULL,
    phase            TEXT NOT NULL,
    stopped_at       INTEGER,
    due_at           INTEGER,                      -- computed by the server
    warn_at          INTEGER,
    warned           INTEGER NOT NULL DEFAULT 0,   -- "due soon" alert raised
    alerted          INTEGER NOT NULL DEFAULT 0    -- breach alert raised
);
CREATE INDEX sla_clocks_by_conversation ON sla_clocks(conversation_id);
CREATE INDEX sla_clocks_pending_warn ON sla_clocks(warn_at) WHERE phase = 'running' AND warned = 0;
CREATE INDEX sla_clocks_pending_due ON sla_clocks(due_at) WHERE phase = 'running' AND alerted = 0;

-- Every transition with who made it.
ALTER TABLE status_changes ADD COLUMN actor TEXT NOT NULL DEFAULT 'staff';
UPDATE status_changes SET from_status = 'received' WHERE from_status = 'open';
UPDATE status_changes SET to_status = 'reopened' WHERE to_status = 'open';
