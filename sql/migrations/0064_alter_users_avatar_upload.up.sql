-- Profile photos (docs/accounts.md "Profile photo"). users.avatar (0001) stays what every view already
-- returns: the URL the API publishes for the photo, /api/v1/avatars/{upload id}; avatar_upload_id is the
-- claimed upload behind it, set and cleared together with it. SET NULL: an upload row only goes with its
-- owner's purge, which removes this row too.
ALTER TABLE users ADD COLUMN avatar_upload_id uuid REFERENCES uploads (id) ON DELETE SET NULL;
ALTER TABLE users ADD CONSTRAINT users_avatar_with_upload
    CHECK (avatar_upload_id IS NULL OR avatar = '/api/v1/avatars/' || avatar_upload_id::text);
-- GET /avatars/{id} finds the account by its current photo.
CREATE INDEX users_avatar_upload ON users (avatar_upload_id) WHERE avatar_upload_id IS NOT NULL;

-- released_at: a used upload that nothing points at any more (a replaced or removed profile photo); the
-- media-cleanup job deletes its object and then sets object_deleted_at.
ALTER TABLE uploads ADD COLUMN released_at timestamptz;
ALTER TABLE uploads ADD CONSTRAINT uploads_released_only_when_used CHECK (released_at IS NULL OR status = 'used');
CREATE INDEX uploads_released_objects ON uploads (released_at) WHERE released_at IS NOT NULL AND object_deleted_at IS NULL;
