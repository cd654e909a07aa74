-- A suspended account can ask for a review of its suspension (docs/moderation.md "Appeals"). The owner appeals with the
-- password, since a suspended account has no session; a moderator reverses the suspension (it is lifted) or upholds it.
-- One appeal per suspension: account_suspensions gets an id, which the appeal names, so an account suspended again later
-- may appeal again (the suspension's row goes when it is lifted; the appeal keeps its id and start as the record). An
-- appeal still open when its suspension ends another way (a moderator lifts it, a temporary one runs out) closes as
-- 'lifted'. decision_notes are the moderators' own and never shown to the appellant.
ALTER TABLE account_suspensions ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
    ADD CONSTRAINT account_suspensions_id_key UNIQUE (id);

CREATE TABLE suspension_appeals (
    id             uuid NOT NULL,
    user_id        uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    suspension_id  uuid NOT NULL,
    suspended_at   timestamptz NOT NULL,
    message        text NOT NULL,
    status         text NOT NULL DEFAULT 'open',
    created_at     timestamptz NOT NULL DEFAULT now(),
    decided_at     timestamptz,
    decided_by     uuid REFERENCES users (id) ON DELETE SET NULL,
    decision_notes text,
    CONSTRAINT suspension_appeals_pkey PRIMARY KEY (id),
    CONSTRAINT suspension_appeals_once UNIQUE (suspension_id),
    CONSTRAINT suspension_appeals_message_length CHECK (char_length(btrim(message)) BETWEEN 1 AND 2000),
    CONSTRAINT suspension_appeals_status_check CHECK (status IN ('open', 'upheld', 'reversed', 'lifted')),
    CONSTRAINT suspension_appeals_decided CHECK ((status = 'open') = (decided_at IS NULL)),
    CONSTRAINT suspension_appeals_decided_by CHECK (decided_by IS NULL OR status IN ('upheld', 'reversed')),
    CONSTRAINT suspension_appeals_notes_length CHECK (char_length(decision_notes) <= 2000)
);
-- The moderators' queue, oldest open appeal first; the account's appeals (the cascade, the lifts); and the index the SET
-- NULL foreign key needs when a moderator goes.
CREATE INDEX suspension_appeals_queue ON suspension_appeals (created_at, id) WHERE status = 'open';
CREATE INDEX suspension_appeals_user ON suspension_appeals (user_id);
CREATE INDEX suspension_appeals_decided_by ON suspension_appeals (decided_by) WHERE decided_by IS NOT NULL;
