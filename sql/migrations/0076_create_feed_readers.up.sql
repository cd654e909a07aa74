-- How far back a reader's feed_entries are complete (docs/feed.md, "Retention and the pull beyond it").
-- Every post the fan-out would give the reader that was created at or after complete_since has its
-- entry (less what read-time visibility hides anyway); before it, the read pulls from the followed
-- accounts' timelines. Readers with no row are complete for the retention window (now − RetentionDays),
-- as before this table. The mark only moves forward: the feed-retention job moves it to what it keeps
-- (the window, or a reader's newest Feed:RetainEntries entries when fewer fall in the window), a
-- follow's backfill when it copies fewer posts than the followee has.
CREATE TABLE feed_readers (
    user_id         uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    complete_since  timestamptz NOT NULL
);
