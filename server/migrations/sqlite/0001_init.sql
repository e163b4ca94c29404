-- Parley schema v1 (SQLite). Postgres gets its own folder (see TOOLCHAIN.md).
CREATE TABLE sites (
    key              TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    default_locale   TEXT NOT NULL DEFAULT 'en',
    allowed_origins  TEXT NOT NULL DEFAULT '[]',   -- JSON array of origins
    created_at       INTEGER NOT NULL
);

CREATE TABLE site_texts (
    site_key  TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
    kind      TEXT NOT NULL,          -- 'greeting', later: 'away', ...
    locale    TEXT NOT NULL,
    body      TEXT NOT NULL,
    PRIMARY KEY (site_key, kind, locale)
);

CREATE TABLE agents (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name           TEXT NOT NULL,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    created_at     INTEGER NOT NULL
);

CREATE TABLE agent_sessions (
    token_hash  TEXT PRIMARY KEY,     -- SHA-256 of the cookie value, hex
    agent_id    INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);

CREATE TABLE visitors (
    id          TEXT PRIMARY KEY,     -- random, carried in the signed token
    site_key    TEXT NOT NULL REFERENCES sites(key),
    created_at  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);

CREATE TABLE conversations (
    id                      INTEGER PRIMARY KEY,
    site_key                TEXT NOT NULL REFERENCES sites(key),
    visitor_id              TEXT NOT NULL REFERENCES visitors(id),
    status                  TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    locale                  TEXT,
    last_seq                INTEGER NOT NULL DEFAULT 0,
    last_preview            TEXT,
    visitor_delivered_seq   INTEGER NOT NULL DEFAULT 0,
    agent_delivered_seq     INTEGER NOT NULL DEFAULT 0,
    agent_read_seq          INTEGER NOT NULL DEFAULT 0,
    created_at              INTEGER NOT NULL,
    updated_at              INTEGER NOT NULL
);
CREATE INDEX conversations_by_visitor ON conversations(visitor_id, id);
CREATE INDEX conversations_by_activity ON conversations(updated_at DESC);

CREATE TABLE messages (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    seq              INTEGER NOT NULL,
    client_id        TEXT NOT NULL,
    author           TEXT NOT NULL CHECK (author IN ('customer', 'agent', 'system')),
    agent_id         INTEGER REFERENCES agents(id),
    body             TEXT NOT NULL,
    sent_at          INTEGER NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, client_id)
);

CREATE TABLE status_changes (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    from_status      TEXT NOT NULL,
    to_status        TEXT NOT NULL,
    agent_id         INTEGER REFERENCES agents(id),
    at               INTEGER NOT NULL
);
