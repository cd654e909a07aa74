using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// series-housekeeping: a deleted video that can no longer come back leaves its series even when nobody reorders the series
/// (before, only a reorder let it go, so a series left alone kept it for ever); one that may still come back keeps its place.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SeriesHousekeepingTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    private IScheduledJob Job => app.Services.GetServices<IScheduledJob>().Single(j => j.Name == "series-housekeeping");

    private Task<Guid?> SeriesOfAsync(Guid id) => _videos.Posts.ScalarAsync<Guid?>("SELECT series_id FROM igtv_videos WHERE id = @id", new { id });

    /// <summary>As 31 days on would leave it: past the restore window, its file released.</summary>
    private Task ExpireAsync(Guid id) => _videos.Posts.ExecuteAsync("""
        UPDATE igtv_videos SET deleted_at = deleted_at - interval '31 days', restorable_until = restorable_until - interval '31 days' WHERE id = @id;
        UPDATE uploads u SET released_at = u.released_at - interval '31 days' FROM igtv_videos v WHERE v.id = @id AND u.id = v.upload_id
        """, new { id });

    [Fact]
    public async Task A_deleted_video_past_its_window_leaves_a_series_nobody_reorders_and_a_restorable_one_keeps_its_place()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var ids = new List<Guid>();
        foreach (var title in new[] { "One", "Expired", "Restorable", "Four" }) ids.Add(await _videos.VideoIdAsync(owner, title, seriesId: series));
        var (one, expired, restorable, four) = (ids[0], ids[1], ids[2], ids[3]);
        foreach (var id in new[] { expired, restorable })
            await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", owner)).EnsureNoContentAsync();
        await ExpireAsync(expired);

        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);

        Assert.Null(await SeriesOfAsync(expired));
        Assert.Equal([series, series, series], [await SeriesOfAsync(one), await SeriesOfAsync(restorable), await SeriesOfAsync(four)]);
        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None); // nothing left: idempotent
        Assert.Equal(series, await SeriesOfAsync(restorable));

        // The restorable one comes back at its place, between the episodes it stood between.
        var restored = await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{restorable}/restore", owner)).ReadJsonAsync();
        Assert.Equal(series, restored.GetProperty("series").GetProperty("id").GetGuid());
        var page = await (await _videos.GetAsync($"/api/v1/series/{series}", owner)).ReadJsonAsync();
        Assert.Equal([one, restorable, four], VideosClient.Ids(page.GetProperty("videos")));
        Assert.Equal(3, page.GetProperty("series").GetProperty("videoCount").GetInt32());
    }

    [Fact]
    public async Task A_series_held_by_a_join_move_or_reorder_is_tidied_once_it_is_free()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var (kept, gone) = (await _videos.VideoIdAsync(owner, "Kept", seriesId: series), await _videos.VideoIdAsync(owner, "Gone", seriesId: series));
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{gone}", owner)).EnsureNoContentAsync();
        await ExpireAsync(gone);

        // Everything that changes a series' videos holds the series first; the job waits for it as a reorder would.
        await using var holder = await _videos.Posts.Db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT id FROM igtv_series WHERE id = @series FOR NO KEY UPDATE", new { series }, tx);
        var running = Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        await TransactionRace.WaitUntilBlockedByAsync(_videos.Posts.Db, holder.ProcessID, running);
        Assert.Equal(series, await SeriesOfAsync(gone));
        await tx.CommitAsync();
        await running;

        Assert.Null(await SeriesOfAsync(gone));
        Assert.Equal(series, await SeriesOfAsync(kept));
    }

    [Fact]
    public async Task The_series_of_a_deleted_account_is_left_for_the_purge_and_tidied_if_the_account_comes_back()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var gone = await _videos.VideoIdAsync(owner, "Gone", seriesId: series);
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{gone}", owner)).EnsureNoContentAsync();
        await ExpireAsync(gone);
        await _videos.Posts.ExecuteAsync("UPDATE users SET deleted_at = now() WHERE id = @id", new { id = owner.Id });

        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(series, await SeriesOfAsync(gone)); // the purge's to take, with the series

        await _videos.Posts.ExecuteAsync("UPDATE users SET deleted_at = NULL WHERE id = @id", new { id = owner.Id });
        await Job.RunAsync(app.Clock.GetUtcNow(), CancellationToken.None);
        Assert.Null(await SeriesOfAsync(gone));
    }
}
