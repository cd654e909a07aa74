-- A countdown_ended notice names its story (docs/stories.md "Countdown"): notifications.story_id, the story whose countdown
-- ended. The notice keeps its author as entity (entity_type 'user', the actor) and the title as message, so existing clients
-- read it as before; the story tells two countdowns of one author apart, which the title and the announcement time could not
-- (two with the same title announced in the same job run). No foreign key, as for entity_id: the reader joins the story and
-- drops the notice once it is deleted, and the purge of its author takes the notice with the actor (ON DELETE CASCADE).
-- Nullable and without a default: adding it rewrites nothing. Other notices leave it null.
ALTER TABLE notifications ADD COLUMN story_id uuid;

-- The notices written before name their story where exactly one fits: the author's countdown with the notice's title,
-- announced at the notice's time (the rule the inbox used to find it by). Two that fit alike stay null and are still found
-- by that rule (NotificationsSql.CountdownAudience).
UPDATE notifications n SET story_id = m.story_id
  FROM (SELECT n2.id, n2.created_at, min(s.id::text)::uuid AS story_id
          FROM notifications n2
          JOIN stories s ON s.user_id = n2.actor_id
          JOIN story_countdowns c ON c.story_id = s.id AND c.notified_at = n2.created_at AND c.title = n2.message
         WHERE n2.type = 'countdown_ended' AND n2.story_id IS NULL
         GROUP BY n2.id, n2.created_at
        HAVING count(*) = 1) m
 WHERE n.id = m.id AND n.created_at = m.created_at;
