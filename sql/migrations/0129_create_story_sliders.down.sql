DROP TABLE IF EXISTS story_slider_stats;
DROP TABLE IF EXISTS story_slider_responses;
DROP TABLE IF EXISTS story_sliders;
