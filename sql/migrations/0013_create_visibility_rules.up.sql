-- The one visibility policy (docs/visibility.md). Every read path asks these functions, either per
-- item (Platform/Visibility/Visibility.cs) or inside list queries (WHERE can_view_content(@viewer, p.user_id)),
-- so a rule changes in one place. A NULL viewer is an anonymous caller. All are LANGUAGE sql STABLE
-- so the planner can inline them into list queries.

-- Either user blocks the other: each is invisible to the other everywhere.
CREATE FUNCTION is_blocked_between(p_a uuid, p_b uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM blocks b
                   WHERE (b.blocker_id = p_a AND b.blocked_id = p_b)
                      OR (b.blocker_id = p_b AND b.blocked_id = p_a))
$$;

-- The profile header (username, name, bio, counts): the account is live and no block stands between.
-- Private accounts show their header to everyone, as Instagram does; their content is another matter.
CREATE FUNCTION can_view_profile(p_viewer uuid, p_owner uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM users u WHERE u.id = p_owner AND u.deleted_at IS NULL AND u.is_active)
       AND (p_viewer IS NULL OR NOT is_blocked_between(p_viewer, p_owner))
$$;

-- Content and lists (posts, grid, comments, likers, followers/following lists): the profile is
-- visible and the account is public, or the viewer is its owner or an approved follower. A pending
-- follow request grants nothing.
CREATE FUNCTION can_view_content(p_viewer uuid, p_owner uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(p_viewer = p_owner, false)
        OR (can_view_profile(p_viewer, p_owner)
            AND (EXISTS (SELECT 1 FROM users u WHERE u.id = p_owner AND NOT u.is_private)
                 OR EXISTS (SELECT 1 FROM follows f WHERE f.follower_id = p_viewer AND f.following_id = p_owner)))
$$;

-- A story of the given audience, on top of can_view_content:
--   public        everyone who may see the account's content;
--   followers     approved followers only, even on a public account;
--   close_friends people on the owner's close-friends list (who may see the account's content).
CREATE FUNCTION can_view_story(p_viewer uuid, p_owner uuid, p_audience text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(p_viewer = p_owner, false)
        OR (can_view_content(p_viewer, p_owner)
            AND CASE p_audience
                    WHEN 'public' THEN true
                    WHEN 'followers' THEN EXISTS (SELECT 1 FROM follows f
                                                  WHERE f.follower_id = p_viewer AND f.following_id = p_owner)
                    WHEN 'close_friends' THEN EXISTS (SELECT 1 FROM close_friends c
                                                      WHERE c.user_id = p_owner AND c.friend_id = p_viewer)
                    ELSE false
                END)
$$;
