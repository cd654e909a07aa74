DROP TABLE IF EXISTS reel_mentions;
