-- Who may reply to and react to one's stories (docs/stories.md "Who may reply"), Instagram's "Allow replies and
-- reactions": everyone (the default, as before), people the account follows, or nobody. The seed had no such switch, so a
-- story could be answered by anyone who saw it. Checked when a reply or a reaction is sent (StoryReplyAudience), never
-- for the story's visibility: an account that may see a story still sees it.
ALTER TABLE users ADD COLUMN allow_story_replies text NOT NULL DEFAULT 'everyone'
    CONSTRAINT users_allow_story_replies_check CHECK (allow_story_replies IN ('everyone', 'following', 'off'));
