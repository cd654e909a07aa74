-- Changes nothing. The hosts stay as A-labels: the form each was typed in (Unicode, or already "xn--") is not kept, both name
-- the same host, and the code before this migration reads, shows and checks an A-label host as it does any ASCII one.
SELECT 1;
