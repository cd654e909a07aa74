-- Trending channels (docs/messages.md "Finding channels", GET /channels/trending) count each channel's members who joined
-- in the last week: without this, each request read every member row of every channel to find the week's. channel_id is
-- in the key so the count reads the index alone. Partial: a removed member's row never counts.
CREATE INDEX broadcast_channel_members_recent ON broadcast_channel_members (joined_at, channel_id)
    WHERE removed_at IS NULL;
