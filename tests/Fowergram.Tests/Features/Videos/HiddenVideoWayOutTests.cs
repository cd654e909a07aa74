using System.Net;
using Fowergram.Tests.Features.Comments;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// The way out of a long-form video hidden from its commenter or a comment's liker since: the shared contract over
/// igtv_comments, and the videos' own way to hide one, unpublishing it (a draft is its owner's alone).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HiddenVideoWayOutTests(FowergramApp app) : HiddenThingWayOutContract(app)
{
    private readonly VideosClient _videos = new(app);

    protected override string Kind => "videos";
    protected override string CommentsTable => "igtv_comments";
    protected override string LikesTable => "igtv_comment_likes";
    protected override string StatsTable => "igtv_stats";
    protected override string StatsKey => "video_id";
    protected override Task<Guid> ThingAsync(TestUser owner) => _videos.VideoIdAsync(owner);
    protected override Task SettleAsync(Guid thingId) => _videos.SettleAsync(thingId);

    [Fact]
    public async Task A_fan_deletes_their_comment_and_takes_back_their_comment_like_on_a_video_unpublished_since()
    {
        var (author, fan) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var video = await ThingAsync(author);
        var own = (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/comments", fan, new { content = "mine" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var authors = (await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/comments", author, new { content = "theirs" }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/videos/{video}/comments/{authors}/like", fan)).EnsureNoContentAsync();
        await SettleAsync(video);
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/videos/{video}/unpublish", author)).EnsureSuccessStatusCode();
        await (await Posts.GetAsync($"/api/v1/videos/{video}", fan)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{video}/comments/{own}", fan)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{video}/comments/{authors}/like", fan)).EnsureNoContentAsync();
        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{video}/comments/{authors}", fan)).AssertProblemAsync(HttpStatusCode.NotFound);
        await SettleAsync(video);

        Assert.Equal(1L, await Posts.ScalarAsync<long>("SELECT comment_count FROM igtv_stats WHERE video_id = @video", new { video }));
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT like_count FROM igtv_comments WHERE id = @authors", new { authors }));
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM igtv_comment_likes WHERE comment_id = @authors", new { authors }));
    }
}
