DROP TABLE IF EXISTS explore_candidates;
