-- Keyword search of captions (docs/posts.md "Keyword search", GET /search/posts and /search/reels): the words of each
-- live post's and reel's caption, as PostgreSQL's 'simple' text-search configuration splits them (lower-cased, no
-- stemming and no stop words: captions are in every language, and a word is found as written). A query is every word
-- it names (websearch syntax: "quoted phrases", -excluded words, or). Partial: a deleted one is never searched.
CREATE INDEX posts_caption_words ON posts USING gin (to_tsvector('simple', caption)) WHERE deleted_at IS NULL;
CREATE INDEX reels_caption_words ON reels USING gin (to_tsvector('simple', caption)) WHERE deleted_at IS NULL;
