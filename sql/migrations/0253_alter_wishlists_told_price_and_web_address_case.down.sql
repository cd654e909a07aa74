-- The web addresses 0253 rewrote keep their scheme and host in small letters: nothing can give them back the case they were
-- typed in. The up kept no copy of what it rewrote, and a copy cannot be added now (that would edit an applied migration, which
-- the migrator refuses, and a database already migrated would still have nothing to restore from). Nothing is lost by it: a
-- scheme's and a host's case mean nothing (RFC 3986 6.2.2.1), the code before 0253 reads, checks and shows a lower-case address
-- as it does any other, and it has stored new addresses so since session 52 (docs/data-model.md, the 0253 row).
ALTER TABLE wishlists DROP CONSTRAINT wishlists_price_drop_told, DROP COLUMN price_drop_told_currency, DROP COLUMN price_drop_told_price;
