-- The deleted videos still placed in a series, so that series-housekeeping finds the ones that can never come back without
-- walking every video of every series (docs/videos.md "Episode order"). It holds only deleted videos that have not let go
-- of their series yet: the job empties it of those past their restore window, so it stays as small as "Recently deleted".
CREATE INDEX igtv_videos_series_deleted ON igtv_videos (series_id) WHERE series_id IS NOT NULL AND deleted_at IS NOT NULL;
