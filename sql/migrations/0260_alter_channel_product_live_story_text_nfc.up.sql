-- The user-written text that session 55 began composing (docs/api.md "Composed text"), rewritten to NFC where it was stored in
-- another form before, as 0257 did for what session 54 composed: broadcast channels' names and descriptions, their messages'
-- and scheduled messages' text and poll questions and options; products' names, descriptions, categories and brands; live
-- broadcasts' titles and descriptions and live comments; posts' alt texts. And the stories' texts session 54 composed but
-- 0257 left (alt text, link text, every sticker's question, options, title and prompt, question answers): a story lives a
-- day, but highlights and the archive keep it, and its answers are read in its results. Composed, unless composing would make
-- a text longer than its column's limit (a few composition exclusions decompose), when it stays as typed, as
-- ComposedText.WrittenAsync keeps a new one. Only rows not already NFC are written; each statement is one scan of its table.

UPDATE broadcast_channels SET name = normalize(name, NFC)
 WHERE name IS NOT NFC NORMALIZED AND char_length(normalize(name, NFC)) <= 50;
UPDATE broadcast_channels SET description = normalize(description, NFC)
 WHERE description IS NOT NFC NORMALIZED AND char_length(normalize(description, NFC)) <= 300;

UPDATE broadcast_channel_messages SET content = normalize(content, NFC)
 WHERE content IS NOT NFC NORMALIZED AND char_length(normalize(content, NFC)) <= 1000;
UPDATE broadcast_channel_messages SET poll_question = normalize(poll_question, NFC)
 WHERE poll_question IS NOT NFC NORMALIZED AND char_length(normalize(poll_question, NFC)) <= 200;

UPDATE broadcast_channel_scheduled_messages SET content = normalize(content, NFC)
 WHERE content IS NOT NFC NORMALIZED AND char_length(normalize(content, NFC)) <= 1000;
UPDATE broadcast_channel_scheduled_messages SET poll_question = normalize(poll_question, NFC)
 WHERE poll_question IS NOT NFC NORMALIZED AND char_length(normalize(poll_question, NFC)) <= 200;

UPDATE products SET name = normalize(name, NFC)
 WHERE name IS NOT NFC NORMALIZED AND char_length(normalize(name, NFC)) <= 200;
UPDATE products SET description = normalize(description, NFC)
 WHERE description IS NOT NFC NORMALIZED AND char_length(normalize(description, NFC)) <= 5000;
UPDATE products SET category = normalize(category, NFC)
 WHERE category IS NOT NFC NORMALIZED AND char_length(normalize(category, NFC)) <= 100;
UPDATE products SET brand = normalize(brand, NFC)
 WHERE brand IS NOT NFC NORMALIZED AND char_length(normalize(brand, NFC)) <= 100;

UPDATE live_streams SET title = normalize(title, NFC)
 WHERE title IS NOT NFC NORMALIZED AND char_length(normalize(title, NFC)) <= 100;
UPDATE live_streams SET description = normalize(description, NFC)
 WHERE description IS NOT NFC NORMALIZED AND char_length(normalize(description, NFC)) <= 2200;

UPDATE live_comments SET content = normalize(content, NFC)
 WHERE content IS NOT NFC NORMALIZED AND char_length(normalize(content, NFC)) <= 300;

UPDATE post_media SET alt_text = normalize(alt_text, NFC)
 WHERE alt_text IS NOT NFC NORMALIZED AND char_length(normalize(alt_text, NFC)) <= 1000;

UPDATE stories SET alt_text = normalize(alt_text, NFC)
 WHERE alt_text IS NOT NFC NORMALIZED AND char_length(normalize(alt_text, NFC)) <= 1000;
UPDATE stories SET link_text = normalize(link_text, NFC)
 WHERE link_text IS NOT NFC NORMALIZED AND char_length(normalize(link_text, NFC)) <= 50;

UPDATE story_polls SET question = normalize(question, NFC)
 WHERE question IS NOT NFC NORMALIZED AND char_length(normalize(question, NFC)) <= 200;
UPDATE story_polls SET option1 = normalize(option1, NFC)
 WHERE option1 IS NOT NFC NORMALIZED AND char_length(normalize(option1, NFC)) <= 50;
UPDATE story_polls SET option2 = normalize(option2, NFC)
 WHERE option2 IS NOT NFC NORMALIZED AND char_length(normalize(option2, NFC)) <= 50;

UPDATE story_questions SET question_text = normalize(question_text, NFC)
 WHERE question_text IS NOT NFC NORMALIZED AND char_length(normalize(question_text, NFC)) <= 200;

UPDATE story_question_responses SET response_text = normalize(response_text, NFC)
 WHERE response_text IS NOT NFC NORMALIZED AND char_length(normalize(response_text, NFC)) <= 500;

UPDATE story_sliders SET question = normalize(question, NFC)
 WHERE question IS NOT NFC NORMALIZED AND char_length(normalize(question, NFC)) <= 200;

UPDATE story_countdowns SET title = normalize(title, NFC)
 WHERE title IS NOT NFC NORMALIZED AND char_length(normalize(title, NFC)) <= 60;

UPDATE add_yours_prompts SET prompt = normalize(prompt, NFC)
 WHERE prompt IS NOT NFC NORMALIZED AND char_length(normalize(prompt, NFC)) <= 100;

UPDATE story_quizzes SET question = normalize(question, NFC)
 WHERE question IS NOT NFC NORMALIZED AND char_length(normalize(question, NFC)) <= 200;
UPDATE story_quizzes SET option1 = normalize(option1, NFC)
 WHERE option1 IS NOT NFC NORMALIZED AND char_length(normalize(option1, NFC)) <= 50;
UPDATE story_quizzes SET option2 = normalize(option2, NFC)
 WHERE option2 IS NOT NFC NORMALIZED AND char_length(normalize(option2, NFC)) <= 50;
UPDATE story_quizzes SET option3 = normalize(option3, NFC)
 WHERE option3 IS NOT NFC NORMALIZED AND char_length(normalize(option3, NFC)) <= 50;
UPDATE story_quizzes SET option4 = normalize(option4, NFC)
 WHERE option4 IS NOT NFC NORMALIZED AND char_length(normalize(option4, NFC)) <= 50;

-- Poll options are an array (no column limit; the app's is 50 characters each, ChannelRules.MaxOptionLength): each option
-- composed unless that makes it longer than 50. Two options typed in different forms of one word become equal, as a new
-- poll's would be refused; votes point at positions, so none moves.
UPDATE broadcast_channel_messages SET poll_options = ARRAY(
    SELECT CASE WHEN char_length(normalize(o, NFC)) <= 50 THEN normalize(o, NFC) ELSE o END
      FROM unnest(poll_options) WITH ORDINALITY AS u (o, i) ORDER BY i)
 WHERE poll_options IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(poll_options) AS o WHERE o IS NOT NFC NORMALIZED);
UPDATE broadcast_channel_scheduled_messages SET poll_options = ARRAY(
    SELECT CASE WHEN char_length(normalize(o, NFC)) <= 50 THEN normalize(o, NFC) ELSE o END
      FROM unnest(poll_options) WITH ORDINALITY AS u (o, i) ORDER BY i)
 WHERE poll_options IS NOT NULL AND EXISTS (SELECT 1 FROM unnest(poll_options) AS o WHERE o IS NOT NFC NORMALIZED);
