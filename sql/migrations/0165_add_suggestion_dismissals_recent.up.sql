-- The account's own list of dismissed suggestions, most recent first (GET /users/me/suggestions/dismissed, docs/social-graph.md
-- "Suggestions"), from which a dismissal can be taken back.
CREATE INDEX suggestion_dismissals_recent ON suggestion_dismissals (user_id, created_at DESC, dismissed_id DESC);
