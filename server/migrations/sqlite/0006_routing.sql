-- Routing (issue 4): what each agent answers in and can handle, whether they
-- take conversations now, which regional teams they belong to; the customer's
-- tier and, for core customers, their dedicated owner.
ALTER TABLE agents ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';     -- JSON [locale]
ALTER TABLE agents ADD COLUMN skills TEXT NOT NULL DEFAULT '[]';        -- JSON [skill]
ALTER TABLE agents ADD COLUMN capacity INTEGER NOT NULL DEFAULT 5 CHECK (capacity >= 0);
ALTER TABLE agents ADD COLUMN availability TEXT NOT NULL DEFAULT 'available'
    CHECK (availability IN ('available', 'away'));
ALTER TABLE agents ADD COLUMN last_assigned_at INTEGER NOT NULL DEFAULT 0;

CREATE TABLE team_members (
    team_id   INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    agent_id  INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, agent_id)
);
CREATE INDEX team_members_by_agent ON team_members(agent_id);

ALTER TABLE visitors ADD COLUMN tier TEXT NOT NULL DEFAULT 'ordinary'
    CHECK (tier IN ('core', 'important', 'ordinary'));
ALTER TABLE visitors ADD COLUMN owner_id INTEGER REFERENCES agents(id);

-- The queue: unowned conversations per team, and open work per agent (load).
CREATE INDEX conversations_waiting ON conversations(site_key, team_id) WHERE assignee_id IS NULL;
