-- The "add yours" sticker (docs/stories.md "Stickers"), as Instagram's: an author starts a chain with a prompt ("Show your
-- first car"); anyone who may see a live story carrying it adds a story of their own to the same chain, which then carries
-- the same sticker; the sticker shows how many stories were added and opens the chain's live stories. The seed had no such
-- sticker.
-- A chain is a prompt row; a story joins it by stories.add_yours_prompt_id. The prompt belongs to the account that started
-- it: its purge takes the words away (ON DELETE CASCADE) and the stories that joined keep themselves without the sticker
-- (ON DELETE SET NULL). story_count counts every story ever added (the starter's included), kept by the story-counters
-- consumer one event at a time, so the sticker never counts a chain of millions; like a track's usage it never decreases.
-- stories_add_yours pages a chain's stories newest first and serves the foreign key; prompts_user serves the purge.
CREATE TABLE add_yours_prompts (
    id          uuid PRIMARY KEY,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    prompt      text NOT NULL,
    story_count bigint NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT add_yours_prompts_prompt_length CHECK (char_length(prompt) BETWEEN 1 AND 100),
    CONSTRAINT add_yours_prompts_story_count_nonnegative CHECK (story_count >= 0)
);
CREATE INDEX add_yours_prompts_user ON add_yours_prompts (user_id);

ALTER TABLE stories ADD COLUMN add_yours_prompt_id uuid REFERENCES add_yours_prompts (id) ON DELETE SET NULL;
CREATE INDEX stories_add_yours ON stories (add_yours_prompt_id, created_at DESC, id DESC) WHERE add_yours_prompt_id IS NOT NULL;
