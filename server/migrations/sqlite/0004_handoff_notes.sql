-- Hand-off notes travel with transfers between agents, teams and regions.
ALTER TABLE status_changes ADD COLUMN note TEXT;
