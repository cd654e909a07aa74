-- Held live comments (docs/live.md "Held comments"). Restrict, interaction limits and hidden words (0106, 0108, 0110)
-- held comments on posts, reels and videos only; a restricted account or a hidden word still reached everyone watching a
-- broadcast. Now a live comment its broadcaster would hold elsewhere is held here too: held_at set at writing, shown to
-- its writer only, never counted in live_stream_stats.comment_count, never pinned. There is no review list: a live
-- comment is of its moment, and Instagram offers none either. No index: comments are read by stream, held or not.
ALTER TABLE live_comments ADD COLUMN held_at timestamptz;
