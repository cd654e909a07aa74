using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// PUT/DELETE /live/{id}/reminder (docs/live.md "Reminders"): "remind me" on a scheduled broadcast the caller may see;
/// live-notifications sends the reminded the live_started notice when it starts, as it does the followers. Both idempotent.
/// Setting one share-locks the broadcast while it is still scheduled: a start (which locks it for update) waits for the
/// reminder to commit, so the notice's recipients include it, or goes first, and the reminder is then refused (409).
/// </summary>
public sealed class LiveRemindersApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    private const string Set = """
        INSERT INTO live_reminders (stream_id, user_id, created_at) VALUES (@streamId, @viewer, @now)
        ON CONFLICT (stream_id, user_id) DO NOTHING
        """;

    private const string Clear = "DELETE FROM live_reminders WHERE stream_id = @streamId AND user_id = @viewer";

    public async Task<IResult> Remind(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        var stream = await conn.QuerySingleOrDefaultAsync<SharedStream>(new CommandDefinition(LiveSql.ShareVisibleWithOwner,
            new { streamId, viewer = caller.UserId }, tx, cancellationToken: ct));
        if (stream is null || await LiveModerationApi.IsRemovedAsync(conn, tx, streamId, caller.UserId, ct)) return Problems.NotFound("live stream");
        if (stream.UserId == caller.UserId) return Problems.Conflict("You are the broadcaster; your followers are told when you go live.");
        if (stream.Status != "scheduled")
            return Problems.Conflict($"Only a scheduled broadcast can have a reminder; this one's status is '{stream.Status}'.");
        await conn.ExecuteAsync(new CommandDefinition(Set, new { streamId, viewer = caller.UserId, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    /// <summary>
    /// Takes the reminder back, whatever the broadcast's status and whether or not the caller may still see it: the
    /// reminder is the caller's own, so a block either way, a hide or a cancellation never keeps it (before, they made this
    /// a 404 and the reminder stayed). With none to take back it is a 204 for a broadcast the caller may see, else a 404,
    /// so a made-up or hidden broadcast reveals nothing.
    /// </summary>
    public async Task<IResult> Forget(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        if (!await People.IsLiveAsync(conn, null, caller.UserId, ct)) return Problems.AccountGone();
        if (await conn.ExecuteAsync(new CommandDefinition(Clear, new { streamId, viewer = caller.UserId }, cancellationToken: ct)) > 0)
            return Api.NoContent();
        return await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(LiveSql.CanSee, new { streamId, viewer = caller.UserId }, cancellationToken: ct)) is null
            ? Problems.NotFound("live stream")
            : Api.NoContent();
    }

    private sealed class SharedStream
    {
        public string Status { get; init; } = "";
        public Guid UserId { get; init; }
    }
}
