-- The user-written text that session 56 began composing (docs/api.md "Composed text"), rewritten to NFC where it was stored in
-- another form before, as 0257 and 0260 did for what sessions 54 and 55 composed: a profile link's title and the business
-- category and address (inside users.external_links / business_info JSON), a passkey's name, a report's details, and the
-- message of an appeal of a suspension or of a removal. Composed, unless composing would make a text longer than its limit
-- (a few composition exclusions decompose), when it stays as typed, as ComposedText.WrittenAsync keeps a new one. Only rows
-- not already NFC are written; each statement is one scan of its table. Text of invisible characters alone that was stored
-- before the rule refusing it stays (the rule is for what is sent from now on, as for the fields of session 55).

-- Link titles (at most 30 characters, ProfileLinks.MaxTitle; the JSON has no column limit): each element's title composed in
-- place, order kept; an element whose title is not a string is left as it is.
UPDATE users u
   SET external_links = (SELECT jsonb_agg(CASE WHEN jsonb_typeof(link -> 'title') = 'string'
                                                    AND char_length(normalize(link ->> 'title', NFC)) <= 30
                                               THEN jsonb_set(link, '{title}', to_jsonb(normalize(link ->> 'title', NFC)))
                                               ELSE link END ORDER BY position)
                           FROM jsonb_array_elements(u.external_links) WITH ORDINALITY AS links (link, position))
 WHERE u.external_links <> '[]'::jsonb
   AND EXISTS (SELECT 1 FROM jsonb_array_elements(u.external_links) AS links (link)
                WHERE jsonb_typeof(link -> 'title') = 'string' AND (link ->> 'title') IS NOT NFC NORMALIZED);

-- Business category (at most 64, ProfileLinks.MaxCategory) and address (at most 200, ProfileLinks.MaxAddress).
UPDATE users
   SET business_info = jsonb_set(business_info, '{category}', to_jsonb(normalize(business_info ->> 'category', NFC)))
 WHERE jsonb_typeof(business_info -> 'category') = 'string'
   AND (business_info ->> 'category') IS NOT NFC NORMALIZED
   AND char_length(normalize(business_info ->> 'category', NFC)) <= 64;
UPDATE users
   SET business_info = jsonb_set(business_info, '{address}', to_jsonb(normalize(business_info ->> 'address', NFC)))
 WHERE jsonb_typeof(business_info -> 'address') = 'string'
   AND (business_info ->> 'address') IS NOT NFC NORMALIZED
   AND char_length(normalize(business_info ->> 'address', NFC)) <= 200;

UPDATE passkeys SET name = normalize(name, NFC)
 WHERE name IS NOT NFC NORMALIZED AND char_length(normalize(name, NFC)) <= 64;

UPDATE reports SET details = normalize(details, NFC)
 WHERE details IS NOT NFC NORMALIZED AND char_length(normalize(details, NFC)) <= 2000;

UPDATE suspension_appeals SET message = normalize(message, NFC)
 WHERE message IS NOT NFC NORMALIZED AND char_length(btrim(normalize(message, NFC))) <= 2000;

UPDATE content_removals SET appeal_message = normalize(appeal_message, NFC)
 WHERE appeal_message IS NOT NFC NORMALIZED AND char_length(btrim(normalize(appeal_message, NFC))) <= 2000;
