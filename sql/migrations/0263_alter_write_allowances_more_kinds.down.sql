-- The new kinds' windows go with them (they only held writes back; nothing else reads them).
DELETE FROM write_allowances WHERE kind IN ('channelMessage', 'video', 'repost', 'storyAnswer');
ALTER TABLE write_allowances DROP CONSTRAINT write_allowances_kind_check,
    ADD CONSTRAINT write_allowances_kind_check CHECK (kind IN ('comment', 'message', 'follow', 'post', 'story'));
