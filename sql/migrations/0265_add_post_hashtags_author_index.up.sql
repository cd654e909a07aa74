-- A hashtag's uses by one author (docs/visibility.md "Hashtags"): the second probe of HashtagsSql.UsedVisiblyFor reads the
-- caller's own uses of a tag and those of the accounts it follows, one author at a time, when the tag's newest 1,000 uses
-- (HashtagsSql.UseProbe) are all hidden from the caller; without it such a tag answered as unknown even to the author of an
-- older post carrying it, and to the author's followers. post_hashtags_page cannot find one author's uses without walking
-- the tag's.
CREATE INDEX post_hashtags_author ON post_hashtags (hashtag_id, author_id, post_created_at DESC, post_id DESC);
