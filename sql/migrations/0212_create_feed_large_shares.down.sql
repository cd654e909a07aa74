ALTER TABLE feed_large_authors DROP COLUMN last_shared_at;
DROP TABLE feed_large_shares;
