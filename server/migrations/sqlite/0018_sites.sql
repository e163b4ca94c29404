-- Issue 15: a business adds its own sites. Each has an accent colour (the
-- launcher and the widget's header; WCAG AA against white is checked before
-- it is stored), a launcher position in reading order ('end': bottom right
-- on left-to-right pages), may be disabled (its widget then refuses to
-- load; its history stays), and records when its directory entry last
-- changed so every running server can reload it.
ALTER TABLE sites ADD COLUMN accent TEXT NOT NULL DEFAULT '#1f5fbf';
ALTER TABLE sites ADD COLUMN launcher_position TEXT NOT NULL DEFAULT 'end'
    CHECK (launcher_position IN ('end', 'start'));
ALTER TABLE sites ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE sites ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
