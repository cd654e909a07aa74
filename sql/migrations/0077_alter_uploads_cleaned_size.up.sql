-- The size of an upload's object after the claim took the photo's metadata out (docs/media.md "Metadata"):
-- written, in a transaction of its own, before the object is replaced, so that a claim rolled back after the
-- replacement can be claimed again (the object then has this size, not the declared one). Null while nothing
-- was taken out. Always smaller than the declared size: removal only ever removes.
ALTER TABLE uploads ADD COLUMN cleaned_size bigint,
    ADD CONSTRAINT uploads_cleaned_size_smaller CHECK (cleaned_size > 0 AND cleaned_size < declared_size);
