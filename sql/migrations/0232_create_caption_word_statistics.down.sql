DROP STATISTICS IF EXISTS reels_caption_words_stats;
DROP STATISTICS IF EXISTS posts_caption_words_stats;
