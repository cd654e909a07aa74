-- Undoing an e-mail change from the old address (docs/accounts.md "Securing the account from the old address"). 0144's
-- notice to the old address could only say "reset your password from the new address", which an owner whose account was
-- taken over cannot do. Now the notice carries a link: for EmailChangeReverts.Window (14 days) after the change, whoever
-- reads the old mailbox can put the address back, choose a new password, end every session and turn two-factor off.
-- email_change_reverts holds the links (hashed tokens, as every mailed token; expires_at is the change's confirmed_at plus
-- the window, so a late mail gets no longer). email_changes.reverted_at marks an undone change (only a confirmed one can
-- be: the CHECK). Until the window ends, a changed-from address stays held for its owner: no other account registers it
-- or changes to it (email_changes_held serves that lookup), so the revert always finds it free.
ALTER TABLE email_changes ADD COLUMN reverted_at timestamptz,
    ADD CONSTRAINT email_changes_reverted_confirmed CHECK (reverted_at IS NULL OR confirmed_at IS NOT NULL);
CREATE INDEX email_changes_held ON email_changes (lower(old_email), confirmed_at) WHERE confirmed_at IS NOT NULL AND reverted_at IS NULL;

CREATE TABLE email_change_reverts (
    id              uuid PRIMARY KEY,
    email_change_id uuid NOT NULL REFERENCES email_changes (id) ON DELETE CASCADE,
    token_hash      text NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    used_at         timestamptz,
    CONSTRAINT email_change_reverts_expiry CHECK (expires_at > created_at)
);
CREATE INDEX email_change_reverts_change ON email_change_reverts (email_change_id);
