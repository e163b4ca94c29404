-- Issue 19: the site owner's back-end posts as a bot (author 'bot', with
-- the bot's display name).
ALTER TABLE messages DROP CONSTRAINT messages_author_check;
ALTER TABLE messages ADD CONSTRAINT messages_author_check
    CHECK (author IN ('customer', 'agent', 'system', 'bot'));
ALTER TABLE messages ADD COLUMN author_name TEXT;
