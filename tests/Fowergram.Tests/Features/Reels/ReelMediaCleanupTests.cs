using System.Net;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A deleted reel's video goes through the existing media-cleanup job (released uploads), on a database of its own: run
/// with a clock moved ahead on the shared one, the job would delete other tests' released objects.
/// </summary>
public sealed class ReelMediaCleanupTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Window = new Fowergram.Features.Reels.ReelsOptions().RestoreWindow;
    private readonly ReelsClient _reels = new(scratch.App);

    private Task RunJobAsync() => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "media-cleanup")
        .RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);

    [Fact]
    public async Task A_deleted_reels_video_is_deleted_once_deleted_for_good_and_the_grace_has_passed_and_a_live_reels_never()
    {
        var author = await _reels.NewUserAsync();
        var (deleted, kept) = (await _reels.ReelIdAsync(author), await _reels.ReelIdAsync(author));
        var uploads = await _reels.Posts.QueryAsync<(Guid Id, Guid UploadId)>("SELECT id, upload_id FROM reels WHERE id = ANY(@ids)",
            new { ids = new[] { deleted, kept } });
        var (gone, live) = (uploads.Single(u => u.Id == deleted).UploadId, uploads.Single(u => u.Id == kept).UploadId);
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deleted}", author)).EnsureNoContentAsync();

        // In Recently deleted: kept however long the grace.
        scratch.App.Clock.Advance(Grace + TimeSpan.FromMinutes(1));
        await RunJobAsync();
        Assert.True(await _reels.Posts.Media.ObjectExistsAsync(author, gone, "reel"));

        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/users/me/reels/deleted/{deleted}", _reels.Posts.Media.WithFreshToken(author)))
            .EnsureNoContentAsync();
        scratch.App.Clock.Advance(Grace - TimeSpan.FromSeconds(1));
        await RunJobAsync();
        Assert.True(await _reels.Posts.Media.ObjectExistsAsync(author, gone, "reel"));

        scratch.App.Clock.Advance(TimeSpan.FromSeconds(2));
        await RunJobAsync();
        await RunJobAsync(); // a second run finds nothing left to do
        Assert.False(await _reels.Posts.Media.ObjectExistsAsync(author, gone, "reel"));
        Assert.True(await _reels.Posts.ScalarAsync<bool>("SELECT object_deleted_at IS NOT NULL FROM uploads WHERE id = @gone", new { gone }));
        Assert.True(await _reels.Posts.Media.ObjectExistsAsync(author, live, "reel"));
    }

    [Fact]
    public async Task A_recently_deleted_reels_video_goes_when_its_window_ends_and_a_restored_reels_stays()
    {
        var author = await _reels.NewUserAsync();
        var (ended, restored) = (await _reels.ReelIdAsync(author), await _reels.ReelIdAsync(author));
        foreach (var reel in new[] { ended, restored })
            await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{reel}", author)).EnsureNoContentAsync();
        (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{restored}/restore", author)).EnsureSuccessStatusCode();

        scratch.App.Clock.Advance(Window - TimeSpan.FromMinutes(1));
        await RunJobAsync();
        Assert.True(await VideoExistsAsync(author, ended));
        author = _reels.Posts.Media.WithFreshToken(author); // the access token's 15 minutes have passed with the clock
        (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{ended}/restore", author)).EnsureSuccessStatusCode(); // still in time
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{ended}", author)).EnsureNoContentAsync();

        scratch.App.Clock.Advance(Window + Grace + TimeSpan.FromMinutes(1));
        await RunJobAsync();

        Assert.False(await VideoExistsAsync(author, ended));
        Assert.True(await VideoExistsAsync(author, restored));
        author = _reels.Posts.Media.WithFreshToken(author);
        await (await _reels.SendAsync(HttpMethod.Post, $"/api/v1/reels/{ended}/restore", author)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<bool> VideoExistsAsync(TestUser author, Guid reelId) => await _reels.Posts.Media.ObjectExistsAsync(author,
        await _reels.Posts.ScalarAsync<Guid>("SELECT upload_id FROM reels WHERE id = @reelId", new { reelId }), "reel");
}
