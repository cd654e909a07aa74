using Dapper;
using Fowergram.Platform.Http;
using Microsoft.AspNetCore.Http;
using Npgsql;

namespace Fowergram.Features.Videos;

/// <summary>
/// How many videos a series holds (docs/videos.md "Episode order"): at most <see cref="MaxVideos"/> live ones, drafts included —
/// what a reorder must list, so that one order always fits one request. Only joining is refused; a restore or a reinstatement
/// brings a video back to its place while there is room, and outside the series when it is full (<see cref="KeepPlaceOrLeaveAsync"/>).
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

    // The series a deleted video still names (it keeps its place while it may come back), locked as a join locks it: before
    // the video, the order every writer of a series' places takes (docs/videos.md "Episode order"). With @ownerId (an owner's
    // restore) only that owner's video still in their Recently deleted; without (a reversed takedown) the video whoever owns it.
    private const string LockSeriesOfDeleted = """
        SELECT s.id FROM igtv_series s JOIN igtv_videos v ON v.series_id = s.id
         WHERE v.id = @videoId AND v.deleted_at IS NOT NULL
           AND (@ownerId::uuid IS NULL OR (v.user_id = @ownerId AND v.restorable_until > @now))
           FOR NO KEY UPDATE OF s
        """;

    private const string LeaveSeries = """
        UPDATE igtv_videos SET series_id = NULL WHERE id = @videoId AND series_id = @seriesId AND deleted_at IS NOT NULL
        """;

    /// <summary>
    /// Before a deleted video comes back (its owner's restore, a reversed takedown): it keeps its place in its series when the
    /// series has room, and otherwise comes back outside it, as when the series was deleted meanwhile. Coming back is never
    /// refused for room — the restore window may be running out — and a series never goes past the cap, so it can always be
    /// reordered. The count is taken under the series' lock, as a join's is, so two videos coming back at once cannot both
    /// take the last place.
    /// </summary>
    public static async Task KeepPlaceOrLeaveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid videoId, Guid? ownerId, DateTimeOffset now,
        CancellationToken ct)
    {
        if (await conn.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(LockSeriesOfDeleted, new { videoId, ownerId, now }, tx, cancellationToken: ct))
            is not { } seriesId) return;
        if (await HasRoomAsync(conn, tx, seriesId, ct)) return;
        await conn.ExecuteAsync(new CommandDefinition(LeaveSeries, new { videoId, seriesId }, tx, cancellationToken: ct));
    }

    public static IResult Full() => Problems.Conflict(
        $"The series already holds {MaxVideos} videos, as many as a series may; take one out or use another series.",
        new Dictionary<string, string[]> { ["seriesId"] = [$"This series is full: a series holds at most {MaxVideos} videos."] });

    public static IResult OrderTooLong() => Problems.Validation("videoIds",
        $"A series holds at most {MaxVideos} videos, so an order lists at most {MaxVideos}.");

    public static IResult OverCap() => Problems.Conflict(
        $"The series holds more than {MaxVideos} videos (it was filled before the cap); " +
        "move videos out of it until it holds at most that many, then reorder it.",
        new Dictionary<string, string[]> { ["videoIds"] = [$"An order lists at most {MaxVideos} videos; this series holds more."] });
}
