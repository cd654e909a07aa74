-- Suggested channels (docs/messages.md "Finding channels", GET /channels/suggested) weigh the newest live channels of
-- everyone: without this, each request sorted the whole table to find them. Partial: ended and removed channels are never
-- suggested, so they cost the index nothing.
CREATE INDEX broadcast_channels_live ON broadcast_channels (created_at DESC, id DESC)
    WHERE ended_at IS NULL AND removed_at IS NULL;
