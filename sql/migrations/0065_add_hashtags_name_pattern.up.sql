-- Hashtag search (docs/posts.md): names starting with a one- or two-letter term. The trigram index of 0008
-- (hashtags_name_trgm) serves terms of three letters and more anywhere in a name, but cannot narrow by fewer
-- than three; text_pattern_ops lets LIKE 'ab%' use a B-tree whatever the database's collation.
CREATE INDEX hashtags_name_pattern ON hashtags (name text_pattern_ops);
