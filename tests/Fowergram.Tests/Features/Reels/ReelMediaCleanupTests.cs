using System.Net;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Reels;

/// <summary>
/// A deleted reel's video goes through the existing media-cleanup job (released uploads), on a database of its own: run
/// with a clock moved ahead on the shared one, the job would delete other tests' released objects.
/// </summary>
public sealed class ReelMediaCleanupTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);
    private readonly ReelsClient _reels = new(scratch.App);

    private Task RunJobAsync() => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "media-cleanup")
        .RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);

    [Fact]
    public async Task A_deleted_reels_video_is_deleted_once_the_grace_has_passed_and_a_live_reels_never()
    {
        var author = await _reels.NewUserAsync();
        var (deleted, kept) = (await _reels.ReelIdAsync(author), await _reels.ReelIdAsync(author));
        var uploads = await _reels.Posts.QueryAsync<(Guid Id, Guid UploadId)>("SELECT id, upload_id FROM reels WHERE id = ANY(@ids)",
            new { ids = new[] { deleted, kept } });
        var (gone, live) = (uploads.Single(u => u.Id == deleted).UploadId, uploads.Single(u => u.Id == kept).UploadId);
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deleted}", author)).EnsureNoContentAsync();

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
}
