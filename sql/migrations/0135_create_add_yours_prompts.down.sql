DROP INDEX stories_add_yours;
ALTER TABLE stories DROP COLUMN add_yours_prompt_id;
DROP TABLE add_yours_prompts;
