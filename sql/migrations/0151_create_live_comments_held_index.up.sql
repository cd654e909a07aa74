-- The broadcaster's review list of held live comments (docs/live.md "Held comments"): GET /live/{id}/comments/held reads a
-- broadcast's held comments newest first. 0147 added held_at without an index since comments were read only by stream,
-- held or not; walking live_comments_stream for the few held among thousands of comments would read them all. Partial,
-- like 0105's comments_post_held: it holds only held rows (live comments are deleted for good: no deleted_at).
CREATE INDEX live_comments_held ON live_comments (stream_id, created_at DESC, id DESC) WHERE held_at IS NOT NULL;
