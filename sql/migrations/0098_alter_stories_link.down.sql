ALTER TABLE stories DROP CONSTRAINT IF EXISTS stories_link_text_with_url,
    DROP COLUMN IF EXISTS link_text,
    DROP COLUMN IF EXISTS link_url;
