DROP INDEX IF EXISTS notes_music_track;
ALTER TABLE notes DROP CONSTRAINT IF EXISTS notes_music_start_not_negative, DROP COLUMN IF EXISTS music_start_seconds,
    DROP COLUMN IF EXISTS music_track_id;
