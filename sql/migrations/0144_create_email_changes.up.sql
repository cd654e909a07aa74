-- Changing one's e-mail address (docs/accounts.md "Changing the e-mail address"). The seed could only verify the address
-- given at registration. A change asks for the password, then waits for the new address to be confirmed by a link mailed
-- to it; only then does the account's address change (and log-in by it work), and the old address is told.
-- email_changes keeps every request: the pending one (neither confirmed nor cancelled; email_changes_pending holds at
-- most one per account, a newer request cancels it), and the history, with the old address the notice goes to.
-- email_verifications.email_change_id marks a token minted for a change (NULL: verifying the current address);
-- email_verifications_change serves that key. Addresses are stored lower-cased, as users.email.
CREATE TABLE email_changes (
    id           uuid PRIMARY KEY,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    old_email    text NOT NULL,
    new_email    text NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    confirmed_at timestamptz,
    cancelled_at timestamptz,
    CONSTRAINT email_changes_new_email_lower CHECK (new_email = lower(new_email) AND char_length(new_email) BETWEEN 3 AND 254),
    CONSTRAINT email_changes_differ CHECK (new_email <> lower(old_email)),
    CONSTRAINT email_changes_one_outcome CHECK (confirmed_at IS NULL OR cancelled_at IS NULL)
);
CREATE UNIQUE INDEX email_changes_pending ON email_changes (user_id) WHERE confirmed_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX email_changes_user ON email_changes (user_id, requested_at DESC);

ALTER TABLE email_verifications ADD COLUMN email_change_id uuid REFERENCES email_changes (id) ON DELETE CASCADE;
CREATE INDEX email_verifications_change ON email_verifications (email_change_id) WHERE email_change_id IS NOT NULL;
