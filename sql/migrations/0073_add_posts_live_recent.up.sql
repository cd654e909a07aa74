-- GET /explore: the shown posts of the explore window, newest first, read as one range of this index (up to the
-- scan cap) before they are filtered by the caller's graph and ranked by engagement (docs/feed.md "Explore").
CREATE INDEX posts_live_recent ON posts (created_at DESC, id DESC) WHERE deleted_at IS NULL AND NOT is_archived;
