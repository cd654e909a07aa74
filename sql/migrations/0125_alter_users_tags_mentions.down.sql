-- Everyone may tag and mention everyone again.
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_allow_mentions_check, DROP CONSTRAINT IF EXISTS users_allow_tags_check,
    DROP COLUMN IF EXISTS allow_mentions, DROP COLUMN IF EXISTS allow_tags;
