-- The quiz sticker (docs/stories.md "Stickers"), as Instagram's: a question with two to four options, one of them right.
-- Each viewer who may see the live story answers once and learns at once whether they were right; the author sees how
-- many chose each option and who chose what. The seed had polls and questions only.
-- Options are four columns, not an array, so CHECKs can hold each one's length and that they fill from the first: the
-- first two always, the fourth only with the third; the right one must be an option that exists.
-- story_quiz_stats counts each option, kept by story-counters one event at a time; answers_recent pages the author's list;
-- answers_user serves the user_id foreign key (an account's purge).
CREATE TABLE story_quizzes (
    id             uuid PRIMARY KEY,
    story_id       uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    question       text NOT NULL,
    option1        text NOT NULL,
    option2        text NOT NULL,
    option3        text,
    option4        text,
    correct_option smallint NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_quizzes_story UNIQUE (story_id),
    CONSTRAINT story_quizzes_question_length CHECK (char_length(question) BETWEEN 1 AND 200),
    CONSTRAINT story_quizzes_option_length CHECK (char_length(option1) BETWEEN 1 AND 50 AND char_length(option2) BETWEEN 1 AND 50
        AND (option3 IS NULL OR char_length(option3) BETWEEN 1 AND 50) AND (option4 IS NULL OR char_length(option4) BETWEEN 1 AND 50)),
    CONSTRAINT story_quizzes_options_in_order CHECK (option4 IS NULL OR option3 IS NOT NULL),
    CONSTRAINT story_quizzes_correct_option_exists CHECK (correct_option IN (1, 2)
        OR (correct_option = 3 AND option3 IS NOT NULL) OR (correct_option = 4 AND option4 IS NOT NULL))
);

CREATE TABLE story_quiz_answers (
    quiz_id         uuid NOT NULL REFERENCES story_quizzes (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    option_selected smallint NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_quiz_answers_pkey PRIMARY KEY (quiz_id, user_id),
    CONSTRAINT story_quiz_answers_option_range CHECK (option_selected BETWEEN 1 AND 4)
);
CREATE INDEX story_quiz_answers_recent ON story_quiz_answers (quiz_id, created_at DESC, user_id DESC);
CREATE INDEX story_quiz_answers_user ON story_quiz_answers (user_id);

CREATE TABLE story_quiz_stats (
    quiz_id       uuid PRIMARY KEY REFERENCES story_quizzes (id) ON DELETE CASCADE,
    option1_count bigint NOT NULL DEFAULT 0,
    option2_count bigint NOT NULL DEFAULT 0,
    option3_count bigint NOT NULL DEFAULT 0,
    option4_count bigint NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_quiz_stats_non_negative CHECK (option1_count >= 0 AND option2_count >= 0 AND option3_count >= 0 AND option4_count >= 0)
);
