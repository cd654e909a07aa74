using Fowergram.Platform.Content;
using Fowergram.Platform.Visibility;

namespace Fowergram.Features.Notifications;

/// <summary>
/// The inbox of @viewer. Notices are stored at write time but shown by the rules of read time
/// (docs/visibility.md): one whose actor the reader may no longer see (blocked either way, deleted,
/// deactivated) or whose entity is gone or hidden (can_view_entity, written out: Visibility.EntityFilter) is left out of the list, the
/// unread count and mark-as-read alike. A follow request notice shows only while the request pends, and a live_invite only
/// while the invitation it was written with (same broadcast, same invited_at) is open: an accepted, declined, withdrawn or
/// expired one (the broadcast's end expires them) can no longer be answered, and a new invitation has a notice of its own.
/// </summary>
internal static class NotificationsSql
{
    private static readonly string Visible = VisibleTo("@viewer");

    /// <summary>Notice <c>n</c> shows in its recipient's inbox; <paramref name="viewer"/> is the recipient (a parameter or n.user_id).</summary>
    public static string VisibleTo(string viewer) => $"""
        (n.actor_id IS NULL OR {Visibility.ProfileFilter("n.actor_id", viewer)})
        AND (n.entity_type IS NULL OR {Visibility.EntityFilter("n.entity_type", "n.entity_id", "@now", viewer)})
        AND (n.type <> 'follow_request'
             OR EXISTS (SELECT 1 FROM follow_requests r WHERE r.requester_id = n.actor_id AND r.target_id = n.user_id))
        AND (n.type <> 'live_invite'
             OR EXISTS (SELECT 1 FROM live_stream_guests g
                         WHERE g.stream_id = n.entity_id AND g.user_id = n.user_id AND g.status = 'invited' AND g.invited_at = n.created_at))
        AND (n.type <> 'countdown_ended' OR {CountdownAudience(viewer)})
        """;

    /// <summary>
    /// A countdown_ended notice (its entity the story's author, its message the countdown's title: the story's own words) shows
    /// while its story is not deleted and the reader is still in the story's audience (can_view_story, whether or not the story
    /// is still live: a countdown may end days after its story), as story-countdowns checked when it wrote the notice
    /// (CountdownSql.Reminded). The notice names its story in story_id (migration 0264): one probe of the story by its key.
    /// A notice written before that the migration could not name (two countdowns of the author with its title announced at
    /// its time) is found as it was: the author's countdown with its title, marked announced at the notice's time
    /// (notified_at, the notice's created_at), a probe of the author's stories (stories_author_active) and of story_countdowns
    /// by story. OFFSET 0 keeps each a probe: their correlations are all equalities, so PostgreSQL may otherwise run them as a
    /// hashed subplan, every countdown of every author joined and checked once per statement (seen in the plan on the
    /// benchmark database).
    /// </summary>
    private static string CountdownAudience(string viewer) => $"""
        CASE WHEN n.story_id IS NOT NULL THEN
        EXISTS (SELECT 1 FROM stories cds
                 WHERE cds.id = n.story_id AND cds.user_id = n.actor_id AND cds.deleted_at IS NULL
                   AND {Visibility.StoryFilter("cds.user_id", "cds.audience", viewer)}
                OFFSET 0)
        ELSE
        EXISTS (SELECT 1 FROM stories cds JOIN story_countdowns cdc ON cdc.story_id = cds.id
                 WHERE cds.user_id = n.actor_id AND cds.deleted_at IS NULL AND cdc.notified_at = n.created_at AND cdc.title = n.message
                   AND {Visibility.StoryFilter("cds.user_id", "cds.audience", viewer)}
                OFFSET 0)
        END
        """;

    /// <summary>
    /// The reader's mark-all-read watermark (migration 0063): notices numbered up to it are read. 0 when the
    /// reader never marked all read (the sequence starts at 1).
    /// </summary>
    private static readonly string ReadThrough = ReadThroughOf("@viewer");

    public static string ReadThroughOf(string viewer) => $"coalesce((SELECT m.read_through FROM notification_read_marks m WHERE m.user_id = {viewer}), 0)";

    /// <summary>
    /// Newest first, read or not (each with its isRead flag): a stable keyset order while the reader marks notices read. The
    /// first page and the later ones are two statements: both run under the generic plan (GenericPlan), in which a
    /// "no cursor or past it" condition could not bound the index scan, so a deep page would walk every newer notice.
    /// </summary>
    private static string Page(bool afterCursor) => $"""
        SELECT n.id, n.type, n.entity_type, n.entity_id, n.message, n.story_id, (n.is_read OR n.seq <= {ReadThrough}) AS is_read, n.created_at,
               a.id AS actor_id, a.username AS actor_username, a.avatar AS actor_avatar, a.is_verified AS actor_is_verified
        FROM notifications n
        LEFT JOIN users a ON a.id = n.actor_id
        WHERE n.user_id = @viewer
          {(afterCursor ? "AND (n.created_at, n.id) < (@afterAt::timestamptz, @afterId::uuid)" : "")}
          AND {Visible}
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT @take
        """;

    public static readonly string FirstPage = Page(afterCursor: false);

    public static readonly string LaterPage = Page(afterCursor: true);

    /// <summary>
    /// Visible unread notices, counted up to @cap + 1 and no further: a badge shows "99+", and an author whose
    /// post drew 300,000 likes would otherwise have every unread notice re-checked on each poll (measured:
    /// 25.7 s for 310,426 with the policy functions).
    /// </summary>
    /// <remarks>
    /// While the reader is in quiet mode, @quietSince is the start of the period: what arrived since does not count yet (the
    /// client does not buzz), and counts once the period ends (docs/accounts.md "Quiet mode"). Null otherwise.
    /// </remarks>
    public static readonly string UnreadCount = $"""
        SELECT count(*) FROM (
            SELECT 1 FROM notifications n WHERE n.user_id = @viewer AND NOT n.is_read AND n.seq > {ReadThrough}
               AND (@quietSince::timestamptz IS NULL OR n.created_at < @quietSince) AND {Visible}
            LIMIT @cap + 1) unread
        """;

    /// <summary>
    /// The visible notices that arrived in a quiet period [@from, @to) (@to null: one still running), by type, most first (notifications_user_recent). At
    /// most @cap + 1 are looked at, as the badge does: a period in which a post went viral is "999+", not a long scan.
    /// </summary>
    public static readonly string QuietSummary = $"""
        SELECT q.type, count(*)::int AS count FROM (
            SELECT n.type FROM notifications n
             WHERE n.user_id = @viewer AND n.created_at >= @from AND (@to::timestamptz IS NULL OR n.created_at < @to) AND {Visible}
             LIMIT @cap + 1) q
         GROUP BY q.type ORDER BY count(*) DESC, q.type
        """;

    /// <summary>
    /// Owner-scoped: someone else's notice, or one the reader cannot see, matches nothing (404). Guarded
    /// (<see cref="LiveCaller"/>): a gone account's token marks nothing.
    /// </summary>
    public static readonly string MarkRead = LiveCaller.Guarded("@viewer", $"""
        UPDATE notifications n SET is_read = true WHERE n.id = @id AND n.user_id = @viewer AND {Visible} AND {LiveCaller.IsLive}
        """);

    /// <summary>
    /// Everything numbered so far is read: one row, however many notices (an UPDATE of each took 6.6 s for
    /// 310,426). A notice that took its number just before and commits just after is read too — a window of
    /// one consumer transaction, accepted. The mark only moves forward. Guarded (<see cref="LiveCaller"/>): a gone account's
    /// token marks nothing.
    /// </summary>
    public static readonly string MarkAllRead = LiveCaller.Guarded("@viewer", $"""
        INSERT INTO notification_read_marks (user_id, read_through)
        SELECT @viewer, CASE WHEN s.is_called THEN s.last_value ELSE 0 END FROM notification_seq s WHERE {LiveCaller.IsLive}
        ON CONFLICT (user_id) DO UPDATE SET read_through = greatest(notification_read_marks.read_through, EXCLUDED.read_through)
        """);
}

internal sealed class NotificationRow
{
    public Guid Id { get; init; }
    public string Type { get; init; } = "";
    public string? EntityType { get; init; }
    public Guid? EntityId { get; init; }
    public string? Message { get; init; }
    /// <summary>A countdown_ended notice's story (migration 0264); null on every other notice.</summary>
    public Guid? StoryId { get; init; }
    public bool IsRead { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public Guid? ActorId { get; init; }
    public string? ActorUsername { get; init; }
    public string? ActorAvatar { get; init; }
    public bool ActorIsVerified { get; init; }
}
