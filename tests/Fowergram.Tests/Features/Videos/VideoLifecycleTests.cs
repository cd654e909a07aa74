using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>Drafts are the owner's alone; publishing, unpublishing, editing, the channel's order and deletion across reads.</summary>
[Collection(ApiCollection.Name)]
public sealed class VideoLifecycleTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    [Fact]
    public async Task A_draft_is_seen_by_its_owner_alone_until_published_and_again_after_unpublishing()
    {
        var owner = await _videos.NewUserAsync();
        var follower = await _videos.NewUserAsync();
        await _videos.Posts.FollowAsync(follower, owner);
        var draft = await _videos.VideoIdAsync(owner, "Work in progress", published: false);

        var own = await (await _videos.GetAsync($"/api/v1/videos/{draft}", owner)).ReadJsonAsync();
        Assert.False(own.GetProperty("isPublished").GetBoolean());
        Assert.Equal([draft], VideosClient.Ids(await (await _videos.GetAsync("/api/v1/videos/drafts", owner)).ReadJsonAsync()));
        foreach (var who in new[] { follower, null })
        {
            await (await _videos.GetAsync($"/api/v1/videos/{draft}", who)).AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Empty(VideosClient.Ids(await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/videos", who)).ReadJsonAsync()));
        }
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/views", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(VideosClient.Ids(await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/videos", owner)).ReadJsonAsync()));

        var published = await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/publish", owner)).ReadJsonAsync();
        Assert.True(published.GetProperty("isPublished").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await _videos.GetAsync($"/api/v1/videos/{draft}", follower)).StatusCode);
        Assert.Equal([draft], VideosClient.Ids(await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/videos", null)).ReadJsonAsync()));
        Assert.Empty(VideosClient.Ids(await (await _videos.GetAsync("/api/v1/videos/drafts", owner)).ReadJsonAsync()));

        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{draft}/unpublish", owner)).ReadJsonAsync();
        await (await _videos.GetAsync($"/api/v1/videos/{draft}", follower)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal([draft], VideosClient.Ids(await (await _videos.GetAsync("/api/v1/videos/drafts", owner)).ReadJsonAsync()));
    }

    [Fact]
    public async Task Publishing_twice_keeps_the_first_published_at_and_raises_one_event()
    {
        var owner = await _videos.NewUserAsync();
        var id = await _videos.VideoIdAsync(owner, published: false);

        var first = await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/publish", owner)).ReadJsonAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/publish", owner)).ReadJsonAsync();
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/unpublish", owner)).ReadJsonAsync();
        var draft = await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/unpublish", owner)).ReadJsonAsync();

        Assert.Equal(first.GetProperty("publishedAt").GetDateTimeOffset(), again.GetProperty("publishedAt").GetDateTimeOffset());
        Assert.False(draft.TryGetProperty("publishedAt", out var at) && at.ValueKind != System.Text.Json.JsonValueKind.Null);
        var events = (await _videos.EventsAsync(id)).Select(e => e.Type).ToList();
        Assert.Equal(1, events.Count(t => t == "igtv_video.published"));
        Assert.Equal(1, events.Count(t => t == "igtv_video.unpublished"));
    }

    [Fact]
    public async Task Editing_merges_title_description_and_series_and_moves_between_own_series_or_out()
    {
        var owner = await _videos.NewUserAsync();
        var first = await _videos.SeriesIdAsync(owner, "First");
        var second = await _videos.SeriesIdAsync(owner, "Second");
        var id = await _videos.VideoIdAsync(owner, "Old", seriesId: first);

        var moved = await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{id}", owner, new { title = " New ", seriesId = second }))
            .ReadJsonAsync();
        Assert.Equal(("New", "", second), (moved.GetProperty("title").GetString(), moved.GetProperty("description").GetString(),
            moved.GetProperty("series").GetProperty("id").GetGuid()));
        var described = await (await _videos.SendAsync(HttpMethod.Patch, $"/api/v1/videos/{id}", owner, new { description = "Notes" })).ReadJsonAsync();
        Assert.Equal(("New", "Notes"), (described.GetProperty("title").GetString(), described.GetProperty("description").GetString()));
        var outside = await _videos.Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/videos/{id}", owner, """{"seriesId":null,"description":null}""");
        var body = await outside.ReadJsonAsync();
        Assert.False(body.TryGetProperty("series", out var series) && series.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Equal("", body.GetProperty("description").GetString());
        Assert.Empty(VideosClient.Ids((await (await _videos.GetAsync($"/api/v1/series/{second}", owner)).ReadJsonAsync()).GetProperty("videos")));
    }

    [Fact]
    public async Task The_channel_pages_newest_published_first_and_a_deleted_video_leaves_every_read_with_its_upload_released()
    {
        var owner = await _videos.NewUserAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _videos.VideoIdAsync(owner, $"Part {i}", published: false));
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        // Published in reverse order of creation: the channel follows published_at, not created_at.
        foreach (var id in Enumerable.Reverse(ids))
        {
            await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{id}/publish", owner)).ReadJsonAsync();
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var page = await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/videos?limit=2", null)).ReadJsonAsync();
        var cursor = page.GetProperty("nextCursor").GetString();
        var rest = await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/videos?limit=2&cursor={cursor}", null)).ReadJsonAsync();
        Assert.Equal(ids, VideosClient.Ids(page).Concat(VideosClient.Ids(rest)));

        var upload = await _videos.Posts.ScalarAsync<Guid>("SELECT upload_id FROM igtv_videos WHERE id = @id", new { id = ids[0] });
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{ids[0]}", owner)).EnsureNoContentAsync();

        await (await _videos.GetAsync($"/api/v1/videos/{ids[0]}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{ids[0]}", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{ids[0]}/publish", owner)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(ids.Skip(1), VideosClient.Ids(await (await _videos.GetAsync("/api/v1/users/me/videos", owner)).ReadJsonAsync()));
        Assert.True(await _videos.Posts.ScalarAsync<bool>("SELECT released_at IS NOT NULL FROM uploads WHERE id = @upload", new { upload }));
        Assert.Contains("igtv_video.deleted", (await _videos.EventsAsync(ids[0])).Select(e => e.Type));
    }
}
