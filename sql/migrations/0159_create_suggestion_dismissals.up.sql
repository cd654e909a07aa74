-- Dismissed suggestions (docs/social-graph.md "Suggestions"): the accounts a user took out of "suggested for you". Kept
-- until either account is deleted; GET /users/me/suggestions leaves them out.
CREATE TABLE suggestion_dismissals (
    user_id      uuid NOT NULL CONSTRAINT suggestion_dismissals_user_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    dismissed_id uuid NOT NULL CONSTRAINT suggestion_dismissals_dismissed_id_fkey REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL,
    CONSTRAINT suggestion_dismissals_pkey PRIMARY KEY (user_id, dismissed_id),
    CONSTRAINT suggestion_dismissals_not_self CHECK (user_id <> dismissed_id)
);
CREATE INDEX suggestion_dismissals_dismissed ON suggestion_dismissals (dismissed_id);
