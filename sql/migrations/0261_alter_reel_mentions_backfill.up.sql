-- Data only: the reels written before migration 0244 get their reel_mentions rows, as their next caption edit or trial
-- share would write them (docs/reels.md "Notifications: reel-notifications"). Without them such a reel had none until
-- then, so a name edited out of its caption kept its mention notice (there was no row to take back), and "reels I am
-- mentioned in" could not list them.
-- The rule is the app's, written out: CaptionText's mention pattern (ASCII, so PostgreSQL's regular expressions repeat
-- it exactly: '@' and 1-30 of [A-Za-z0-9._] not preceded by a name character or '@' and not followed by a name character,
-- its trailing periods dropped, lower-cased), resolved as People.ResolveAsync resolves mentions now: a live account, no
-- block either way, its allow_mentions letting the author mention it (migration 0125), never the author. No event is
-- raised: those names were notified when the reel was written.
-- Only reels created before 0244 was applied and still without a row are read: a later reel got its rows when it was
-- written, and none means its caption named nobody who could be mentioned then.
INSERT INTO reel_mentions (reel_id, user_id, created_at)
SELECT DISTINCT r.id, u.id, r.created_at
  FROM reels r
 CROSS JOIN LATERAL (
       SELECT rtrim(lower(m[1]), '.') AS name
         FROM regexp_matches(r.caption, '(?<![A-Za-z0-9._@])@([A-Za-z0-9._]{1,30})(?![A-Za-z0-9._])', 'g') AS m) AS named
  JOIN users u ON lower(u.username) = named.name
 WHERE r.caption LIKE '%@%'
   AND r.created_at < (SELECT applied_at FROM schema_migrations WHERE version = 244)
   AND NOT EXISTS (SELECT 1 FROM reel_mentions rm WHERE rm.reel_id = r.id)
   AND named.name <> ''
   AND u.id <> r.user_id AND u.deleted_at IS NULL AND u.is_active
   AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = r.user_id AND b.blocked_id = u.id)
                                             OR (b.blocker_id = u.id AND b.blocked_id = r.user_id))
   AND (u.allow_mentions = 'everyone'
        OR (u.allow_mentions = 'following' AND EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = u.id AND f.following_id = r.user_id)))
ON CONFLICT DO NOTHING;
