-- One video per place of a series, as before, but through an exclusion constraint instead of a UNIQUE constraint (same
-- name, same columns, still deferrable so that one UPDATE can permute a series' places). PostgreSQL treats the columns of a
-- unique index as a key, deferrable or not: a move to another series, a reorder and a series' deletion (ON DELETE SET NULL)
-- changed them and so took each video's FOR UPDATE lock, which conflicts with the FOR KEY SHARE every like, comment or view
-- holds. They waited for each one in flight, and igtv-counters, whose batches key-share several videos in one transaction,
-- deadlocked with a reorder or deletion locking them in another order (a 503). An exclusion constraint's columns are no
-- key, so these changes take FOR NO KEY UPDATE like any other edit (docs/data-model.md "Row locks"; OwnerEditLockTests).
-- The index keeps serving a series' page in episode order and its video count.
ALTER TABLE igtv_videos DROP CONSTRAINT igtv_videos_series_position_key;
ALTER TABLE igtv_videos ADD CONSTRAINT igtv_videos_series_position_key
    EXCLUDE USING btree (series_id WITH =, series_position WITH =) DEFERRABLE INITIALLY IMMEDIATE;
