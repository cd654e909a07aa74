-- Hidden message requests (docs/messages.md "Hidden requests"), as Instagram's: a message request whose messages contain
-- one of the recipient's hidden words (0106), or that comes from an account the recipient limits now (0108), is moved to
-- a separate folder of hidden requests. It is still a request (status 'request'): accepting it, or answering in it,
-- makes it an ordinary thread. request_hidden_at says since when it is hidden; only a request can be hidden. The seed
-- had neither hidden words nor limits.
ALTER TABLE conversation_participants ADD COLUMN request_hidden_at timestamptz,
    ADD CONSTRAINT conversation_participants_hidden_request CHECK (request_hidden_at IS NULL OR status = 'request');
