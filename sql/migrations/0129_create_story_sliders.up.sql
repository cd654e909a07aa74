-- The emoji slider sticker (docs/stories.md "Stickers"), as Instagram's: the author asks a question with one emoji, and each
-- viewer who may see the live story slides once, from 0 (not at all) to 1 (completely). The author sees every response and
-- the average; a viewer sees the average once they have responded. The seed had polls and questions only.
-- One slider per story (story_sliders_story UNIQUE). A response is final (primary key: one per viewer and slider).
-- story_slider_stats holds the count and the sum, kept by the story-counters consumer one event at a time, so reading the
-- average never scans the responses (a story of a large account draws millions); responses_recent pages the author's
-- list newest first; responses_user serves the user_id foreign key (an account's purge).
CREATE TABLE story_sliders (
    id         uuid PRIMARY KEY,
    story_id   uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    question   text NOT NULL,
    emoji      text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_sliders_story UNIQUE (story_id),
    CONSTRAINT story_sliders_question_length CHECK (char_length(question) BETWEEN 1 AND 200),
    CONSTRAINT story_sliders_emoji_length CHECK (char_length(emoji) BETWEEN 1 AND 16)
);

CREATE TABLE story_slider_responses (
    slider_id  uuid NOT NULL REFERENCES story_sliders (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value      numeric(4, 3) NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_slider_responses_pkey PRIMARY KEY (slider_id, user_id),
    CONSTRAINT story_slider_responses_value_range CHECK (value BETWEEN 0 AND 1)
);
CREATE INDEX story_slider_responses_recent ON story_slider_responses (slider_id, created_at DESC, user_id DESC);
CREATE INDEX story_slider_responses_user ON story_slider_responses (user_id);

CREATE TABLE story_slider_stats (
    slider_id      uuid PRIMARY KEY REFERENCES story_sliders (id) ON DELETE CASCADE,
    response_count bigint NOT NULL DEFAULT 0,
    value_sum      numeric NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_slider_stats_non_negative CHECK (response_count >= 0 AND value_sum >= 0)
);
