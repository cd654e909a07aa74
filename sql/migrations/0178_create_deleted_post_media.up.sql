-- Carousel items their author took out of a post (DELETE /posts/{id}/media/{mediaId}), kept in the author's "Recently
-- deleted" for Posts:RestoreWindow, as Instagram keeps them (docs/posts.md "Removing an item from a carousel"). The row
-- moves out of post_media rather than being marked there, so that no read of post_media (the feed, cards, the post, the
-- tagged tab) has a deleted mark to honour; restoring moves it back under the same id. Its upload is released as of the
-- end of the window (as reels' and videos' are, docs/posts.md), so media-cleanup deletes the object only a grace after
-- it can no longer come back; a restore takes the release back, and deleting it for good releases it now.
-- post-media-cleanup forgets the rows past their window; an account purge deletes all its uploads' objects.
CREATE TABLE deleted_post_media (
    -- The item's own id, kept: a client's reference to it stays valid across the round trip.
    id                  uuid PRIMARY KEY,
    post_id             uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    -- The post's author (posts never change hands), for the author's list.
    user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    upload_id           uuid UNIQUE REFERENCES uploads (id) ON DELETE SET NULL,
    blob_name           text NOT NULL,
    media_type          text NOT NULL CHECK (media_type IN ('image', 'video')),
    thumbnail_blob_name text,
    content_type        text,
    alt_text            text CHECK (char_length(alt_text) <= 1000),
    width               integer CHECK (width > 0),
    height              integer CHECK (height > 0),
    file_size           bigint CHECK (file_size > 0),
    duration            integer CHECK (duration >= 0),
    -- Its place when it was taken out: restored there (or last, when the post has fewer items by then).
    display_order       integer NOT NULL CHECK (display_order BETWEEN 0 AND 19),
    created_at          timestamptz NOT NULL,
    -- Its people tags, [{"userId", "x", "y", "createdAt"}]: restored for the accounts that may still be tagged.
    user_tags           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(user_tags) = 'array'),
    deleted_at          timestamptz NOT NULL,
    restorable_until    timestamptz NOT NULL,
    CONSTRAINT deleted_post_media_duration_only_for_video CHECK (duration IS NULL OR media_type = 'video'),
    CONSTRAINT deleted_post_media_window CHECK (restorable_until > deleted_at)
);
-- The author's list, most recently deleted first (keyset).
CREATE INDEX deleted_post_media_user ON deleted_post_media (user_id, deleted_at DESC, id DESC);
-- post-media-cleanup: the items whose window has ended.
CREATE INDEX deleted_post_media_restore_ends ON deleted_post_media (restorable_until);
-- The post's cascade and its purge.
CREATE INDEX deleted_post_media_post ON deleted_post_media (post_id);
