using System.Net;
using System.Text.Json;
using Fowergram.Features.Videos;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>"Recently deleted" long-form videos (migration 0163): a deleted video waits for its author, who may restore it or delete it for good.</summary>
[Collection(ApiCollection.Name)]
public sealed class VideosRecentlyDeletedTests(FowergramApp app)
{
    private static readonly TimeSpan Window = new VideosOptions().RestoreWindow;
    private readonly VideosClient _videos = new(app);

    private Task<HttpResponseMessage> DeleteAsync(TestUser user, Guid id) => _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{id}", user);

    private Task<HttpResponseMessage> RestoreAsync(TestUser user, Guid id) => _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/restore", user);

    private Task<HttpResponseMessage> ForgetAsync(TestUser user, Guid id) =>
        _videos.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/videos/deleted/{id}", user);

    private async Task<List<JsonElement>> ListAsync(TestUser user) =>
        (await (await _videos.GetAsync("/api/v1/users/me/videos/deleted", user)).ReadJsonAsync()).GetProperty("items").EnumerateArray().ToList();

    private Task<DateTimeOffset?> ReleasedAtAsync(Guid id) => _videos.Posts.ScalarAsync<DateTimeOffset?>(
        "SELECT u.released_at FROM igtv_videos v JOIN uploads u ON u.id = v.upload_id WHERE v.id = @id", new { id });

    [Fact]
    public async Task A_deleted_video_waits_in_its_authors_list_and_comes_back_in_its_series_at_its_place()
    {
        var (owner, other) = (await _videos.NewUserAsync(), await _videos.NewUserAsync());
        var series = await _videos.SeriesIdAsync(owner);
        var (first, second) = (await _videos.VideoIdAsync(owner, "One", seriesId: series), await _videos.VideoIdAsync(owner, "Two", seriesId: series));
        var deletedAt = app.Clock.GetUtcNow();

        await (await DeleteAsync(owner, first)).EnsureNoContentAsync();

        var item = Assert.Single(await ListAsync(owner));
        Assert.Equal("One", item.GetProperty("video").GetProperty("title").GetString());
        Assert.Equal(deletedAt + Window, item.GetProperty("restorableUntil").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(deletedAt, item.GetProperty("deletedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(deletedAt + Window, (await ReleasedAtAsync(first))!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Empty(await ListAsync(other));
        await (await _videos.GetAsync($"/api/v1/videos/{first}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);

        var restored = await (await RestoreAsync(owner, first)).ReadJsonAsync();

        Assert.Equal(first, restored.GetProperty("id").GetGuid());
        Assert.Null(await ReleasedAtAsync(first));
        Assert.Empty(await ListAsync(owner));
        var episodes = await (await _videos.GetAsync($"/api/v1/series/{series}", other)).ReadJsonAsync();
        Assert.Equal([first, second], episodes.GetProperty("videos").GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetGuid()));
        Assert.Equal(first, (await (await RestoreAsync(owner, first)).ReadJsonAsync()).GetProperty("id").GetGuid()); // a retry: the same 200
        Assert.Single(await _videos.EventsAsync(first), e => e.Type == VideoEvents.Restored);
    }

    /// <summary>
    /// A deleted video keeps its place in its series only while it may come back; deleted for good or past its window it
    /// leaves the series, so a series' reorder, pages and counts are bounded by its live videos (docs/videos.md "Episode order").
    /// </summary>
    [Fact]
    public async Task A_deleted_video_leaves_its_series_once_it_can_no_longer_come_back()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var ids = new List<Guid>();
        foreach (var title in new[] { "Kept", "Forgotten", "Expired", "Restorable" }) ids.Add(await _videos.VideoIdAsync(owner, title, seriesId: series));
        var (kept, forgotten, expired, restorable) = (ids[0], ids[1], ids[2], ids[3]);
        foreach (var id in ids.Skip(1)) await (await DeleteAsync(owner, id)).EnsureNoContentAsync();

        await (await ForgetAsync(owner, forgotten)).EnsureNoContentAsync();
        Assert.Null(await SeriesOfAsync(forgotten));

        // The window of one ran out (as 30 days on would leave it): the next reorder lets it go, and keeps the restorable one.
        await _videos.Posts.ExecuteAsync("""
            UPDATE igtv_videos SET deleted_at = deleted_at - interval '31 days', restorable_until = restorable_until - interval '31 days' WHERE id = @expired;
            UPDATE uploads u SET released_at = u.released_at - interval '31 days' FROM igtv_videos v WHERE v.id = @expired AND u.id = v.upload_id
            """, new { expired });
        (await _videos.SendAsync(HttpMethod.Put, $"/api/v1/series/{series}/order", owner, new { videoIds = new[] { kept } })).EnsureSuccessStatusCode();

        Assert.Null(await SeriesOfAsync(expired));
        Assert.Equal(series, await SeriesOfAsync(restorable));
        var restored = await (await RestoreAsync(owner, restorable)).ReadJsonAsync();
        Assert.Equal(series, restored.GetProperty("series").GetProperty("id").GetGuid());
        var episodes = await (await _videos.GetAsync($"/api/v1/series/{series}", owner)).ReadJsonAsync();
        Assert.Equal([kept, restorable], episodes.GetProperty("videos").GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetGuid()));
    }

    private Task<Guid?> SeriesOfAsync(Guid id) => _videos.Posts.ScalarAsync<Guid?>("SELECT series_id FROM igtv_videos WHERE id = @id", new { id });

    [Fact]
    public async Task Deleting_for_good_releases_the_file_now_and_ends_restoring()
    {
        var owner = await _videos.NewUserAsync();
        var id = await _videos.VideoIdAsync(owner);
        await (await DeleteAsync(owner, id)).EnsureNoContentAsync();

        await (await ForgetAsync(owner, id)).EnsureNoContentAsync();

        Assert.Equal(app.Clock.GetUtcNow(), (await ReleasedAtAsync(id))!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Empty(await ListAsync(owner));
        await (await RestoreAsync(owner, id)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(owner, id)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_accounts_video_and_one_past_its_window_are_404s_and_nothing_changes()
    {
        var (owner, stranger) = (await _videos.NewUserAsync(), await _videos.NewUserAsync());
        var (deleted, expired) = (await _videos.VideoIdAsync(owner), await _videos.VideoIdAsync(owner));
        foreach (var id in new[] { deleted, expired }) await (await DeleteAsync(owner, id)).EnsureNoContentAsync();
        await _videos.Posts.ExecuteAsync("UPDATE igtv_videos SET deleted_at = deleted_at - @back, restorable_until = restorable_until - @back WHERE id = @expired",
            new { expired, back = Window + TimeSpan.FromMinutes(1) });
        var before = await StateAsync(deleted, expired);

        await (await RestoreAsync(stranger, deleted)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(stranger, deleted)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await RestoreAsync(owner, expired)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await ForgetAsync(owner, expired)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.SendAsync(HttpMethod.Post, "/api/v1/videos/not-an-id/restore", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.GetAsync("/api/v1/users/me/videos/deleted?limit=0", owner)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _videos.GetAsync("/api/v1/users/me/videos/deleted", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(before, await StateAsync(deleted, expired));
        Assert.Equal([deleted], (await ListAsync(owner)).Select(i => i.GetProperty("video").GetProperty("id").GetGuid()));
    }

    private Task<string> StateAsync(params Guid[] ids) => _videos.Posts.ScalarAsync<string>("""
        SELECT string_agg(concat(v.id, v.deleted_at, v.restorable_until, v.updated_at, u.released_at), ',' ORDER BY v.id)
        FROM igtv_videos v JOIN uploads u ON u.id = v.upload_id WHERE v.id = ANY(@ids)
        """, new { ids });
}
