-- "Add yours" (docs/stories.md "Stickers"), two changes to 0135's chain:
-- * Its starter hears of each story that joins: the notice type add_yours ("bo added to your "Add yours": Your pet."), raised
--   by story-notifications on story.created, the entity the joining story.
-- * story_count is the chain's stories that are not deleted (by their owner, a moderator's takedown or their account's purge),
--   expired ones included (Instagram's sticker counts the chain's participants, past ones too). 0135 added one per
--   story.created and never took one away; story-counters now recounts the chain on each story.created and story.deleted of
--   one of its stories, under the chain's row lock. stories_add_yours_live is that count's index: only the undeleted rows
--   of chains, and only their key, so a chain is counted from a small index (index-only where the visibility map allows).
--   The backfill recounts every chain by the new rule.
CREATE INDEX stories_add_yours_live ON stories (add_yours_prompt_id) WHERE add_yours_prompt_id IS NOT NULL AND deleted_at IS NULL;
UPDATE add_yours_prompts p
   SET story_count = (SELECT count(*) FROM stories s WHERE s.add_yours_prompt_id = p.id AND s.deleted_at IS NULL)
 WHERE story_count <> (SELECT count(*) FROM stories s WHERE s.add_yours_prompt_id = p.id AND s.deleted_at IS NULL);
ALTER TABLE notifications DROP CONSTRAINT notifications_type_check,
    ADD CONSTRAINT notifications_type_check CHECK (type IN ('like', 'comment', 'reply', 'comment_like', 'mention', 'tag', 'follow',
        'follow_request', 'follow_accept', 'story_reaction', 'story_mention', 'reel_like', 'reel_comment', 'live_started', 'system',
        'video_like', 'video_comment', 'price_drop', 'back_in_stock', 'comment_pin', 'note_like', 'countdown_ended', 'reel_remix',
        'new_post', 'new_story', 'new_reel', 'new_video', 'add_yours'));
