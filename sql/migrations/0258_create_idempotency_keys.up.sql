-- The Idempotency-Key header on the POSTs that create things (docs/api.md "Idempotency keys"): one row per account and
-- key, made when the first request with it starts. While that request runs the row holds its lease (locked_until): a
-- repeat is answered 409. When it ends with a 2xx the row keeps that answer (status, the headers that matter, the body)
-- and the lease goes: a repeat with the same fingerprint (SHA-256 of method, path and body) gets the answer back and
-- creates nothing, one with another fingerprint 422. Any other ending deletes the row, so the key may be used again.
-- idempotency-housekeeping deletes rows past expires_at (24 hours after the first request); a purged account's go with
-- its users row.
CREATE TABLE idempotency_keys (
    user_id         uuid NOT NULL,
    idempotency_key text NOT NULL,
    fingerprint     bytea NOT NULL,
    created_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL,
    locked_until    timestamptz,
    response_status integer,
    response_headers jsonb,
    response_body   bytea,
    CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, idempotency_key),
    CONSTRAINT idempotency_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    -- 1 to 255 printable ASCII characters, as the handlers accept them.
    CONSTRAINT idempotency_keys_key_check CHECK (idempotency_key ~ '^[ -~]{1,255}$'),
    CONSTRAINT idempotency_keys_fingerprint_check CHECK (octet_length(fingerprint) = 32),
    CONSTRAINT idempotency_keys_expiry_check CHECK (expires_at > created_at),
    -- Either still running (a lease, nothing kept yet) or done (a kept 2xx answer, no lease).
    CONSTRAINT idempotency_keys_running_or_done CHECK (
        (locked_until IS NOT NULL AND response_status IS NULL AND response_headers IS NULL AND response_body IS NULL)
        OR (locked_until IS NULL AND response_status IS NOT NULL AND response_headers IS NOT NULL AND response_body IS NOT NULL)),
    CONSTRAINT idempotency_keys_lease_check CHECK (locked_until > created_at),
    CONSTRAINT idempotency_keys_status_check CHECK (response_status BETWEEN 200 AND 299),
    CONSTRAINT idempotency_keys_headers_check CHECK (jsonb_typeof(response_headers) = 'object'),
    -- The largest answer a creating POST gives is a few kilobytes; a megabyte bounds what a row can hold.
    CONSTRAINT idempotency_keys_body_check CHECK (octet_length(response_body) <= 1048576)
);
-- idempotency-housekeeping's walk over expired keys. The purge's cascade uses the primary key.
CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
