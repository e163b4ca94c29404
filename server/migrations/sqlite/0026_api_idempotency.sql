-- Issue 19: every POST of the site owner's API may carry an
-- Idempotency-Key; the first answer is kept for 24 hours and replayed to a
-- repeat of the same request (a different request with the key is refused).
CREATE TABLE api_idempotency (
    key_id       INTEGER NOT NULL REFERENCES api_keys(id),
    idem_key     TEXT NOT NULL,
    -- SHA-256 of method, path and body, hex.
    fingerprint  TEXT NOT NULL,
    -- 0 while the first request runs.
    status       INTEGER NOT NULL DEFAULT 0,
    response     TEXT,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (key_id, idem_key)
);
CREATE INDEX api_idempotency_by_age ON api_idempotency(created_at);
