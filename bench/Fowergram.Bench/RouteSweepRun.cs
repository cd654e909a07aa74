using Npgsql;

namespace Fowergram.Bench;

/// <summary>
/// The tool's --route-sweep mode: the Server host in this process against the benchmark database (as for the HTTP figures),
/// every GET route timed as the heavy and the median reader. Reads only, but for what a GET route writes itself.
/// </summary>
public static class RouteSweepRun
{
    public const int Steps = 5;

    public static async Task<string> RunAsync(NpgsqlDataSource db, DatasetInfo info, BenchSettings settings, ProgressDisplay progress)
    {
        var (median, medianFollowees) = await progress.StepAsync("find the median reader", () => DbFigures.MedianReaderAsync(db, info),
            r => $"{r.Followees} followees");
        var targets = await progress.StepAsync("route sweep: find the parameters", () => RouteTargets.FindAsync(db, info, median, medianFollowees),
            t => $"author {t.Author}, post with {t.PostLikes:N0} likes");
        var serverConnection = new NpgsqlConnectionStringBuilder(db.ConnectionString) { MaxPoolSize = settings.ServerPool }.ConnectionString;
        await using var server = await progress.StepAsync("start the Server host", () => BenchServer.StartAsync(serverConnection, info),
            s => $"{RouteSweep.GetRoutes(s).Count} GET routes");
        var figures = new List<RouteFigure>();
        var skipped = new List<(string, string)>();
        foreach (var reader in targets.Readers)
            figures.AddRange(await progress.StepAsync($"route sweep as the {reader.Label} reader ({reader.Followees:N0} followees)",
                () => RouteSweep.RunAsync(server, targets, reader, settings.RouteRuns, settings.RouteMatch, figures.Count == 0 ? skipped : null),
                f => $"{f.Count} measurements, {f.Count(r => r.P50Ms > settings.RouteThreshold)} above {settings.RouteThreshold} ms"));
        return RouteSweepReport.Format(new RouteSweepFigure(targets, figures, skipped), settings.RouteThreshold);
    }
}
