-- Place pages (docs/posts.md "Places"): the live posts tagged with one place, whatever its case, newest first
-- by keyset, from one index range. posts.location stays free text (the seed's design); a place is its
-- case-folded name.
CREATE INDEX posts_place_recent ON posts (lower(location), created_at DESC, id DESC)
    WHERE location IS NOT NULL AND deleted_at IS NULL AND NOT is_archived;
