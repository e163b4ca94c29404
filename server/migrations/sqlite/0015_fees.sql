-- The fee calculator's price lines per site (R-SELF4), as checked JSON
-- (parley_app::fees::FeeLine): money in minor units, weights in grams.
ALTER TABLE sites ADD COLUMN fee_lines TEXT NOT NULL DEFAULT '[]';
