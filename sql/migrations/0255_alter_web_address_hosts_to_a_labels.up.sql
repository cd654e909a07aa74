-- Web addresses (docs/shopping.md "Fields", docs/accounts.md "Profiles", docs/stories.md "Stickers"): since 2026-12-07
-- WebAddress.Normalize stores a host as ASCII, an internationalised name as its A-labels ("bücher.example" is
-- "xn--bcher-kva.example"), so a place has one spelling and a look-alike letter of another script shows as what it is.
-- Addresses saved before keep the host as typed (after 0253, its ASCII letters in small letters). This rewrites a host with a
-- non-ASCII character the way the API now does: lower()ed and composed (NFC: the form a browser looks up; the API refuses an
-- accent typed apart), each label not ASCII punycoded (RFC 3492) behind "xn--"; the user part, port, path, query and fragment
-- as they are. A host with an invisible or space character, or a compatibility form UTS #46 would fold into another letter
-- (fullwidth, ideographic full stop, ligatures, circled, super- and subscript, letterlike and mathematical letters), stays as
-- it was: the API refuses to store it again (WebHost), and no rewrite can be sure which host was meant. So does an address
-- 0253's rule refuses (a backslash before the path).
CREATE FUNCTION pg_temp.puny_digit(d bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN d < 26 THEN chr(97 + d::int) ELSE chr(22 + d::int) END
$$;

CREATE FUNCTION pg_temp.puny_adapt(delta bigint, points int, first boolean) RETURNS int LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE k int := 0;
BEGIN
    delta := CASE WHEN first THEN delta / 700 ELSE delta / 2 END;
    delta := delta + delta / points;
    WHILE delta > 455 LOOP
        delta := delta / 35;
        k := k + 36;
    END LOOP;
    RETURN k + (36 * delta) / (delta + 38);
END $$;

-- RFC 3492's encoder, for one label; an ASCII label is returned as it is.
CREATE FUNCTION pg_temp.a_label(label text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    points int[] := ARRAY(SELECT ascii(c) FROM unnest(string_to_array(label, NULL)) WITH ORDINALITY AS chars (c, i) ORDER BY i);
    output text := array_to_string(ARRAY(SELECT chr(p) FROM unnest(points) WITH ORDINALITY AS u (p, i) WHERE p < 128 ORDER BY i), '');
    n bigint := 128; delta bigint := 0; bias int := 72; basic int; handled int; m bigint; q bigint; k int; t int; p int;
BEGIN
    IF label !~ '[^\x01-\x7F]' THEN RETURN label; END IF;
    basic := length(output);
    handled := basic;
    IF basic > 0 THEN output := output || '-'; END IF;
    WHILE handled < cardinality(points) LOOP
        m := (SELECT min(x) FROM unnest(points) AS x WHERE x >= n);
        delta := delta + (m - n) * (handled + 1);
        n := m;
        FOREACH p IN ARRAY points LOOP
            IF p < n THEN delta := delta + 1; END IF;
            IF p = n THEN
                q := delta;
                k := 36;
                LOOP
                    t := CASE WHEN k <= bias THEN 1 WHEN k >= bias + 26 THEN 26 ELSE k - bias END;
                    EXIT WHEN q < t;
                    output := output || pg_temp.puny_digit(t + (q - t) % (36 - t));
                    q := (q - t) / (36 - t);
                    k := k + 36;
                END LOOP;
                output := output || pg_temp.puny_digit(q);
                bias := pg_temp.puny_adapt(delta, handled + 1, handled = basic);
                delta := 0;
                handled := handled + 1;
            END IF;
        END LOOP;
        delta := delta + 1;
        n := n + 1;
    END LOOP;
    RETURN 'xn--' || output;
END $$;

CREATE FUNCTION pg_temp.a_label_host(address text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN parts IS NULL OR parts[3] !~ '[^\x01-\x7F]'
                  OR parts[3] ~ '[\uFF00-\uFFEF\u3002\uFB00-\uFB4F\u2460-\u24FF\u2070-\u209F\u2100-\u214F\u3200-\u33FF\U0001D400-\U0001D7FF]'
                  OR parts[3] ~ '[[:space:][:cntrl:]\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF9-\uFFFB\U000E0000-\U000E0FFF]'
                THEN address
                ELSE parts[1] || '://' || coalesce(parts[2], '')
                     || (SELECT string_agg(pg_temp.a_label(label), '.' ORDER BY i)
                           FROM unnest(string_to_array(normalize(lower(parts[3]), NFC), '.')) WITH ORDINALITY AS labels (label, i))
                     || coalesce(parts[4], '') || coalesce(parts[5], '') END
      FROM regexp_match(address, '^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#\\]*@)?([^/?#\\@:]+)(:[0-9]*)?([/?#].*)?$') AS parts
$$;

UPDATE users u
   SET external_links = (SELECT jsonb_agg(CASE WHEN jsonb_typeof(link -> 'url') = 'string'
                                               THEN jsonb_set(link, '{url}', to_jsonb(pg_temp.a_label_host(link ->> 'url')))
                                               ELSE link END ORDER BY position)
                           FROM jsonb_array_elements(u.external_links) WITH ORDINALITY AS links (link, position))
 WHERE u.external_links <> '[]'::jsonb
   AND EXISTS (SELECT 1 FROM jsonb_array_elements(u.external_links) AS links (link)
                WHERE jsonb_typeof(link -> 'url') = 'string' AND pg_temp.a_label_host(link ->> 'url') <> link ->> 'url');

UPDATE stories SET link_url = pg_temp.a_label_host(link_url)
 WHERE link_url IS NOT NULL AND pg_temp.a_label_host(link_url) <> link_url;

UPDATE products SET url = pg_temp.a_label_host(url)
 WHERE url IS NOT NULL AND pg_temp.a_label_host(url) <> url;

DROP FUNCTION pg_temp.a_label_host(text);
DROP FUNCTION pg_temp.a_label(text);
DROP FUNCTION pg_temp.puny_adapt(bigint, int, boolean);
DROP FUNCTION pg_temp.puny_digit(bigint);
