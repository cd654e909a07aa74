-- Vanish mode (docs/messages.md "Vanish mode"), as Instagram's: in a one-to-one thread either participant turns it on, and
-- the messages sent while it is on disappear once the other person has seen them and left the chat. vanish_mode_since is
-- when it was turned on (NULL: off); only a one-to-one carries it (the CHECK: groups have no vanish mode on Instagram).
-- messages.vanishes is decided once, at sending, under the thread's row lock, so a send racing a toggle is on one side of it.
-- The message-vanish job deletes a vanishing message (as an unsend does) once the recipient's read mark has passed it and
-- either vanish mode was turned off (or on again) since it was sent, or the read mark stood still for Messages:VanishAfterRead.
-- A vanishing message is never edited (the CHECK; the edit route answers 409). messages_vanishing is the job's walk: only the
-- vanishing messages that still exist, oldest first.
ALTER TABLE conversations ADD COLUMN vanish_mode_since timestamptz,
    ADD CONSTRAINT conversations_vanish_mode_one_to_one CHECK (vanish_mode_since IS NULL OR NOT is_group);
ALTER TABLE messages ADD COLUMN vanishes boolean NOT NULL DEFAULT false,
    ADD CONSTRAINT messages_vanishing_not_edited CHECK (NOT (vanishes AND is_edited));
CREATE INDEX messages_vanishing ON messages (created_at, id) WHERE vanishes;
