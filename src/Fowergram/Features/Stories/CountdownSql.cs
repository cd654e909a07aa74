using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Stories;

/// <summary>The countdown sticker (migration 0131): reminders, the sticker's state, and what the story-countdowns job sends.</summary>
internal static class CountdownSql
{
    /// <summary>
    /// A reminder is set only on a live story the caller may see, before the countdown ends and is announced; again: nothing
    /// changes. The countdown is key-share locked and must still be unannounced once locked: the story-countdowns job holds the
    /// row from reading its reminders to its commit, so a reminder set meanwhile (the caller's clock still before the end) would
    /// otherwise be written after the job read the list — a 204 for a reminder nobody would ever send.
    /// </summary>
    public static readonly string Remind = $"""
        WITH countdown AS (
            SELECT c.id FROM stories s JOIN story_countdowns c ON c.story_id = s.id
             WHERE s.id = @id AND c.ends_at > @now AND c.notified_at IS NULL AND {StoryReadSql.LiveAndVisible}
               FOR KEY SHARE OF c
        ), inserted AS (
            INSERT INTO story_countdown_reminders (countdown_id, user_id, created_at)
            SELECT id, @viewer, @now FROM countdown
            ON CONFLICT DO NOTHING
        )
        SELECT id FROM countdown
        """;

    /// <summary>
    /// Taking a reminder back needs no sight of the story: the countdown may end days after the story expired. The countdown
    /// is key-share locked first, as Remind does: the story-countdowns job holds it from reading the reminders to its commit,
    /// so a reminder taken back meanwhile waits and is taken back after its notice was written — never answered 204 and
    /// then notified.
    /// </summary>
    public const string Forget = """
        WITH countdown AS (
            SELECT c.id FROM story_countdowns c WHERE c.story_id = @id FOR KEY SHARE
        )
        DELETE FROM story_countdown_reminders r USING countdown c
         WHERE r.countdown_id = c.id AND r.user_id = @viewer
        """;

    /// <summary>The countdown of a live story the caller may see, or of the caller's own story (archive).</summary>
    public static readonly string Read = $"""
        SELECT c.id, c.title, c.ends_at, c.notified_at IS NOT NULL AS announced, s.user_id AS author_id,
               EXISTS (SELECT 1 FROM story_countdown_reminders r WHERE r.countdown_id = c.id AND r.user_id = @viewer) AS is_reminder_set,
               CASE WHEN s.user_id = @viewer THEN (SELECT count(*) FROM story_countdown_reminders r WHERE r.countdown_id = c.id AND r.user_id <> s.user_id) END AS reminder_count
          FROM stories s JOIN story_countdowns c ON c.story_id = s.id
         WHERE s.id = @id AND {StoryReadSql.OneShownTo}
        """;

    /// <summary>
    /// Countdowns that ended and were not yet announced (story_countdowns_due), marked announced in the same statement;
    /// rows another run holds are skipped. A countdown whose story was deleted or whose author is gone is marked and sends nothing.
    /// </summary>
    public const string TakeDue = """
        WITH due AS (
            SELECT c.id FROM story_countdowns c
             WHERE c.notified_at IS NULL AND c.ends_at <= @now
             ORDER BY c.ends_at LIMIT @batch
             FOR UPDATE SKIP LOCKED
        )
        UPDATE story_countdowns c SET notified_at = @now FROM due, stories s
         WHERE c.id = due.id AND s.id = c.story_id
        RETURNING c.id, c.title, c.story_id, s.user_id AS author_id, s.audience,
                  s.deleted_at IS NULL AND EXISTS (SELECT 1 FROM users a WHERE a.id = s.user_id AND a.deleted_at IS NULL AND a.is_active) AS announce
        """;

    /// <summary>
    /// Who asked to be reminded and is still in the story's audience (<c>can_view_story</c> for @audience, whether or not the
    /// story is still live): the notice carries the countdown's title, the story's own words, so a friend since removed from
    /// close friends, a follower who left a private account, someone the stories are now hidden from or a block either way
    /// is not told. A profile check alone sent it to all of them. Never the author, who may ask to be reminded of their own
    /// countdown: the author's own notice (NotifyAuthor) tells them; a countdown_ended from themselves broke notifications_not_self
    /// and failed the whole run, and every later one, on the countdown left due.
    /// </summary>
    public static readonly string Reminded = $"""
        SELECT r.user_id FROM story_countdown_reminders r JOIN users u ON u.id = r.user_id
         WHERE r.countdown_id = @countdownId AND r.user_id <> @authorId AND u.deleted_at IS NULL AND u.is_active
           AND {Visibility.StoryFilter("@authorId", "@audience::text", "r.user_id")}
        """;

    /// <summary>The author's own notice, naming the story (its inbox shows it while the story is not deleted: archived is fine).</summary>
    public const string NotifyAuthor = """
        INSERT INTO notifications (id, user_id, type, message, entity_type, entity_id, created_at)
        VALUES (@id, @authorId, 'system', @message, 'story', @storyId, @now)
        """;

    /// <summary>
    /// The reminded accounts' notices: the author as entity and the title as message, as clients have always read them, and
    /// the story in story_id (migration 0264), so that two countdowns of one author with one title are told apart.
    /// </summary>
    public const string Notify = """
        INSERT INTO notifications (id, user_id, actor_id, type, entity_type, entity_id, message, story_id, created_at)
        SELECT n.id, n.recipient, @authorId, 'countdown_ended', 'user', @authorId, @title, @storyId, @now
          FROM unnest(@ids, @recipients) AS n (id, recipient)
        """;
}
