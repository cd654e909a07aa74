-- Collab posts (docs/posts.md "Collab posts"), Instagram's Collab: a post's author invites up to five accounts to be its
-- co-authors. One row per post and invited account: pending while accepted_at is null, a collaborator once accepted. A
-- declined, withdrawn or left invitation is deleted (nothing to keep: inviting again starts over). The post stays its
-- author's (posts.user_id): its audience is the author's, and it counts in the author's post count only; an accepted
-- collaborator's grid and followers' home feeds show it too. At most five rows per post (pending and accepted together):
-- counted under the post's row lock (PostCollaborators), as pins of comments are.
CREATE TABLE post_collaborators (
    post_id     uuid NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invited_at  timestamptz NOT NULL,
    accepted_at timestamptz,
    CONSTRAINT post_collaborators_pkey PRIMARY KEY (post_id, user_id),
    CONSTRAINT post_collaborators_order CHECK (accepted_at >= invited_at)
);
-- An account's collaborations (accepted_at IS NOT NULL: the second branch of its grid, which sorts them by their posts'
-- times: an account co-authors few posts); also serves the cascade from users.
CREATE INDEX post_collaborators_user ON post_collaborators (user_id, accepted_at);
-- An account's open invitations, newest first (GET /users/me/collab-invitations, keyset).
CREATE INDEX post_collaborators_pending ON post_collaborators (user_id, invited_at DESC, post_id DESC) WHERE accepted_at IS NULL;

-- A collab post reaches its collaborators' followers' home feeds with feed_entries.author_id = the collaborator it came
-- through (docs/feed.md "Collab posts"), so that unfollowing the collaborator or the collaboration's end takes exactly those
-- entries out. The entry's author copy can then no longer reference the post's author; its time copy (the feed's order)
-- still references the post's, through a key of (id, created_at). Whether a collab entry's author_id is one of the post's
-- collaborators is checked at read time (FeedSql.Recent), as everything else about a feed entry is.
ALTER TABLE posts ADD CONSTRAINT posts_id_time_key UNIQUE (id, created_at);
ALTER TABLE feed_entries DROP CONSTRAINT feed_entries_post_fkey,
    ADD CONSTRAINT feed_entries_post_fkey FOREIGN KEY (post_id, created_at) REFERENCES posts (id, created_at) ON DELETE CASCADE;

-- The invitation notice ("ann invited you to collaborate on their post.") and the acceptance notice to the author
-- ("bo accepted your invitation to collaborate."); entity: the post.
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours', 'live_invite', 'collab_invite', 'collab_accepted'));
