using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// How many videos a series holds (docs/videos.md "Episode order"): at most <see cref="MaxVideos"/> live ones, drafts included —
/// what a reorder must list, so that one order always fits one request. Only joining is refused; a restore or a reinstatement
/// brings a video back to its place even past the cap, and such a series is reordered once it is back within it.
/// </summary>
internal static class SeriesCapacity
{
    /// <summary>
    /// A daily episode for almost three years (a longer run is split into seasons, a series each), and a full order is
    /// 39 KB of JSON, read, checked and written in one request.
    /// </summary>
    public const int MaxVideos = 1_000;

    // Counts no further than it needs to: an over-cap series costs no more than a full one.
    private const string LiveUpTo = """
        SELECT count(*) FROM (SELECT 1 FROM igtv_videos WHERE series_id = @seriesId AND deleted_at IS NULL LIMIT @limit) s
        """;

    /// <summary>The series' live video ids, when it holds no more than the cap; null when it does.</summary>
    public static async Task<HashSet<Guid>?> LiveVideoIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid seriesId, CancellationToken ct)
    {
        var ids = (await conn.QueryAsync<Guid>(new CommandDefinition(SeriesSql.LiveVideoIds, new { seriesId, limit = MaxVideos + 1 }, tx,
            cancellationToken: ct))).ToHashSet();
        return ids.Count > MaxVideos ? null : ids;
    }

    /// <summary>Whether one more video may join. The caller holds the series' lock (<see cref="VideosSql.LockOwnSeries"/>), as every join does.</summary>
    public static async Task<bool> HasRoomAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid seriesId, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long>(new CommandDefinition(LiveUpTo, new { seriesId, limit = MaxVideos }, tx, cancellationToken: ct)) < MaxVideos;

    public static IResult Full() => Problems.Conflict(
        $"The series already holds {MaxVideos} videos, as many as a series may; take one out or use another series.",
        new Dictionary<string, string[]> { ["seriesId"] = [$"This series is full: a series holds at most {MaxVideos} videos."] });

    public static IResult OrderTooLong() => Problems.Validation("videoIds",
        $"A series holds at most {MaxVideos} videos, so an order lists at most {MaxVideos}.");

    public static IResult OverCap() => Problems.Conflict(
        $"The series holds more than {MaxVideos} videos (videos brought back while it was full, or from before the cap); " +
        "move videos out of it until it holds at most that many, then reorder it.",
        new Dictionary<string, string[]> { ["videoIds"] = [$"An order lists at most {MaxVideos} videos; this series holds more."] });
}
