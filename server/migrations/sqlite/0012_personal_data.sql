-- Issue 5: personal data apart from conversation text, encrypted (each value
-- sealed with AES-256-GCM and the id of its key), collected only with a
-- recorded consent; retention with destruction records; identity
-- verification per site.

CREATE TABLE customer_contacts (
    site_key    TEXT NOT NULL REFERENCES sites(key),
    visitor_id  TEXT NOT NULL REFERENCES visitors(id),
    name        TEXT,     -- sealed
    email       TEXT,     -- sealed
    phone       TEXT,     -- sealed
    address     TEXT,     -- sealed
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (site_key, visitor_id)
);

-- What a customer agreed to, with the conversation it was given in.
CREATE TABLE consents (
    id               INTEGER PRIMARY KEY,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    purpose          TEXT NOT NULL,              -- 'contact_details'
    fields           TEXT NOT NULL,              -- JSON [field]
    locale           TEXT,
    at               INTEGER NOT NULL
);
CREATE INDEX consents_by_conversation ON consents(conversation_id);

-- What retention or an erasure destroyed: when, by which rule, how much —
-- never the data itself.
CREATE TABLE destruction_records (
    id               INTEGER PRIMARY KEY,
    at               INTEGER NOT NULL,
    rule             TEXT NOT NULL,              -- 'retention:365d', 'erasure_request'
    site_key         TEXT NOT NULL,
    conversation_id  INTEGER,
    actor_id         INTEGER,                    -- the admin of an erasure
    what             TEXT NOT NULL               -- JSON counts per kind
);

ALTER TABLE sites ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 365
    CHECK (retention_days >= 1);
ALTER TABLE sites ADD COLUMN identity_secret TEXT;              -- sealed
ALTER TABLE sites ADD COLUMN identity_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE visitors ADD COLUMN verified_user TEXT;             -- sealed host-site user id
ALTER TABLE conversations ADD COLUMN ended_at INTEGER;          -- service ended (closed states)
ALTER TABLE conversations ADD COLUMN destroyed_at INTEGER;      -- personal data destroyed
UPDATE conversations SET ended_at = updated_at
    WHERE state IN ('resolved', 'confirmed', 'archived');
CREATE INDEX conversations_retention ON conversations(ended_at)
    WHERE ended_at IS NOT NULL AND destroyed_at IS NULL;
