-- Limits (docs/social-graph.md "Limits"), as Instagram's: for a while (a day to four weeks) an account under a pile-on holds
-- the comments of accounts that do not follow it, or that followed it within the last week, for review, as restricted
-- accounts' comments are held (comments.held_at, 0105). Accounts the limiter follows are never limited. The seed had no
-- such setting. One row per account while a limit is set; the key answers every comment written on its things.
CREATE TABLE account_limits (
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    non_followers    boolean NOT NULL,
    recent_followers boolean NOT NULL,
    until            timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_limits_pkey PRIMARY KEY (user_id),
    CONSTRAINT account_limits_something CHECK (non_followers OR recent_followers),
    CONSTRAINT account_limits_after_start CHECK (until > created_at)
);
