-- Likes, comments and story interactions (seed: likes, comment_likes, reel_likes, comments,
-- reel_comments, story_polls, story_poll_votes, story_questions, story_question_responses,
-- story_reactions) plus mentions in captions and comments. Likes and reactions are link rows keyed
-- by the pair (one per user and target), so concurrent duplicates collapse into one row and the
-- counters in the *_stats tables can be reconciled with count(*).

CREATE TABLE likes (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    post_id    uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT likes_pkey PRIMARY KEY (user_id, post_id)
);
-- Likers of a post in keyset order, and count(*) reconciliation of post_stats.like_count.
CREATE INDEX likes_post ON likes (post_id, created_at DESC, user_id DESC);

CREATE TABLE comments (
    id         uuid PRIMARY KEY,
    post_id    uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id  uuid,
    content    text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 2200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT comments_id_post_key UNIQUE (id, post_id),
    CONSTRAINT comments_not_own_parent CHECK (parent_id <> id),
    -- A reply belongs to the same post as its parent; purging a parent removes its thread.
    CONSTRAINT comments_parent_fkey FOREIGN KEY (parent_id, post_id)
        REFERENCES comments (id, post_id) ON DELETE CASCADE
);
-- Top-level comments of a post, live rows only.
CREATE INDEX comments_post_top_level ON comments (post_id, created_at DESC, id DESC)
    WHERE parent_id IS NULL AND deleted_at IS NULL;
-- Replies to a comment (post_id, parent_id = @parent, oldest first); also serves both foreign keys
-- and count(*) reconciliation of post_stats.comment_count.
CREATE INDEX comments_thread ON comments (post_id, parent_id, created_at, id);
CREATE INDEX comments_user ON comments (user_id, created_at DESC, id DESC);

CREATE TABLE comment_likes (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT comment_likes_pkey PRIMARY KEY (user_id, comment_id)
);
CREATE INDEX comment_likes_comment ON comment_likes (comment_id, created_at DESC, user_id DESC);

CREATE TABLE reel_likes (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reel_id    uuid NOT NULL REFERENCES reels (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reel_likes_pkey PRIMARY KEY (user_id, reel_id)
);
CREATE INDEX reel_likes_reel ON reel_likes (reel_id, created_at DESC, user_id DESC);

CREATE TABLE reel_comments (
    id         uuid PRIMARY KEY,
    reel_id    uuid NOT NULL REFERENCES reels (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id  uuid,
    content    text NOT NULL CHECK (char_length(content) BETWEEN 1 AND 2200),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz,
    CONSTRAINT reel_comments_id_reel_key UNIQUE (id, reel_id),
    CONSTRAINT reel_comments_not_own_parent CHECK (parent_id <> id),
    CONSTRAINT reel_comments_parent_fkey FOREIGN KEY (parent_id, reel_id)
        REFERENCES reel_comments (id, reel_id) ON DELETE CASCADE
);
CREATE INDEX reel_comments_reel_top_level ON reel_comments (reel_id, created_at DESC, id DESC)
    WHERE parent_id IS NULL AND deleted_at IS NULL;
CREATE INDEX reel_comments_thread ON reel_comments (reel_id, parent_id, created_at, id);
CREATE INDEX reel_comments_user ON reel_comments (user_id, created_at DESC, id DESC);

-- @mentions, resolved when the caption or comment is written (text that names no account is not stored).
CREATE TABLE post_mentions (
    post_id    uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT post_mentions_pkey PRIMARY KEY (post_id, user_id)
);
CREATE INDEX post_mentions_user ON post_mentions (user_id, created_at DESC, post_id DESC);

CREATE TABLE comment_mentions (
    comment_id uuid NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT comment_mentions_pkey PRIMARY KEY (comment_id, user_id)
);
CREATE INDEX comment_mentions_user ON comment_mentions (user_id, created_at DESC, comment_id DESC);

-- Vote tallies live in story_poll_stats (0008); the votes themselves are the source of truth.
CREATE TABLE story_polls (
    id         uuid PRIMARY KEY,
    story_id   uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    question   text NOT NULL CHECK (char_length(question) BETWEEN 1 AND 200),
    option1    text NOT NULL CHECK (char_length(option1) BETWEEN 1 AND 50),
    option2    text NOT NULL CHECK (char_length(option2) BETWEEN 1 AND 50),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_polls_distinct_options CHECK (option1 <> option2)
);
CREATE INDEX story_polls_story ON story_polls (story_id);

-- One vote per user per poll, for option 1 or 2.
CREATE TABLE story_poll_votes (
    poll_id         uuid NOT NULL REFERENCES story_polls (id) ON DELETE CASCADE,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    option_selected smallint NOT NULL CHECK (option_selected IN (1, 2)),
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_poll_votes_pkey PRIMARY KEY (poll_id, user_id)
);
CREATE INDEX story_poll_votes_user ON story_poll_votes (user_id);

CREATE TABLE story_questions (
    id            uuid PRIMARY KEY,
    story_id      uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    question_text text NOT NULL CHECK (char_length(question_text) BETWEEN 1 AND 200),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX story_questions_story ON story_questions (story_id);

-- A viewer may answer a question several times (as on Instagram), so responses have their own id.
CREATE TABLE story_question_responses (
    id            uuid PRIMARY KEY,
    question_id   uuid NOT NULL REFERENCES story_questions (id) ON DELETE CASCADE,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    response_text text NOT NULL CHECK (char_length(response_text) BETWEEN 1 AND 500),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX story_question_responses_question ON story_question_responses (question_id, created_at DESC, id DESC);
CREATE INDEX story_question_responses_user ON story_question_responses (user_id);

-- One reaction per viewer per story; reacting again changes reaction_type (story_stats.reaction_count stays exact).
CREATE TABLE story_reactions (
    story_id      uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reaction_type text NOT NULL CHECK (reaction_type IN ('like', 'fire', 'clap', 'wow', 'cry', 'angry')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_reactions_pkey PRIMARY KEY (story_id, user_id)
);
CREATE INDEX story_reactions_story ON story_reactions (story_id, created_at DESC, user_id DESC);
CREATE INDEX story_reactions_user ON story_reactions (user_id);
