-- Reposts (docs/posts.md "Reposts"), Instagram's repost: an account shares someone else's public post with its own
-- followers. The post stays its author's (its likes, comments and audience); the reposter's "Reposts" tab lists it and
-- its followers' home feeds carry it "via" the reposter (feed_entries.author_id = the reposter, as for collab posts).
-- One row per account and post: reposting again changes nothing; undoing deletes the row (nothing to keep).
CREATE TABLE reposts (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id    uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    CONSTRAINT reposts_pkey PRIMARY KEY (user_id, post_id)
);
-- An account's Reposts tab, newest repost first (GET /users/{username}/reposts, keyset).
CREATE INDEX reposts_user_recent ON reposts (user_id, created_at DESC, post_id DESC);
-- Who reposted a post, newest first (GET /posts/{id}/reposts, keyset), the post's repost count, and the cascade from posts.
CREATE INDEX reposts_post_recent ON reposts (post_id, created_at DESC, user_id DESC);

-- The author's say: Instagram lets an account turn reposts of its content off. Off hides the reposts made before too
-- (every read checks it), and turning it on again brings them back.
ALTER TABLE users ADD COLUMN allow_reposts boolean NOT NULL DEFAULT true;

-- The author is told ("ann reposted your post."); entity: the post. Taken back when the repost is undone.
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours', 'live_invite', 'collab_invite', 'collab_accepted',
        'channel_invite', 'channel_cohost_invite', 'repost'));
