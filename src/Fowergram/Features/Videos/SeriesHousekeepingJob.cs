using Dapper;
using Fowergram.Platform.Jobs;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// Takes the deleted videos that can never come back (past their restore window, deleted for good, a removal upheld) out of
/// their series (<see cref="SeriesSql.LetGoOfGone"/>), as a reorder does, for the series nobody reorders: otherwise every page
/// and video count of such a series walked past them for ever. One series a transaction, under the series' lock that every
/// join, move and reorder takes first, so it never meets them half-way. Places are not renumbered: a page's cursor is a
/// place (docs/videos.md "Episode order"), so closing the gaps under a reader would skip an episode on their next page; a
/// gap is never shown, and a join goes after the last place. Idempotent; a concurrent run finds nothing left in the series
/// it waited for. Reads never depend on it: a deleted video is invisible whether or not it still holds a place.
/// </summary>
public sealed class SeriesHousekeepingJob(NpgsqlDataSource db, ILogger<SeriesHousekeepingJob> logger) : IScheduledJob
{
    public const string JobName = "series-housekeeping";
    public const string JobSchedule = "0 40 * * * *";

    /// <summary>Series looked up per query; each is then tidied in a transaction of its own.</summary>
    public const int Batch = 100;

    public string Name => JobName;
    public string Schedule => JobSchedule;
    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var released = 0;
        while (true)
        {
            var series = (await conn.QueryAsync<Guid>(new CommandDefinition(SeriesSql.HoldingGone, new { now, batch = Batch }, cancellationToken: ct))).ToList();
            var releasedNow = 0;
            foreach (var seriesId in series) releasedNow += await LetGoAsync(conn, seriesId, now, ct);
            released += releasedNow;
            // A batch that let nothing go was taken by a concurrent run: what is left is theirs.
            if (series.Count < Batch || releasedNow == 0) break;
        }
        if (released > 0) logger.LogInformation("Took {Count} deleted video(s) that can no longer come back out of their series", released);
    }

    private static async Task<int> LetGoAsync(NpgsqlConnection conn, Guid seriesId, DateTimeOffset now, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        // The series went meanwhile (its deletion set every video's series_id to null already), or its owner's account is
        // deleted and the purge will take it whole (SeriesSql.LockSeries).
        if (await conn.ExecuteScalarAsync<Guid?>(new CommandDefinition(SeriesSql.LockSeries, new { seriesId }, tx, cancellationToken: ct)) is null) return 0;
        var released = await conn.ExecuteAsync(new CommandDefinition(SeriesSql.LetGoOfGone, new { seriesId, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return released;
    }
}
