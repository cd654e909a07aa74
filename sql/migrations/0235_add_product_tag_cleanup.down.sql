-- Before 0235 a seller-deleted product had no tags left: delete the ones still waiting for product-tag-cleanup.
DELETE FROM post_product_tags t USING products pr WHERE pr.id = t.product_id AND pr.tags_to_clear;
DELETE FROM reel_product_tags t USING products pr WHERE pr.id = t.product_id AND pr.tags_to_clear;
DROP INDEX products_tags_to_clear;
ALTER TABLE products DROP COLUMN tags_to_clear;
