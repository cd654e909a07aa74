-- Who may tag or mention an account (docs/social-graph.md "Tags and mentions"), as Instagram's "Tags and mentions"
-- settings: everyone (as before), only the accounts it follows, or nobody. A tag or mention the setting does not allow
-- is not made (no tag row, no mention row, no notice), as one across a block is not; a story's mention sticker is refused.
ALTER TABLE users
    ADD COLUMN allow_tags text NOT NULL DEFAULT 'everyone',
    ADD COLUMN allow_mentions text NOT NULL DEFAULT 'everyone',
    ADD CONSTRAINT users_allow_tags_check CHECK (allow_tags IN ('everyone', 'following', 'nobody')),
    ADD CONSTRAINT users_allow_mentions_check CHECK (allow_mentions IN ('everyone', 'following', 'nobody'));
