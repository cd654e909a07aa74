-- Discovery (seed: hashtags, post_hashtags, search_history; plus hashtag_follows, reports and the
-- trigram search indexes) and every counter (seed: user_stats, post_stats, reel_stats, igtv_stats;
-- plus the stats tables that replace the seed's counters on content rows).
--
-- One source of truth per counter: each lives in exactly one column of a *_stats table, keyed by its
-- entity, and nowhere else. Consumers apply `UPDATE ... SET n = n + @delta` (row lock, exact under
-- concurrency); reconciliation recomputes from the rows (likes, follows, ...) with count(*). The
-- stats row is inserted with its entity, in the same transaction; readers still coalesce a missing
-- row to zeros. Counters are bigint (views of a popular reel exceed 2^31) and never negative.

-- Names are stored lower-case (the app folds case) so UNIQUE(name) is case-insensitive.
CREATE TABLE hashtags (
    id         uuid PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hashtags_name_lower_case CHECK (name = lower(name)),
    CONSTRAINT hashtags_name_no_space_or_hash CHECK (name !~ '[[:space:]#]')
);
CREATE INDEX hashtags_name_trgm ON hashtags USING gin (name gin_trgm_ops);

-- author_id and post_created_at copy the post's (guaranteed by the foreign key) so a hashtag page
-- reads in keyset order from one index and trending counts a time range without touching posts.
CREATE TABLE post_hashtags (
    post_id         uuid NOT NULL,
    hashtag_id      uuid NOT NULL REFERENCES hashtags (id) ON DELETE CASCADE,
    author_id       uuid NOT NULL,
    post_created_at timestamptz NOT NULL,
    CONSTRAINT post_hashtags_pkey PRIMARY KEY (post_id, hashtag_id),
    CONSTRAINT post_hashtags_post_fkey FOREIGN KEY (post_id, author_id, post_created_at)
        REFERENCES posts (id, user_id, created_at) ON DELETE CASCADE
);
-- A hashtag page, newest first.
CREATE INDEX post_hashtags_page ON post_hashtags (hashtag_id, post_created_at DESC, post_id DESC);
-- get_trending_hashtags: tags of posts in a recent window.
CREATE INDEX post_hashtags_recent ON post_hashtags (post_created_at, hashtag_id);

CREATE TABLE hashtag_follows (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    hashtag_id uuid NOT NULL REFERENCES hashtags (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hashtag_follows_pkey PRIMARY KEY (user_id, hashtag_id)
);
CREATE INDEX hashtag_follows_hashtag ON hashtag_follows (hashtag_id, user_id);

-- clicked_result_id points at a user, hashtag or location depending on search_type, so it has no
-- foreign key; a result that disappears simply stops resolving.
CREATE TABLE search_history (
    id                uuid PRIMARY KEY,
    user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    search_type       text NOT NULL CHECK (search_type IN ('user', 'hashtag', 'location')),
    search_term       text NOT NULL CHECK (char_length(search_term) BETWEEN 1 AND 100),
    clicked_result_id uuid,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX search_history_user ON search_history (user_id, created_at DESC, id DESC);

-- Moderation reports. target_id has no foreign key on purpose: the report is evidence and must
-- survive the target's deletion. The reporter may be purged (SET NULL) without losing the report.
CREATE TABLE reports (
    id               uuid PRIMARY KEY,
    reporter_id      uuid REFERENCES users (id) ON DELETE SET NULL,
    target_type      text NOT NULL CHECK (target_type IN ('user', 'post', 'comment', 'reel', 'reel_comment', 'story',
                                                          'igtv_video', 'message', 'live_stream', 'product')),
    target_id        uuid NOT NULL,
    reason           text NOT NULL CHECK (reason IN ('spam', 'nudity', 'hate_speech', 'violence', 'harassment',
                                                     'false_information', 'scam', 'intellectual_property',
                                                     'self_harm', 'other')),
    details          text CHECK (char_length(details) <= 2000),
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reviewing', 'actioned', 'dismissed')),
    resolved_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    resolution_notes text CHECK (char_length(resolution_notes) <= 2000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    resolved_at      timestamptz,
    CONSTRAINT reports_resolved_at_iff_closed CHECK ((status IN ('actioned', 'dismissed')) = (resolved_at IS NOT NULL)),
    -- Reporting the same thing twice does not add weight; also serves the reporter foreign key.
    CONSTRAINT reports_once_per_reporter_key UNIQUE (reporter_id, target_type, target_id)
);
-- The moderation queue, oldest first.
CREATE INDEX reports_queue ON reports (created_at, id) WHERE status IN ('open', 'reviewing');
-- All reports about one target (how many, by whom).
CREATE INDEX reports_target ON reports (target_type, target_id);
CREATE INDEX reports_resolved_by ON reports (resolved_by) WHERE resolved_by IS NOT NULL;

-- Search. pg_trgm (0001) makes ILIKE '%term%' and similarity (%) index-assisted. Partial: search
-- only ever shows live rows, so its queries carry the same predicate.
CREATE INDEX users_username_trgm ON users USING gin (username gin_trgm_ops)
    WHERE deleted_at IS NULL AND is_active;
CREATE INDEX users_full_name_trgm ON users USING gin (full_name gin_trgm_ops)
    WHERE deleted_at IS NULL AND is_active;
CREATE INDEX posts_location_trgm ON posts USING gin (location gin_trgm_ops)
    WHERE location IS NOT NULL AND deleted_at IS NULL AND NOT is_archived;

-- Counters. Seed counters that moved here: users.followers_count/following_count/posts_count ->
-- user_stats; reels.view_count/play_count -> reel_stats; igtv_videos.view_count -> igtv_stats;
-- stories.view_count -> story_stats; story_polls.option1_votes/option2_votes -> story_poll_stats;
-- hashtags.post_count -> hashtag_stats; music_tracks/audio_tracks.usage_count -> *_track_stats;
-- live_streams.viewer_count/max_viewer_count -> live_stream_stats.
CREATE TABLE user_stats (
    user_id         uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    post_count      bigint NOT NULL DEFAULT 0 CHECK (post_count >= 0),
    follower_count  bigint NOT NULL DEFAULT 0 CHECK (follower_count >= 0),
    following_count bigint NOT NULL DEFAULT 0 CHECK (following_count >= 0),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE post_stats (
    post_id       uuid PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    like_count    bigint NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    comment_count bigint NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE comment_stats (
    comment_id  uuid PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
    like_count  bigint NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    reply_count bigint NOT NULL DEFAULT 0 CHECK (reply_count >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reel_stats (
    reel_id       uuid PRIMARY KEY REFERENCES reels (id) ON DELETE CASCADE,
    view_count    bigint NOT NULL DEFAULT 0 CHECK (view_count >= 0),
    play_count    bigint NOT NULL DEFAULT 0 CHECK (play_count >= 0),
    like_count    bigint NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    comment_count bigint NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    share_count   bigint NOT NULL DEFAULT 0 CHECK (share_count >= 0),
    save_count    bigint NOT NULL DEFAULT 0 CHECK (save_count >= 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE igtv_stats (
    video_id      uuid PRIMARY KEY REFERENCES igtv_videos (id) ON DELETE CASCADE,
    view_count    bigint NOT NULL DEFAULT 0 CHECK (view_count >= 0),
    like_count    bigint NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    comment_count bigint NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    share_count   bigint NOT NULL DEFAULT 0 CHECK (share_count >= 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE story_stats (
    story_id       uuid PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    view_count     bigint NOT NULL DEFAULT 0 CHECK (view_count >= 0),
    reaction_count bigint NOT NULL DEFAULT 0 CHECK (reaction_count >= 0),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE story_poll_stats (
    poll_id       uuid PRIMARY KEY REFERENCES story_polls (id) ON DELETE CASCADE,
    option1_votes bigint NOT NULL DEFAULT 0 CHECK (option1_votes >= 0),
    option2_votes bigint NOT NULL DEFAULT 0 CHECK (option2_votes >= 0),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hashtag_stats (
    hashtag_id uuid PRIMARY KEY REFERENCES hashtags (id) ON DELETE CASCADE,
    post_count bigint NOT NULL DEFAULT 0 CHECK (post_count >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE music_track_stats (
    track_id    uuid PRIMARY KEY REFERENCES music_tracks (id) ON DELETE CASCADE,
    usage_count bigint NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audio_track_stats (
    track_id    uuid PRIMARY KEY REFERENCES audio_tracks (id) ON DELETE CASCADE,
    usage_count bigint NOT NULL DEFAULT 0 CHECK (usage_count >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- viewer_count is the current audience; max_viewer_count its high-water mark, maintained in the same
-- statement: SET viewer_count = viewer_count + @d, max_viewer_count = greatest(max_viewer_count, viewer_count + @d).
CREATE TABLE live_stream_stats (
    stream_id        uuid PRIMARY KEY REFERENCES live_streams (id) ON DELETE CASCADE,
    viewer_count     bigint NOT NULL DEFAULT 0 CHECK (viewer_count >= 0),
    max_viewer_count bigint NOT NULL DEFAULT 0 CHECK (max_viewer_count >= 0),
    comment_count    bigint NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT live_stream_stats_peak_covers_current CHECK (max_viewer_count >= viewer_count)
);
