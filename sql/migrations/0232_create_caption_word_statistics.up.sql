-- Keyword search (docs/posts.md "Keyword search"): how often each caption word occurs, so the planner tells a word nearly
-- every caption holds from a rare one. posts_caption_words and reels_caption_words are partial, and the planner takes no
-- statistics from a partial index: every word was estimated at the default 0.5 %, and a word in 99.5 % of 2 M posts was
-- read whole by bitmap and sorted for a page of 21 (25-51 s on the benchmark). With these, a common word walks the
-- recency index (posts_live_recent_utc, reels_live_recent) newest first and stops after a page; a rare one keeps the GIN
-- index. Analysed here so they serve at once rather than at the next autovacuum.
CREATE STATISTICS posts_caption_words_stats ON (to_tsvector('simple', caption)) FROM posts;
CREATE STATISTICS reels_caption_words_stats ON (to_tsvector('simple', caption)) FROM reels;
ANALYZE posts;
ANALYZE reels;
