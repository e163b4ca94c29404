-- Issue 13: staff change their own password; an admin can require an
-- account to choose a new one at its next sign-in.
ALTER TABLE agents ADD COLUMN password_reset_required INTEGER NOT NULL DEFAULT 0;

-- A session may be in the new stage 'password' (signed in, a new password
-- due before anything else). SQLite cannot change a CHECK constraint: the
-- table is rebuilt with its rows.
CREATE TABLE agent_sessions_new (
    token_hash  TEXT PRIMARY KEY,
    agent_id    INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    stage       TEXT NOT NULL DEFAULT 'full'
                CHECK (stage IN ('mfa', 'enrol', 'password', 'full')),
    last_seen   INTEGER NOT NULL DEFAULT 0,
    ip          TEXT
);
INSERT INTO agent_sessions_new (token_hash, agent_id, created_at, expires_at, stage, last_seen, ip)
    SELECT token_hash, agent_id, created_at, expires_at, stage, last_seen, ip FROM agent_sessions;
DROP TABLE agent_sessions;
ALTER TABLE agent_sessions_new RENAME TO agent_sessions;
CREATE INDEX agent_sessions_by_agent ON agent_sessions(agent_id);
