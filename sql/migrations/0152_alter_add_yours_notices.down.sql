-- Back to 0146's notice types (the add_yours notices go with them) and to 0135's story_count, every story ever added: counted
-- from the rows, deleted ones too (a soft delete keeps the row; only stories a purge took are gone for good).
DELETE FROM notifications WHERE type = 'add_yours';
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video'));
UPDATE add_yours_prompts p
   SET story_count = (SELECT count(*) FROM stories s WHERE s.add_yours_prompt_id = p.id);
DROP INDEX stories_add_yours_live;
