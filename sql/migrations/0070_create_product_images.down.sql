DROP INDEX IF EXISTS products_seller_unavailable;
ALTER TABLE products DROP CONSTRAINT IF EXISTS products_image_blob_names_retired;
DROP TABLE IF EXISTS product_images;
ALTER TABLE uploads DROP CONSTRAINT IF EXISTS uploads_purpose_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_purpose_check
    CHECK (purpose IN ('post', 'story', 'reel', 'video', 'avatar', 'message'));
