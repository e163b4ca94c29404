-- The customer's time zone (shown to staff beside their own) and the
-- languages a site offers (JSON array; empty = every shipped locale).
ALTER TABLE conversations ADD COLUMN time_zone TEXT;
ALTER TABLE sites ADD COLUMN languages TEXT NOT NULL DEFAULT '[]';
