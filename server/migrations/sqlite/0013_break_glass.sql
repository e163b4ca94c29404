-- Break-glass decisions: a request is pending until a supervisor or admin
-- approves (time-limited, view-only) or denies it.
ALTER TABLE access_grants ADD COLUMN decision TEXT CHECK (decision IN ('approved', 'denied'));
CREATE INDEX access_grants_pending ON access_grants(conversation_id) WHERE decision IS NULL;
