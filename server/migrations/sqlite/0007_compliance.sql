-- Compliance (issue 4, R-AGENT3): phrases staff must not send, per site and
-- locale, warned or blocked; every change raises the site's policy version,
-- and each agent message records the version it was checked against.
CREATE TABLE compliance_rules (
    site_key  TEXT NOT NULL REFERENCES sites(key) ON DELETE CASCADE,
    locale    TEXT NOT NULL,
    phrase    TEXT NOT NULL,
    action    TEXT NOT NULL CHECK (action IN ('block', 'warn')),
    PRIMARY KEY (site_key, locale, phrase)
);
ALTER TABLE sites ADD COLUMN compliance_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN policy_version INTEGER;
