using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Episode order (migration 0092): the owner sets it, every reader follows it, new videos join last, bad orders change nothing.</summary>
[Collection(ApiCollection.Name)]
public sealed class SeriesOrderTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    [Fact]
    public async Task The_owner_sets_the_episode_order_and_every_reader_pages_through_it()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var (one, two, three) = (await _videos.VideoIdAsync(owner, "One", seriesId: series), await _videos.VideoIdAsync(owner, "Two", seriesId: series),
            await _videos.VideoIdAsync(owner, "Three", seriesId: series));
        var draft = await _videos.VideoIdAsync(owner, "Draft", published: false, seriesId: series);
        var reader = await _videos.NewUserAsync();

        // Before any reorder: the order they joined in; the owner sees the draft in its place, others do not.
        Assert.Equal([one, two, three, draft], await EpisodesAsync(series, owner));
        Assert.Equal([one, two, three], await EpisodesAsync(series, reader));

        var reordered = await (await Order(series, owner, three, draft, one, two)).ReadJsonAsync();

        Assert.Equal([three, draft, one, two], VideosClient.Ids(reordered.GetProperty("videos")));
        Assert.Equal([three, one, two], await EpisodesAsync(series, reader, limit: 1));
        Assert.Equal([three, one, two], await EpisodesAsync(series, null, limit: 2));
        // Publishing the draft keeps the place the owner gave it.
        (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/publish", owner)).EnsureSuccessStatusCode();
        Assert.Equal([three, draft, one, two], await EpisodesAsync(series, reader));
    }

    [Fact]
    public async Task A_video_joins_last_keeps_its_place_when_its_series_is_named_again_and_leaves_without_a_trace()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var other = await _videos.SeriesIdAsync(owner, "Other");
        var (one, two) = (await _videos.VideoIdAsync(owner, "One", seriesId: series), await _videos.VideoIdAsync(owner, "Two", seriesId: series));
        await (await Order(series, owner, two, one)).ReadJsonAsync();

        var late = await _videos.VideoIdAsync(owner, "Late", seriesId: series);
        var moved = await _videos.VideoIdAsync(owner, "Moved", seriesId: other);
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{moved}", owner, new { seriesId = series })).ReadJsonAsync();
        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{two}", owner, new { seriesId = series, title = "Two, renamed" })).ReadJsonAsync();
        Assert.Equal([two, one, late, moved], await EpisodesAsync(series, owner));

        await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{one}", owner, new { seriesId = (Guid?)null })).ReadJsonAsync();
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{late}", owner)).EnsureNoContentAsync();

        Assert.Equal([two, moved], await EpisodesAsync(series, owner));
        Assert.Empty(await EpisodesAsync(other, owner));
        // The deleted video is in no order a client can send, and a new order need not name it.
        await (await Order(series, owner, moved, late, two)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Order(series, owner, moved, two)).ReadJsonAsync();
        Assert.Equal([moved, two], await EpisodesAsync(series, null));
        Assert.Null(await _videos.Posts.ScalarAsync<int?>("SELECT series_position FROM igtv_videos WHERE id = @one", new { one }));
    }

    [Fact]
    public async Task Videos_joining_one_series_at_once_each_take_a_place_of_their_own()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var videos = new List<Guid>();
        for (var i = 0; i < 12; i++) videos.Add(await _videos.VideoIdAsync(owner, $"Part {i}"));

        var responses = await Task.WhenAll(videos.Select(v => _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{v}", owner, new { seriesId = series })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var places = (await _videos.Posts.QueryAsync<int>("SELECT series_position FROM igtv_videos WHERE series_id = @series ORDER BY 1", new { series })).ToList();
        Assert.Equal(Enumerable.Range(1, 12), places);
    }

    [Fact]
    public async Task An_order_that_is_not_exactly_the_series_is_refused_and_changes_nothing()
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var (one, two) = (await _videos.VideoIdAsync(owner, "One", seriesId: series), await _videos.VideoIdAsync(owner, "Two", seriesId: series));
        var outside = await _videos.VideoIdAsync(owner, "Outside");
        var stranger = await _videos.NewUserAsync();
        var strangersSeries = await _videos.SeriesIdAsync(stranger);
        var strangersVideo = await _videos.VideoIdAsync(stranger, seriesId: strangersSeries);

        await (await Order(series, owner, two)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Order(series, owner, two, one, outside)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Order(series, owner, two, strangersVideo)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Order(series, owner, two, one, two)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _videos.SendAsync(HttpMethod.Put, $"/api/v1/series/{series}/order", owner, new { })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _videos.Posts.SendRawAsync(HttpMethod.Put, $"/api/v1/series/{series}/order", owner, """{"videoIds":["not-a-uuid"]}"""))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        // Someone else's series, or none: 404; no token: 401.
        await (await Order(strangersSeries, owner, strangersVideo)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Order(series, stranger, two, one)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Order(Guid.NewGuid(), owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.SendAsync(HttpMethod.Put, "/api/v1/series/not-an-id/order", owner, new { videoIds = Array.Empty<Guid>() })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Order(series, null, two, one)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal([one, two], await EpisodesAsync(series, owner));
        Assert.Equal([strangersVideo], await EpisodesAsync(strangersSeries, stranger));
    }

    [Fact]
    public async Task Naming_its_series_again_while_the_series_is_deleted_is_a_404_not_a_deadlock()
    {
        // The series' deletion holds the series and then takes its videos (ON DELETE SET NULL); an edit naming the series must
        // not hold its video while it waits for the series, or each waits for the other and one of them fails with a 500.
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var first = await _videos.VideoIdAsync(owner, "First", seriesId: series);
        var edited = await _videos.VideoIdAsync(owner, "Edited", seriesId: series);
        var db = await TestDatabase.GetAsync();
        await using var holder = await db.OpenConnectionAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(holder, "SELECT 1 FROM igtv_videos WHERE id = @first FOR UPDATE", new { first }, tx);
        // The deletion holds the series and waits for the first episode.
        var deleting = _videos.SendAsync(HttpMethod.Delete, $"/api/v1/series/{series}", owner);
        var deleter = await TransactionRace.BlockedByAsync(db, holder.ProcessID, deleting);
        Assert.NotNull(deleter);
        // The edit of the other episode, naming the series it is in, waits for the series.
        var editing = _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{edited}", owner, new { title = "Renamed", seriesId = series });
        await TransactionRace.WaitUntilBlockedByAsync(db, deleter!.Value, editing);
        await tx.CommitAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await deleting).StatusCode);
        await (await editing).AssertProblemAsync(HttpStatusCode.NotFound); // the series is gone; before the fix: a deadlock, a 500
        Assert.Equal("Edited", (await (await _videos.GetAsync($"/api/v1/videos/{edited}", owner)).ReadJsonAsync()).GetProperty("title").GetString());
    }

    private Task<HttpResponseMessage> Order(Guid series, TestUser? user, params Guid[] videoIds) =>
        _videos.SendAsync(HttpMethod.Put, $"/api/v1/series/{series}/order", user, new { videoIds });

    /// <summary>Every episode the reader sees, page by page.</summary>
    private async Task<List<Guid>> EpisodesAsync(Guid series, TestUser? reader, int limit = 20)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var query = cursor is null ? $"?limit={limit}" : $"?limit={limit}&cursor={cursor}";
            var body = await (await _videos.GetAsync($"/api/v1/series/{series}{query}", reader)).ReadJsonAsync();
            var videos = body.GetProperty("videos");
            ids.AddRange(VideosClient.Ids(videos));
            cursor = videos.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        } while (cursor is not null);
        return ids;
    }
}
