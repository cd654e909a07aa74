using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// The broadcaster removes someone from a broadcast (docs/live.md "Removing a viewer"): PUT removes (idempotent), DELETE lifts
/// the removal, GET lists them. A removed account leaves at once, and from then on the broadcast is hidden from it as a block
/// would hide it (<see cref="LiveSql.VisibleTo"/>): no rejoining, commenting, reminder or notice; its comments leave the list.
/// Every change holds the broadcaster's lock on the stream, which joins, comments and reminders also take.
/// </summary>
public sealed class LiveModerationApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const string Insert = """
        INSERT INTO live_stream_removals (stream_id, user_id, created_at) VALUES (@streamId, @viewer, @now)
        ON CONFLICT (stream_id, user_id) DO NOTHING;
        DELETE FROM live_reminders WHERE stream_id = @streamId AND user_id = @viewer;
        """;

    private const string Delete = "DELETE FROM live_stream_removals WHERE stream_id = @streamId AND user_id = @viewer";

    /// <summary>The removed accounts that are still live, most recently removed first.</summary>
    private static readonly string List = $"""
        SELECT {UserLists.UserColumns}, r.created_at AS since
          FROM live_stream_removals r JOIN users u ON u.id = r.user_id
         WHERE r.stream_id = @streamId AND u.deleted_at IS NULL AND u.is_active
           AND (@afterAt::timestamptz IS NULL OR (r.created_at, r.user_id) < (@afterAt::timestamptz, @afterId::uuid))
         ORDER BY r.created_at DESC, r.user_id DESC LIMIT @take
        """;

    /// <summary>Removing is for broadcasts that are still to come or live; after that there is nobody to remove.</summary>
    public async Task<IResult> Remove(HttpRequest request, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var status = await LockOwnAsync(conn, tx, streamId, caller, ct);
        if (status is null) return Problems.NotFound("live stream");
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } viewer) return Problems.NotFound("user");
        if (viewer == caller.UserId) return SocialTargets.Self("remove from your broadcast");
        if (status is not ("scheduled" or "live"))
            return Problems.Conflict($"Only a scheduled or live broadcast has viewers to remove; this one's status is '{status}'.");
        var now = Timestamps.Now(time);
        await conn.ExecuteAsync(new CommandDefinition(Insert, new { streamId, viewer, now }, tx, cancellationToken: ct));
        await LiveAudience.CloseAsync(conn, tx, streamId, viewer, now, ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>Lifts a removal in any status (nothing to lift is a 204 too): the broadcast is visible to the account again.</summary>
    public async Task<IResult> Restore(HttpRequest request, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await LockOwnAsync(conn, tx, streamId, caller, ct) is null) return Problems.NotFound("live stream");
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } viewer) return Problems.NotFound("user");
        await conn.ExecuteAsync(new CommandDefinition(Delete, new { streamId, viewer }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public async Task<IResult> Removed(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(OwnSql, new { streamId, callerId = caller.UserId }, cancellationToken: ct)) is null)
            return Problems.NotFound("live stream");
        return Api.Ok(await UserLists.PageAsync(conn, List, new { streamId }, page, r => r.ToItem(), ct));
    }

    /// <summary>See <see cref="LiveSql.IsRemoved"/>: callers hold the stream's lock.</summary>
    internal static Task<bool> IsRemovedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Guid viewer, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(LiveSql.IsRemoved, new { streamId, viewer }, tx, cancellationToken: ct));

    private const string OwnSql = "SELECT id FROM live_streams WHERE id = @streamId AND user_id = @callerId";

    private static Task<string?> LockOwnAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Caller caller, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LiveSql.LockOwn, new { streamId, callerId = caller.UserId }, tx, cancellationToken: ct));
}
