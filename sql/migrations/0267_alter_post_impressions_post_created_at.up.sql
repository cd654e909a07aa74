-- post_impressions rows of a post whose window (its first 90 days, docs/insights.md "Reach and impressions") has ended are
-- settled into post_reach by insights-retention. It found such posts through their rows' first look
-- (post_impressions_first_seen), so a post first seen on its 85th day kept its viewers until 90 days after that look: up to
-- 180 days after the post. Each row now carries its post's created_at (never changed once a post exists, as
-- post_hashtags.post_created_at), and the job finds posts past their window through it.
ALTER TABLE post_impressions ADD COLUMN post_created_at timestamptz;
UPDATE post_impressions i SET post_created_at = p.created_at FROM posts p WHERE p.id = i.post_id;
ALTER TABLE post_impressions ALTER COLUMN post_created_at SET NOT NULL;
CREATE INDEX post_impressions_post_created ON post_impressions (post_created_at);
DROP INDEX post_impressions_first_seen;
