-- Shopping (docs/shopping.md "Price drops and restocks", "Fields").
-- When each wisher was last told of a product's price drop and of its restock: shop-notifications tells a wisher at most once
-- of each per product in 24 hours, so a seller flipping a product off and on (or its price down and up) does not send a notice
-- per flip. A column each on the wish itself, the one row per wisher and product; no index (read and written by the
-- product's fan-out, which finds the rows through wishlists_product; no indexed column changes, so the update can stay HOT).
ALTER TABLE wishlists ADD COLUMN price_drop_told_at timestamptz, ADD COLUMN restock_told_at timestamptz;

-- Prices in the currencies whose minor unit is three decimals (ISO 4217: BHD, IQD, JOD, KWD, LYD, OMR, TND) keep their third
-- decimal. numeric(12, 2) rounded it away; numeric with no typmod keeps what the API writes (the API writes two decimals, three
-- in those currencies), and dropping the typmod rewrites nothing. The CHECK holds what the typmod held (under 10^10) and the
-- decimals per currency; whole-unit currencies (JPY…) are held to whole prices by the API only, as prices with cents stored
-- before 2026-12-07 stay valid and editable.
ALTER TABLE products ALTER COLUMN price TYPE numeric;
ALTER TABLE products ADD CONSTRAINT products_price_decimals CHECK (price < 10000000000
    AND price = round(price, CASE WHEN currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') THEN 3 ELSE 2 END));
