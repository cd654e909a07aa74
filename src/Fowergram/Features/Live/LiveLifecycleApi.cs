using Dapper;
using Fowergram.Platform.Auth;
using Fowergram.Platform.Content;
using Fowergram.Platform.Events;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// The broadcaster's transitions (0006's CHECKs): scheduled → live (start), live → ended (end), scheduled → cancelled
/// (cancel). Anything else is 409 naming the current status; another account's id is 404. At most one live broadcast per
/// account: the unique index live_streams_one_live_per_user decides between concurrent starts.
/// </summary>
public sealed class LiveLifecycleApi(NpgsqlDataSource db, AccessTokens tokens, LiveReader reader, TimeProvider time)
{
    public Task<IResult> Start(HttpRequest request, string id, CancellationToken ct) => TransitionAsync(request, id, "scheduled", "start", ct);
    public Task<IResult> End(HttpRequest request, string id, CancellationToken ct) => TransitionAsync(request, id, "live", "end", ct);
    public Task<IResult> Cancel(HttpRequest request, string id, CancellationToken ct) => TransitionAsync(request, id, "scheduled", "cancel", ct);

    /// <summary>
    /// The broadcaster's app says the broadcast is still on (docs/live.md "Heartbeats"): 204 while live, 409 naming the status
    /// otherwise (an ended one may have been ended by live-auto-end), 404 for another account's, 401 for a gone account's token.
    /// </summary>
    public async Task<IResult> Heartbeat(HttpRequest request, string id, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        await using var conn = await db.OpenConnectionAsync(ct);
        var (live, beat, status) = await conn.QuerySingleAsync<(bool, bool, string?)>(new CommandDefinition(LiveSql.Heartbeat,
            new { streamId, callerId = caller.UserId, now = Timestamps.Now(time) }, cancellationToken: ct));
        if (status is null) return Problems.NotFound("live stream");
        if (!live) return Problems.AccountGone();
        if (beat) return Api.NoContent();
        // Live when the statement began but not when its update got the row: an end (the broadcaster's or live-auto-end's) came first.
        return Problems.Conflict($"Only a live broadcast takes heartbeats; this one's status is '{(status == "live" ? "ended" : status)}'.");
    }

    private async Task<IResult> TransitionAsync(HttpRequest request, string id, string from, string action, CancellationToken ct)
    {
        if (tokens.CallerOf(request) is not { } caller) return Problems.Unauthorized();
        if (!LiveRules.TryParseId(id, out var streamId)) return Problems.NotFound("live stream");
        var now = Timestamps.Now(time);
        var args = new { streamId, callerId = caller.UserId, now };
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var tx = await conn.BeginTransactionAsync(ct))
        {
            var status = await conn.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(LiveSql.LockOwn, args, tx, cancellationToken: ct));
            if (status is null) return Problems.NotFound("live stream");
            // No transition is a deleted or suspended account's token's to make (its going ends what is live and keeps what is
            // scheduled for a restore). Checked under the broadcast's lock: a suspension or deletion locks its broadcasts too, so
            // one committed before this is seen here, and one committing after finds the broadcast live and ends it.
            if (!await People.IsLiveAsync(conn, tx, caller.UserId, ct)) return Problems.AccountGone();
            if (status != from) return Problems.Conflict($"Cannot {action} a broadcast whose status is '{status}'.");
            switch (action)
            {
                case "start":
                    try
                    {
                        await conn.ExecuteAsync(new CommandDefinition(LiveSql.Start, args, tx, cancellationToken: ct));
                    }
                    catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "live_streams_one_live_per_user" })
                    {
                        return Problems.Conflict("You already have a live broadcast; end it before starting another.");
                    }
                    await Outbox.EnqueueAsync(conn, tx, time, LiveEvents.Started, caller.UserId, LiveEvent.Of(streamId, caller.UserId), ct);
                    break;
                case "end":
                    await LiveTakedown.EndAsync(conn, tx, time, caller.UserId, streamId, caller.UserId, now, ct);
                    break;
                default:
                    await conn.ExecuteAsync(new CommandDefinition(LiveSql.Cancel, args, tx, cancellationToken: ct));
                    break;
            }
            // Read before the commit (LiveReader.ReadAsync): after it, a suspension landing in between answered 404 for a
            // transition that had been made. The broadcast is locked and the account was just seen live, so it is there.
            if (await reader.ReadAsync(conn, caller.UserId, streamId, ct, tx) is not { } view) return Problems.NotFound("live stream");
            await tx.CommitAsync(ct);
            return Api.Ok(view);
        }
    }
}
