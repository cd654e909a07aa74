-- "Allow comments from" (docs/posts.md "Who may comment"), as Instagram's comment control: an account chooses who may
-- comment on its posts, reels and long-form videos — everyone (the default, as before), the accounts it follows, its
-- followers, or both of those. Enforced when a comment or reply is written; comments already there stay. The seed had
-- only a per-post switch (comments_disabled).
ALTER TABLE users ADD COLUMN allow_comments_from text NOT NULL DEFAULT 'everyone',
    ADD CONSTRAINT users_allow_comments_from_check
        CHECK (allow_comments_from IN ('everyone', 'following', 'followers', 'following_and_followers'));
