-- The addresses stay in small letters: what case each was typed in is not kept, and both forms name the same place.
ALTER TABLE wishlists DROP CONSTRAINT wishlists_price_drop_told, DROP COLUMN price_drop_told_currency, DROP COLUMN price_drop_told_price;
