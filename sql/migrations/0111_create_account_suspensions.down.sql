ALTER TABLE reports DROP CONSTRAINT IF EXISTS reports_action_actioned, DROP CONSTRAINT IF EXISTS reports_action_check,
    DROP COLUMN IF EXISTS action;
-- Suspended accounts stay inactive, as the seed's is_active left them.
DROP TABLE IF EXISTS account_suspensions;
