using Dapper;
using Fowergram.Platform;
using Fowergram.Platform.Content;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Settles the trials whose 72 hours are over (<see cref="TrialReelsSql.Settle"/>): shared with the followers when the author
/// asked for auto-share and the trial beat the author's usual plays, ended otherwise (still shown to non-followers only).
/// Batches of <see cref="Batch"/>, each in its own transaction with the announcements and the author's notice; two runs at
/// once skip each other's locked rows, and a trial already settled is never looked at again, so a late or repeated run is
/// harmless. Nothing a follower sees waits for it: a trial is hidden from them until it is shared, whether or not it has ended.
/// </summary>
public sealed class TrialReelsJob(NpgsqlDataSource db, TimeProvider time, ILogger<TrialReelsJob> logger) : IScheduledJob
{
    public const string JobName = "trial-reels";
    public const string JobSchedule = "0 */5 * * * *";
    private const int Batch = 200;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var (shared, ended) = (0, 0);
        while (true)
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            var settled = (await conn.QueryAsync<SettledTrial>(new CommandDefinition(TrialReelsSql.Settle,
                new { now, batch = Batch, compared = TrialReelRules.Compared, minCompared = TrialReelRules.MinCompared }, tx, cancellationToken: ct))).ToList();
            foreach (var reel in settled)
            {
                if (reel.Shared) await TrialReels.AnnounceAsync(conn, tx, time, reel, ct);
                var message = reel.Shared
                    ? "Your trial reel did well and was shared with your followers."
                    : "Your trial reel has ended. It stays visible to people who don't follow you until you share it with your followers.";
                await conn.ExecuteAsync(new CommandDefinition(TrialReelsSql.SettledNotice,
                    new { id = Ids.New(time), userId = reel.UserId, message, reelId = reel.Id, now = Timestamps.Now(time) }, tx, cancellationToken: ct));
            }
            await tx.CommitAsync(ct);
            shared += settled.Count(r => r.Shared);
            ended += settled.Count(r => !r.Shared);
            if (settled.Count < Batch) break;
        }
        if (shared + ended > 0) logger.LogInformation("Trial reels settled: {Shared} shared with followers, {Ended} ended", shared, ended);
    }
}
