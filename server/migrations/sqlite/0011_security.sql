-- no-transaction
-- Issue 5 (privacy and security). The agents table is rebuilt because its
-- role CHECK changes (SQLite cannot alter a CHECK): the documented
-- procedure — foreign keys off, copy into a new table, swap, check.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE agents_new (
    id                INTEGER PRIMARY KEY,
    email             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name              TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    role              TEXT NOT NULL
        CHECK (role IN ('junior', 'mid', 'senior', 'supervisor', 'admin')),
    created_at        INTEGER NOT NULL,
    languages         TEXT NOT NULL DEFAULT '[]',
    skills            TEXT NOT NULL DEFAULT '[]',
    capacity          INTEGER NOT NULL DEFAULT 5 CHECK (capacity >= 0),
    availability      TEXT NOT NULL DEFAULT 'available'
        CHECK (availability IN ('available', 'away')),
    last_assigned_at  INTEGER NOT NULL DEFAULT 0,
    sites             TEXT NOT NULL DEFAULT '[]',   -- JSON [site key]; [] = every site
    totp_secret       TEXT,                         -- sealed (AEAD) base32 secret
    totp_pending      TEXT,                         -- sealed secret during enrolment
    totp_enabled_at   INTEGER,
    totp_last_step    INTEGER NOT NULL DEFAULT 0,   -- a code is accepted once
    recovery_reveal   TEXT,                         -- sealed fresh codes, shown once
    failed_logins     INTEGER NOT NULL DEFAULT 0,
    locked_until      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO agents_new (id, email, name, password_hash, role, created_at, languages, skills,
                        capacity, availability, last_assigned_at)
    SELECT id, email, name, password_hash, CASE role WHEN 'admin' THEN 'admin' ELSE 'mid' END,
           created_at, languages, skills, capacity, availability, last_assigned_at
    FROM agents;
DROP TABLE agents;
ALTER TABLE agents_new RENAME TO agents;

-- One-time recovery codes (SHA-256 of the code; used_at once spent).
CREATE TABLE recovery_codes (
    agent_id   INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    used_at    INTEGER,
    PRIMARY KEY (agent_id, code_hash)
);

-- Sessions pass through stages: 'mfa' (password ok, code due), 'enrol'
-- (password ok, second factor mandatory but not set up), 'full'.
ALTER TABLE agent_sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'full'
    CHECK (stage IN ('mfa', 'enrol', 'full'));
ALTER TABLE agent_sessions ADD COLUMN last_seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agent_sessions ADD COLUMN ip TEXT;
CREATE INDEX agent_sessions_by_agent ON agent_sessions(agent_id);

-- Which roles must use a second factor (admins by default).
CREATE TABLE mfa_policy (
    role      TEXT PRIMARY KEY
        CHECK (role IN ('junior', 'mid', 'senior', 'supervisor', 'admin')),
    required  INTEGER NOT NULL
);
INSERT INTO mfa_policy (role, required) VALUES
    ('junior', 0), ('mid', 0), ('senior', 0), ('supervisor', 0), ('admin', 1);

-- Append-only record of staff actions.
CREATE TABLE audit_log (
    id               INTEGER PRIMARY KEY,
    at               INTEGER NOT NULL,
    actor_id         INTEGER,            -- no FK: the record outlives accounts
    actor            TEXT NOT NULL,      -- e-mail (or 'system') at the time
    action           TEXT NOT NULL,
    site_key         TEXT,
    conversation_id  INTEGER,
    detail           TEXT NOT NULL DEFAULT '{}',   -- JSON, never personal data
    ip               TEXT
);
CREATE INDEX audit_by_time ON audit_log(at DESC);
CREATE INDEX audit_by_actor ON audit_log(actor_id, at DESC);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- Break-glass: view-only access to a conversation outside one's scope,
-- requested with a reason, approved by a supervisor, until expires_at.
CREATE TABLE access_grants (
    id               INTEGER PRIMARY KEY,
    agent_id         INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    reason           TEXT NOT NULL,
    requested_at     INTEGER NOT NULL,
    approved_by      INTEGER REFERENCES agents(id),
    approved_at      INTEGER,
    expires_at       INTEGER
);
CREATE INDEX access_grants_by_agent ON access_grants(agent_id, expires_at);

PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
