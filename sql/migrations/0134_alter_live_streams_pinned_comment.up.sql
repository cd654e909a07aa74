-- A broadcaster pins one comment to the top of a live broadcast (docs/live.md "Pinned comment"), as on Instagram Live.
-- One at a time, so a column; a deleted comment unpins itself (ON DELETE SET NULL). That the comment is one of this
-- broadcast's is the route's check (under the stream row's lock). live_streams_pinned_comment serves the foreign key.
ALTER TABLE live_streams ADD COLUMN pinned_comment_id uuid REFERENCES live_comments (id) ON DELETE SET NULL;
CREATE INDEX live_streams_pinned_comment ON live_streams (pinned_comment_id) WHERE pinned_comment_id IS NOT NULL;
