-- The home feed's read takes, for each page, the large accounts (merged on read) that posted or shared since the page's
-- oldest entry (docs/feed.md "Merge on read"), and only then probes whether the reader follows each. Without an index that
-- filter read every listed account on every page: measured on the benchmark's data with 10,000 listed accounts, the median
-- reader's page took 1.04-1.15 ms against 0.43-0.45 ms with these (a bitmap of both ranges; docs/performance.md). A page
-- spans hours, so the ranges hold the few accounts that posted or shared within them. Updates of last_post_at (one per post
-- of a listed account) now maintain the index: a small table, a small cost.
CREATE INDEX feed_large_authors_last_post ON feed_large_authors (last_post_at);
-- Null (nothing shared while listed) never passes the read's `>=`, so those rows stay out of the index.
CREATE INDEX feed_large_authors_last_shared ON feed_large_authors (last_shared_at) WHERE last_shared_at IS NOT NULL;
