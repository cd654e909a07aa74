-- The reach recorded so far is lost; insights no longer show accounts reached.
DROP TABLE account_reach;
