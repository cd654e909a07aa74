-- Order-independent follower counters (docs/social-graph.md, "Counters").
-- The social-counters consumer adds one to both users' counts when it first sees a follow row and
-- sets `counted`; deleting a follow (unfollow, block) reports the row's `counted` in follow.deleted,
-- and only a counted follow is subtracted. So each follow row is added at most once and subtracted
-- only if it was added, whatever order or how many times follow.created and follow.deleted arrive:
-- counts never go negative and end equal to count(*) of follows.
ALTER TABLE follows ADD COLUMN counted boolean NOT NULL DEFAULT false;

-- Rows that existed before the column: count them now, exactly.
UPDATE follows SET counted = true;
INSERT INTO user_stats (user_id, follower_count, following_count)
SELECT u.id,
       (SELECT count(*) FROM follows f WHERE f.following_id = u.id),
       (SELECT count(*) FROM follows f WHERE f.follower_id = u.id)
  FROM users u
 WHERE EXISTS (SELECT 1 FROM follows f WHERE f.following_id = u.id OR f.follower_id = u.id)
ON CONFLICT (user_id) DO UPDATE
   SET follower_count = EXCLUDED.follower_count, following_count = EXCLUDED.following_count;
