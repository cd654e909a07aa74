using System.Net;
using Dapper;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// Moving a video between series holds both series, the one it leaves as well as the one it joins, before the video. A
/// reorder or a deletion of a series holds the series and then locks its videos; when a move left a series without its
/// lock, such a statement met videos that had left the series since its snapshot and locked them anyway, while the other
/// series' reorder or deletion held the ones it wanted in turn: the two deadlocked (a 503, seen in a race of moves, reorders
/// and deletions of two series).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SeriesMoveLockTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_move_waits_for_the_series_it_leaves_before_it_holds_its_video(bool intoAnother)
    {
        var owner = await _videos.NewUserAsync();
        var (left, joined) = (await _videos.SeriesIdAsync(owner), await _videos.SeriesIdAsync(owner, "Season two"));
        var video = await _videos.VideoIdAsync(owner, seriesId: left);
        var db = _videos.Posts.Db;

        // What a reorder or a deletion of the series it leaves holds while it locks that series' videos.
        await using var holder = await db.OpenConnectionAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM igtv_series WHERE id = @left FOR NO KEY UPDATE", new { left }, holding);
        var moving = _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{video}", owner, new { seriesId = intoAnother ? joined : (Guid?)null });
        Assert.True(await TransactionRace.BlockedByAsync(db, holder.ProcessID, moving) is not null, "The move did not wait for the series its video leaves.");
        Assert.Equal(video, await FreeAsync(db, video)); // it holds nothing of the video while it waits
        await holding.CommitAsync();

        var moved = await (await moving).ReadJsonAsync();
        Assert.Equal(intoAnother, moved.TryGetProperty("series", out var series) && series.GetProperty("id").GetGuid() == joined);
    }

    [Fact]
    public async Task Of_two_moves_of_one_video_at_once_the_one_that_finds_it_moved_elsewhere_is_a_409()
    {
        var owner = await _videos.NewUserAsync();
        var left = await _videos.SeriesIdAsync(owner);
        var (second, third) = (await _videos.SeriesIdAsync(owner, "Season two"), await _videos.SeriesIdAsync(owner, "Season three"));
        var video = await _videos.VideoIdAsync(owner, seriesId: left);
        var db = _videos.Posts.Db;

        await using var holder = await db.OpenConnectionAsync();
        await using var holding = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT 1 FROM igtv_series WHERE id = @left FOR NO KEY UPDATE", new { left }, holding);
        var toSecond = _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{video}", owner, new { seriesId = second });
        var first = await TransactionRace.BlockedByAsync(db, holder.ProcessID, toSecond);
        Assert.True(first is not null, "The first move did not wait for the series its video leaves.");
        var toThird = _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{video}", owner, new { seriesId = third });
        await TransactionRace.WaitInLineAsync(db, toThird, holder.ProcessID, first!.Value);
        await holding.CommitAsync();

        var answers = await Task.WhenAll(toSecond, toThird);
        var won = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        await Assert.Single(answers, a => a != won).AssertProblemAsync(HttpStatusCode.Conflict);
        var where = (await (await _videos.GetAsync($"/api/v1/videos/{video}", owner)).ReadJsonAsync()).GetProperty("series").GetProperty("id").GetGuid();
        Assert.Equal((await won.ReadJsonAsync()).GetProperty("series").GetProperty("id").GetGuid(), where);
    }

    /// <summary>The video's id when no transaction holds a lock on its row (a check that takes none for longer than itself).</summary>
    private static async Task<Guid?> FreeAsync(Npgsql.NpgsqlDataSource db, Guid video)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        return await conn.QuerySingleOrDefaultAsync<Guid?>("SELECT id FROM igtv_videos WHERE id = @video FOR UPDATE SKIP LOCKED", new { video }, tx);
    }
}
