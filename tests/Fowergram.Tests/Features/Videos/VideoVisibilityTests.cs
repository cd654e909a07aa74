using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// Every relationship × public/private account over every video surface (the video and its URL, the channel, the series,
/// a user's series) and the view write: who may not see gets 404 and changes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class VideoVisibilityTests(FowergramApp app)
{
    private readonly VideosClient _videos = new(app);

    public static TheoryData<Relation, bool> Cells()
    {
        var data = new TheoryData<Relation, bool>();
        foreach (var relation in Enum.GetValues<Relation>())
        foreach (var isPrivate in new[] { false, true })
            data.Add(relation, isPrivate);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Every_video_surface_answers_by_the_one_policy(Relation relation, bool isPrivate)
    {
        var owner = await _videos.NewUserAsync(isPrivate);
        var series = await _videos.SeriesIdAsync(owner);
        var videoId = await _videos.VideoIdAsync(owner, seriesId: series);
        var viewer = await _videos.Posts.ViewerAsync(relation, owner);
        var sees = PostsClient.Sees(relation, isPrivate);
        var expected = sees ? HttpStatusCode.OK : HttpStatusCode.NotFound;

        var video = await _videos.GetAsync($"/api/v1/videos/{videoId}", viewer);
        var channel = await _videos.GetAsync($"/api/v1/users/{owner.Username}/videos", viewer);
        var seriesRead = await _videos.GetAsync($"/api/v1/series/{series}", viewer);
        var seriesList = await _videos.GetAsync($"/api/v1/users/{owner.Username}/series", viewer);
        foreach (var response in new[] { video, channel, seriesRead, seriesList })
            Assert.True(response.StatusCode == expected, $"{response.RequestMessage!.RequestUri!.AbsolutePath}: {(int)response.StatusCode}");

        if (sees)
        {
            var url = (await video.ReadJsonAsync()).GetProperty("video").GetProperty("url").GetString();
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(url)).StatusCode);
            Assert.Equal([videoId], VideosClient.Ids(await channel.ReadJsonAsync()));
            Assert.Equal([videoId], VideosClient.Ids((await seriesRead.ReadJsonAsync()).GetProperty("videos")));
            Assert.Equal([series], VideosClient.Ids(await seriesList.ReadJsonAsync()));
        }
        else
        {
            foreach (var response in new[] { video, channel, seriesRead, seriesList }) await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
        if (viewer is null || relation == Relation.Owner) return;

        var view = await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/views", viewer);
        Assert.Equal(sees ? HttpStatusCode.NoContent : HttpStatusCode.NotFound, view.StatusCode);
        Assert.Equal(sees ? 1L : 0L, await _videos.Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_views WHERE video_id = @videoId AND user_id = @viewer",
            new { videoId, viewer = viewer.Id }));
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_deleted_or_deactivated_owners_videos_and_series_are_gone_for_everyone_else(string change)
    {
        var owner = await _videos.NewUserAsync();
        var series = await _videos.SeriesIdAsync(owner);
        var videoId = await _videos.VideoIdAsync(owner, seriesId: series);
        var viewer = await _videos.NewUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await _videos.GetAsync($"/api/v1/videos/{videoId}", viewer)).StatusCode);

        await _videos.Posts.ExecuteAsync(change, new { id = owner.Id });

        foreach (var who in new[] { viewer, null })
        {
            await (await _videos.GetAsync($"/api/v1/videos/{videoId}", who)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/videos", who)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _videos.GetAsync($"/api/v1/series/{series}", who)).AssertProblemAsync(HttpStatusCode.NotFound);
            await (await _videos.GetAsync($"/api/v1/users/{owner.Username}/series", who)).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await (await _videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{videoId}/views", viewer)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0L, await _videos.ViewRowsAsync(videoId));
    }
}
