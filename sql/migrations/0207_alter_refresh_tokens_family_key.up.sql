-- A replayed refresh token is recognised as its family's even after auth-housekeeping pruned it (docs/accounts.md
-- "Reuse"). Until now a rotated token was the family's reuse record only while its row stayed (a day past its own
-- expiry, 0205): replaying it later was an unknown token's 401 and ended nothing, short of reliability checklist 18
-- ("reusing an already-rotated token outside the grace window revokes the whole family").
--
-- Tokens issued from now on carry their family's key in their first 16 bytes (the last 16 are their own): one random key
-- per login, the same in every token of the family, known only to whoever held one of its tokens. Each row keeps the
-- key's SHA-256, as it keeps its token's, so a leaked table still grants nothing. A well-formed token found under no
-- token_hash but under a live family's key is a pruned token of that family: its replay ends the family.
-- Families opened before this migration have no key (NULL) until their next rotation, which gives them one.
ALTER TABLE refresh_tokens ADD COLUMN family_key_hash text,
    ADD CONSTRAINT refresh_tokens_family_key_hash_hex CHECK (family_key_hash ~ '^[0-9a-f]{64}$');

-- The replay's one lookup: the live rows of the family with that key (revoked families have nothing left to end).
CREATE INDEX refresh_tokens_family_key ON refresh_tokens (family_key_hash) WHERE revoked_at IS NULL;
