-- A folded push counts its group's actors as the grouped inbox does (docs/social-graph.md "Push notifications"). 0209 kept
-- only the newest actor and a count, so an account that came back after another was counted twice ("ann and 2 others
-- commented" where the inbox says "ann and 1 other"). Each fold now keeps the distinct actors it named, newest first, up
-- to 20: within them the count is exact; a group past 20 accounts counts on from there (an account beyond the 20 that
-- comes back may still count twice, said plainly in the docs). Older folds start with none and count as before.
ALTER TABLE push_folds ADD COLUMN recent_actors uuid[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT push_folds_recent_actors_count CHECK (cardinality(recent_actors) <= 20);
