DROP INDEX reels_location_trgm;
DROP INDEX reels_place_recent;
ALTER TABLE reels DROP COLUMN location;
