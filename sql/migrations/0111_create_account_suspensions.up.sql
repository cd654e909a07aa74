-- Moderators act on what they are told (docs/moderation.md "Acting on a report"): an account can be suspended, and a
-- report closed as actioned records what was done to its target. The seed had is_active on users (every read already
-- hides inactive accounts) and nothing that ever set it false. A suspension is the record of why an account is inactive:
-- who suspended it, for which report, why. While the row exists users.is_active is false; lifting it deletes the row and
-- makes the account active again. A suspended account cannot log in (403), its sessions end when it is suspended.
-- reports.action says what a report closed as actioned did: removed its target (the owner's deletion, done by the
-- moderator) or suspended the account it reported.
CREATE TABLE account_suspensions (
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    suspended_by uuid REFERENCES users (id) ON DELETE SET NULL,
    report_id    uuid REFERENCES reports (id) ON DELETE SET NULL,
    reason       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT account_suspensions_pkey PRIMARY KEY (user_id),
    CONSTRAINT account_suspensions_reason_length CHECK (char_length(btrim(reason)) BETWEEN 1 AND 2000)
);
-- The moderators' list, newest first; and the indexes the SET NULL foreign keys need when a moderator or report goes.
CREATE INDEX account_suspensions_recent ON account_suspensions (created_at DESC, user_id DESC);
CREATE INDEX account_suspensions_suspended_by ON account_suspensions (suspended_by) WHERE suspended_by IS NOT NULL;
CREATE INDEX account_suspensions_report ON account_suspensions (report_id) WHERE report_id IS NOT NULL;

ALTER TABLE reports ADD COLUMN action text,
    ADD CONSTRAINT reports_action_check CHECK (action IN ('removed', 'suspended')),
    ADD CONSTRAINT reports_action_actioned CHECK (action IS NULL OR status = 'actioned');
