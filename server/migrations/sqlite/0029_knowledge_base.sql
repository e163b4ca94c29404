-- Issue 20: the knowledge base. Articles per site in collections, each with
-- a version per locale (draft or published), downloadable files (uploads of
-- the site's admins, sealed at rest like customers' files), and a change
-- history that is also the feed other servers follow to update their search
-- index. Customers' "did this help?" votes and what the bot offered in which
-- conversation, for the deflection figures. The bot is on or off per site.
CREATE TABLE kb_collections (
    id        INTEGER PRIMARY KEY,
    site_key  TEXT NOT NULL REFERENCES sites(key),
    slug      TEXT NOT NULL,
    -- JSON object: locale -> name.
    names     TEXT NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (site_key, slug)
);

CREATE TABLE kb_articles (
    id            INTEGER PRIMARY KEY,
    site_key      TEXT NOT NULL REFERENCES sites(key),
    collection_id INTEGER REFERENCES kb_collections(id),
    slug          TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    removed_at    INTEGER,
    UNIQUE (site_key, slug)
);
CREATE INDEX kb_articles_by_site ON kb_articles(site_key) WHERE removed_at IS NULL;

CREATE TABLE kb_versions (
    article_id  INTEGER NOT NULL REFERENCES kb_articles(id),
    locale      TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    published   INTEGER NOT NULL DEFAULT 0,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (article_id, locale)
);

-- Every change, in order: an edit ('saved'), a version published or taken
-- back, a file added or removed, the article removed. `id` is the change
-- feed's position.
CREATE TABLE kb_history (
    id          INTEGER PRIMARY KEY,
    article_id  INTEGER NOT NULL REFERENCES kb_articles(id),
    locale      TEXT,
    action      TEXT NOT NULL,
    title       TEXT,
    body        TEXT,
    -- Who: a staff member, or an API key's name ('api:<name>'), or 'seed'.
    by_agent    INTEGER REFERENCES agents(id),
    by_label    TEXT,
    at          INTEGER NOT NULL
);
CREATE INDEX kb_history_by_article ON kb_history(article_id, id);

CREATE TABLE kb_files (
    article_id    INTEGER NOT NULL REFERENCES kb_articles(id),
    attachment_id TEXT NOT NULL REFERENCES attachments(id),
    added_at      INTEGER NOT NULL,
    PRIMARY KEY (article_id, attachment_id)
);

-- What customers and the bot did with articles: 'viewed', 'helpful',
-- 'not_helpful' (widget votes), 'offered' (the bot answered with it).
CREATE TABLE kb_events (
    id              INTEGER PRIMARY KEY,
    site_key        TEXT NOT NULL REFERENCES sites(key),
    article_id      INTEGER NOT NULL REFERENCES kb_articles(id),
    locale          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    visitor_id      TEXT,
    conversation_id INTEGER,
    at              INTEGER NOT NULL
);
CREATE INDEX kb_events_by_site ON kb_events(site_key, at);
CREATE INDEX kb_events_by_conversation ON kb_events(conversation_id) WHERE conversation_id IS NOT NULL;

ALTER TABLE sites ADD COLUMN bot_enabled INTEGER NOT NULL DEFAULT 0;
-- When the bot handed the conversation to a person (NULL: it never did, or
-- no bot took part); and whether the bot answered in it.
ALTER TABLE conversations ADD COLUMN bot_answered INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN handed_over_at INTEGER;
-- The bot holds the conversation: no clocks, no routing, until it hands
-- over (or the site turns it off).
ALTER TABLE conversations ADD COLUMN bot_holding INTEGER NOT NULL DEFAULT 0;
