-- Content (seed: posts, post_media, stories, reels, igtv_videos, igtv_series, music_tracks,
-- audio_tracks) plus uploads (media upload slots), media alt text and user tags, and story_views.
--
-- Media columns hold the blob name of a validated upload (*_blob_name), never a public URL: read
-- URLs are signed per request after the visibility check. Rows made from an upload also keep its
-- upload_id (UNIQUE: one upload backs one row). upload_id is ON DELETE SET NULL everywhere: the
-- upload row is provenance, the content keeps its blob name if the slot row is ever purged.
-- Engagement counters live in the *_stats tables (0008), not here: see docs/data-model.md.

-- A slot the client uploads one blob into (SAS for exactly blob_name). The media check moves it
-- pending -> used (attached to content) or rejected; the housekeeping job moves stale ones to expired.
CREATE TABLE uploads (
    id               uuid PRIMARY KEY,
    user_id          uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose          text NOT NULL CHECK (purpose IN ('post', 'story', 'reel', 'video', 'avatar', 'message')),
    content_type     text NOT NULL CHECK (content_type ~ '^(image|video|audio)/[a-z0-9][a-z0-9.+-]{0,62}$'),
    declared_size    bigint NOT NULL CHECK (declared_size > 0),
    -- A storage key, not a path: no leading separator, no "..", at most 512 characters.
    blob_name        text NOT NULL UNIQUE
                     CHECK (blob_name ~ '^[A-Za-z0-9][A-Za-z0-9/._-]*$' AND blob_name !~ '\.\.' AND char_length(blob_name) <= 512),
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'used', 'rejected', 'expired')),
    actual_size      bigint CHECK (actual_size >= 0),
    rejection_reason text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    used_at          timestamptz,
    CONSTRAINT uploads_expiry_after_creation CHECK (expires_at > created_at),
    CONSTRAINT uploads_used_at_iff_used CHECK ((status = 'used') = (used_at IS NOT NULL)),
    CONSTRAINT uploads_rejection_has_reason CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
);
CREATE INDEX uploads_user ON uploads (user_id, created_at DESC, id DESC);
-- The expiry job's work list: pending slots past their expiry.
CREATE INDEX uploads_pending_expiry ON uploads (expires_at) WHERE status = 'pending';

-- Licensed music for stories. Catalog assets come from the music provider, so preview_url and
-- cover_art_url are provider URLs (not user uploads). usage_count lives in music_track_stats.
CREATE TABLE music_tracks (
    id            uuid PRIMARY KEY,
    title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    artist        text NOT NULL CHECK (char_length(artist) BETWEEN 1 AND 200),
    album         text CHECK (char_length(album) <= 200),
    duration      integer NOT NULL CHECK (duration > 0), -- seconds
    preview_url   text CHECK (preview_url ~ '^https://'),
    cover_art_url text CHECK (cover_art_url ~ '^https://'),
    genre         text CHECK (char_length(genre) <= 50),
    is_explicit   boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- Audio for reels (original sounds and licensed audio). The seed's url is a blob name here.
CREATE TABLE audio_tracks (
    id              uuid PRIMARY KEY,
    title           text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    artist          text NOT NULL CHECK (char_length(artist) BETWEEN 1 AND 200),
    audio_blob_name text NOT NULL,
    duration        integer NOT NULL CHECK (duration > 0), -- seconds
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE posts (
    id                uuid PRIMARY KEY,
    user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    caption           text NOT NULL DEFAULT '' CHECK (char_length(caption) <= 2200),
    location          text CHECK (char_length(location) BETWEEN 1 AND 100),
    is_archived       boolean NOT NULL DEFAULT false,
    comments_disabled boolean NOT NULL DEFAULT false,
    likes_disabled    boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    deleted_at        timestamptz,
    -- Target of feed_entries' and post_hashtags' foreign keys: their copies of author and time are
    -- guaranteed to match the post (and so can order and filter without a join).
    CONSTRAINT posts_id_author_time_key UNIQUE (id, user_id, created_at)
);
-- Author timeline / profile grid, the archive, and the pull feed (one range per followee).
-- Not partial: it also serves the user_id foreign key; deleted and archived rows are few.
CREATE INDEX posts_author_timeline ON posts (user_id, created_at DESC, id DESC);

CREATE TABLE post_media (
    id                  uuid PRIMARY KEY,
    post_id             uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    upload_id           uuid UNIQUE REFERENCES uploads (id) ON DELETE SET NULL,
    blob_name           text NOT NULL,            -- seed: media_url
    media_type          text NOT NULL CHECK (media_type IN ('image', 'video')),
    thumbnail_blob_name text,                     -- seed: thumbnail_url (videos)
    alt_text            text CHECK (char_length(alt_text) <= 1000),
    width               integer CHECK (width > 0),
    height              integer CHECK (height > 0),
    file_size           bigint CHECK (file_size > 0),
    duration            integer CHECK (duration >= 0), -- seconds, videos only
    display_order       integer NOT NULL CHECK (display_order BETWEEN 0 AND 19),
    created_at          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT post_media_duration_only_for_video CHECK (duration IS NULL OR media_type = 'video'),
    CONSTRAINT post_media_post_order_key UNIQUE (post_id, display_order)
);

-- People tagged on a photo or video, at a point in relative coordinates.
CREATE TABLE media_user_tags (
    media_id     uuid NOT NULL REFERENCES post_media (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    x_coordinate double precision NOT NULL CHECK (x_coordinate BETWEEN 0 AND 1),
    y_coordinate double precision NOT NULL CHECK (y_coordinate BETWEEN 0 AND 1),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT media_user_tags_pkey PRIMARY KEY (media_id, user_id)
);
-- The "tagged" tab of a profile.
CREATE INDEX media_user_tags_user ON media_user_tags (user_id, created_at DESC, media_id DESC);

-- Stories stay after expiry (the owner's archive and highlights); readers filter on expires_at.
CREATE TABLE stories (
    id                  uuid PRIMARY KEY,
    user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    upload_id           uuid UNIQUE REFERENCES uploads (id) ON DELETE SET NULL,
    blob_name           text NOT NULL,            -- seed: media_url
    media_type          text NOT NULL CHECK (media_type IN ('image', 'video')),
    thumbnail_blob_name text,                     -- seed: thumbnail_url
    alt_text            text CHECK (char_length(alt_text) <= 1000),
    audience            text NOT NULL CHECK (audience IN ('public', 'followers', 'close_friends')),
    -- A track withdrawn from the catalog leaves the story playable without music.
    music_track_id      uuid REFERENCES music_tracks (id) ON DELETE SET NULL,
    music_start_time    integer CHECK (music_start_time >= 0), -- seconds into the track
    duration            integer CHECK (duration >= 0),         -- seconds of video (the seed's "hours until expiry" is expires_at)
    created_at          timestamptz NOT NULL DEFAULT now(),
    expires_at          timestamptz NOT NULL,
    deleted_at          timestamptz,
    CONSTRAINT stories_expiry_after_creation CHECK (expires_at > created_at),
    -- Target of highlight_stories' foreign key: a highlight holds only its owner's stories.
    CONSTRAINT stories_id_user_key UNIQUE (id, user_id)
);
-- An author's active stories: a range scan on expires_at > now() (now() cannot sit in a partial index).
CREATE INDEX stories_author_active ON stories (user_id, expires_at) WHERE deleted_at IS NULL;
-- The owner's story archive in keyset order; also serves the user_id foreign key.
CREATE INDEX stories_author_archive ON stories (user_id, created_at DESC, id DESC);
CREATE INDEX stories_music_track ON stories (music_track_id, created_at DESC, id DESC) WHERE music_track_id IS NOT NULL;
-- get_trending_music_tracks: live stories with music in a recent window.
CREATE INDEX stories_music_recent ON stories (created_at, music_track_id)
    WHERE music_track_id IS NOT NULL AND deleted_at IS NULL;

-- Who saw which story, once. story_stats.view_count counts these rows.
CREATE TABLE story_views (
    story_id  uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    viewer_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    viewed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT story_views_pkey PRIMARY KEY (story_id, viewer_id)
);
-- The viewers list in keyset order.
CREATE INDEX story_views_story ON story_views (story_id, viewed_at DESC, viewer_id DESC);
CREATE INDEX story_views_viewer ON story_views (viewer_id, story_id);

CREATE TABLE reels (
    id                  uuid PRIMARY KEY,
    user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    upload_id           uuid UNIQUE REFERENCES uploads (id) ON DELETE SET NULL,
    video_blob_name     text NOT NULL,            -- seed: video_url
    thumbnail_blob_name text,                     -- seed: thumbnail_url
    caption             text NOT NULL DEFAULT '' CHECK (char_length(caption) <= 2200),
    -- A removed sound leaves the reel up, silent in listings of that audio.
    audio_track_id      uuid REFERENCES audio_tracks (id) ON DELETE SET NULL,
    duration            integer NOT NULL CHECK (duration > 0), -- seconds
    width               integer NOT NULL DEFAULT 1080 CHECK (width > 0),
    height              integer NOT NULL DEFAULT 1920 CHECK (height > 0),
    comments_disabled   boolean NOT NULL DEFAULT false,
    likes_disabled      boolean NOT NULL DEFAULT false,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz
);
CREATE INDEX reels_author_timeline ON reels (user_id, created_at DESC, id DESC);
-- "Reels with this audio".
CREATE INDEX reels_audio_track ON reels (audio_track_id, created_at DESC, id DESC) WHERE audio_track_id IS NOT NULL;

CREATE TABLE igtv_series (
    id              uuid PRIMARY KEY,
    user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title           text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
    description     text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2200),
    cover_blob_name text,                     -- seed: cover_image_url
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    -- Target of igtv_videos' foreign key: a series holds only its owner's videos.
    CONSTRAINT igtv_series_id_user_key UNIQUE (id, user_id)
);
CREATE INDEX igtv_series_user ON igtv_series (user_id, created_at DESC, id DESC);

CREATE TABLE igtv_videos (
    id                  uuid PRIMARY KEY,
    user_id             uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    series_id           uuid,
    upload_id           uuid UNIQUE REFERENCES uploads (id) ON DELETE SET NULL,
    title               text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 100),
    description         text NOT NULL DEFAULT '' CHECK (char_length(description) <= 2200),
    video_blob_name     text NOT NULL,            -- seed: video_url
    thumbnail_blob_name text,                     -- seed: thumbnail_url
    duration            integer NOT NULL CHECK (duration > 0), -- seconds
    is_published        boolean NOT NULL DEFAULT false,
    published_at        timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    deleted_at          timestamptz,
    CONSTRAINT igtv_videos_published_at_iff_published CHECK (is_published = (published_at IS NOT NULL)),
    -- Deleting a series keeps its videos, outside any series.
    CONSTRAINT igtv_videos_series_fkey FOREIGN KEY (series_id, user_id)
        REFERENCES igtv_series (id, user_id) ON DELETE SET NULL (series_id)
);
-- Drafts and everything of the owner; serves the user_id foreign key.
CREATE INDEX igtv_videos_author ON igtv_videos (user_id, created_at DESC, id DESC);
-- A channel as visitors see it: published, live rows only.
CREATE INDEX igtv_videos_channel ON igtv_videos (user_id, published_at DESC, id DESC)
    WHERE is_published AND deleted_at IS NULL;
CREATE INDEX igtv_videos_series ON igtv_videos (series_id, published_at DESC, id DESC) WHERE series_id IS NOT NULL;
