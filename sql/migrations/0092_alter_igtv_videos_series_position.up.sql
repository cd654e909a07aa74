-- Episode order the owner chooses (docs/videos.md "Episode order"): a series played in publication order before, with no
-- way to move an episode. Each video in a series gets a whole-number place in it; a new one goes last.
ALTER TABLE igtv_videos ADD COLUMN series_position integer CHECK (series_position > 0);

-- The order the series had until now: published episodes by publication, then drafts by creation.
UPDATE igtv_videos v SET series_position = o.n
  FROM (SELECT id, row_number() OVER (PARTITION BY series_id ORDER BY published_at NULLS LAST, created_at, id) AS n
          FROM igtv_videos WHERE series_id IS NOT NULL) o
 WHERE v.id = o.id;

-- One way only: deleting a series sets series_id to null through the foreign key and leaves the number, which then means
-- nothing (an iff would make that delete, and an account purge that cascades through it, fail).
ALTER TABLE igtv_videos ADD CONSTRAINT igtv_videos_series_position_in_series
    CHECK (series_id IS NULL OR series_position IS NOT NULL);

-- One video per place. Deferrable so that one UPDATE can permute a series' places (checked at the statement's end);
-- it also serves a series' page in episode order and its video count, which igtv_videos_series served.
ALTER TABLE igtv_videos ADD CONSTRAINT igtv_videos_series_position_key
    UNIQUE (series_id, series_position) DEFERRABLE INITIALLY IMMEDIATE;
DROP INDEX igtv_videos_series;
