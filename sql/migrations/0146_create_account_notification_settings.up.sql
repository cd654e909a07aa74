-- Notifications from an account one follows (docs/social-graph.md "Notifications from accounts you follow"), as the bell on an
-- Instagram profile: a follower turns on notices of the account's new posts, stories, reels and long-form videos, each on its
-- own; all are off by default (no row). The seed had none of this.
-- The row hangs off the follow itself: (follower_id, following_id) → follows ON DELETE CASCADE, so whatever ends the follow
-- (an unfollow, "remove follower", a block, an account's purge) ends the subscription with it and no later follow revives it.
-- account_notification_settings_some: a row exists only while something is on. The PUT that turns the last one off deletes
-- the row instead (the CHECK makes "all off" and "no row" one state, so the consumer's lookup and the list never meet a dead
-- row, and a stale all-false row cannot linger).
-- The primary key answers the owner's GET and PUT; account_notification_settings_list pages the caller's subscriptions
-- (newest first, keyset); account_notification_settings_following serves the subscription-notifications consumer (who hears
-- of this author's new thing).
CREATE TABLE account_notification_settings (
    follower_id  uuid NOT NULL,
    following_id uuid NOT NULL,
    posts        boolean NOT NULL DEFAULT false,
    stories      boolean NOT NULL DEFAULT false,
    reels        boolean NOT NULL DEFAULT false,
    videos       boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_notification_settings_pkey PRIMARY KEY (follower_id, following_id),
    CONSTRAINT account_notification_settings_follow_fkey FOREIGN KEY (follower_id, following_id)
        REFERENCES follows (follower_id, following_id) ON DELETE CASCADE,
    CONSTRAINT account_notification_settings_some CHECK (posts OR stories OR reels OR videos)
);
CREATE INDEX account_notification_settings_list ON account_notification_settings (follower_id, created_at DESC, following_id DESC);
CREATE INDEX account_notification_settings_following ON account_notification_settings (following_id, follower_id);
-- The notices: "alice shared a post.", "alice added to their story.", "alice shared a reel.", "alice shared a video."
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video'));
