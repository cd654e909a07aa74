-- A reel's hashtags carry its author, as post_hashtags carry the post's (migration 0008), so the second probe of
-- HashtagsSql.UsedVisiblyFor (the caller's own and followed accounts' newest uses of a tag, docs/visibility.md "Hashtags")
-- finds reels too: before, a tag whose newest thousand uses were all hidden from the caller answered as unknown to the
-- author of an older reel with it, and to the author's followers (migration 0265 covered posts only).
-- author_id is kept equal to the reel's owner by the foreign key (reel_id, author_id) → reels (id, user_id): a row cannot be
-- written with another author, and a change of a reel's owner carries over (ON UPDATE CASCADE). It replaces the key on
-- reel_id alone, which it implies. reels_id_user_key is the unique index that key needs.
ALTER TABLE reels ADD CONSTRAINT reels_id_user_key UNIQUE (id, user_id);
ALTER TABLE reel_hashtags ADD COLUMN author_id uuid;
UPDATE reel_hashtags rh SET author_id = r.user_id FROM reels r WHERE r.id = rh.reel_id;
ALTER TABLE reel_hashtags ALTER COLUMN author_id SET NOT NULL;
ALTER TABLE reel_hashtags ADD CONSTRAINT reel_hashtags_reel_fkey FOREIGN KEY (reel_id, author_id)
    REFERENCES reels (id, user_id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE reel_hashtags DROP CONSTRAINT reel_hashtags_reel_id_fkey;
-- A tag's reels by one author, newest first: one index probe per author in the second probe (as post_hashtags_author).
CREATE INDEX reel_hashtags_author ON reel_hashtags (hashtag_id, author_id, reel_created_at DESC, reel_id DESC);
