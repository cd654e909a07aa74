DROP INDEX IF EXISTS messages_vanishing;
ALTER TABLE messages DROP CONSTRAINT IF EXISTS messages_vanishing_not_edited, DROP COLUMN IF EXISTS vanishes;
ALTER TABLE conversations DROP CONSTRAINT IF EXISTS conversations_vanish_mode_one_to_one, DROP COLUMN IF EXISTS vanish_mode_since;
