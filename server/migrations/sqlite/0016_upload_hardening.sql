-- Issue 13 (H3): an upload belongs to a conversation once a form fact names
-- it; uploads never attached are deleted after an hour. Sizes per site
-- are summed for the storage quota.
ALTER TABLE attachments ADD COLUMN conversation_id INTEGER REFERENCES conversations(id);
CREATE INDEX attachments_unattached ON attachments(created_at) WHERE conversation_id IS NULL;
CREATE INDEX attachments_by_site ON attachments(site_key);
