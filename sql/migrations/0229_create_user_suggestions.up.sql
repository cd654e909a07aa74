-- Suggestions computed ahead (docs/social-graph.md "Suggestions"): get_user_suggestions reads the caller's whole
-- second-degree graph, so for a caller whose graph is larger than Suggestions:InlineGraphLimit the suggestions job
-- computes the list and GET /users/me/suggestions reads it, re-checking at read time what may have changed since.

-- One row per user whose list is computed ahead: when it was read and computed, and when the job should compute it next
-- (null: not scheduled). A read of a missing or older list sets due_at to now; the job sets it a refresh age ahead, or to
-- null for a user who has not read suggestions for a while.
CREATE TABLE user_suggestion_runs (
    user_id     uuid NOT NULL CONSTRAINT user_suggestion_runs_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    read_at     timestamptz NOT NULL,
    computed_at timestamptz,
    due_at      timestamptz,
    CONSTRAINT user_suggestion_runs_pkey PRIMARY KEY (user_id)
);
-- The job's queue: the due runs, oldest due first.
CREATE INDEX user_suggestion_runs_due ON user_suggestion_runs (due_at) WHERE due_at IS NOT NULL;

-- The list itself, as get_user_suggestions ranked it (rank 1 first), without the accounts dismissed when it was computed.
-- mutual_ids: the mutuals the function named (up to three, by username), by id so that a renamed, gone or unfollowed one
-- is known at read time; mutual_count counts them all.
CREATE TABLE user_suggestions (
    user_id      uuid NOT NULL CONSTRAINT user_suggestions_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    rank         integer NOT NULL,
    suggested_id uuid NOT NULL CONSTRAINT user_suggestions_suggested_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    mutual_count bigint NOT NULL,
    mutual_ids   uuid[] NOT NULL,
    CONSTRAINT user_suggestions_pkey PRIMARY KEY (user_id, rank),
    CONSTRAINT user_suggestions_once UNIQUE (user_id, suggested_id),
    CONSTRAINT user_suggestions_not_self CHECK (user_id <> suggested_id),
    CONSTRAINT user_suggestions_rank_positive CHECK (rank >= 1),
    CONSTRAINT user_suggestions_mutuals_named CHECK (cardinality(mutual_ids) BETWEEN 1 AND 3 AND mutual_count >= cardinality(mutual_ids))
);
CREATE INDEX user_suggestions_suggested ON user_suggestions (suggested_id);
