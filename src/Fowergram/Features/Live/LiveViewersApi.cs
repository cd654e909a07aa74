using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// POST /live/{id}/join and /leave, both idempotent. Join only while live, only for a live account that may see the
/// broadcaster's content, never the broadcaster nor a guest on the air (hosts are not viewers); a rejoin reopens the row and
/// its watch seconds keep adding up. Leave closes the open row, if any — also of a viewer the broadcast was hidden from after they joined.
/// </summary>
public sealed class LiveViewersApi(NpgsqlDataSource db, AccessTokens tokens, TimeProvider time)
{
    public async Task<IResult> Join(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Share-locked, before the stream: a suspension or deletion updates the row first, then stops the account watching
        // (LiveGuestDeparture), so a join either commits first and is closed by it, or waits for it and finds the account gone.
        if (await conn.ExecuteScalarAsync<bool?>(new CommandDefinition(LiveSql.ShareLiveViewer, new { viewer = caller.UserId }, tx,
                cancellationToken: ct)) is not true)
            return Problems.AccountGone();
        var stream = await conn.QuerySingleOrDefaultAsync<LockedStream>(new CommandDefinition(LiveSql.LockVisible,
            new { streamId, viewer = caller.UserId }, tx, cancellationToken: ct));
        if (stream is not { } s || await LiveModerationApi.IsRemovedAsync(conn, tx, streamId, caller.UserId, ct)) return Problems.NotFound("live stream");
        if (s.UserId == caller.UserId) return Problems.Conflict("You are the broadcaster; hosts are not counted as viewers.");
        // Asked under the stream's lock, which every change of a guest's status holds too.
        if (await conn.ExecuteScalarAsync<bool>(new CommandDefinition(LiveGuestsSql.IsOnAir, new { streamId, guest = caller.UserId }, tx, cancellationToken: ct)))
            return Problems.Conflict("You are on the air as a guest; guests are not counted as viewers.");
        if (s.Status != "live") return Problems.Conflict($"Only a live broadcast can be joined; this one's status is '{s.Status}'.");
        await LiveAudience.JoinAsync(conn, tx, streamId, caller.UserId, now, ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }

    public async Task<IResult> Leave(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        var now = Timestamps.Now(time);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var stream = await conn.QuerySingleOrDefaultAsync<LockedStream>(new CommandDefinition(LiveSql.LockLeaving,
            new { streamId, viewer = caller.UserId }, tx, cancellationToken: ct));
        if (stream is null) return Problems.NotFound("live stream");
        if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
        await LiveAudience.CloseAsync(conn, tx, streamId, caller.UserId, now, ct);
        await tx.CommitAsync(ct);
        return Api.NoContent();
    }
}

internal sealed class LockedStream
{
    public string Status { get; init; } = "";
    public Guid UserId { get; init; }
}
