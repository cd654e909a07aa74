-- Reports about video comments cannot stay under 0008's rule: going down drops them.
DROP TABLE IF EXISTS moderators;
DROP INDEX IF EXISTS reports_reporter;
DELETE FROM reports WHERE target_type = 'igtv_comment';
ALTER TABLE reports DROP CONSTRAINT IF EXISTS reports_target_type_check,
    ADD CONSTRAINT reports_target_type_check CHECK (target_type IN ('user', 'post', 'comment', 'reel', 'reel_comment', 'story',
        'igtv_video', 'message', 'live_stream', 'product'));
