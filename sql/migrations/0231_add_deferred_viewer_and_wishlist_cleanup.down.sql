DROP INDEX products_wishlists_to_clear;
ALTER TABLE products DROP COLUMN wishlists_to_clear;
DROP INDEX live_streams_viewers_to_close;
ALTER TABLE live_streams DROP COLUMN viewers_to_close;
