using System.Diagnostics;
using Dapper;
using Fowergram.Features.Feed;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Fowergram.Bench;

/// <summary>The explore ranking: how long the explore-refresh job takes on the dataset, and how many posts it ranked.</summary>
public sealed record ExploreRanking(double RefreshMs, long WindowPosts, long Ranked);

public static class ExploreFigures
{
    /// <summary>Runs explore-refresh once on the dataset, as its timer would (background services are off in the bench host).</summary>
    public static async Task<ExploreRanking> RefreshAsync(BenchServer server, NpgsqlDataSource db)
    {
        var job = server.Services.GetServices<IScheduledJob>().Single(j => j.Name == ExploreRefreshJob.JobName);
        var clock = Stopwatch.StartNew();
        await job.RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var refreshMs = clock.Elapsed.TotalMilliseconds;
        await using var conn = await db.OpenConnectionAsync();
        var window = await conn.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM posts WHERE deleted_at IS NULL AND NOT is_archived AND created_at > now() - @window::interval",
            new { window = $"{ExploreRefreshJob.Window.TotalDays} days" });
        return new ExploreRanking(refreshMs, window, await conn.ExecuteScalarAsync<long>("SELECT count(*) FROM explore_candidates"));
    }
}
