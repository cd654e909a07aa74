-- The reel repost notices go with the reposts (0183's post repost notices stay).
DELETE FROM notifications WHERE type = 'repost' AND entity_type = 'reel';
DROP TABLE reel_reposts;
