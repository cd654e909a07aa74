DROP TABLE IF EXISTS story_quiz_stats;
DROP TABLE IF EXISTS story_quiz_answers;
DROP TABLE IF EXISTS story_quizzes;
