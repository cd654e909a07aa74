-- Back to 0167's notice types (the collab notices go with them).
DELETE FROM notifications WHERE type IN ('collab_invite', 'collab_accepted');
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours', 'live_invite'));
-- Collab entries of home feeds (author_id = a collaborator, not the post's author) go with the collaborations.
DELETE FROM feed_entries e USING posts p WHERE p.id = e.post_id AND e.author_id <> p.user_id;
ALTER TABLE feed_entries DROP CONSTRAINT feed_entries_post_fkey,
    ADD CONSTRAINT feed_entries_post_fkey FOREIGN KEY (post_id, author_id, created_at) REFERENCES posts (id, user_id, created_at) ON DELETE CASCADE;
ALTER TABLE posts DROP CONSTRAINT IF EXISTS posts_id_time_key;
DROP TABLE post_collaborators;
