-- Tags for the reels written before reel_hashtags existed (docs/reels.md "Hashtags"). Migration 0085 could not tag them:
-- the caption rule is the app's (CaptionText: Unicode letters and marks under any database locale), which PostgreSQL's
-- regular expressions cannot repeat. So each reel says whether the app has read its caption's tags, and the
-- reel-hashtags-backfill job reads the captions of those that say no, with the app's own rule. Existing reels start at
-- false (a constant default: no table rewrite); the app sets it whenever it writes a reel's tags, so every reel written
-- through the API is true from its first commit and only rows written by other tools wait for the job.
ALTER TABLE reels ADD COLUMN hashtags_indexed boolean NOT NULL DEFAULT false;

-- The job's queue: empty once it has caught up, so its every-few-minutes look costs nothing.
CREATE INDEX reels_hashtags_pending ON reels (id) WHERE NOT hashtags_indexed;
