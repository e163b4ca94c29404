-- Issue 15 (R-CH4): a verified user of a site is one customer on every
-- browser and device. The user id itself stays sealed (verified_user); this
-- is a keyed hash of it (HMAC with the server secret), so the customer's
-- visitor can be found again without storing the id in the clear.
ALTER TABLE visitors ADD COLUMN user_key TEXT;
CREATE INDEX visitors_by_user_key ON visitors(site_key, user_key, created_at)
    WHERE user_key IS NOT NULL;
