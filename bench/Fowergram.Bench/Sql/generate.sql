-- @step prepare: helpers, bulk-load session settings, empty tables
CREATE SCHEMA IF NOT EXISTS bench;
-- Deterministic ids: user n and post n map to fixed UUIDs, so rows can be joined by arithmetic while generating.
CREATE OR REPLACE FUNCTION bench.uid(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$;
CREATE OR REPLACE FUNCTION bench.pid(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(n), 12, '0'))::uuid $$;
CREATE OR REPLACE FUNCTION bench.mid(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ('00000000-0000-7000-9000-' || lpad(to_hex(n), 12, '0'))::uuid $$;
CREATE OR REPLACE FUNCTION bench.tid(n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT ('00000000-0000-7000-a000-' || lpad(to_hex(n), 12, '0'))::uuid $$;
-- Index and key definitions of the bulk-loaded tables, kept until they are rebuilt (so an interrupted run can finish).
CREATE TABLE IF NOT EXISTS bench.saved_indexes (table_name text NOT NULL, name text PRIMARY KEY, is_constraint boolean NOT NULL, definition text NOT NULL);
INSERT INTO bench.saved_indexes
SELECT t.relname, i.relname, c.oid IS NOT NULL,
       CASE WHEN c.oid IS NOT NULL THEN format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, c.conname, pg_get_constraintdef(c.oid))
            ELSE pg_get_indexdef(i.oid) END
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class t ON t.oid = x.indrelid
  LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.contype IN ('p', 'u')
 WHERE t.relname IN ('follows', 'feed_entries', 'likes', 'uploads', 'post_media') AND t.relnamespace = 'public'::regnamespace
   -- keys other tables' foreign keys point at stay (their rows are inserted in key order anyway)
   AND NOT EXISTS (SELECT 1 FROM pg_constraint fk WHERE fk.contype = 'f' AND fk.conindid = x.indexrelid)
ON CONFLICT (name) DO NOTHING;
DROP TABLE IF EXISTS bench.dataset, bench.media_plan, bench.window_shares; -- rewritten below
TRUNCATE users, music_tracks, outbox, event_deliveries, processed_events, dead_letters CASCADE;
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT * FROM bench.saved_indexes LOOP
        IF r.is_constraint THEN
            EXECUTE format('ALTER TABLE %I DROP CONSTRAINT IF EXISTS %I', r.table_name, r.name);
        ELSE
            EXECUTE format('DROP INDEX IF EXISTS %I', r.name);
        END IF;
    END LOOP;
END $$;

-- @step users
INSERT INTO users (id, email, username, hashed_password, full_name, is_private, created_at, updated_at)
SELECT bench.uid(n), 'b' || n || '@bench.invalid', 'b' || n, '!', 'Bench user ' || n,
       n <= {users} AND n % 20 = 7, {now}::timestamptz - interval '400 days', {now}::timestamptz - interval '400 days'
  FROM generate_series(1, {users} + {rare} + 2) n;

-- @step follows: skewed graph (targets drawn toward popular accounts)
INSERT INTO follows (follower_id, following_id, created_at)
SELECT bench.uid(u), bench.uid(t), {now}::timestamptz - random() * interval '{days} days'
  FROM (SELECT DISTINCT u, t
          FROM (SELECT g.u, 1 + floor({users} * random() ^ 3)::int AS t
                  FROM (SELECT u, {minfollows} + floor({followspread} * random())::int AS k
                          FROM generate_series(1, {users}) u) g,
                       generate_series(1, g.k)) x
         WHERE t <> u) d;

-- @step follows of the heavy reader: every rarely-posting account
INSERT INTO follows (follower_id, following_id, created_at)
SELECT bench.uid({users} + {rare} + 1), bench.uid({users} + n), {now}::timestamptz - random() * interval '{days} days'
  FROM generate_series(1, {rare}) n;

-- @step follows of the sparse reader: 300 of the rarely-posting accounts (about 50 posts a month)
INSERT INTO follows (follower_id, following_id, created_at)
SELECT bench.uid({users} + {rare} + 2), bench.uid({users} + n), {now}::timestamptz - random() * interval '{days} days'
  FROM generate_series(1, least(300, {rare})) n;

-- @step music_tracks: 2,000 songs for posts to carry
INSERT INTO music_tracks (id, title, artist, duration, created_at)
SELECT bench.tid(n), 'Bench track ' || n, 'Bench artist ' || (1 + n % 300), 90 + n % 120, {now}::timestamptz - interval '400 days'
  FROM generate_series(1, 2000) n;

-- @step posts: authors skewed (few prolific), times spread evenly over the period; every tenth with a song
INSERT INTO posts (id, user_id, caption, location, is_archived, created_at, updated_at, deleted_at, music_track_id, music_start_seconds)
SELECT bench.pid(n), bench.uid(author), 'Bench post ' || n || ' #bench', CASE WHEN n % 7 = 0 THEN 'Bangkok' END,
       n % 101 = 0, ts, ts, CASE WHEN n % 211 = 0 THEN ts + interval '1 hour' END,
       CASE WHEN n % 10 = 3 THEN bench.tid(1 + (n::bigint * 7919) % 2000) END, CASE WHEN n % 10 = 3 THEN 15 END
  FROM (SELECT n, 1 + (floor({users} * random() ^ 2)::bigint * 7919) % {users} AS author,
               {now}::timestamptz - interval '{days} days' + (n::float8 / {posts}) * interval '{days} days' AS ts
          FROM generate_series(1, {posts}) n) s;

-- @step posts of the rarely-posting accounts (two each)
INSERT INTO posts (id, user_id, caption, created_at, updated_at)
SELECT bench.pid({posts} + n), bench.uid({users} + 1 + (n - 1) % {rare}), 'Rare post ' || n, ts, ts
  FROM (SELECT n, {now}::timestamptz - random() * interval '{days} days' AS ts FROM generate_series(1, 2 * {rare}) n) s;

-- @step post_collaborators: every fiftieth post co-authored with one account that accepted
INSERT INTO post_collaborators (post_id, user_id, invited_at, accepted_at)
SELECT p.id, c.id, p.created_at, p.created_at + interval '1 hour'
  FROM generate_series(11, {posts}, 50) n
  JOIN posts p ON p.id = bench.pid(n)
  JOIN users c ON c.id = bench.uid(1 + (n::bigint * 104729) % {users})
 WHERE c.id <> p.user_id;

-- @step reposts: every twentieth account reposted three recent posts (skewed to the newest) of public accounts
INSERT INTO reposts (user_id, post_id, created_at)
SELECT DISTINCT ON (x.u, p.id) bench.uid(x.u), p.id, p.created_at + random() * ({now}::timestamptz - p.created_at)
  FROM (SELECT u, {posts} - floor({posts}::float8 * {window} / {days} * random() ^ 2)::int AS n
          FROM generate_series(20, {users}, 20) u, generate_series(1, 3)) x
  JOIN posts p ON p.id = bench.pid(x.n)
  JOIN users a ON a.id = p.user_id AND NOT a.is_private AND a.allow_reposts
 WHERE p.user_id <> bench.uid(x.u) AND p.deleted_at IS NULL AND NOT p.is_archived;

-- @step uploads and post_media: one photo per post, three for every fourth, each from a claimed upload
CREATE UNLOGGED TABLE bench.media_plan AS
SELECT p.id AS post_id, p.user_id, p.created_at, k, bench.mid(p.n * 4 + k) AS id
  FROM (SELECT id, user_id, created_at, row_number() OVER (ORDER BY id) AS n FROM posts) p,
       generate_series(0, CASE WHEN p.n % 4 = 0 THEN 2 ELSE 0 END) k;
INSERT INTO uploads (id, user_id, purpose, content_type, declared_size, blob_name, status, actual_size, created_at, expires_at, used_at)
SELECT id, user_id, 'post', 'image/jpeg', 350000, 'post/' || user_id || '/' || id, 'used', 350000,
       created_at, created_at + interval '10 minutes', created_at
  FROM bench.media_plan;
INSERT INTO post_media (id, post_id, upload_id, blob_name, content_type, media_type, width, height, file_size, display_order, created_at)
SELECT id, post_id, id, 'post/' || user_id || '/' || id, 'image/jpeg', 'image', 1080, 1350, 350000, k, created_at FROM bench.media_plan;
DROP TABLE bench.media_plan;

-- @step feed_large_authors: accounts above the fan-out threshold
INSERT INTO feed_large_authors (user_id, follower_count, last_post_at, listed_at)
SELECT f.following_id, f.n, coalesce((SELECT max(p.created_at) FROM posts p WHERE p.user_id = f.following_id), '-infinity'), {now}::timestamptz
  FROM (SELECT following_id, count(*) AS n FROM follows GROUP BY following_id HAVING count(*) > {threshold}) f;

-- @step feed_entries: what fan-out on write leaves for the retention window (followers and the author)
INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
SELECT f.follower_id, p.created_at, p.id, p.user_id
  FROM posts p
  JOIN follows f ON f.following_id = p.user_id
 WHERE p.created_at >= {now}::timestamptz - interval '{window} days' AND p.deleted_at IS NULL AND NOT p.is_archived
   AND NOT EXISTS (SELECT 1 FROM feed_large_authors l WHERE l.user_id = p.user_id)
UNION ALL
SELECT p.user_id, p.created_at, p.id, p.user_id
  FROM posts p
 WHERE p.created_at >= {now}::timestamptz - interval '{window} days' AND p.deleted_at IS NULL AND NOT p.is_archived;

-- @step feed_entries through collaborators and reposters: what their fan-outs add to the author's (docs/feed.md "Collab
-- posts", "Reposts"): a collaborator and its followers, a reposter's followers; not through a large account (merged on
-- read, next step); one entry per reader and post, the author's path first, then a collaboration, then a repost. The
-- shares of the window's live posts first, as a small table, so the join with the follows starts from them.
CREATE UNLOGGED TABLE bench.window_shares AS
SELECT s.post_id, s.via, s.rank, p.created_at, p.user_id AS author,
       EXISTS (SELECT 1 FROM feed_large_authors l WHERE l.user_id = s.via) AS via_large,
       EXISTS (SELECT 1 FROM feed_large_authors l WHERE l.user_id = p.user_id) AS author_large
  FROM (SELECT post_id, user_id AS via, 1 AS rank FROM post_collaborators WHERE accepted_at IS NOT NULL
        UNION ALL
        SELECT post_id, user_id, 2 FROM reposts) s
  JOIN posts p ON p.id = s.post_id
 WHERE p.created_at >= {now}::timestamptz - interval '{window} days' AND p.deleted_at IS NULL AND NOT p.is_archived;
ANALYZE bench.window_shares;
INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
SELECT DISTINCT ON (t.reader, t.post_id) t.reader, t.created_at, t.post_id, t.via
  FROM (SELECT s.*, s.via AS reader FROM bench.window_shares s WHERE s.rank = 1
        UNION ALL
        SELECT s.*, f.follower_id FROM bench.window_shares s JOIN follows f ON f.following_id = s.via WHERE NOT s.via_large) t
 WHERE t.reader <> t.author
   AND (t.author_large OR NOT EXISTS (SELECT 1 FROM follows fa WHERE fa.follower_id = t.reader AND fa.following_id = t.author))
 ORDER BY t.reader, t.post_id, t.rank, t.via;
DROP TABLE bench.window_shares;

-- @step feed_large_shares: the large accounts' reposts and collaborations, listed for the read to merge
INSERT INTO feed_large_shares (user_id, created_at, post_id)
SELECT DISTINCT s.user_id, p.created_at, p.id
  FROM (SELECT post_id, user_id FROM post_collaborators WHERE accepted_at IS NOT NULL
        UNION ALL SELECT post_id, user_id FROM reposts) s
  JOIN feed_large_authors l ON l.user_id = s.user_id
  JOIN posts p ON p.id = s.post_id;
UPDATE feed_large_authors l SET last_shared_at = s.at
  FROM (SELECT user_id, max(created_at) AS at FROM feed_large_shares GROUP BY user_id) s
 WHERE l.user_id = s.user_id;

-- @step likes: each reader liked ~20 posts, recent ones more often
INSERT INTO likes (user_id, post_id, created_at)
SELECT DISTINCT ON (u, n) bench.uid(u), bench.pid(n), {now}::timestamptz - random() * interval '{days} days'
  FROM (SELECT u, greatest(1, {posts} - floor({posts} * random() ^ 3)::int) AS n
          FROM generate_series(1, {users}) u, generate_series(1, 20)) x;

-- @step post_stats: the counters the consumers would hold (likes counted; no comments are generated)
INSERT INTO post_stats (post_id, like_count, comment_count, updated_at)
SELECT p.id, coalesce(l.n, 0), 0, p.created_at
  FROM posts p LEFT JOIN (SELECT post_id, count(*) AS n FROM likes GROUP BY post_id) l ON l.post_id = p.id;

-- @step blocks, mutes and saved posts (a few of each; blocks away from the benchmark's likers)
INSERT INTO blocks (blocker_id, blocked_id)
SELECT DISTINCT bench.uid(a), bench.uid(b)
  FROM (SELECT 1001 + floor(({users} - 1001) * random())::int AS a, 1001 + floor(({users} - 1001) * random())::int AS b
          FROM generate_series(1, {users} / 100)) x
 WHERE a <> b;
INSERT INTO mutes (muter_id, muted_id, mute_posts, mute_stories)
SELECT DISTINCT bench.uid(a), bench.uid(b), true, false
  FROM (SELECT 1001 + floor(({users} - 1001) * random())::int AS a, 1 + floor({users} * random() ^ 3)::int AS b
          FROM generate_series(1, {users} / 50)) x
 WHERE a <> b
ON CONFLICT DO NOTHING;
INSERT INTO saved_posts (user_id, post_id)
SELECT DISTINCT bench.uid(u), bench.pid(greatest(1, {posts} - floor({posts} * random() ^ 3)::int))
  FROM generate_series(1, {users}, 10) u, generate_series(1, 5);

-- @step feed_readers: the marks the retention job leaves (docs/feed.md): the window's start for every reader, except
-- that the sparse reader keeps its newest {keep} entries, which reach back past the window
INSERT INTO feed_readers (user_id, complete_since)
SELECT id, {now}::timestamptz - interval '{window} days' FROM users WHERE id <> bench.uid({users} + {rare} + 2);
WITH kept AS (
    SELECT p.id, p.user_id, p.created_at
      FROM follows f JOIN posts p ON p.user_id = f.following_id
     WHERE f.follower_id = bench.uid({users} + {rare} + 2) AND p.deleted_at IS NULL AND NOT p.is_archived
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT {keep}
), older AS (
    INSERT INTO feed_entries (user_id, created_at, post_id, author_id)
    SELECT bench.uid({users} + {rare} + 2), created_at, id, user_id FROM kept
     WHERE created_at < {now}::timestamptz - interval '{window} days'
)
INSERT INTO feed_readers (user_id, complete_since)
SELECT bench.uid({users} + {rare} + 2), least({now}::timestamptz - interval '{window} days', (SELECT min(created_at) FROM kept));
