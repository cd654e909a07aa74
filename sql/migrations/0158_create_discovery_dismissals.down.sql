DROP TABLE IF EXISTS reel_dismissals;
DROP TABLE IF EXISTS explore_dismissals;
