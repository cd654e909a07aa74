using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A reel's cover (migration 0097): set from a 'cover' upload by the author only, shown with the reel to those who may see
/// it, and the upload it stops using — replaced, removed, or with the reel — released for media-cleanup.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelCoverTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private async Task<Guid> CoverUploadAsync(TestUser user) => (await _reels.Posts.UploadAsync(user, MediaSamples.Jpeg(), purpose: "cover")).UploadId;

    private Task<HttpResponseMessage> SetAsync(Guid reel, TestUser? user, Guid uploadId) =>
        _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/cover", user, new { uploadId });

    private async Task<(string? Status, bool Released)> UploadStateAsync(Guid id) =>
        (await _reels.Posts.QueryAsync<(string?, bool)>("SELECT status, released_at IS NOT NULL FROM uploads WHERE id = @id", new { id })).Single();

    private static bool HasCover(JsonElement reel) => reel.TryGetProperty("cover", out var c) && c.ValueKind == JsonValueKind.Object;

    [Fact]
    public async Task The_author_sets_replaces_and_removes_a_cover_that_readers_see_and_the_unused_uploads_are_released()
    {
        var author = await _reels.NewUserAsync();
        var reel = await _reels.ReelIdAsync(author, "with a cover");
        var (first, second) = (await CoverUploadAsync(author), await CoverUploadAsync(author));

        var set = await (await SetAsync(reel, author, first)).ReadJsonAsync();
        var read = await app.Client.GetAsync(set.GetProperty("cover").GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(HasCover(await (await _reels.GetAsync($"/api/v1/reels/{reel}", null)).ReadJsonAsync()));

        await (await SetAsync(reel, author, second)).ReadJsonAsync();
        Assert.Equal(("used", true), await UploadStateAsync(first));
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/cover", author)).EnsureNoContentAsync();
        Assert.False(HasCover(await (await _reels.GetAsync($"/api/v1/reels/{reel}", author)).ReadJsonAsync()));
        Assert.Equal(("used", true), await UploadStateAsync(second));

        var third = await CoverUploadAsync(author);
        await (await SetAsync(reel, author, third)).ReadJsonAsync();
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}", author)).EnsureNoContentAsync();
        Assert.Equal(("used", true), await UploadStateAsync(third));
    }

    [Fact]
    public async Task Only_the_author_sets_a_cover_on_a_live_reel_and_a_refusal_claims_nothing()
    {
        var author = await _reels.NewUserAsync();
        var other = await _reels.NewUserAsync();
        var reel = await _reels.ReelIdAsync(author);
        var mine = await CoverUploadAsync(author);
        var theirs = await CoverUploadAsync(other);

        await (await SetAsync(reel, other, theirs)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SetAsync(reel, author, theirs)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await SetAsync(reel, null, mine)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}/cover", other)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/cover", author, new { uploadId = Guid.Empty })).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}", author)).EnsureNoContentAsync();
        await (await SetAsync(reel, author, mine)).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(("pending", false), await UploadStateAsync(mine));
        Assert.Equal(("pending", false), await UploadStateAsync(theirs));
    }
}
