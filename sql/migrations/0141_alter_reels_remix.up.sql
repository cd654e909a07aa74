-- Reel remixes (docs/reels.md "Remixes"), as Instagram's "Remix this reel": a new reel the client composed from another
-- (side by side or after it; the video is the client's work) records which reel it remixes. ON DELETE SET NULL: a reel
-- deleted for good (an account purge) leaves its remixes, which stop naming it. A reel never remixes itself.
-- reels_remixes serves the remixes list (newest first, keyset) and that key; it holds remixes only.
-- reels.allow_remix is a reel's "Allow remixing" (set at creation, by default from its author's account switch);
-- users.allow_reel_remixes is that account-wide switch, the default for new reels and a veto over the author's reels
-- (off: nobody else may remix them). Remix notices are the new type reel_remix. The seed had none of this.
ALTER TABLE reels ADD COLUMN remix_of_id uuid REFERENCES reels (id) ON DELETE SET NULL,
    ADD COLUMN allow_remix boolean NOT NULL DEFAULT true,
    ADD CONSTRAINT reels_remix_not_itself CHECK (remix_of_id <> id);
CREATE INDEX reels_remixes ON reels (remix_of_id, created_at DESC, id DESC) WHERE remix_of_id IS NOT NULL;
ALTER TABLE users ADD COLUMN allow_reel_remixes boolean NOT NULL DEFAULT true;
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix'));
