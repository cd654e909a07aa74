-- Finding broadcast channels by their words (docs/messages.md "Finding channels", GET /search/channels): the name and
-- description of each live channel, split as captions are (0180: the 'simple' configuration). Partial: ended and removed
-- channels are never found, so they cost the index nothing.
CREATE INDEX broadcast_channels_words ON broadcast_channels
    USING gin (to_tsvector('simple', name || ' ' || coalesce(description, '')))
    WHERE ended_at IS NULL AND removed_at IS NULL;
