using Dapper;
using Fowergram.Platform.Data;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Insights;

/// <summary>
/// Deletes what insights alone recorded — profile visits, lost followers and accounts reached — and the days of time spent once it is older than the longest insights
/// window (<see cref="InsightsApi.MaxDays"/> days): nothing reads it any more, and each row names an account, kept no
/// longer than it is used. Posts past their window have their impressions settled into totals (<see cref="PostImpressions.Settle"/>). Batches of short statements, each table through its time index; idempotent, safe to run twice,
/// concurrently or late.
/// </summary>
public sealed class InsightsRetentionJob(NpgsqlDataSource db, ILogger<InsightsRetentionJob> logger) : IScheduledJob
{
    public const string JobName = "insights-retention";
    public const string JobSchedule = "0 10 4 * * *";

    private const int SettleBatch = 5_000;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromDays(1);

    /// <summary>The first UTC day of visits still kept at <paramref name="now"/>: the longest window's oldest day.</summary>
    public static DateOnly OldestKept(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - InsightsApi.MaxDays);

    /// <summary>Posts past their window, a batch of rows at a time, each batch a statement of its own.</summary>
    private static async Task<long> SettleImpressionsAsync(NpgsqlConnection conn, DateTimeOffset now, CancellationToken ct)
    {
        var (settled, windowStart) = (0L, now.AddDays(-InsightsApi.MaxDays));
        for (int posts; (posts = await conn.ExecuteAsync(new CommandDefinition(PostImpressions.Settle,
                 new { windowStart, now, batch = SettleBatch }, cancellationToken: ct))) > 0;)
            settled += posts;
        return settled;
    }

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var visits = await BatchDelete.RunAsync(conn, "profile_visits", "day < @oldest", new { oldest = OldestKept(now) }, ct);
        var reach = await BatchDelete.RunAsync(conn, "account_reach", "last_day < @oldest", new { oldest = OldestKept(now) }, ct);
        var losses = await BatchDelete.RunAsync(conn, "follower_losses", "lost_at <= @before", new { before = now.AddDays(-InsightsApi.MaxDays) }, ct);
        // Time spent (docs/accounts.md "Time spent") is read over at most as many days, by the same UTC-day rule.
        var spent = await BatchDelete.RunAsync(conn, "account_time_spent", "day < @oldest", new { oldest = OldestKept(now) }, ct);
        var settled = await SettleImpressionsAsync(conn, now, ct);
        logger.LogInformation("Insights retention deleted {Visits} profile visits, {Reach} accounts reached, {Losses} lost followers and {Spent} days of time spent, and settled {Settled} posts' impressions",
            visits, reach, losses, spent, settled);
    }
}
