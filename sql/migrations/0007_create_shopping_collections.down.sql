DROP TABLE IF EXISTS highlight_stories;
DROP TABLE IF EXISTS highlights;
ALTER TABLE IF EXISTS collections DROP CONSTRAINT IF EXISTS collections_cover_fkey;
DROP TABLE IF EXISTS collection_posts;
DROP TABLE IF EXISTS collections;
DROP TABLE IF EXISTS wishlists;
DROP TABLE IF EXISTS post_product_tags;
DROP TABLE IF EXISTS products;
