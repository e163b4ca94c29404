-- Attachments (R-CH1, issue 4's photo facts): files live outside the web
-- root under <data dir>/attachments/<id>; this table says whose they are and
-- what they are (type decided from the bytes, name made safe).
CREATE TABLE attachments (
    id            TEXT PRIMARY KEY,          -- 32 hex digits, random
    site_key      TEXT NOT NULL REFERENCES sites(key),
    visitor_id    TEXT REFERENCES visitors(id),
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX attachments_by_visitor ON attachments(visitor_id);
