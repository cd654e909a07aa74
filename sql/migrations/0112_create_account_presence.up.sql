-- Activity status (docs/messages.md "Activity status"), as Instagram's: people in a direct thread see when the others were
-- last active, unless either side turned it off, and never when the other side restricts them. The seed had no presence.
-- account_presence holds one row per account that has used the API: each host notes who made a request and writes the
-- notes in batches, at most once a minute per account, so presence costs no write per request and no churn on users.
-- users.show_activity_status is the account's switch (on by default, as on Instagram).
ALTER TABLE users ADD COLUMN show_activity_status boolean NOT NULL DEFAULT true;

CREATE TABLE account_presence (
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_active_at timestamptz NOT NULL,
    CONSTRAINT account_presence_pkey PRIMARY KEY (user_id)
);
