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
-- An account's collaborations (accepted_at IS NOT NULL: its grid's second branch) and its pending invitations
-- (accepted_at IS NULL: its invitations list, newest first); also serves the cascade from users.
CREATE INDEX post_collaborators_user ON post_collaborators (user_id, accepted_at, invited_at DESC, post_id DESC);

-- The invitation notice ("ann invited you to collaborate on their post.") and the acceptance notice to the author
-- ("bo accepted your invitation to collaborate."); entity: the post.
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours', 'live_invite', 'collab_invite', 'collab_accepted'));
