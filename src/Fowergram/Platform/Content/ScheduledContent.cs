using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// When scheduled content (posts, reels, channel messages) may be published: from 10 minutes ahead (sooner is posted at
/// once) to 75 days ahead (Instagram's limit), docs/posts.md "Scheduled posts". <c>atOnce</c> ends the message with the
/// route that posts at once ("to post at once, use POST /posts").
/// </summary>
internal static class PublishTimes
{
    public static readonly TimeSpan MinAhead = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(75);

    /// <summary>The body's <c>publishAt</c>: present, ISO 8601 with an offset, and <see cref="Within"/> the bounds; else a message naming it.</summary>
    public static DateTimeOffset? Read(string? text, DateTimeOffset now, string atOnce, Validation v)
    {
        if (text is null) v.Add("publishAt", "This field is required.");
        else if (!Instants.TryParse(text, out var at)) v.Add("publishAt", Instants.Expected);
        else return Within(at, now, atOnce, v);
        return null;
    }

    /// <summary><paramref name="at"/> in UTC when it lies within the bounds from <paramref name="now"/>; else a message naming <c>publishAt</c>.</summary>
    public static DateTimeOffset? Within(DateTimeOffset at, DateTimeOffset now, string atOnce, Validation v)
    {
        if (at >= now + MinAhead && at <= now + MaxAhead) return at.ToUniversalTime();
        v.Add("publishAt", $"Must be from 10 minutes to 75 days from now ({atOnce}).");
        return null;
    }
}

/// <summary>
/// The statements the tables of scheduled content share (scheduled_posts; scheduled_reels, migration 0172;
/// broadcast_channel_scheduled_messages, migration 0191). A row (alias <c>s</c>) has id, publish_at, the column of the
/// account it is published as (<c>owner</c>: user_id, sender_id), failed_at and failure, and goes when it is published or
/// cancelled. <c>select</c> is a table's own <c>SELECT … FROM</c> of its row, aliased <c>s</c>.
/// </summary>
internal static class ScheduledContentSql
{
    /// <summary>The row's account may post now: a deactivated or suspended account's rows wait for it to be active again.</summary>
    public static string OwnerMayPost(string owner) =>
        $"EXISTS (SELECT 1 FROM users a WHERE a.id = s.{owner} AND a.deleted_at IS NULL AND a.is_active)";

    /// <summary>The due rows of accounts that may post, oldest time first (the table's …_due index); binds @now and @batch.</summary>
    public static string Due(string table, string owner) => $"""
        SELECT s.id FROM {table} s
        WHERE s.publish_at <= @now AND {OwnerMayPost(owner)}
        ORDER BY s.publish_at, s.id LIMIT @batch
        """;

    /// <summary>
    /// A due row for the job, locked; null when another run holds it, it is gone, it was moved later meanwhile, or its
    /// account may not post now.
    /// </summary>
    public static string LockDue(string select, string owner) => $"""
        {select}
        WHERE s.id = @id AND s.publish_at <= @now AND {OwnerMayPost(owner)}
        FOR UPDATE OF s SKIP LOCKED
        """;

    /// <summary>One of the owner's (user_id) rows, locked until the transaction ends (edit, cancel, publish now).</summary>
    public static string LockOwned(string select) => $"""
        {select}
        WHERE s.id = @id AND s.user_id = @userId FOR UPDATE OF s
        """;

    /// <summary>Schedulings of one account take turns, so two at once cannot both pass the count (a lock of each table's own).</summary>
    public static string LockAccount(string table) => $"SELECT pg_advisory_xact_lock(hashtext('{table}'), hashtext(@userId::text))";

    public static string CountPending(string table) => $"SELECT count(*) FROM {table} WHERE user_id = @userId";

    /// <summary>An edit of the stored request and time; the last failure is forgotten, as the edit may have fixed it.</summary>
    public static string Update(string table) => $"""
        UPDATE {table} SET publish_at = @publishAt, request = @request::jsonb, updated_at = @now, failed_at = NULL, failure = NULL
        WHERE id = @id
        """;

    /// <summary>Cancelled or dropped, for a table with one claimed upload (upload_id): it is released for media clean-up, then the row goes.</summary>
    public static string CancelWithUpload(string table) => $"""
        UPDATE uploads SET released_at = @now
        WHERE id = (SELECT upload_id FROM {table} WHERE id = @id) AND released_at IS NULL;
        DELETE FROM {table} WHERE id = @id;
        """;

    /// <summary>
    /// The job could not publish it: its owner sees when and why until an edit or a later run succeeds. Only on the version
    /// the job tried (@version, its updated_at; null when it failed before holding the row): an edit that committed after the
    /// attempt rolled back cleared the failure, and writing it again showed the owner what the edit had fixed.
    /// </summary>
    public static string Failed(string table) => $"""
        UPDATE {table} SET failed_at = @now, failure = left(@failure, 500)
        WHERE id = @id AND (@version::timestamptz IS NULL OR updated_at = @version)
        """;

    /// <summary>Published: what it claimed now belongs to what was published.</summary>
    public static string Published(string table) => $"DELETE FROM {table} WHERE id = @id";

    /// <summary>
    /// The author is told the job published it (a system notice naming it, so the inbox shows it while it is there to see);
    /// publishing it oneself (POST …/publish) tells nobody. <paramref name="entityType"/>: "post", "reel"; binds @entityId.
    /// </summary>
    public static string SharedNotice(string entityType) => $"""
        INSERT INTO notifications (id, user_id, type, message, entity_type, entity_id, created_at)
        VALUES (@id, @userId, 'system', 'Your scheduled {entityType} was shared.', '{entityType}', @entityId, @now)
        """;
}

/// <summary>
/// The routes' hold on a row of an account's own scheduled content (scheduled posts, scheduled reels): only its owner sees
/// or changes one. <paramref name="what"/> names it in a 404 ("scheduled post"); <paramref name="lockOwnedSql"/> binds @id
/// and @userId (<see cref="ScheduledContentSql.LockOwned"/>); <paramref name="cancelSql"/> binds @id and @now.
/// </summary>
internal sealed class OwnedSchedule<TRow>(string what, string lockOwnedSql, string cancelSql) where TRow : class
{
    /// <summary>The answer for anyone else's id, or one never scheduled, cancelled, or published meanwhile.</summary>
    public IResult NotFound() => Problems.NotFound(what);

    /// <summary>The one view read for a GET by id, or the 404.</summary>
    public IResult OneOrNotFound<TView>(IReadOnlyList<TView> views) => views.Count == 1 ? Api.Ok(views[0]) : NotFound();

    /// <summary>
    /// The caller's row <paramref name="id"/>, locked until <paramref name="tx"/> ends; or the problem to answer instead:
    /// the caller's account is gone, or the row is not theirs (or no longer there).
    /// </summary>
    public async Task<(TRow? Row, IResult? Problem)> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, Guid id,
        CancellationToken ct)
    {
        if (!await People.IsLiveAsync(conn, tx, userId, ct)) return (null, Problems.AccountGone());
        var row = await conn.QuerySingleOrDefaultAsync<TRow>(new CommandDefinition(lockOwnedSql, new { id, userId }, tx, cancellationToken: ct));
        return row is null ? (null, NotFound()) : (row, null);
    }

    /// <summary>DELETE: the caller's row will not be published; what it claimed is released for media clean-up (204).</summary>
    public async Task<IResult> CancelAsync(NpgsqlDataSource db, Guid userId, Guid id, TimeProvider time, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var (_, problem) = await LockAsync(conn, tx, userId, id, ct);
        if (problem is not null) return problem;
        await conn.ExecuteAsync(new CommandDefinition(cancelSql, new { id, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}
