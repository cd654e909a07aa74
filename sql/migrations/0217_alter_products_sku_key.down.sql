-- Back to one SKU per seller across deleted rows: a deleted product sharing its SKU with a live one (or with an older deleted
-- one) gives it up, as a seller's deletion does since 844faa2.
DROP INDEX products_user;
DROP INDEX products_seller_sku_key;
UPDATE products p SET sku = NULL
 WHERE p.deleted_at IS NOT NULL
   AND EXISTS (SELECT 1 FROM products o
                WHERE o.user_id = p.user_id AND o.sku = p.sku AND o.id <> p.id AND (o.deleted_at IS NULL OR o.id < p.id));
ALTER TABLE products ADD CONSTRAINT products_seller_sku_key UNIQUE (user_id, sku);
