using Dapper;
using Fowergram.Features.Social;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// The broadcaster's moderation of a broadcast (docs/live.md "Moderation"), two lists with the same routes shape (PUT adds,
/// idempotent; DELETE lifts; GET lists):
/// <list type="bullet">
/// <item>removed viewers (migration 0093): the account leaves at once and from then on the broadcast is hidden from it as a
/// block would hide it (<see cref="LiveSql.VisibleTo"/>): no rejoining, commenting, reminder or notice; its comments leave the
/// list;</item>
/// <item>muted commenters (migration 0104): the account may go on watching but not comment in this broadcast (403).</item>
/// </list>
/// Every change holds the broadcaster's lock on the stream, which joins, comments and reminders also take.
/// </summary>
public sealed class LiveModerationApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    /// <summary>One list: its table, what adding does besides the row, and how a 409 and a self-400 name the action.</summary>
    private sealed record Sanction(string Table, string Verb, bool ClosesViewing)
    {
        public string Insert => $"""
            INSERT INTO {Table} (stream_id, user_id, created_at) VALUES (@streamId, @viewer, @now) ON CONFLICT (stream_id, user_id) DO NOTHING
            """;

        public string Delete => $"DELETE FROM {Table} WHERE stream_id = @streamId AND user_id = @viewer";

        /// <summary>The accounts on the list that are still live, most recently added first.</summary>
        public string List => $"""
            SELECT {UserLists.UserColumns}, r.created_at AS since
              FROM {Table} r JOIN users u ON u.id = r.user_id
             WHERE r.stream_id = @streamId AND u.deleted_at IS NULL AND u.is_active
               AND (@afterAt::timestamptz IS NULL OR (r.created_at, r.user_id) < (@afterAt::timestamptz, @afterId::uuid))
             ORDER BY r.created_at DESC, r.user_id DESC LIMIT @take
            """;
    }

    private static readonly Sanction Removal = new("live_stream_removals", "remove", ClosesViewing: true);
    private static readonly Sanction CommentMute = new("live_comment_mutes", "mute", ClosesViewing: false);

    private const string ForgetReminder = "DELETE FROM live_reminders WHERE stream_id = @streamId AND user_id = @viewer";

    public Task<IResult> Remove(HttpRequest request, string id, string username, CancellationToken ct) => ApplyAsync(request, Removal, id, username, ct);

    /// <summary>Lifts a removal in any status (nothing to lift is a 204 too): the broadcast is visible to the account again.</summary>
    public Task<IResult> Restore(HttpRequest request, string id, string username, CancellationToken ct) => LiftAsync(request, Removal, id, username, ct);

    public Task<IResult> Removed(HttpRequest request, string id, CancellationToken ct) => ListAsync(request, Removal, id, ct);

    public Task<IResult> Mute(HttpRequest request, string id, string username, CancellationToken ct) => ApplyAsync(request, CommentMute, id, username, ct);

    /// <summary>Lets a muted account comment again (204 whether or not it was muted).</summary>
    public Task<IResult> Unmute(HttpRequest request, string id, string username, CancellationToken ct) => LiftAsync(request, CommentMute, id, username, ct);

    public Task<IResult> Muted(HttpRequest request, string id, CancellationToken ct) => ListAsync(request, CommentMute, id, ct);

    /// <summary>Only for broadcasts that are still to come or live; after that there is nobody to remove or mute.</summary>
    private async Task<IResult> ApplyAsync(HttpRequest request, Sanction sanction, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var status = await LockOwnAsync(conn, tx, streamId, caller, ct);
        if (status is null) return Problems.NotFound("live stream");
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        if (await SocialTargets.FindVisibleAsync(conn, caller, username, ct, tx) is not { } viewer) return Problems.NotFound("user");
        if (viewer == caller.UserId) return SocialTargets.Self($"{sanction.Verb} in your broadcast");
        if (status is not ("scheduled" or "live"))
            return Problems.Conflict($"Only a scheduled or live broadcast has viewers to {sanction.Verb}; this one's status is '{status}'.");
        var now = Timestamps.Now(time);
        var args = new { streamId, viewer, now };
        await conn.ExecuteAsync(new CommandDefinition(sanction.Insert, args, tx, cancellationToken: ct));
        if (sanction.ClosesViewing)
        {
            await conn.ExecuteAsync(new CommandDefinition(ForgetReminder, args, tx, cancellationToken: ct));
            await LiveAudience.CloseAsync(conn, tx, streamId, viewer, now, ct);
            // A removed account is off the air too (left), or its invitation expires.
            await conn.ExecuteAsync(new CommandDefinition(LiveGuestsSql.Close, new { streamId, guest = (Guid?)viewer, now }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private async Task<IResult> LiftAsync(HttpRequest request, Sanction sanction, string id, string username, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await LockOwnAsync(conn, tx, streamId, caller, ct) is null) return Problems.NotFound("live stream");
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        // The broadcaster's own entry is lifted whatever the account's state (deactivated, suspended, blocking either way: until
        // 2026-12-07 a 404, and a removal kept the account out once it was back); else an account the broadcaster may see.
        if (await SocialTargets.FindForRemovalAsync(conn, tx, caller, username, sanction.Table, "stream_id", "user_id", ct, owner: streamId)
            is not { } viewer) return Problems.NotFound("user");
        await conn.ExecuteAsync(new CommandDefinition(sanction.Delete, new { streamId, viewer }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    private async Task<IResult> ListAsync(HttpRequest request, Sanction sanction, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        if (!PageRequest.TryRead(request, out var page, out var invalid)) return invalid!;
        await using var conn = await db.OpenConnectionAsync(ct);
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(OwnSql, new { streamId, callerId = caller.UserId }, cancellationToken: ct)) is null)
            return await GoneCaller.NotFoundAsync(conn, caller.UserId, "live stream", ct);
        return Api.Ok(await UserLists.PageAsync(conn, sanction.List, new { streamId }, page, r => r.ToItem(), ct));
    }

    /// <summary>See <see cref="LiveSql.IsRemoved"/>: callers hold the stream's lock.</summary>
    internal static Task<bool> IsRemovedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Guid viewer, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(LiveSql.IsRemoved, new { streamId, viewer }, tx, cancellationToken: ct));

    /// <summary>Whether the broadcaster muted @viewer's comments here; asked, like <see cref="IsRemovedAsync"/>, under the stream's lock.</summary>
    internal static Task<bool> IsMutedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Guid viewer, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition(LiveSql.IsMuted, new { streamId, viewer }, tx, cancellationToken: ct));

    // The broadcaster's own broadcast, while the broadcaster's account is live: a gone account's token lists nothing (its 401).
    private static readonly string OwnSql = $"SELECT id FROM live_streams WHERE id = @streamId AND user_id = @callerId AND {LiveCaller.Is("@callerId")}";

    private static Task<string?> LockOwnAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid streamId, Caller caller, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LiveSql.LockOwn, new { streamId, callerId = caller.UserId }, tx, cancellationToken: ct));
}
