-- The losses recorded so far are lost; insights no longer count them.
DROP TABLE follower_losses;
