-- Places on reels (docs/reels.md "Places", docs/posts.md "Places"). The seed gave posts a free-text location and reels
-- none, so a place's page could only list posts and a place named only on reels was never suggested. reels.location is
-- the same free text with the same limit; reels_place_recent serves a place's reels (case-folded, newest first), as
-- posts_place_recent serves its posts, and reels_location_trgm the place search.
ALTER TABLE reels ADD COLUMN location text CONSTRAINT reels_location_check CHECK (char_length(location) BETWEEN 1 AND 100);
CREATE INDEX reels_place_recent ON reels (lower(location), created_at DESC, id DESC) WHERE location IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX reels_location_trgm ON reels USING gin (location gin_trgm_ops) WHERE location IS NOT NULL AND deleted_at IS NULL;
