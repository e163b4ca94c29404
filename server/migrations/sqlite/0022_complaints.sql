-- The complaint ledger (R-CMP1): one complaint per conversation, raised
-- from a complaint topic or by staff; its steps' times (the clocks are
-- computed from them on the owner team's calendar), owner, root cause and
-- result; every step appended with who and when (never changed); alerts
-- raised once per clock and level. Root causes are a per-site list (JSON).

CREATE TABLE complaints (
    id               INTEGER PRIMARY KEY,
    site_key         TEXT NOT NULL REFERENCES sites(key),
    conversation_id  INTEGER NOT NULL UNIQUE REFERENCES conversations(id),
    category         TEXT,
    summary          TEXT NOT NULL,
    severity         TEXT NOT NULL CHECK (severity IN ('ordinary', 'major')),
    owner_id         INTEGER REFERENCES agents(id),
    team_id          INTEGER REFERENCES teams(id),
    raised_by        INTEGER REFERENCES agents(id),
    raised_at        INTEGER NOT NULL,
    registered_at    INTEGER,
    investigated_at  INTEGER,
    resolved_at      INTEGER,
    answered_at      INTEGER,
    followed_up_at   INTEGER,
    root_cause       TEXT,
    result           TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX complaints_by_site ON complaints(site_key, raised_at DESC);
CREATE INDEX complaints_open ON complaints(followed_up_at, raised_at);

CREATE TABLE complaint_steps (
    id            INTEGER PRIMARY KEY,
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    action        TEXT NOT NULL,
    agent_id      INTEGER REFERENCES agents(id),
    at            INTEGER NOT NULL,
    note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX complaint_steps_by_complaint ON complaint_steps(complaint_id, id);
CREATE TRIGGER complaint_steps_no_update BEFORE UPDATE ON complaint_steps
    BEGIN SELECT RAISE(ABORT, 'the complaint ledger is append-only'); END;
CREATE TRIGGER complaint_steps_no_delete BEFORE DELETE ON complaint_steps
    BEGIN SELECT RAISE(ABORT, 'the complaint ledger is append-only'); END;

CREATE TABLE complaint_alerts (
    complaint_id  INTEGER NOT NULL REFERENCES complaints(id),
    clock         TEXT NOT NULL,
    breached      INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    PRIMARY KEY (complaint_id, clock, breached)
);

ALTER TABLE sites ADD COLUMN complaint_root_causes TEXT NOT NULL DEFAULT '[]';
