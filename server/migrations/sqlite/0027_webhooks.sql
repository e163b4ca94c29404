-- Issue 19: webhooks. A site's endpoints with the events they want and a
-- signing secret (sealed); an outbox of deliveries, written in the same
-- transaction as the event, tried until delivered or a day has passed.
CREATE TABLE webhook_endpoints (
    id            INTEGER PRIMARY KEY,
    site_key      TEXT NOT NULL REFERENCES sites(key),
    url           TEXT NOT NULL,
    -- Comma-separated event names.
    events        TEXT NOT NULL,
    -- The signing secret, sealed with the data keys.
    secret        TEXT NOT NULL,
    created_by    INTEGER REFERENCES agents(id),
    created_at    INTEGER NOT NULL,
    removed_at    INTEGER,
    -- Set when a delivery was given up after a day of failures; cleared by
    -- the next success.
    failing_since INTEGER
);
CREATE INDEX webhook_endpoints_by_site ON webhook_endpoints(site_key) WHERE removed_at IS NULL;

CREATE TABLE webhook_deliveries (
    id            INTEGER PRIMARY KEY,
    endpoint_id   INTEGER NOT NULL REFERENCES webhook_endpoints(id),
    event         TEXT NOT NULL,
    -- One id per event (the same for every endpoint): receivers deduplicate by it.
    event_id      TEXT NOT NULL,
    payload       TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    -- When to try (again); NULL once delivered or given up.
    next_at       INTEGER,
    delivered_at  INTEGER,
    gave_up_at    INTEGER,
    -- The last answer's HTTP status (0: no answer), and what went wrong.
    last_status   INTEGER,
    last_error    TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_at) WHERE next_at IS NOT NULL;
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint_id, id);
