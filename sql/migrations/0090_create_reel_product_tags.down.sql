DROP TABLE IF EXISTS reel_product_tags;
