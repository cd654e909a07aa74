-- Shopping (docs/shopping.md "Price drops and restocks"): the price a wisher was last told a product dropped to, and in which
-- currency. shop-notifications tells each wisher at most once a day of a product's drops (0249), except of a deeper one: a
-- drop within the day to a price lower than the one last told, in the same currency. Both null until told after this
-- migration (a wisher told before it is told again within the day only once the day has passed, as before).
ALTER TABLE wishlists ADD COLUMN price_drop_told_price numeric, ADD COLUMN price_drop_told_currency text,
    ADD CONSTRAINT wishlists_price_drop_told CHECK ((price_drop_told_price IS NULL) = (price_drop_told_currency IS NULL)
        AND (price_drop_told_price IS NULL OR price_drop_told_at IS NOT NULL));

-- Web addresses (docs/accounts.md "Profile links", docs/stories.md "Stickers", docs/shopping.md "Fields"): since session 52
-- WebAddress.Normalize stores a profile link, a story's link sticker and a product's page with the scheme and host in small
-- letters ("HTTPS://Shop.Example/Mugs" is "https://shop.example/Mugs"); addresses saved before keep what was typed. This
-- rewrites them by the same rule: the scheme (before the first "://") and the host (the authority after its last "@", up to
-- the first "/", "?" or "#"), ASCII letters only; the user part, port digits, path, query and fragment as they are. An address
-- the rule would refuse (a backslash before the path: "https:\\host") is left as it was; the API refuses to store it again.
CREATE FUNCTION pg_temp.lower_scheme_and_host(address text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN parts IS NULL THEN address
                ELSE translate(parts[1], 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') || '://' || coalesce(parts[2], '')
                     || translate(parts[3], 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') || coalesce(parts[4], '') END
      FROM regexp_match(address, '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\\]*@)?([^/?#\\@]+)([/?#].*)?$') AS parts
$$;

UPDATE users u
   SET external_links = (SELECT jsonb_agg(CASE WHEN jsonb_typeof(link -> 'url') = 'string'
                                               THEN jsonb_set(link, '{url}', to_jsonb(pg_temp.lower_scheme_and_host(link ->> 'url')))
                                               ELSE link END ORDER BY position)
                           FROM jsonb_array_elements(u.external_links) WITH ORDINALITY AS links (link, position))
 WHERE u.external_links <> '[]'::jsonb
   AND EXISTS (SELECT 1 FROM jsonb_array_elements(u.external_links) AS links (link)
                WHERE jsonb_typeof(link -> 'url') = 'string' AND pg_temp.lower_scheme_and_host(link ->> 'url') <> link ->> 'url');

UPDATE stories SET link_url = pg_temp.lower_scheme_and_host(link_url)
 WHERE link_url IS NOT NULL AND pg_temp.lower_scheme_and_host(link_url) <> link_url;

UPDATE products SET url = pg_temp.lower_scheme_and_host(url)
 WHERE url IS NOT NULL AND pg_temp.lower_scheme_and_host(url) <> url;

DROP FUNCTION pg_temp.lower_scheme_and_host(text);
