-- The user-written text that session 54 began composing (docs/api.md "Composed text"), rewritten to NFC where it was stored
-- in another form before: profile names and bios (people search composes its term, so a name stored decomposed was found by
-- neither form), notes, direct messages and group names (message search composes its pattern), collection names and
-- descriptions, highlight titles, video and series titles and descriptions. As 0248 did for places: composed, unless
-- composing would make the text longer than its column's limit (a few composition exclusions decompose), when it stays as
-- typed, exactly as ComposedText.WrittenAsync keeps a new one. Only rows not already NFC are written; each statement is one
-- scan of its table. Stories' texts are left: a story lives a day, and its stickers are read as they were made.
UPDATE users SET full_name = normalize(full_name, NFC)
 WHERE full_name IS NOT NFC NORMALIZED AND char_length(normalize(full_name, NFC)) <= 64;
UPDATE users SET bio = normalize(bio, NFC)
 WHERE bio IS NOT NFC NORMALIZED AND char_length(normalize(bio, NFC)) <= 150;

UPDATE notes SET text = normalize(text, NFC)
 WHERE text IS NOT NFC NORMALIZED AND char_length(normalize(text, NFC)) <= 60;

UPDATE messages SET content = normalize(content, NFC)
 WHERE content IS NOT NFC NORMALIZED AND char_length(normalize(content, NFC)) <= 2000;
UPDATE conversations SET group_name = normalize(group_name, NFC)
 WHERE group_name IS NOT NFC NORMALIZED AND char_length(normalize(group_name, NFC)) <= 100;

UPDATE collections SET name = normalize(name, NFC)
 WHERE name IS NOT NFC NORMALIZED AND char_length(normalize(name, NFC)) <= 100;
UPDATE collections SET description = normalize(description, NFC)
 WHERE description IS NOT NFC NORMALIZED AND char_length(normalize(description, NFC)) <= 500;

UPDATE highlights SET title = normalize(title, NFC)
 WHERE title IS NOT NFC NORMALIZED AND char_length(normalize(title, NFC)) <= 50;

UPDATE igtv_videos SET title = normalize(title, NFC)
 WHERE title IS NOT NFC NORMALIZED AND char_length(normalize(title, NFC)) <= 100;
UPDATE igtv_videos SET description = normalize(description, NFC)
 WHERE description IS NOT NFC NORMALIZED AND char_length(normalize(description, NFC)) <= 2200;
UPDATE igtv_series SET title = normalize(title, NFC)
 WHERE title IS NOT NFC NORMALIZED AND char_length(normalize(title, NFC)) <= 100;
UPDATE igtv_series SET description = normalize(description, NFC)
 WHERE description IS NOT NFC NORMALIZED AND char_length(normalize(description, NFC)) <= 2200;
