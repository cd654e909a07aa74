DROP INDEX IF EXISTS music_tracks_artist_trgm;
DROP INDEX IF EXISTS music_tracks_title_trgm;
ALTER TABLE highlights DROP CONSTRAINT IF EXISTS highlights_cover_fkey;
ALTER TABLE highlights DROP COLUMN IF EXISTS cover_story_id;
DROP TABLE IF EXISTS story_mentions;
DROP INDEX IF EXISTS stories_media_of_deleted;
DROP INDEX IF EXISTS stories_media_to_expire;
ALTER TABLE stories DROP COLUMN IF EXISTS media_deleted_at;
