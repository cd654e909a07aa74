-- Saved audio (docs/reels.md "Saved audio"), as Instagram's "Save audio" on a sound's page: an account keeps sounds to
-- make reels with later, in a private list. The seed had saved posts only (reels got saved_reels in 0069).
-- saved_audio_pkey makes saving idempotent; saved_audio_user_recent pages the saver's list newest first; saved_audio_track
-- serves the audio_track_id foreign key.
CREATE TABLE saved_audio (
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    audio_track_id uuid NOT NULL REFERENCES audio_tracks (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT saved_audio_pkey PRIMARY KEY (user_id, audio_track_id)
);
CREATE INDEX saved_audio_user_recent ON saved_audio (user_id, created_at DESC, audio_track_id DESC);
CREATE INDEX saved_audio_track ON saved_audio (audio_track_id);
