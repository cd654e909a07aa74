ALTER TABLE users DROP COLUMN IF EXISTS show_like_counts;
