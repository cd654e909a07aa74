DROP INDEX IF EXISTS stories_product;
ALTER TABLE stories DROP COLUMN IF EXISTS product_id;
