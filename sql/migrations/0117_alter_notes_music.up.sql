-- Music on notes (docs/notes.md "Music"), as Instagram's: a note may play a clip of a catalogue track (music_tracks, the
-- stories' catalogue) from music_start_seconds on. A track withdrawn from the catalogue leaves the note up, silent (SET
-- NULL, as for stories); the start is then meaningless and never read without a track.
ALTER TABLE notes ADD COLUMN music_track_id uuid REFERENCES music_tracks (id) ON DELETE SET NULL,
    ADD COLUMN music_start_seconds integer,
    ADD CONSTRAINT notes_music_start_not_negative CHECK (music_start_seconds >= 0);
-- The SET NULL foreign key's index (a catalogue withdrawal finds its notes).
CREATE INDEX notes_music_track ON notes (music_track_id) WHERE music_track_id IS NOT NULL;
