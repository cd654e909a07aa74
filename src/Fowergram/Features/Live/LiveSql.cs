using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using VisibilityPolicy = Fowergram.Platform.Visibility.Visibility;

namespace Fowergram.Features.Live;

/// <summary>
/// SQL of broadcasts. Every read filters with <see cref="VisibleTo"/>; every write of the broadcaster is owner-scoped and
/// every state change happens under the stream row's lock, so joins, comments and ends never interleave.
/// </summary>
internal static class LiveSql
{
    /// <summary>
    /// can_view_entity's 'live_stream' rule (Visibility.EntityFilter), a cancelled broadcast the broadcaster's alone in both
    /// since migration 0242. Binds @viewer.
    /// </summary>
    public static readonly string VisibleTo = "(ls.status <> 'cancelled' OR ls.user_id = @viewer) AND " + VisibilityPolicy.ContentFilter("ls.user_id") +
        " AND NOT EXISTS (SELECT 1 FROM live_stream_removals lsr WHERE lsr.stream_id = ls.id AND lsr.user_id = @viewer)" +
        " AND " + VisibilityPolicy.NotHiddenFromStories("ls.user_id");

    /// <summary>
    /// For a read: the caller's account is live, or there is no caller (anonymous readers read as before). A token that
    /// outlived its account reads nothing, and only the route's 404 or empty answer probes the account for the 401
    /// (<see cref="GoneCaller"/>; docs/accounts.md "Sessions"). One primary-key probe of @viewer per statement, no round trip.
    /// </summary>
    public static readonly string CallerLive = $"(@viewer::uuid IS NULL OR {LiveCaller.Is("@viewer")})";

    /// <summary><see cref="VisibleTo"/> for a read: and <see cref="CallerLive"/>.</summary>
    public static readonly string ShownTo = $"{VisibleTo} AND {CallerLive}";

    /// <summary>
    /// Whether the broadcaster removed @viewer, asked again after the stream's lock was granted: a removal commits under the
    /// broadcaster's lock without touching the stream row, so a reader that waited for that lock still judged
    /// <see cref="VisibleTo"/> on the snapshot from before it (docs/live.md "Removing a viewer").
    /// </summary>
    public const string IsRemoved = "SELECT EXISTS (SELECT 1 FROM live_stream_removals WHERE stream_id = @streamId AND user_id = @viewer)";

    /// <summary>
    /// The joining viewer's account, live, share-locked before the stream (the order a suspension or deletion takes: the
    /// account's row, then LiveGuestDeparture's broadcasts). A key-share lock would not wait for that update of is_active or
    /// deleted_at, and the join would open a row the departure, already past, never closes.
    /// </summary>
    public const string ShareLiveViewer = "SELECT true FROM users WHERE id = @viewer AND deleted_at IS NULL AND is_active FOR SHARE";

    /// <summary>Whether the broadcaster muted @viewer's comments in the broadcast (migration 0104).</summary>
    public const string IsMuted = "SELECT EXISTS (SELECT 1 FROM live_comment_mutes WHERE stream_id = @streamId AND user_id = @viewer)";

    public const string Insert = """
        INSERT INTO live_streams (id, user_id, title, description, stream_key_hash, rtmp_url, hls_url, status, scheduled_at, created_at, updated_at)
        VALUES (@id, @ownerId, @title, @description, @keyHash, @ingestUrl, @playbackUrl, 'scheduled', @scheduledAt, @now, @now);
        INSERT INTO live_stream_stats (stream_id, updated_at) VALUES (@id, @now);
        """;

    public static readonly string Views = $"""
        SELECT ls.id, ls.user_id AS broadcaster_id, u.username, u.full_name, u.avatar, u.is_verified, ls.title, ls.description,
               ls.status, ls.scheduled_at, ls.started_at, ls.ended_at, ls.rtmp_url, ls.hls_url, ls.created_at, ls.updated_at,
               coalesce(st.viewer_count, 0) AS viewer_count, coalesce(st.max_viewer_count, 0) AS peak_viewer_count,
               coalesce(st.comment_count, 0) AS comment_count,
               (SELECT true FROM live_reminders lr WHERE lr.stream_id = ls.id AND lr.user_id = @viewer) IS NOT NULL AS is_reminder_set,
               CASE WHEN ls.user_id = @viewer THEN (SELECT count(*) FROM live_reminders lr WHERE lr.stream_id = ls.id) END AS reminder_count,
               pc.id AS pinned_id, pc.user_id AS pinned_author_id, pu.username AS pinned_username, pu.full_name AS pinned_full_name,
               pu.avatar AS pinned_avatar, pu.is_verified AS pinned_is_verified, pc.content AS pinned_content, pc.created_at AS pinned_created_at
        FROM live_streams ls
        JOIN users u ON u.id = ls.user_id
        LEFT JOIN live_stream_stats st ON st.stream_id = ls.id
        -- The pinned comment as the comments list would show it to this viewer: its author live, no block, not removed.
        LEFT JOIN (live_comments pc JOIN users pu ON pu.id = pc.user_id)
               ON pc.id = ls.pinned_comment_id AND pc.held_at IS NULL AND {VisibilityPolicy.ProfileFilter("pc.user_id")}
              AND NOT EXISTS (SELECT 1 FROM live_stream_removals pr WHERE pr.stream_id = ls.id AND pr.user_id = pc.user_id)
        WHERE ls.id = ANY(@ids) AND {VisibleTo}
        """;

    /// <summary><see cref="Views"/> for a read of one broadcast (GET /live/{id}), under <see cref="ShownTo"/>.</summary>
    public static readonly string ViewsShownTo = $"{Views} AND {CallerLive}";

    /// <summary>
    /// A comment of this broadcast, key-share locked after the stream row (the order every writer of a broadcast takes:
    /// the stream row, then its comments and counts): a delete racing a pin commits before it (nothing found: 404) or
    /// waits for it (and then unpins), never deadlocks with it nor fails the foreign key check.
    /// </summary>
    public const string LockComment = "SELECT id FROM live_comments WHERE id = @commentId AND stream_id = @streamId AND held_at IS NULL FOR KEY SHARE";

    public const string Pin = "UPDATE live_streams SET pinned_comment_id = @commentId, updated_at = @now WHERE id = @streamId";

    /// <summary>Takes back the pin of @commentId only: a stale unpin of a comment replaced meanwhile leaves the newer pin.</summary>
    public const string Unpin = "UPDATE live_streams SET pinned_comment_id = NULL, updated_at = @now WHERE id = @streamId AND pinned_comment_id = @commentId";

    /// <summary>The caller's own broadcasts, every status, newest created first (live_streams_user).</summary>
    public static readonly string Mine = $"""
        SELECT ls.id, ls.created_at FROM live_streams ls
        WHERE ls.user_id = @ownerId AND {KeysetSql.Older("ls.created_at", "ls.id")}
        ORDER BY ls.created_at DESC, ls.id DESC LIMIT @take
        """;

    /// <summary>Live broadcasts of accounts the caller follows and may see, most recently started first.</summary>
    public static readonly string Following = $"""
        SELECT ls.id, ls.started_at AS created_at FROM live_streams ls
        JOIN follows f ON f.following_id = ls.user_id AND f.follower_id = @viewer
        WHERE ls.status = 'live' AND {VisibleTo} AND {KeysetSql.Older("ls.started_at", "ls.id")}
        ORDER BY ls.started_at DESC, ls.id DESC LIMIT @take
        """;

    /// <summary>
    /// Live broadcasts anyone may discover (GET /live/popular): live now, visible to the caller (a guest sees public accounts'
    /// only), not the caller's own nor of an account whose stories the caller muted (a broadcast shows in the story tray),
    /// most watched first (live_stream_stats.viewer_count), then the newest. One range of live_streams_live_heartbeat: every
    /// live broadcast, few beside the rest.
    /// </summary>
    public static readonly string Popular = $"""
        SELECT ls.id FROM live_streams ls
        LEFT JOIN live_stream_stats st ON st.stream_id = ls.id
        WHERE ls.status = 'live' AND {ShownTo}
          AND ls.user_id IS DISTINCT FROM @viewer
          AND NOT EXISTS (SELECT 1 FROM mutes m WHERE m.muter_id = @viewer AND m.muted_id = ls.user_id AND m.mute_stories)
        ORDER BY coalesce(st.viewer_count, 0) DESC, ls.started_at DESC, ls.id DESC
        LIMIT @limit
        """;

    /// <summary>
    /// Scheduled broadcasts with a time, of accounts the caller follows and may see, soonest first (keyset on the time):
    /// what "remind me" is set on. One a day late (@since) is still listed; a host may start late, and the list stays short.
    /// </summary>
    public static readonly string Upcoming = $"""
        SELECT ls.id, ls.scheduled_at AS created_at FROM live_streams ls
        JOIN follows f ON f.following_id = ls.user_id AND f.follower_id = @viewer
        WHERE ls.status = 'scheduled' AND ls.scheduled_at >= @since AND {ShownTo} AND {KeysetSql.Newer("ls.scheduled_at", "ls.id")}
        ORDER BY ls.scheduled_at, ls.id LIMIT @take
        """;

    /// <summary>The caller's own broadcast, locked for a state change (the lock joins and comments take as well).</summary>
    public const string LockOwn = "SELECT status FROM live_streams WHERE id = @streamId AND user_id = @callerId FOR NO KEY UPDATE";

    /// <summary>A broadcast the viewer may see, locked: joins and leaves of one stream queue here, so each count's step is exact.</summary>
    public static readonly string LockVisible = $"""
        SELECT ls.status, ls.user_id FROM live_streams ls WHERE ls.id = @streamId AND {VisibleTo} FOR NO KEY UPDATE OF ls
        """;

    /// <summary>
    /// The broadcast a viewer leaves, locked as for a join: one they may see, or one they are still watching though a block or
    /// a hide came since — that does not eject them, their row closes when they leave (docs/live.md), so the count stays exact.
    /// An ended broadcast's open rows count as closed (<see cref="End"/>): nobody is still watching it.
    /// Anyone else it is hidden from gets nothing (a 404), as for every read.
    /// </summary>
    public static readonly string LockLeaving = $"""
        SELECT ls.status, ls.user_id FROM live_streams ls
         WHERE ls.id = @streamId
           AND ({VisibleTo}
                OR (ls.ended_at IS NULL
                    AND EXISTS (SELECT 1 FROM live_stream_viewers v WHERE v.stream_id = ls.id AND v.user_id = @viewer AND v.left_at IS NULL)))
           FOR NO KEY UPDATE OF ls
        """;

    /// <summary>
    /// A broadcast the viewer may see, share-locked, with its broadcaster: a comment (whose holding depends on the
    /// broadcaster) and a reminder (a start waits for it, and it for the start) take it; an end, which takes NO KEY UPDATE,
    /// waits for them, and they for the end.
    /// </summary>
    public static readonly string ShareVisibleWithOwner = $"""
        SELECT ls.status, ls.user_id FROM live_streams ls WHERE ls.id = @streamId AND {VisibleTo} FOR SHARE OF ls
        """;

    /// <summary>Going live counts as the first heartbeat.</summary>
    public const string Start = "UPDATE live_streams SET status = 'live', started_at = @now, last_heartbeat_at = @now, updated_at = @now WHERE id = @streamId";

    /// <summary>
    /// The broadcaster's "still on": moves last_heartbeat_at of the caller's own broadcast while it is live (never back).
    /// Answers whether it did (beat) and the status the statement began with (own; null: not the caller's, or no such
    /// broadcast). The update waits for an end holding the row and then finds it no longer live: beat is false though own
    /// still says 'live' — the broadcast ended meanwhile. A caller whose account is gone (tokens outlive accounts) moves
    /// nothing (live false, a 401): checked in this statement rather than by a query of its own, heartbeats being frequent.
    /// </summary>
    public const string Heartbeat = """
        WITH caller AS (SELECT EXISTS (SELECT 1 FROM users WHERE id = @callerId AND deleted_at IS NULL AND is_active) AS live),
        own AS (SELECT id, status FROM live_streams WHERE id = @streamId AND user_id = @callerId),
        beat AS (
            UPDATE live_streams ls SET last_heartbeat_at = greatest(ls.last_heartbeat_at, @now)
              FROM own WHERE ls.id = own.id AND ls.status = 'live' AND (SELECT live FROM caller)
            RETURNING ls.id
        )
        SELECT (SELECT live FROM caller) AS live, EXISTS (SELECT 1 FROM beat) AS beat, (SELECT status FROM own) AS own
        """;

    /// <summary>
    /// Live broadcasts that fell silent (no heartbeat since @silentSince) or ran too long (started at or before
    /// @startedBefore), oldest heartbeat first, locked; one a concurrent run or a heartbeat holds is skipped (the lock
    /// re-checks the condition on the newest row, so a heartbeat that just committed saves its broadcast).
    /// </summary>
    public const string Abandoned = """
        SELECT id, user_id FROM live_streams
         WHERE status = 'live' AND (last_heartbeat_at < @silentSince OR started_at <= @startedBefore)
         ORDER BY last_heartbeat_at LIMIT @batch
           FOR NO KEY UPDATE SKIP LOCKED
        """;
    /// <summary>
    /// Ends the broadcast without touching its viewer rows, however many: from now on its open rows count as closed at
    /// ended_at wherever they are read, the count drops to none (the peak stays), and viewers_to_close (migration 0231) tells
    /// live-auto-end that rows are left to close (<see cref="NextToClose"/>) — only when the exact count says there are.
    /// </summary>
    public const string End = """
        UPDATE live_streams ls SET status = 'ended', ended_at = greatest(@now, ls.started_at), updated_at = @now,
               viewers_to_close = coalesce((SELECT st.viewer_count > 0 FROM live_stream_stats st WHERE st.stream_id = ls.id), false)
         WHERE ls.id = @streamId;
        UPDATE live_stream_stats SET viewer_count = 0, updated_at = @now WHERE stream_id = @streamId AND viewer_count > 0;
        """;
    public const string Cancel = "UPDATE live_streams SET status = 'cancelled', ended_at = @now, updated_at = @now WHERE id = @streamId";

    /// <summary>
    /// Opens the viewer's row, or reopens it on rejoin (its watch seconds stay); an open row is left alone. Only a row it
    /// opened counts one more (the peak rises with it), in the same statement: callers hold the stream lock
    /// (<see cref="LockVisible"/>), so concurrent joins and leaves of the stream take their turns and the count stays exact
    /// without counting the rows.
    /// </summary>
    public const string Join = """
        WITH opened AS (
            INSERT INTO live_stream_viewers (stream_id, user_id, joined_at) VALUES (@streamId, @viewer, @now)
            ON CONFLICT (stream_id, user_id) DO UPDATE SET joined_at = @now, left_at = NULL WHERE live_stream_viewers.left_at IS NOT NULL
            RETURNING user_id
        )
        UPDATE live_stream_stats st
           SET viewer_count = st.viewer_count + 1, max_viewer_count = greatest(st.max_viewer_count, st.viewer_count + 1), updated_at = @now
         WHERE st.stream_id = @streamId AND EXISTS (SELECT 1 FROM opened)
        """;

    /// <summary>
    /// Closes the viewer's open row of a live broadcast, adding the whole seconds watched, and counts one fewer if it did;
    /// answers how many closed (0 or 1). An ended broadcast's open rows are closed already as far as anyone can tell
    /// (<see cref="End"/>): live-auto-end closes them (<see cref="CloseEnded"/>). Callers hold the stream lock.
    /// </summary>
    public const string Close = """
        WITH closed AS (
            UPDATE live_stream_viewers v
               SET left_at = greatest(@now, v.joined_at),
                   watch_duration = v.watch_duration + floor(extract(epoch FROM greatest(@now, v.joined_at) - v.joined_at))::int
              FROM live_streams ls
             WHERE v.stream_id = @streamId AND v.user_id = @viewer AND v.left_at IS NULL AND ls.id = v.stream_id AND ls.ended_at IS NULL
            RETURNING v.user_id
        ), counted AS (
            UPDATE live_stream_stats st SET viewer_count = st.viewer_count - 1, updated_at = @now
             WHERE st.stream_id = @streamId AND EXISTS (SELECT 1 FROM closed)
        )
        SELECT count(*) FROM closed
        """;

    /// <summary>
    /// The ended broadcast whose viewer rows were ended longest ago and are not all closed yet (live_streams_viewers_to_close),
    /// locked as every writer of its viewer rows locks it; one another run holds is skipped.
    /// </summary>
    public const string NextToClose = """
        SELECT id, ended_at FROM live_streams WHERE viewers_to_close ORDER BY ended_at, id LIMIT 1 FOR NO KEY UPDATE SKIP LOCKED
        """;

    /// <summary>
    /// Closes up to @batch open rows of an ended broadcast after @after (in viewer id order, so a run does not step over the
    /// rows it closed), as they would have closed at the end: at ended_at, with the seconds watched until then. Answers how
    /// many it found and the last one's viewer id.
    /// </summary>
    public const string CloseEnded = """
        WITH batch AS (
            SELECT user_id FROM live_stream_viewers
             WHERE stream_id = @streamId AND left_at IS NULL AND (@after::uuid IS NULL OR user_id > @after)
             ORDER BY user_id LIMIT @batch
        ), closed AS (
            UPDATE live_stream_viewers v
               SET left_at = greatest(@endedAt, v.joined_at),
                   watch_duration = v.watch_duration + floor(extract(epoch FROM greatest(@endedAt, v.joined_at) - v.joined_at))::int
              FROM batch WHERE v.stream_id = @streamId AND v.user_id = batch.user_id AND v.left_at IS NULL
        )
        SELECT (SELECT count(*) FROM batch) AS found, (SELECT user_id FROM batch ORDER BY user_id DESC LIMIT 1) AS last
        """;

    public const string AllClosed = "UPDATE live_streams SET viewers_to_close = false WHERE id = @streamId";

    /// <summary>A held comment (@heldAt set, migration 0147) is not counted: only its writer sees it.</summary>
    public const string InsertComment = """
        INSERT INTO live_comments (id, stream_id, user_id, content, created_at, held_at) VALUES (@id, @streamId, @viewer, @content, @now, @heldAt);
        UPDATE live_stream_stats SET comment_count = comment_count + 1, updated_at = @now WHERE stream_id = @streamId AND @heldAt::timestamptz IS NULL;
        """;

    /// <summary>
    /// Deletes one comment of the stream if the caller wrote it or broadcasts the stream, and takes it off the count (a
    /// deleted comment is not history, unlike those of purged accounts, docs/live.md); answers how many went (0 or 1).
    /// </summary>
    public const string DeleteComment = """
        WITH gone AS (
            DELETE FROM live_comments c USING live_streams ls
             WHERE c.id = @commentId AND c.stream_id = @streamId AND ls.id = c.stream_id
               AND (c.user_id = @callerId OR ls.user_id = @callerId)
            RETURNING c.stream_id, c.held_at
        ), counted AS (
            UPDATE live_stream_stats st SET comment_count = greatest(st.comment_count - 1, 0), updated_at = @now
              FROM gone WHERE st.stream_id = gone.stream_id AND gone.held_at IS NULL
        )
        SELECT count(*) FROM gone
        """;

    /// <summary>
    /// A stream's comments, newest first; authors who are gone, on the other side of a block, or removed from the broadcast
    /// (their comments come back if the removal is lifted) are left out, and held comments for all but their writers.
    /// </summary>
    public static readonly string Comments = $"""
        SELECT c.id, c.user_id AS author_id, u.username, u.full_name, u.avatar, u.is_verified, c.content, c.created_at
        FROM live_comments c JOIN users u ON u.id = c.user_id
        WHERE c.stream_id = @streamId AND {VisibilityPolicy.ProfileFilter("c.user_id")} AND {KeysetSql.Older("c.created_at", "c.id")}
          AND {CommentHolding.ShownTo("@viewer", "c")}
          AND NOT EXISTS (SELECT 1 FROM live_stream_removals lsr WHERE lsr.stream_id = c.stream_id AND lsr.user_id = c.user_id)
        ORDER BY c.created_at DESC, c.id DESC LIMIT @take
        """;

    public static readonly string CanSee = $"SELECT ls.id FROM live_streams ls WHERE ls.id = @streamId AND {VisibleTo}";

    /// <summary><see cref="CanSee"/> for a read: under <see cref="ShownTo"/>.</summary>
    public static readonly string CanRead = $"SELECT ls.id FROM live_streams ls WHERE ls.id = @streamId AND {ShownTo}";
}

internal sealed class LiveRow
{
    public Guid Id { get; init; }
    public Guid BroadcasterId { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string Status { get; init; } = "";
    public DateTimeOffset? ScheduledAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? RtmpUrl { get; init; }
    public string? HlsUrl { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public long ViewerCount { get; init; }
    public Guid? PinnedId { get; init; }
    public Guid PinnedAuthorId { get; init; }
    public string? PinnedUsername { get; init; }
    public string? PinnedFullName { get; init; }
    public string? PinnedAvatar { get; init; }
    public bool PinnedIsVerified { get; init; }
    public string? PinnedContent { get; init; }
    public DateTimeOffset PinnedCreatedAt { get; init; }
    public long PeakViewerCount { get; init; }
    public long CommentCount { get; init; }
    public bool IsReminderSet { get; init; }
    public long? ReminderCount { get; init; }
}

internal sealed class LivePosition
{
    public Guid Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class LiveCommentRow
{
    public Guid Id { get; init; }
    public Guid AuthorId { get; init; }
    public string Username { get; init; } = "";
    public string FullName { get; init; } = "";
    public string? Avatar { get; init; }
    public bool IsVerified { get; init; }
    public string Content { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}
