DROP INDEX IF EXISTS reels_caption_words;
DROP INDEX IF EXISTS posts_caption_words;
