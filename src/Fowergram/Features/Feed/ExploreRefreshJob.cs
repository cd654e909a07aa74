using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Feed;

/// <summary>
/// Ranks the explore window once for everyone (<see cref="ExploreSql.Refresh"/>), every fifteen minutes: new posts and
/// new engagement reach explore within that. Idempotent; two runs at once serialise on a lock of the table (reads do
/// not wait for it) and the later ranking stays. Readers re-check everything about the caller at read time, so a stale ranking can only be
/// out of date in its order, never show what the caller may not see.
/// </summary>
public sealed class ExploreRefreshJob(NpgsqlDataSource db, ILogger<ExploreRefreshJob> logger) : IScheduledJob
{
    public const string JobName = "explore-refresh";
    public const string JobSchedule = "0 */15 * * * *";

    /// <summary>Posts of this age or younger can be explored.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    /// <summary>
    /// At most this many of the window's newest shown posts are ranked, so a run costs the same however many posts
    /// were made in the window (as trending reels cap theirs, docs/reels.md).
    /// </summary>
    public const int Scan = 20_000;

    /// <summary>No account fills the grid: at most this many of its posts are ranked.</summary>
    public const int PerAuthor = 3;

    /// <summary>The ranking's length: enough for a caller who follows or mutes many of its accounts to still fill pages.</summary>
    public const int Keep = 1_000;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        var changed = await RankingRefresh.ReplaceAsync(db, ExploreSql.Refresh,
            new { now, since = now - Window, scan = Scan, perAuthor = PerAuthor, keep = Keep }, ct);
        logger.LogInformation("Explore ranking refreshed ({Rows} rows deleted and inserted)", changed);
    }
}
