using Dapper;
using Fowergram.Platform.Moderation;
using Npgsql;

namespace Fowergram.Platform.Content;

/// <summary>
/// Bringing back a taken-down thing whose stored objects are its uploads (a reel's or a video's stream and cover: upload_id,
/// thumbnail_upload_id), which media-cleanup deletes once released (<see cref="RecentlyDeleted.ReleasedUploads"/>). The hold
/// is the release time itself: released as of the appeal window's end, then not released at all while an appeal is open,
/// then released now when the removal is upheld. A kind gives its table and the event its owner's restore raises.
/// </summary>
public abstract class ReleasedUploadsReinstatement : IReinstatement
{
    public abstract string TargetType { get; }

    /// <summary>The table, with id, user_id, deleted_at, restorable_until, upload_id and thumbnail_upload_id.</summary>
    protected abstract string Table { get; }

    /// <summary>Raises what the owner's restore raises, with no actor (the thing is back by a moderator's decision).</summary>
    protected abstract Task RaiseReinstatedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid id, Guid ownerId, CancellationToken ct);

    public Task HoldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset until, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE uploads SET released_at = @until FROM {Table} t
             WHERE t.id = @targetId AND uploads.id IN (t.upload_id, t.thumbnail_upload_id) AND uploads.object_deleted_at IS NULL
            """, new { targetId, until }, tx, cancellationToken: ct));

    // Refused once any object is released as of now (media-cleanup may be deleting it: it takes only those released a grace
    // ago) or deleted; otherwise none is released until the decision.
    public async Task<bool> KeepAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        var ended = await conn.ExecuteScalarAsync<bool>(new CommandDefinition($"""
            SELECT EXISTS (SELECT 1 FROM {Table} t JOIN uploads u ON u.id IN (t.upload_id, t.thumbnail_upload_id)
                            WHERE t.id = @targetId AND (u.released_at <= @now OR u.object_deleted_at IS NOT NULL))
            """, new { targetId, now }, tx, cancellationToken: ct));
        if (ended) return false;
        await conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE uploads SET released_at = NULL FROM {Table} t
             WHERE t.id = @targetId AND uploads.id IN (t.upload_id, t.thumbnail_upload_id)
            """, new { targetId }, tx, cancellationToken: ct));
        return true;
    }

    public Task ReleaseAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition($"""
            UPDATE uploads SET released_at = @now FROM {Table} t
             WHERE t.id = @targetId AND uploads.id IN (t.upload_id, t.thumbnail_upload_id) AND uploads.object_deleted_at IS NULL
               AND (uploads.released_at IS NULL OR uploads.released_at > @now)
            """, new { targetId, now }, tx, cancellationToken: ct));

    /// <summary>
    /// What a kind does before the thing comes back, when its rows have places in something it must lock first (a video's
    /// series). Nothing by default.
    /// </summary>
    protected virtual Task BeforeReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct) =>
        Task.CompletedTask;

    public async Task<bool> ReinstateAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid targetId, DateTimeOffset now, CancellationToken ct)
    {
        await BeforeReinstateAsync(conn, tx, targetId, now, ct);
        // Held objects are unreleased (KeepAsync): a released or deleted one means the hold ended, or the account purge let it go.
        var owner = await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition($"""
            UPDATE {Table} t SET deleted_at = NULL, restorable_until = NULL, updated_at = @now
             WHERE t.id = @targetId AND t.deleted_at IS NOT NULL
               AND EXISTS (SELECT 1 FROM users a WHERE a.id = t.user_id AND a.deleted_at IS NULL)
               AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.id IN (t.upload_id, t.thumbnail_upload_id)
                                AND (u.released_at IS NOT NULL OR u.object_deleted_at IS NOT NULL))
            RETURNING t.user_id
            """, new { targetId, now }, tx, cancellationToken: ct));
        if (owner is null) return false;
        await RaiseReinstatedAsync(conn, tx, targetId, owner.Value, ct);
        return true;
    }
}
