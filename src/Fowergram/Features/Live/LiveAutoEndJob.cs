using Dapper;
using Fowergram.Platform.Events;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fowergram.Features.Live;

/// <summary>
/// Ends live broadcasts whose broadcaster fell silent (no heartbeat for <see cref="LiveOptions.HeartbeatTimeout"/>) or that
/// ran past <see cref="LiveOptions.MaxDuration"/>, every minute, as the broadcaster's "end" would: viewers counted out,
/// live_stream.ended raised (with no actor: nobody chose to end it). Without it a broadcast whose phone lost its
/// connection would stay "live" in every follower's list for ever. Then it closes the viewer rows every end left open
/// (<see cref="LiveAudience.CloseEndedAsync"/>), which an end leaves to it so that it costs the same however many watched.
/// Idempotent; concurrent runs skip each other's rows.
/// </summary>
public sealed class LiveAutoEndJob(NpgsqlDataSource db, IOptions<LiveOptions> options, TimeProvider time, ILogger<LiveAutoEndJob> logger)
    : IScheduledJob
{
    public const string JobName = "live-auto-end";
    public const string JobSchedule = "0 * * * * *";

    /// <summary>Broadcasts ended per transaction.</summary>
    public const int Batch = 100;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        var args = new { silentSince = now - settings.HeartbeatTimeout, startedBefore = now - settings.MaxDuration, batch = Batch };
        var ended = 0;
        await using var conn = await db.OpenConnectionAsync(ct);
        while (true)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var streams = (await conn.QueryAsync<(Guid Id, Guid UserId)>(new CommandDefinition(LiveSql.Abandoned, args, tx, cancellationToken: ct))).ToList();
            foreach (var (id, userId) in streams)
            {
                await LiveTakedown.EndAsync(conn, tx, time, null, id, userId, now, ct);
            }
            await tx.CommitAsync(ct);
            ended += streams.Count;
            if (streams.Count < Batch) break;
        }
        if (ended > 0) logger.LogInformation("Ended {Count} live broadcasts that fell silent or ran too long", ended);
        var closed = await LiveAudience.CloseEndedAsync(conn, ct);
        if (closed > 0) logger.LogInformation("Closed {Count} viewer rows of ended live broadcasts", closed);
    }
}
