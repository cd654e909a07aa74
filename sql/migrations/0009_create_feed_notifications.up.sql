-- The materialised home feed, partitioned notifications, a default-partition-safe
-- create_monthly_partitions, and the seed's query functions (see docs/data-model.md).

-- One row per (reader, post) written by the fan-out consumer. The primary key is the keyset order of
-- a home feed page: WHERE user_id = @me AND (created_at, post_id) < (@c, @p) ORDER BY created_at DESC,
-- post_id DESC is one backward range scan (a primary key cannot be declared DESC; it does not need
-- to be). created_at and author_id copy the post's, guaranteed by the foreign key, so cleanups after
-- an unfollow or a mute need no join. Visibility is still re-checked at read time (get_home_feed).
CREATE TABLE feed_entries (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    post_id    uuid NOT NULL,
    author_id  uuid NOT NULL,
    CONSTRAINT feed_entries_pkey PRIMARY KEY (user_id, created_at, post_id),
    CONSTRAINT feed_entries_post_fkey FOREIGN KEY (post_id, author_id, created_at)
        REFERENCES posts (id, user_id, created_at) ON DELETE CASCADE
);
CREATE INDEX feed_entries_post ON feed_entries (post_id);

CREATE TABLE notifications (
    id          uuid NOT NULL,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE, -- the recipient
    -- Who acted; NULL for system notices. Purging the actor removes what they caused.
    actor_id    uuid REFERENCES users (id) ON DELETE CASCADE,
    type        text NOT NULL CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
                                              'follow_request', 'follow_accept', 'story_reaction', 'story_mention',
                                              'reel_like', 'reel_comment', 'live_started', 'system')),
    -- The entity the notice is about; polymorphic, so no foreign key: readers re-check visibility
    -- and drop notices whose entity is gone or hidden.
    entity_type text CHECK (entity_type IN ('post', 'comment', 'reel', 'reel_comment', 'story', 'igtv_video',
                                            'live_stream', 'user')),
    entity_id   uuid,
    message     text CHECK (char_length(message) <= 500),
    is_read     boolean NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT notifications_pkey PRIMARY KEY (id, created_at),
    CONSTRAINT notifications_entity_complete CHECK ((entity_type IS NULL) = (entity_id IS NULL)),
    CONSTRAINT notifications_not_self CHECK (actor_id <> user_id),
    CONSTRAINT notifications_actor_unless_system CHECK ((type = 'system') = (actor_id IS NULL))
) PARTITION BY RANGE (created_at);
-- Rows outside every monthly partition land here rather than fail (see create_monthly_partitions).
CREATE TABLE notifications_default PARTITION OF notifications DEFAULT;
-- A user's notifications, unread first, newest first (ORDER BY is_read, created_at DESC, id DESC);
-- also the unread badge count (user_id = @me AND NOT is_read) and the user_id foreign key.
CREATE INDEX notifications_user_inbox ON notifications (user_id, is_read, created_at DESC, id DESC);
CREATE INDEX notifications_actor ON notifications (actor_id) WHERE actor_id IS NOT NULL;

-- Replaces 0002's version (same signature and partition names). Differences:
--   * a month whose rows already sit in the DEFAULT partition (the job was late) no longer fails:
--     they are moved into the new partition in the same transaction;
--   * concurrent runs are serialised by a lock on the parent (the loser finds the partition made);
--   * the partition is created in the parent's schema and named after its bare table name.
CREATE OR REPLACE FUNCTION create_monthly_partitions(parent regclass, starting timestamptz, months integer)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    created integer := 0;
    parent_schema text;
    parent_table text;
    key_column text;
    default_partition regclass;
    month_start timestamptz;
    month_end timestamptz;
    partition_name text;
    stray_rows bigint;
BEGIN
    IF months < 1 OR months > 120 THEN
        RAISE EXCEPTION 'months must be between 1 and 120, got %', months;
    END IF;
    SELECT n.nspname, c.relname, a.attname
      INTO parent_schema, parent_table, key_column
      FROM pg_partitioned_table pt
      JOIN pg_class c ON c.oid = pt.partrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_attribute a ON a.attrelid = pt.partrelid AND a.attnum = pt.partattrs[0]
     WHERE pt.partrelid = parent AND pt.partstrat = 'r' AND pt.partnatts = 1;
    IF key_column IS NULL THEN
        RAISE EXCEPTION '% is not range-partitioned on one column', parent;
    END IF;
    FOR i IN 0 .. months - 1 LOOP
        month_start := (date_trunc('month', starting AT TIME ZONE 'UTC') + make_interval(months => i)) AT TIME ZONE 'UTC';
        month_end := (date_trunc('month', starting AT TIME ZONE 'UTC') + make_interval(months => i + 1)) AT TIME ZONE 'UTC';
        partition_name := format('%s_%s', parent_table, to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM'));
        CONTINUE WHEN to_regclass(format('%I.%I', parent_schema, partition_name)) IS NOT NULL;

        -- Self-exclusive, and blocks inserts (not reads) while the default partition is emptied.
        EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', parent);
        CONTINUE WHEN to_regclass(format('%I.%I', parent_schema, partition_name)) IS NOT NULL;

        SELECT nullif(pt.partdefid, 0)::regclass INTO default_partition
          FROM pg_partitioned_table pt WHERE pt.partrelid = parent;
        stray_rows := 0;
        IF default_partition IS NOT NULL THEN
            EXECUTE format('SELECT count(*) FROM %s WHERE %I >= $1 AND %I < $2', default_partition, key_column, key_column)
               INTO stray_rows USING month_start, month_end;
        END IF;
        IF stray_rows > 0 THEN
            -- PostgreSQL refuses a partition whose range the default partition already holds rows of:
            -- park them, create the partition, route them back through the parent.
            EXECUTE format('CREATE TEMP TABLE fowergram_partition_move ON COMMIT DROP AS SELECT * FROM %s WHERE %I >= $1 AND %I < $2',
                           default_partition, key_column, key_column) USING month_start, month_end;
            EXECUTE format('DELETE FROM %s WHERE %I >= $1 AND %I < $2', default_partition, key_column, key_column)
               USING month_start, month_end;
        END IF;
        EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                       parent_schema, partition_name, parent, month_start, month_end);
        IF stray_rows > 0 THEN
            EXECUTE format('INSERT INTO %s SELECT * FROM fowergram_partition_move', parent);
            DROP TABLE fowergram_partition_move;
        END IF;
        created := created + 1;
    END LOOP;
    RETURN created;
END;
$$;

SELECT create_monthly_partitions('notifications', now() - interval '1 month', 4);

-- In every function below, a block is checked as two NOT EXISTS, one per direction: each is a
-- primary-key probe, where a single OR condition cannot use an index.

-- get_user_feed(user, limit, offset[, at]): the seed's pull feed. Posts of the accounts the user
-- follows (follows holds approved follows only, so a private account's posts reach its approved
-- followers and nobody else) plus the user's own, newest first (created_at DESC, id DESC), created
-- at or before `at`. Excluded: deleted or archived posts, authors who are deleted or deactivated,
-- authors blocked by or blocking the user, authors whose posts the user muted. like_count is NULL
-- when the author hid like counts (likes_disabled) and the reader is not the author. The API's home
-- feed reads feed_entries (get_home_feed); this query rebuilds it and is the reference for tests.
CREATE FUNCTION get_user_feed(p_user_id uuid, p_limit integer, p_offset integer, p_at timestamptz DEFAULT now())
RETURNS TABLE (post_id uuid, author_id uuid, author_username text, author_full_name text, author_avatar text,
               author_is_verified boolean, caption text, location text, comments_disabled boolean,
               likes_disabled boolean, created_at timestamptz, like_count bigint, comment_count bigint, is_liked boolean)
LANGUAGE sql STABLE AS $$
    SELECT p.id, p.user_id, u.username, u.full_name, u.avatar, u.is_verified, p.caption, p.location,
           p.comments_disabled, p.likes_disabled, p.created_at,
           CASE WHEN p.likes_disabled AND p.user_id <> p_user_id THEN NULL ELSE coalesce(s.like_count, 0) END,
           coalesce(s.comment_count, 0),
           EXISTS (SELECT 1 FROM likes l WHERE l.user_id = p_user_id AND l.post_id = p.id)
      FROM (SELECT f.following_id AS id FROM follows f WHERE f.follower_id = p_user_id
            UNION ALL
            SELECT p_user_id) AS authors
      JOIN posts p ON p.user_id = authors.id
      JOIN users u ON u.id = p.user_id
      LEFT JOIN post_stats s ON s.post_id = p.id
     WHERE p.deleted_at IS NULL AND NOT p.is_archived AND p.created_at <= p_at
       AND u.deleted_at IS NULL AND u.is_active
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = p.user_id)
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p.user_id AND b.blocked_id = p_user_id)
       AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = p_user_id AND m.muted_id = p.user_id AND m.mute_posts)
     ORDER BY p.created_at DESC, p.id DESC
     LIMIT p_limit OFFSET p_offset
$$;

-- get_home_feed(user, limit[, before_created_at, before_post_id, at]): one keyset page of the
-- materialised feed (feed_entries), same columns and the same read-time rules as get_user_feed, so a
-- block, mute, unfollow, privacy change or deletion after fan-out hides the post at once. Give both
-- cursor values (the last row's created_at and post_id) or neither.
CREATE FUNCTION get_home_feed(p_user_id uuid, p_limit integer, p_before_created_at timestamptz DEFAULT NULL,
                              p_before_post_id uuid DEFAULT NULL, p_at timestamptz DEFAULT now())
RETURNS TABLE (post_id uuid, author_id uuid, author_username text, author_full_name text, author_avatar text,
               author_is_verified boolean, caption text, location text, comments_disabled boolean,
               likes_disabled boolean, created_at timestamptz, like_count bigint, comment_count bigint, is_liked boolean)
LANGUAGE sql STABLE AS $$
    SELECT p.id, p.user_id, u.username, u.full_name, u.avatar, u.is_verified, p.caption, p.location,
           p.comments_disabled, p.likes_disabled, p.created_at,
           CASE WHEN p.likes_disabled AND p.user_id <> p_user_id THEN NULL ELSE coalesce(s.like_count, 0) END,
           coalesce(s.comment_count, 0),
           EXISTS (SELECT 1 FROM likes l WHERE l.user_id = p_user_id AND l.post_id = p.id)
      FROM feed_entries fe
      JOIN posts p ON p.id = fe.post_id
      JOIN users u ON u.id = fe.author_id
      LEFT JOIN post_stats s ON s.post_id = p.id
     WHERE fe.user_id = p_user_id
       AND (p_before_created_at IS NULL OR (fe.created_at, fe.post_id) < (p_before_created_at, p_before_post_id))
       AND fe.created_at <= p_at
       AND p.deleted_at IS NULL AND NOT p.is_archived
       AND u.deleted_at IS NULL AND u.is_active
       AND (fe.author_id = p_user_id
            OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p_user_id AND f.following_id = fe.author_id))
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = fe.author_id)
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = fe.author_id AND b.blocked_id = p_user_id)
       AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = p_user_id AND m.muted_id = fe.author_id AND m.mute_posts)
     ORDER BY fe.created_at DESC, fe.post_id DESC
     LIMIT p_limit
$$;

-- get_trending_hashtags(limit[, at, window]): hashtags ranked by how many posts carrying them were
-- created in (at - window, at] (default: the last 24 hours), then by all-time post_count, then name.
-- Only posts anyone may see count: not deleted, not archived, by a public, active, undeleted
-- account, so a private account's tags never surface. Hashtags with no such post are left out.
CREATE FUNCTION get_trending_hashtags(p_limit integer, p_at timestamptz DEFAULT now(),
                                      p_window interval DEFAULT interval '24 hours')
RETURNS TABLE (hashtag_id uuid, name text, recent_post_count bigint, post_count bigint)
LANGUAGE sql STABLE AS $$
    SELECT h.id, h.name, recent.n, coalesce(s.post_count, 0)
      FROM (SELECT ph.hashtag_id, count(*) AS n
              FROM post_hashtags ph
              JOIN posts p ON p.id = ph.post_id
              JOIN users u ON u.id = ph.author_id
             WHERE ph.post_created_at > p_at - p_window AND ph.post_created_at <= p_at
               AND p.deleted_at IS NULL AND NOT p.is_archived
               AND NOT u.is_private AND u.is_active AND u.deleted_at IS NULL
             GROUP BY ph.hashtag_id) AS recent
      JOIN hashtags h ON h.id = recent.hashtag_id
      LEFT JOIN hashtag_stats s ON s.hashtag_id = h.id
     ORDER BY recent.n DESC, coalesce(s.post_count, 0) DESC, h.name
     LIMIT p_limit
$$;

-- get_user_suggestions(user, limit): friends of friends. Candidates are accounts followed by the
-- accounts the user follows ("mutuals": active, undeleted, not blocked either way); ranked by the
-- number of mutuals following them, then username. Excluded: the user, accounts the user already
-- follows or has a pending request to, accounts blocked by or blocking the user, accounts the user
-- muted, deleted or deactivated accounts. mutual_usernames: up to three mutuals, alphabetical.
CREATE FUNCTION get_user_suggestions(p_user_id uuid, p_limit integer)
RETURNS TABLE (user_id uuid, username text, full_name text, avatar text, is_verified boolean, is_private boolean,
               mutual_count bigint, mutual_usernames text[])
LANGUAGE sql STABLE AS $$
    WITH mutuals AS (
        SELECT f.following_id AS id, mu.username
          FROM follows f
          JOIN users mu ON mu.id = f.following_id
         WHERE f.follower_id = p_user_id AND mu.deleted_at IS NULL AND mu.is_active
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = f.following_id)
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = f.following_id AND b.blocked_id = p_user_id)
    ), candidates AS (
        SELECT ff.following_id AS id, count(*) AS mutual_count,
               (array_agg(m.username ORDER BY m.username))[1:3] AS mutual_usernames
          FROM mutuals m
          JOIN follows ff ON ff.follower_id = m.id
         WHERE ff.following_id <> p_user_id
         GROUP BY ff.following_id
    )
    SELECT c.id, u.username, u.full_name, u.avatar, u.is_verified, u.is_private, c.mutual_count, c.mutual_usernames
      FROM candidates c
      JOIN users u ON u.id = c.id
     WHERE u.deleted_at IS NULL AND u.is_active
       AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p_user_id AND f.following_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM follow_requests r WHERE r.requester_id = p_user_id AND r.target_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = c.id AND b.blocked_id = p_user_id)
       AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = p_user_id AND m.muted_id = c.id)
     ORDER BY c.mutual_count DESC, u.username
     LIMIT p_limit
$$;

-- get_close_friends_stories(user[, at]): the close-friends ring of the story tray. Stories with
-- audience 'close_friends' only (public and followers stories belong to the ordinary tray), live at
-- `at` (created_at <= at < expires_at, not deleted), by accounts that (a) the user follows and (b)
-- have the user on their close-friends list; the author must be active and undeleted, not blocked
-- either way, and not muted for stories by the user. Ordered by author (most recent story first),
-- then each author's stories oldest first, as they play. is_viewed: the user has a story_views row.
CREATE FUNCTION get_close_friends_stories(p_user_id uuid, p_at timestamptz DEFAULT now())
RETURNS TABLE (story_id uuid, author_id uuid, author_username text, author_avatar text, blob_name text,
               media_type text, thumbnail_blob_name text, alt_text text, music_track_id uuid,
               music_start_time integer, duration integer, created_at timestamptz, expires_at timestamptz,
               is_viewed boolean)
LANGUAGE sql STABLE AS $$
    SELECT s.id, s.user_id, u.username, u.avatar, s.blob_name, s.media_type, s.thumbnail_blob_name, s.alt_text,
           s.music_track_id, s.music_start_time, s.duration, s.created_at, s.expires_at,
           EXISTS (SELECT 1 FROM story_views v WHERE v.story_id = s.id AND v.viewer_id = p_user_id)
      FROM close_friends cf
      JOIN follows f ON f.follower_id = p_user_id AND f.following_id = cf.user_id
      JOIN users u ON u.id = cf.user_id
      JOIN stories s ON s.user_id = cf.user_id
     WHERE cf.friend_id = p_user_id
       AND s.audience = 'close_friends' AND s.deleted_at IS NULL
       AND s.created_at <= p_at AND s.expires_at > p_at
       AND u.deleted_at IS NULL AND u.is_active
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = p_user_id AND b.blocked_id = s.user_id)
       AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = s.user_id AND b.blocked_id = p_user_id)
       AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = p_user_id AND m.muted_id = s.user_id AND m.mute_stories)
     ORDER BY max(s.created_at) OVER (PARTITION BY s.user_id) DESC, s.user_id, s.created_at, s.id
$$;

-- get_trending_music_tracks(limit[, at, window]): story music ranked by how many live (undeleted)
-- stories of active, undeleted accounts picked the track in (at - window, at] (default: 7 days),
-- then by all-time usage_count, then title. Only counts are returned, never who used the track, so
-- stories of private accounts count too. Reel audio (audio_tracks) is not part of this ranking.
CREATE FUNCTION get_trending_music_tracks(p_limit integer, p_at timestamptz DEFAULT now(),
                                          p_window interval DEFAULT interval '7 days')
RETURNS TABLE (track_id uuid, title text, artist text, album text, duration integer, preview_url text,
               cover_art_url text, genre text, is_explicit boolean, recent_use_count bigint, usage_count bigint)
LANGUAGE sql STABLE AS $$
    SELECT t.id, t.title, t.artist, t.album, t.duration, t.preview_url, t.cover_art_url, t.genre, t.is_explicit,
           recent.n, coalesce(st.usage_count, 0)
      FROM (SELECT s.music_track_id, count(*) AS n
              FROM stories s
              JOIN users u ON u.id = s.user_id
             WHERE s.music_track_id IS NOT NULL AND s.deleted_at IS NULL
               AND s.created_at > p_at - p_window AND s.created_at <= p_at
               AND u.deleted_at IS NULL AND u.is_active
             GROUP BY s.music_track_id) AS recent
      JOIN music_tracks t ON t.id = recent.music_track_id
      LEFT JOIN music_track_stats st ON st.track_id = t.id
     ORDER BY recent.n DESC, coalesce(st.usage_count, 0) DESC, t.title, t.id
     LIMIT p_limit
$$;
