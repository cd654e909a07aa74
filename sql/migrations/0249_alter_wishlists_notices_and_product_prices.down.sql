-- A third decimal is rounded to two, as numeric(12, 2) stores it.
ALTER TABLE products DROP CONSTRAINT products_price_decimals;
ALTER TABLE products ALTER COLUMN price TYPE numeric(12, 2);
ALTER TABLE wishlists DROP COLUMN restock_told_at, DROP COLUMN price_drop_told_at;
