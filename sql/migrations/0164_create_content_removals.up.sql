-- Removed content and its appeals (docs/moderation.md "Removed content and appeals"). Every takedown (a report closed as
-- actioned with remove) leaves a row for the content's owner: what went, when, under which report (its reason), and until
-- when its removal may be appealed. Removals of kinds that can be brought back (posts, reels, long-form videos) are
-- appealable for Moderation:AppealWindow; the others are listed with appealable_until NULL. One appeal per removal, in the
-- same row: the owner's message, then a moderator's decision (reversed brings the content back, upheld lets its stored
-- objects go). decision_notes are the moderators' own and never shown to the owner. The row goes with its report or its
-- owner's account.
CREATE TABLE content_removals (
    report_id        uuid NOT NULL,
    owner_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    target_type      text NOT NULL,
    target_id        uuid NOT NULL,
    removed_at       timestamptz NOT NULL,
    appealable_until timestamptz,
    appeal_message   text,
    appealed_at      timestamptz,
    appeal_status    text,
    decided_at       timestamptz,
    decided_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    decision_notes   text,
    CONSTRAINT content_removals_pkey PRIMARY KEY (report_id),
    CONSTRAINT content_removals_report_fkey FOREIGN KEY (report_id) REFERENCES reports (id) ON DELETE CASCADE,
    CONSTRAINT content_removals_target_type_check CHECK (target_type IN ('post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'igtv_comment', 'message', 'live_stream', 'product', 'note')),
    CONSTRAINT content_removals_window CHECK (appealable_until > removed_at),
    -- An appeal is its message, its time and its status, all three or none, made within the window.
    CONSTRAINT content_removals_appeal_whole CHECK ((appeal_status IS NULL) = (appealed_at IS NULL)
        AND (appeal_status IS NULL) = (appeal_message IS NULL)),
    CONSTRAINT content_removals_appeal_in_window CHECK (appealed_at IS NULL
        OR (appealable_until IS NOT NULL AND appealed_at <= appealable_until)),
    CONSTRAINT content_removals_appeal_status_check CHECK (appeal_status IN ('open', 'upheld', 'reversed')),
    CONSTRAINT content_removals_appeal_message_length CHECK (char_length(btrim(appeal_message)) BETWEEN 1 AND 2000),
    CONSTRAINT content_removals_decided CHECK ((appeal_status IN ('upheld', 'reversed')) = (decided_at IS NOT NULL)),
    CONSTRAINT content_removals_decided_by CHECK (decided_by IS NULL OR decided_at IS NOT NULL),
    CONSTRAINT content_removals_notes_length CHECK (char_length(decision_notes) <= 2000)
);
-- The owner's list, newest removal first; the moderators' queue of open appeals, oldest first; the index the SET NULL
-- foreign key needs when a moderator goes.
CREATE INDEX content_removals_owner ON content_removals (owner_id, removed_at DESC, report_id DESC);
CREATE INDEX content_removals_appeals ON content_removals (appealed_at, report_id) WHERE appeal_status = 'open';
CREATE INDEX content_removals_decided_by ON content_removals (decided_by) WHERE decided_by IS NOT NULL;

-- A taken-down post's objects are kept until media_held_until (the end of its appeal window; 'infinity' while an appeal is
-- open), so that a reversed appeal can bring the post back whole; post-media-cleanup skips held posts and takes them once
-- the hold has ended. Reels' and videos' objects are their uploads, held the same way by uploads.released_at.
ALTER TABLE posts ADD COLUMN media_held_until timestamptz;
ALTER TABLE posts ADD CONSTRAINT posts_media_held_while_deleted
    CHECK (media_held_until IS NULL OR (deleted_at IS NOT NULL AND media_purged_at IS NULL));
DROP INDEX posts_media_to_purge;
CREATE INDEX posts_media_to_purge ON posts (deleted_at)
    WHERE deleted_at IS NOT NULL AND media_purged_at IS NULL AND restorable_until IS NULL AND media_held_until IS NULL;
CREATE INDEX posts_media_holds_end ON posts (media_held_until) WHERE media_held_until IS NOT NULL;
