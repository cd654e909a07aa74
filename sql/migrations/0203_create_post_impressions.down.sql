-- Reach and impressions recorded so far are lost; post insights no longer show them.
DROP TABLE post_reach;
DROP TABLE post_impressions;
