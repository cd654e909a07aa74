-- Notes can be reported (docs/moderation.md), as Instagram's: a note is shown to mutual followers or close friends and
-- can carry abuse like any text. Who may report one is who sees it now (can_view_entity knows notes since 0115); a
-- moderator's removal deletes it as its author's DELETE /users/me/note does.
ALTER TABLE reports DROP CONSTRAINT reports_target_type_check,
    ADD CONSTRAINT reports_target_type_check CHECK (target_type IN ('user', 'post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'igtv_comment', 'message', 'live_stream', 'product', 'note'));
