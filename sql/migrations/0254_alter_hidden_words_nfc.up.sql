-- Hidden words in Unicode NFC (docs/social-graph.md "Hidden words"). Since session 53 a word is stored composed and the text
-- of a comment or message request is composed before it is matched, but words written before kept the form they were typed
-- in ("e" + U+0301) and matched only text typed the same way. This rewrites them as new ones are written: composed, unless
-- composing would make the word longer than the column's 100 characters (a few composition exclusions decompose), when it
-- stays as typed. Where composing makes two of a user's words one (both forms were added), one row stays: the composed one
-- if there was one, else the earliest.
DELETE FROM hidden_words w
 USING (SELECT user_id, word, row_number() OVER (PARTITION BY user_id, normalize(word, NFC)
                                                 ORDER BY word IS NFC NORMALIZED DESC, created_at, word) AS place
          FROM hidden_words
         WHERE char_length(normalize(word, NFC)) <= 100) d
 WHERE w.user_id = d.user_id AND w.word = d.word AND d.place > 1;

UPDATE hidden_words SET word = normalize(word, NFC)
 WHERE word IS NOT NFC NORMALIZED AND char_length(normalize(word, NFC)) <= 100;
