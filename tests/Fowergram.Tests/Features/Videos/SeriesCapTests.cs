using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// A series holds at most 1,000 live videos (docs/videos.md "Episode order"): joining a full one is a 409 naming seriesId, an
/// order longer than that a 400 naming videoIds, and a full-size order fits the route's body limit.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SeriesCapTests(FowergramApp app)
{
    private const int Cap = 1_000;
    private readonly VideosClient _videos = new(app);

    [Fact]
    public async Task A_full_series_takes_no_more_videos_and_is_reordered_with_a_full_size_order()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        await _videos.VideoIdAsync(owner, "First", seriesId: series);
        await FillAsync(owner, series, Cap - 1);
        var loose = await _videos.VideoIdAsync(owner, "Loose");

        var slot = await _videos.UploadAsync(owner);
        await AssertNamesAsync(await _videos.CreateAsync(owner, new { uploadId = slot.UploadId, title = "One too many", durationSeconds = 60, seriesId = series }),
            HttpStatusCode.Conflict, "seriesId");
        await AssertNamesAsync(await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{loose}", owner, new { seriesId = series }),
            HttpStatusCode.Conflict, "seriesId");

        Assert.Equal(Cap, await LiveCountAsync(series));
        Assert.Null(await _videos.Posts.ScalarAsync<Guid?>("SELECT series_id FROM igtv_videos WHERE id = @loose", new { loose }));
        Assert.Equal(0L, await _videos.Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_videos WHERE upload_id = @UploadId", new { slot.UploadId }));
        // Naming the series a video is already in is no join: the edit goes through.
        var member = (await PlacesAsync(series))[^1];
        (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{member}", owner, new { seriesId = series, title = "Renamed" })).EnsureSuccessStatusCode();

        var reversed = (await PlacesAsync(series)).AsEnumerable().Reverse().ToList();
        var reordered = await (await Order(series, owner, reversed)).ReadJsonAsync();

        Assert.Equal(reversed.Take(20), VideosClient.Ids(reordered.GetProperty("videos")));
        Assert.Equal(reversed, await PlacesAsync(series));
    }

    [Fact]
    public async Task An_order_longer_than_a_series_may_be_is_a_400_naming_videoIds_and_changes_nothing()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var (one, two) = (await _videos.VideoIdAsync(owner, "One", seriesId: series), await _videos.VideoIdAsync(owner, "Two", seriesId: series));

        var tooLong = new List<Guid> { two, one };
        tooLong.AddRange(Enumerable.Range(0, Cap - 1).Select(_ => Guid.NewGuid()));
        await (await Order(series, owner, tooLong)).AssertValidationErrorAsync("videoIds");

        Assert.Equal([one, two], await PlacesAsync(series));
    }

    [Fact]
    public async Task A_video_restored_into_a_full_series_comes_back_outside_it_and_the_series_stays_within_its_cap()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var gone = await _videos.VideoIdAsync(owner, "Deleted", seriesId: series);
        await FillAsync(owner, series, Cap - 1);
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{gone}", owner)).EnsureNoContentAsync();
        await _videos.VideoIdAsync(owner, "Late", seriesId: series); // the room the deletion made

        // Coming back is never refused for room (the window may be running out), and a series never goes past its cap.
        var restored = await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{gone}/restore", owner)).ReadJsonAsync();
        Assert.False(restored.TryGetProperty("series", out _), restored.ToString());
        Assert.Null(await _videos.Posts.ScalarAsync<Guid?>("SELECT series_id FROM igtv_videos WHERE id = @gone", new { gone }));
        var all = await PlacesAsync(series);
        Assert.Equal(Cap, all.Count);
        var view = await (await _videos.GetAsync($"/api/v1/series/{series}", owner)).ReadJsonAsync();
        Assert.Equal(Cap, view.GetProperty("series").GetProperty("videoCount").GetInt32());

        var order = all.AsEnumerable().Reverse().ToList();
        await (await Order(series, owner, order)).ReadJsonAsync();
        Assert.Equal(order, await PlacesAsync(series));
    }

    [Fact]
    public async Task A_video_restored_while_its_series_has_room_keeps_its_place()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var gone = await _videos.VideoIdAsync(owner, "Deleted", seriesId: series);
        await FillAsync(owner, series, Cap - 1);
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{gone}", owner)).EnsureNoContentAsync();

        var restored = await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{gone}/restore", owner)).ReadJsonAsync();

        Assert.Equal(series, restored.GetProperty("series").GetProperty("id").GetGuid());
        var all = await PlacesAsync(series);
        Assert.Equal((Cap, gone), (all.Count, all[0]));
    }

    [Fact]
    public async Task A_taken_down_video_brought_back_into_a_full_series_comes_back_outside_it()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var removed = await _videos.VideoIdAsync(owner, "Reported", seriesId: series);
        await FillAsync(owner, series, Cap - 1);
        var moderator = await _videos.Posts.ModeratorAsync();
        var report = (await (await _videos.SendAsync(HttpMethod.Post, "/api/v1/reports", await _videos.NewUserAsync(),
            new { targetType = "igtv_video", targetId = removed, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator,
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        await _videos.VideoIdAsync(owner, "Late", seriesId: series); // the room the removal made
        (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{report}/appeal", owner, new { message = "Not spam." }))
            .EnsureSuccessStatusCode();

        (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{report}/decide", moderator,
            new { outcome = "reversed", notes = "looked again" })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await _videos.GetAsync($"/api/v1/videos/{removed}", owner)).StatusCode);
        Assert.Null(await _videos.Posts.ScalarAsync<Guid?>("SELECT series_id FROM igtv_videos WHERE id = @removed", new { removed }));
        Assert.Equal(Cap, await LiveCountAsync(series));
    }

    [Fact]
    public async Task A_series_past_its_cap_from_before_the_cap_is_reordered_once_back_within_it()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var late = await _videos.VideoIdAsync(owner, "Late", seriesId: series);
        await FillAsync(owner, series, Cap); // as a series filled before the cap could be
        var all = await PlacesAsync(series);
        Assert.Equal(Cap + 1, all.Count);

        await (await Order(series, owner, all)).AssertValidationErrorAsync("videoIds");
        await AssertNamesAsync(await Order(series, owner, all.Where(v => v != late).ToList()), HttpStatusCode.Conflict, "videoIds");
        Assert.Equal(all, await PlacesAsync(series));

        (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{late}", owner, new { seriesId = (Guid?)null })).EnsureSuccessStatusCode();
        var order = all.Where(v => v != late).Reverse().ToList();
        await (await Order(series, owner, order)).ReadJsonAsync();
        Assert.Equal(order, await PlacesAsync(series));
    }

    [Fact]
    public async Task Joins_at_once_take_only_the_places_left()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        await FillAsync(owner, series, Cap - 2);
        var videos = new List<Guid>();
        for (var i = 0; i < 5; i++) videos.Add(await _videos.VideoIdAsync(owner, $"Part {i}"));

        // Each join counts under the series' lock, so the five take turns and the count each reads is the last one's.
        var responses = await Task.WhenAll(videos.Select(v => _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{v}", owner, new { seriesId = series })));

        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK)) await AssertNamesAsync(refused, HttpStatusCode.Conflict, "seriesId");
        Assert.Equal(Cap, await LiveCountAsync(series));
    }

    private static async Task AssertNamesAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var problem = await response.AssertProblemAsync(status);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), problem.ToString());
    }

    /// <summary>Drafts put straight into the series after its last place: a full series without a thousand uploads.</summary>
    private Task FillAsync(TestUser owner, Guid series, int count) => _videos.Posts.ExecuteAsync("""
        INSERT INTO igtv_videos (id, user_id, series_id, series_position, title, video_blob_name, duration)
        SELECT gen_random_uuid(), @owner, @series, last.n + g.n, 'Filler ' || g.n, 'videos/filler/' || gen_random_uuid(), 60
          FROM generate_series(1, @count) AS g (n),
               (SELECT coalesce(max(series_position), 0) AS n FROM igtv_videos WHERE series_id = @series) AS last
        """, new { owner = owner.Id, series, count });

    private Task<long> LiveCountAsync(Guid series) =>
        _videos.Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_videos WHERE series_id = @series AND deleted_at IS NULL", new { series });

    /// <summary>The series' live videos in episode order, drafts included.</summary>
    private async Task<List<Guid>> PlacesAsync(Guid series) => (await _videos.Posts.QueryAsync<Guid>(
        "SELECT id FROM igtv_videos WHERE series_id = @series AND deleted_at IS NULL ORDER BY series_position", new { series })).ToList();

    private Task<HttpResponseMessage> Order(Guid series, TestUser owner, IReadOnlyList<Guid> videoIds) =>
        _videos.SendAsync(HttpMethod.Put, $"/api/v1/series/{series}/order", owner, new { videoIds });
}
