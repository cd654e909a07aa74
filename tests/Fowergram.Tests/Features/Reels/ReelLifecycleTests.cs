using System.Net;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>Editing and deleting a reel: merge patch, the reels tab, deletion across reads and the video released.</summary>
[Collection(ApiCollection.Name)]
public sealed class ReelLifecycleTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    [Fact]
    public async Task A_merge_patch_changes_only_what_it_names()
    {
        var author = await _reels.NewUserAsync();
        var reel = await _reels.CreateReelAsync(author, "first words", durationSeconds: 33);
        var id = reel.GetProperty("id").GetGuid();

        var patched = await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{id}", author, new { likesDisabled = true })).ReadJsonAsync();
        Assert.Equal(("first words", true, false, 33), (patched.GetProperty("caption").GetString(), patched.GetProperty("likesDisabled").GetBoolean(),
            patched.GetProperty("commentsDisabled").GetBoolean(), patched.GetProperty("durationSeconds").GetInt32()));
        var cleared = await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{id}", author, new { caption = (string?)null })).ReadJsonAsync();
        Assert.Equal("", cleared.GetProperty("caption").GetString());
        Assert.True(cleared.GetProperty("likesDisabled").GetBoolean());
        var unchanged = await (await _reels.Posts.SendRawAsync(HttpMethod.Patch, $"/api/v1/reels/{id}", author, "{}")).ReadJsonAsync();
        Assert.Equal("", unchanged.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task The_reels_tab_pages_newest_first()
    {
        var author = await _reels.NewUserAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await _reels.ReelIdAsync(author, $"reel {i}"));
            app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        var first = await (await _reels.GetAsync($"/api/v1/users/{author.Username}/reels?limit=2", null)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await (await _reels.GetAsync($"/api/v1/users/{author.Username}/reels?limit=2&cursor={cursor}", null)).ReadJsonAsync();
        var mine = await (await _reels.GetAsync("/api/v1/users/me/reels", author)).ReadJsonAsync();

        var paged = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(r => r.GetProperty("id").GetGuid());
        Assert.Equal([ids[2], ids[1], ids[0]], paged);
        Assert.False(second.TryGetProperty("nextCursor", out _));
        Assert.Equal(3, mine.GetProperty("items").GetArrayLength());
        await (await _reels.GetAsync("/api/v1/users/me/reels", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_deleted_reel_leaves_every_read_and_releases_its_video()
    {
        var author = await _reels.NewUserAsync();
        var fan = await _reels.NewUserAsync();
        var reel = await _reels.CreateReelAsync(author);
        var id = reel.GetProperty("id").GetGuid();
        var uploadId = await _reels.Posts.ScalarAsync<Guid>("SELECT upload_id FROM reels WHERE id = @id", new { id });
        var commentId = await _reels.CommentAsync(fan, id, "nice");

        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{id}", author)).EnsureNoContentAsync();
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{id}", author)).AssertProblemAsync(HttpStatusCode.NotFound);

        foreach (var who in new[] { author, fan, null })
        foreach (var path in new[] { $"/api/v1/reels/{id}", $"/api/v1/reels/{id}/comments", $"/api/v1/reels/{id}/likers",
                     $"/api/v1/reels/{id}/comments/{commentId}/replies" })
            await (await _reels.GetAsync(path, who)).AssertProblemAsync(HttpStatusCode.NotFound);
        var tab = await (await _reels.GetAsync($"/api/v1/users/{author.Username}/reels", fan)).ReadJsonAsync();
        Assert.Equal(0, tab.GetProperty("items").GetArrayLength());
        await (await _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{id}", author, new { caption = "back?" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{id}/like", fan)).AssertProblemAsync(HttpStatusCode.NotFound);

        // The video's upload is released in the delete's transaction, for media-cleanup (ReelMediaCleanupTests runs the job).
        Assert.True(await _reels.Posts.ScalarAsync<bool>("SELECT released_at IS NOT NULL FROM uploads WHERE id = @uploadId", new { uploadId }));
        Assert.True(await _reels.Posts.Media.ObjectExistsAsync(author, uploadId, "reel"));
    }
}
