-- Profile visits (docs/insights.md "Profile visits"), Instagram's "profile activity": which accounts opened a profile
-- on which UTC day, once per (profile, day, visitor) — the owner sees only counts, never who. A GET of someone else's
-- profile by a signed-in account records it (INSERT … ON CONFLICT DO NOTHING: a second look that day writes nothing);
-- the owner's own looks and anonymous ones are not visits. Kept for the insights window (90 days), then deleted by
-- insights-retention.
CREATE TABLE profile_visits (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day        date NOT NULL,
    visitor_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT profile_visits_pkey PRIMARY KEY (user_id, day, visitor_id),
    CONSTRAINT profile_visits_not_own CHECK (visitor_id <> user_id)
);
-- The visitor's side: the cascade from users and their export; and the retention job's sweep by day.
CREATE INDEX profile_visits_visitor ON profile_visits (visitor_id, day);
CREATE INDEX profile_visits_day ON profile_visits (day);
