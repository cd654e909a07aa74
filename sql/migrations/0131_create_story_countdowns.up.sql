-- The countdown sticker (docs/stories.md "Stickers"), as Instagram's: the author names an event and when it happens; viewers
-- who may see the live story ask to be reminded, and when the time comes each is sent a countdown_ended notice, even if
-- the story has expired by then (the notice names the author, not the story). The seed had no countdowns.
-- story_countdowns_due holds only countdowns not yet announced, by their end: what the story-countdowns job reads every
-- minute. notified_at marks a countdown announced (once; a second run finds nothing). reminders_user serves the user_id
-- foreign key (an account's purge); the primary key makes setting a reminder idempotent and lists a countdown's reminded.
CREATE TABLE story_countdowns (
    id          uuid PRIMARY KEY,
    story_id    uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    title       text NOT NULL,
    ends_at     timestamptz NOT NULL,
    notified_at timestamptz,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_countdowns_story UNIQUE (story_id),
    CONSTRAINT story_countdowns_title_length CHECK (char_length(title) BETWEEN 1 AND 60),
    CONSTRAINT story_countdowns_ends_after_creation CHECK (ends_at > created_at),
    CONSTRAINT story_countdowns_notified_after_end CHECK (notified_at IS NULL OR notified_at >= ends_at)
);
CREATE INDEX story_countdowns_due ON story_countdowns (ends_at) WHERE notified_at IS NULL;

CREATE TABLE story_countdown_reminders (
    countdown_id uuid NOT NULL REFERENCES story_countdowns (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_countdown_reminders_pkey PRIMARY KEY (countdown_id, user_id)
);
CREATE INDEX story_countdown_reminders_user ON story_countdown_reminders (user_id);

ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended'));
