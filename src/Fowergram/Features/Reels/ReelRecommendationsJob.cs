using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Reels;

/// <summary>
/// Ranks the window's reels once for everyone (<see cref="ReelRecommendationsSql.Refresh"/>), every fifteen minutes: new
/// reels and new engagement reach the recommended tab within that. Idempotent; two runs at once serialise on a lock of the
/// table (reads do not wait for it) and the later ranking stays. Readers re-check everything about the caller at read
/// time, so a stale ranking can only be out of date in its order, never show what the caller may not see.
/// </summary>
public sealed class ReelRecommendationsJob(NpgsqlDataSource db, ILogger<ReelRecommendationsJob> logger) : IScheduledJob
{
    public const string JobName = "reel-recommendations";
    public const string JobSchedule = "0 5-59/15 * * * *"; // five minutes after explore-refresh, so the two do not run at once

    /// <summary>Reels of this age or younger are recommended (trending's window).</summary>
    public static readonly TimeSpan Window = ReelListsApi.TrendingWindow;

    /// <summary>At most this many of the window's newest live reels are ranked, so a run costs the same however many were made.</summary>
    public const int Scan = 20_000;

    /// <summary>No account fills the tab: at most this many of its reels are ranked.</summary>
    public const int PerAuthor = 3;

    /// <summary>The ranking's length: enough for a caller who follows, mutes or has played many of its reels to still fill pages.</summary>
    public const int Keep = 1_000;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var changed = await RankingRefresh.ReplaceAsync(db, ReelRecommendationsSql.Refresh,
            new { now, since = now - Window, scan = Scan, perAuthor = PerAuthor, keep = Keep }, ct);
        logger.LogInformation("Reel recommendations refreshed ({Rows} rows deleted and inserted)", changed);
    }
}
