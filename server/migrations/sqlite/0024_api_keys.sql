-- The site owner's back-end (issue 19): per-site API keys, created and
-- revoked by admins; only a hash of each key is kept, and its first
-- characters to tell keys apart.

CREATE TABLE api_keys (
    id            INTEGER PRIMARY KEY,
    site_key      TEXT NOT NULL REFERENCES sites(key),
    name          TEXT NOT NULL,
    scope         TEXT NOT NULL CHECK (scope IN ('read', 'write')),
    prefix        TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_by    INTEGER NOT NULL REFERENCES agents(id),
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    revoked_at    INTEGER
);
CREATE INDEX api_keys_by_site ON api_keys(site_key, id);
