-- More writes get an allowance (docs/reliability.md "Write allowances"): messages to broadcast channels (scheduled ones when
-- scheduled), long-form videos, reposts of posts and reels, and story sticker answers with story reactions. The kinds are
-- camelCase as the 429's `errors` key and GET /api/v1/users/me/write-allowances name them.
ALTER TABLE write_allowances DROP CONSTRAINT write_allowances_kind_check,
    ADD CONSTRAINT write_allowances_kind_check CHECK (kind IN ('comment', 'message', 'follow', 'post', 'story', 'channelMessage', 'video',
        'repost', 'storyAnswer'));
