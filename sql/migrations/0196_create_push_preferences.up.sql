-- Which notices buzz the phone (docs/social-graph.md "Push notifications", "What is pushed"), as Instagram's push
-- notification settings: per category, off, only from accounts the owner follows, or from everyone. One row per account
-- that changed anything; no row is everyone everywhere. The inbox itself is not filtered: these decide pushes only.
CREATE TABLE push_preferences (
    user_id           uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    likes             text NOT NULL DEFAULT 'everyone' CHECK (likes IN ('off', 'following', 'everyone')),
    comments          text NOT NULL DEFAULT 'everyone' CHECK (comments IN ('off', 'following', 'everyone')),
    mentions          text NOT NULL DEFAULT 'everyone' CHECK (mentions IN ('off', 'following', 'everyone')),
    follows           text NOT NULL DEFAULT 'everyone' CHECK (follows IN ('off', 'following', 'everyone')),
    followed_accounts text NOT NULL DEFAULT 'everyone' CHECK (followed_accounts IN ('off', 'everyone')),
    shopping          text NOT NULL DEFAULT 'everyone' CHECK (shopping IN ('off', 'everyone')),
    updated_at        timestamptz NOT NULL
);
