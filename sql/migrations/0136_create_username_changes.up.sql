-- Username history (docs/accounts.md "Username changes and About this account"), as Instagram keeps it: every rename through
-- PATCH /users/me writes one row in the rename's transaction. It feeds three rules and one view: at most two changes in
-- any 14 days (username_changes_user_recent, read under the account's row lock), an old name held 14 days for its former
-- owner (username_changes_old_username, read under an advisory lock of the name by renames and registrations), and
-- "About this account" (the count for everyone, the list for the owner, newest first). The seed had no history.
-- (user_id, changed_at) is unique: a rename writes max(now, last change + 1 µs), so the history has one order even when
-- the app's clock repeats a value. Both names have the users.username shape (lower-case, never upper) and differ.
CREATE TABLE username_changes (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    old_username text NOT NULL,
    new_username text NOT NULL,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT username_changes_old_lower CHECK (old_username ~ '^[a-z0-9._]{1,30}$'),
    CONSTRAINT username_changes_new_lower CHECK (new_username ~ '^[a-z0-9._]{1,30}$'),
    CONSTRAINT username_changes_differ CHECK (old_username <> new_username)
);
CREATE UNIQUE INDEX username_changes_user_recent ON username_changes (user_id, changed_at DESC);
CREATE INDEX username_changes_old_username ON username_changes (old_username, changed_at DESC);
