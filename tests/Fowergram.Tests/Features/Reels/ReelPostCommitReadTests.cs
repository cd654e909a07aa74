using System.Net;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// Reel writes answer with the reel as it was written. Read after the commit, a deletion or purge committed in between left
/// nothing to read: a 404 for a write that stood (and a client retrying a create made a second reel). The read is now made
/// inside the write's transaction. The interleaving is forced by <see cref="CommitTrigger"/>: the deletion lands with the
/// write's own commit, just before the old read.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ReelPostCommitReadTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);

    private const string SoftDelete = "UPDATE reels SET deleted_at = now() WHERE id = NEW.id";

    private static Task<HttpResponseMessage> WithAtCommitAsync(TestUser author, string change, Func<Task<HttpResponseMessage>> write) =>
        CommitTrigger.WithAsync("reels", $"NEW.user_id = '{author.Id}' AND NEW.deleted_at IS NULL", change, write);

    [Theory]
    [InlineData(SoftDelete)]
    [InlineData("DELETE FROM reels WHERE id = NEW.id")]
    public async Task A_create_whose_reel_goes_with_the_commit_still_answers_the_reel_it_wrote(string change)
    {
        var author = await _reels.NewUserAsync();
        var slot = await _reels.VideoAsync(author);

        var response = await WithAtCommitAsync(author, change,
            () => _reels.CreateAsync(author, new { uploadId = slot.UploadId, caption = "Once only", durationSeconds = 10 }));

        var reel = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Once only", reel.GetProperty("caption").GetString());
        Assert.Equal(author.Id, reel.GetProperty("author").GetProperty("id").GetGuid());
        Assert.Equal(1L, await _reels.Posts.ScalarAsync<long>("SELECT count(*) FROM uploads WHERE id = @id AND status = 'used'", new { id = slot.UploadId }));
    }

    [Fact]
    public async Task An_edit_whose_reel_is_deleted_with_the_commit_still_answers_what_it_wrote()
    {
        var author = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author, "before");

        var response = await WithAtCommitAsync(author, SoftDelete,
            () => _reels.SendAsync(HttpMethod.Patch, $"/api/v1/reels/{reelId}", author, new { caption = "after" }));

        var reel = await response.ReadJsonAsync();
        Assert.Equal(reelId, reel.GetProperty("id").GetGuid());
        Assert.Equal("after", reel.GetProperty("caption").GetString());
    }

    [Fact]
    public async Task Sharing_a_trial_deleted_with_the_commit_still_answers_the_shared_reel()
    {
        var author = await _reels.NewUserAsync();
        var slot = await _reels.VideoAsync(author);
        var reelId = (await (await _reels.CreateAsync(author, new { uploadId = slot.UploadId, durationSeconds = 10, trial = true }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var response = await WithAtCommitAsync(author, SoftDelete,
            () => _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reelId}/trial/share", author));

        var reel = await response.ReadJsonAsync();
        Assert.Equal(reelId, reel.GetProperty("id").GetGuid());
        Assert.Equal("shared", reel.GetProperty("trial").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Publishing_a_scheduled_reel_whose_reel_goes_with_the_commit_still_answers_the_reel()
    {
        var author = await _reels.NewUserAsync();
        var slot = await _reels.VideoAsync(author, durationSeconds: 12);
        var scheduledId = (await (await _reels.SendAsync(HttpMethod.Post, "/api/v1/users/me/scheduled-reels", author, new
        {
            publishAt = app.Clock.GetUtcNow() + TimeSpan.FromDays(1), caption = "Now instead", uploadId = slot.UploadId, durationSeconds = 12,
        })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var response = await WithAtCommitAsync(author, SoftDelete,
            () => _reels.SendAsync(HttpMethod.Post, $"/api/v1/users/me/scheduled-reels/{scheduledId}/publish", author));

        var reel = await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Now instead", reel.GetProperty("caption").GetString());
        Assert.Equal($"/api/v1/reels/{reel.GetProperty("id").GetGuid()}", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_restore_whose_reel_is_deleted_again_with_the_commit_still_answers_the_restored_reel()
    {
        var author = await _reels.NewUserAsync();
        var reelId = await _reels.ReelIdAsync(author, "back");
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reelId}", author)).EnsureNoContentAsync();

        var response = await WithAtCommitAsync(author, SoftDelete,
            () => _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{reelId}/restore", author));

        var reel = await response.ReadJsonAsync();
        Assert.Equal(reelId, reel.GetProperty("id").GetGuid());
        Assert.Equal("back", reel.GetProperty("caption").GetString());
    }
}
