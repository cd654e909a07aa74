-- event-housekeeping deletes consumer markers by age. Markers are written in time order (processed_at
-- defaults to now()), so a BRIN index finds the old ones for a few pages of index and almost no cost
-- on the hot insert path (a B-tree here would be one more index write per marker: three per like).
CREATE INDEX processed_events_processed_at ON processed_events USING brin (processed_at);
