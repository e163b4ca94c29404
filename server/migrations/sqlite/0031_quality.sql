-- Weekly QA review (issue 21, R-QA3) and the case library (R-QA4).

-- A site's score sheet: criteria with weights summing to 100 (checked by
-- domain::qa::check_sheet). No row: the default sheet.
CREATE TABLE qa_sheets (
    site_key    TEXT PRIMARY KEY REFERENCES sites(key) ON DELETE CASCADE,
    criteria    TEXT NOT NULL,                 -- JSON [{"key", "weight"}]
    updated_by  INTEGER REFERENCES agents(id),
    updated_at  INTEGER NOT NULL
);

-- A week's draw: its seed (the sample is reproducible from it and the
-- week's closed conversations) and the zone its days were counted in.
-- The first draw stands (several nodes: the first insert wins).
CREATE TABLE qa_weeks (
    site_key     TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
    week         TEXT NOT NULL,                -- its Monday, YYYY-MM-DD
    seed         INTEGER NOT NULL,
    time_zone    TEXT NOT NULL,
    drawn_at     INTEGER NOT NULL,
    complete_at  INTEGER,                      -- drawn after the week ended
    PRIMARY KEY (site_key, week)
);

CREATE TABLE qa_samples (
    site_key         TEXT NOT NULL,
    week             TEXT NOT NULL,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    agent_id         INTEGER REFERENCES agents(id),
    added_by         INTEGER REFERENCES agents(id),   -- NULL: drawn
    added_at         INTEGER NOT NULL,
    PRIMARY KEY (site_key, week, conversation_id),
    FOREIGN KEY (site_key, week) REFERENCES qa_weeks(site_key, week) ON DELETE CASCADE
);

-- One review per conversation, never changed; the sheet as it was.
CREATE TABLE qa_reviews (
    conversation_id  INTEGER PRIMARY KEY REFERENCES conversations(id),
    site_key         TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
    week             TEXT NOT NULL,
    agent_id         INTEGER REFERENCES agents(id),
    reviewer_id      INTEGER NOT NULL REFERENCES agents(id),
    criteria         TEXT NOT NULL,            -- JSON [{"key", "weight", "points"}]
    score            INTEGER NOT NULL,         -- basis points
    comment          TEXT NOT NULL,
    reviewed_at      INTEGER NOT NULL
);
CREATE INDEX qa_reviews_by_agent ON qa_reviews(agent_id, reviewed_at);
CREATE INDEX qa_reviews_by_week ON qa_reviews(site_key, week);

-- The case library: a resolved case written up by staff (masked, no
-- personal data), searchable like the knowledge base.
CREATE TABLE case_library (
    id               INTEGER PRIMARY KEY,
    site_key         TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
    conversation_id  INTEGER NOT NULL REFERENCES conversations(id),
    locale           TEXT NOT NULL,
    category         TEXT,
    rating           INTEGER,
    demand           TEXT NOT NULL,
    solution         TEXT NOT NULL,
    added_by         INTEGER NOT NULL REFERENCES agents(id),
    added_at         INTEGER NOT NULL,
    removed_at       INTEGER
);
CREATE INDEX case_library_by_site ON case_library(site_key, added_at);
-- A conversation is in the library once (it may come back after removal).
CREATE UNIQUE INDEX case_library_once ON case_library(conversation_id) WHERE removed_at IS NULL;

-- What other servers follow to keep their case index current.
CREATE TABLE case_library_changes (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES case_library(id)
);

-- A week's resolved conversations, for the draw.
CREATE INDEX status_changes_by_status_time ON status_changes(to_status, at);
