-- A link sticker on a story (docs/stories.md "Stickers"), as Instagram's stories have had for every account since 2021:
-- an https address with an optional short label. The seed had no links on stories. The API checks the address
-- (WebAddress: absolute https, a host, no whitespace or control characters); the CHECKs hold its length, the label's,
-- and that a label never stands without a link.
ALTER TABLE stories
    ADD COLUMN link_url  text CHECK (char_length(link_url) BETWEEN 1 AND 2048),
    ADD COLUMN link_text text CHECK (char_length(link_text) BETWEEN 1 AND 50),
    ADD CONSTRAINT stories_link_text_with_url CHECK (link_text IS NULL OR link_url IS NOT NULL);
