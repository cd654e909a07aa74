using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Videos;

/// <summary>
/// A deleted video's upload goes through the existing media-cleanup job (released uploads), on a database of its own: run
/// with a clock moved ahead on the shared one, the job would delete other tests' released objects.
/// </summary>
public sealed class VideoMediaCleanupTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Window = new Fowergram.Features.Videos.VideosOptions().RestoreWindow;
    private readonly VideosClient _videos = new(scratch.App);

    private Task RunJobAsync() => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "media-cleanup")
        .RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);

    [Fact]
    public async Task A_deleted_videos_object_is_deleted_when_its_window_ends_and_the_grace_has_passed_and_a_live_videos_never()
    {
        var owner = await _videos.NewUserAsync();
        var (deleted, kept) = (await _videos.VideoIdAsync(owner), await _videos.VideoIdAsync(owner, published: false));
        var uploads = await _videos.Posts.QueryAsync<(Guid Id, Guid UploadId)>("SELECT id, upload_id FROM igtv_videos WHERE id = ANY(@ids)",
            new { ids = new[] { deleted, kept } });
        var (gone, live) = (uploads.Single(u => u.Id == deleted).UploadId, uploads.Single(u => u.Id == kept).UploadId);
        await (await _videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{deleted}", owner)).EnsureNoContentAsync();

        // In Recently deleted for the window: kept until a grace after its end.
        scratch.App.Clock.Advance(Window + Grace - TimeSpan.FromSeconds(1));
        await RunJobAsync();
        Assert.True(await _videos.Posts.Media.ObjectExistsAsync(owner, gone, "video"));

        scratch.App.Clock.Advance(TimeSpan.FromSeconds(2));
        await RunJobAsync();
        Assert.False(await _videos.Posts.Media.ObjectExistsAsync(owner, gone, "video"));
        Assert.True(await _videos.Posts.ScalarAsync<bool>("SELECT object_deleted_at IS NOT NULL FROM uploads WHERE id = @gone", new { gone }));
        Assert.True(await _videos.Posts.Media.ObjectExistsAsync(owner, live, "video"));
    }
}
