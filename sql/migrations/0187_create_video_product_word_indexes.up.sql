-- Keyword search of long-form videos and products (docs/videos.md and docs/shopping.md "Keyword search",
-- GET /search/videos and /search/products): the words of each published live video's title and description and of each
-- available live product's name and description, split as captions are (0180: the 'simple' configuration, lower-cased, no
-- stemming, no stop words). Partial: only what a search may return is indexed, so drafts, deleted videos and unavailable
-- or deleted products cost the index nothing.
CREATE INDEX igtv_videos_words ON igtv_videos USING gin (to_tsvector('simple', title || ' ' || description))
    WHERE deleted_at IS NULL AND is_published;
CREATE INDEX products_words ON products USING gin (to_tsvector('simple', name || ' ' || description))
    WHERE deleted_at IS NULL AND is_available;
