-- Upload slots (docs/media.md). A slot reserves one server-named object in the media store for one
-- user, purpose, content type and declared size, for a few minutes. The bytes go straight to the
-- store; nothing may point at the object until MediaUploads.ClaimAsync has checked it and marked
-- the slot 'used' in the same transaction as the row that references it.
--   pending  → used      (claimed once, after the object passed size and magic-number checks)
--   pending  → rejected  (the object failed a check; it is deleted)
--   pending  → expired   (the clean-up job, after expires_at; any object is deleted)
-- object_deleted_at records that the store confirmed the deletion, so the job can retry until it does.
CREATE TABLE uploads (
    id                uuid PRIMARY KEY,
    user_id           uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose           text NOT NULL CHECK (purpose IN ('post', 'story', 'reel', 'video', 'avatar', 'message')),
    content_type      text NOT NULL CHECK (content_type IN
                          ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'video/mp4', 'video/quicktime')),
    declared_size     bigint NOT NULL CHECK (declared_size > 0),
    object_name       text NOT NULL UNIQUE,
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'used', 'rejected', 'expired')),
    rejection_reason  text,
    created_at        timestamptz NOT NULL,
    expires_at        timestamptz NOT NULL,
    completed_at      timestamptz,
    object_deleted_at timestamptz,
    CHECK (expires_at > created_at),
    CHECK ((status = 'pending') = (completed_at IS NULL)),
    CHECK ((status = 'rejected') = (rejection_reason IS NOT NULL))
);
-- The per-user cap on pending slots counts these rows.
CREATE INDEX uploads_user_pending ON uploads (user_id, expires_at) WHERE status = 'pending';
-- The clean-up job: pending slots past expiry, and dead objects not yet confirmed deleted.
CREATE INDEX uploads_pending_expiry ON uploads (expires_at) WHERE status = 'pending';
CREATE INDEX uploads_objects_to_delete ON uploads (expires_at)
    WHERE status IN ('rejected', 'expired') AND object_deleted_at IS NULL;
