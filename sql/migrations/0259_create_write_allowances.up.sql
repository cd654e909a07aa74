-- Per-account allowances of ordinary writes (docs/reliability.md "Write allowances"): how many comments (every surface),
-- direct messages, follows and follow requests, posts and reels, and stories an account wrote in its current hour and its
-- current day. One row per account and kind; each window starts at the first write after the previous one ended, so a
-- burst cannot straddle a clock boundary for twice the allowance. The write's own transaction spends a slot with one
-- upsert that refuses when either window is full (WriteAllowances.Spend), so a refused write changes nothing and a write
-- that fails spends nothing; the row lock serialises one account's writes of one kind, never two accounts'. Rows whose
-- both windows ended decide nothing and are deleted by the auth-housekeeping job; an account's go with it (cascade).
CREATE TABLE write_allowances (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('comment', 'message', 'follow', 'post', 'story')),
    hour_start timestamptz NOT NULL,
    hour_used  integer NOT NULL CHECK (hour_used > 0),
    day_start  timestamptz NOT NULL,
    day_used   integer NOT NULL CHECK (day_used > 0),
    CONSTRAINT write_allowances_pkey PRIMARY KEY (user_id, kind)
);
-- Housekeeping's sweep: a row is stale once its day ended (its hour then ended too, unless it began in the day's last
-- hour, which the sweep's second condition checks on the few rows the index finds).
CREATE INDEX write_allowances_day ON write_allowances (day_start);
