-- Hashtag names in Unicode NFC (docs/posts.md "Hashtags"). '#café' typed precomposed (é) and decomposed (e + U+0301) were
-- two hashtags with two pages, two counts and two follows, though they read the same. Names are now NFC: the app asks the
-- database to normalise (normalize(), immutable; the API host runs in .NET's invariant globalization mode, whose
-- string.Normalize changes nothing), and this migration merges the rows written before into their NFC twin.
--
-- Every name not in NFC maps to a keeper: the row already named by its NFC form, else the oldest of the rows that
-- normalise alike (renamed to the form). Posts, reels and follows move to the keeper (a post or follow that had both
-- spellings keeps one row); what the post counters recorded per post (post_counter_state.hashtag_ids) names the keeper
-- once; the keeper's counts are recounted as their consumers keep them: post_count the recorded live posts (so later
-- events move it by exactly their difference), reel_count the live tagged reels. A recent search that picked a merged
-- hashtag picks its keeper. A name whose NFC form is longer than a hashtag may be (100 characters; NFC lengthens a few
-- rare marks) is no hashtag by today's rule, which reads the same caption without it: that row goes, with its links
-- (the captions are untouched).
CREATE TEMP TABLE hashtag_nfc ON COMMIT DROP AS
SELECT id, created_at, normalize(name, NFC) AS nfc FROM hashtags WHERE name IS NOT NFC NORMALIZED;

CREATE TEMP TABLE hashtag_merge ON COMMIT DROP AS
SELECT n.id AS old_id,
       CASE WHEN char_length(n.nfc) <= 100 THEN coalesce(
           (SELECT h.id FROM hashtags h WHERE h.name = n.nfc),
           (SELECT f.id FROM hashtag_nfc f WHERE f.nfc = n.nfc ORDER BY f.created_at, f.id LIMIT 1)) END AS keeper_id,
       n.nfc
  FROM hashtag_nfc n;

-- Rows renamed in place: the keeper of their form and not yet named by it.
CREATE TEMP TABLE hashtag_renamed ON COMMIT DROP AS SELECT old_id AS id, nfc FROM hashtag_merge WHERE old_id = keeper_id;
DELETE FROM hashtag_merge WHERE old_id = keeper_id;

INSERT INTO post_hashtags (post_id, hashtag_id, author_id, post_created_at)
SELECT ph.post_id, m.keeper_id, ph.author_id, ph.post_created_at
  FROM post_hashtags ph JOIN hashtag_merge m ON m.old_id = ph.hashtag_id WHERE m.keeper_id IS NOT NULL
ON CONFLICT (post_id, hashtag_id) DO NOTHING;

INSERT INTO reel_hashtags (reel_id, hashtag_id, reel_created_at)
SELECT rh.reel_id, m.keeper_id, rh.reel_created_at
  FROM reel_hashtags rh JOIN hashtag_merge m ON m.old_id = rh.hashtag_id WHERE m.keeper_id IS NOT NULL
ON CONFLICT (reel_id, hashtag_id) DO NOTHING;

-- A follow of either spelling follows the keeper, since the earliest of them.
INSERT INTO hashtag_follows (user_id, hashtag_id, created_at)
SELECT hf.user_id, m.keeper_id, min(hf.created_at)
  FROM hashtag_follows hf JOIN hashtag_merge m ON m.old_id = hf.hashtag_id WHERE m.keeper_id IS NOT NULL
 GROUP BY hf.user_id, m.keeper_id
ON CONFLICT (user_id, hashtag_id) DO UPDATE SET created_at = least(hashtag_follows.created_at, EXCLUDED.created_at);

UPDATE post_counter_state s
   SET hashtag_ids = array(SELECT DISTINCT coalesce(m.keeper_id, t.id)
                             FROM unnest(s.hashtag_ids) AS t (id)
                             LEFT JOIN hashtag_merge m ON m.old_id = t.id
                            WHERE NOT EXISTS (SELECT 1 FROM hashtag_merge g WHERE g.old_id = t.id AND g.keeper_id IS NULL)
                            ORDER BY 1)
 WHERE s.hashtag_ids && array(SELECT old_id FROM hashtag_merge);

UPDATE search_history sh SET clicked_result_id = m.keeper_id
  FROM hashtag_merge m
 WHERE sh.search_type = 'hashtag' AND sh.clicked_result_id = m.old_id AND m.keeper_id IS NOT NULL;

-- The merged rows go (their posts', reels' and follows' rows and stats with them, by cascade).
DELETE FROM hashtags h USING hashtag_merge m WHERE h.id = m.old_id;
UPDATE hashtags h SET name = r.nfc FROM hashtag_renamed r WHERE h.id = r.id;

-- Recounted: every keeper that took rows over.
INSERT INTO hashtag_stats (hashtag_id, post_count, reel_count, updated_at)
SELECT k.id,
       (SELECT count(*) FROM post_counter_state s WHERE s.counted AND k.id = ANY (s.hashtag_ids)),
       (SELECT count(*) FROM reel_hashtags rh JOIN reels r ON r.id = rh.reel_id WHERE rh.hashtag_id = k.id AND r.deleted_at IS NULL),
       now()
  FROM (SELECT DISTINCT keeper_id AS id FROM hashtag_merge WHERE keeper_id IS NOT NULL) k
ON CONFLICT (hashtag_id) DO UPDATE SET post_count = EXCLUDED.post_count, reel_count = EXCLUDED.reel_count, updated_at = EXCLUDED.updated_at;

ALTER TABLE hashtags ADD CONSTRAINT hashtags_name_nfc CHECK (name IS NFC NORMALIZED);
