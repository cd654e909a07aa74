-- The social graph (seed: follows, close_friends) plus what the product needs and the seed lacks:
-- follow_requests (private accounts), blocks and mutes. Link tables have a composite primary key
-- instead of the seed's surrogate id: the pair is the identity, and the key is the UNIQUE rule.
-- Every user reference cascades: purging an account removes its edges in both directions.

CREATE TABLE follows (
    follower_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    following_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT follows_pkey PRIMARY KEY (follower_id, following_id),
    CONSTRAINT follows_not_self CHECK (follower_id <> following_id)
);
-- Followers of X (newest first) and the fan-out to followers; the primary key serves "following of X" lookups.
CREATE INDEX follows_followers ON follows (following_id, created_at DESC, follower_id DESC);
-- Following of X in keyset order.
CREATE INDEX follows_following ON follows (follower_id, created_at DESC, following_id DESC);

-- A pending request to follow a private account. Approval deletes the request and inserts the follow
-- in one transaction; a declined request is deleted. Rows exist only while pending.
CREATE TABLE follow_requests (
    requester_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT follow_requests_pkey PRIMARY KEY (requester_id, target_id),
    CONSTRAINT follow_requests_not_self CHECK (requester_id <> target_id)
);
-- The target's inbox of requests in keyset order.
CREATE INDEX follow_requests_target ON follow_requests (target_id, created_at DESC, requester_id DESC);

-- Blocking hides everything in both directions; every visibility rule checks both orientations.
CREATE TABLE blocks (
    blocker_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT blocks_pkey PRIMARY KEY (blocker_id, blocked_id),
    CONSTRAINT blocks_not_self CHECK (blocker_id <> blocked_id)
);
-- "Has X blocked me?" (the reverse orientation of the primary key).
CREATE INDEX blocks_blocked ON blocks (blocked_id, blocker_id);

-- Muting is one-sided and silent: it hides the muted account's posts and/or stories from the muter's
-- feed and story tray without unfollowing. Profiles stay reachable.
CREATE TABLE mutes (
    muter_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    muted_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    mute_posts   boolean NOT NULL DEFAULT true,
    mute_stories boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT mutes_pkey PRIMARY KEY (muter_id, muted_id),
    CONSTRAINT mutes_not_self CHECK (muter_id <> muted_id),
    CONSTRAINT mutes_mutes_something CHECK (mute_posts OR mute_stories)
);
CREATE INDEX mutes_muted ON mutes (muted_id, muter_id);

-- user_id's close-friends list contains friend_id.
CREATE TABLE close_friends (
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    friend_id  uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT close_friends_pkey PRIMARY KEY (user_id, friend_id),
    CONSTRAINT close_friends_not_self CHECK (user_id <> friend_id)
);
-- "Whose lists am I on?" (close-friends stories of the accounts I follow).
CREATE INDEX close_friends_friend ON close_friends (friend_id, user_id);
