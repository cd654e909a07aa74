-- Place names in Unicode NFC (docs/posts.md "Places"). Since session 51 a post's or reel's location is stored composed
-- (ComposedText.Stored) and names and search terms are composed before they are compared, but rows written before kept the
-- decomposed form ("e" + U+0301) and were found only by the same bytes. This rewrites them as new rows are written: composed,
-- unless composing would make the name longer than the column's 100 characters (a few composition exclusions decompose),
-- when it stays as typed, exactly as ComposedText.Stored keeps a new one. Only rows not already NFC are written.
UPDATE posts SET location = normalize(location, NFC)
 WHERE location IS NOT NULL AND location IS NOT NFC NORMALIZED AND char_length(normalize(location, NFC)) <= 100;

UPDATE reels SET location = normalize(location, NFC)
 WHERE location IS NOT NULL AND location IS NOT NFC NORMALIZED AND char_length(normalize(location, NFC)) <= 100;

-- Recent searches of places (search_history, type 'location') are composed too (SearchHistoryApi now composes new ones).
-- A user's list holds one entry per place, whatever its case (DropSame): where composing makes two of a user's entries one
-- place, the newest stays — the one the list showed higher — and the older goes, before anything is renamed.
DELETE FROM search_history
 WHERE id IN (SELECT id FROM (SELECT id, row_number() OVER (
                                PARTITION BY user_id, lower(CASE WHEN char_length(normalize(search_term, NFC)) <= 100
                                                                 THEN normalize(search_term, NFC) ELSE search_term END)
                                ORDER BY created_at DESC, id DESC) AS place_rank
                              FROM search_history WHERE search_type = 'location') ranked
               WHERE place_rank > 1);

UPDATE search_history SET search_term = normalize(search_term, NFC)
 WHERE search_type = 'location' AND search_term IS NOT NFC NORMALIZED AND char_length(normalize(search_term, NFC)) <= 100;
