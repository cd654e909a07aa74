-- The visits recorded so far are lost; insights no longer count them.
DROP TABLE profile_visits;
