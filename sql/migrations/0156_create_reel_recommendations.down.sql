DROP TABLE IF EXISTS reel_recommendations;
