-- Reports of notes cannot be kept under 0107's targets: they go.
DELETE FROM reports WHERE target_type = 'note';
ALTER TABLE reports DROP CONSTRAINT reports_target_type_check,
    ADD CONSTRAINT reports_target_type_check CHECK (target_type IN ('user', 'post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'igtv_comment', 'message', 'live_stream', 'product'));
