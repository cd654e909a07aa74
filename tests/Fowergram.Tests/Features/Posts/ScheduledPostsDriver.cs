using Dapper;
using Fowergram.Features.Posts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Feed;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Posts;

/// <summary>What the scheduled posts' test classes share: their route, a photo ready to attach, the job run at the host's clock.</summary>
internal sealed class ScheduledPostsDriver(FowergramApp app)
{
    public const string Path = "/api/v1/users/me/scheduled-posts";

    public FeedWorld World { get; } = new(app);

    public MediaClient Media { get; } = new(app);

    /// <summary>A JPEG uploaded to a fresh post slot of <paramref name="user"/>, not yet claimed.</summary>
    public async Task<Guid> PhotoAsync(TestUser user) => (await Media.UploadedAsync(user, "post", "image/jpeg", MediaSamples.Jpeg())).Slot.UploadId;

    /// <summary>One run of the scheduled-posts job at the host's clock: every due post of the database.</summary>
    public Task RunJobAsync() =>
        app.Services.GetServices<IScheduledJob>().Single(j => j.Name == ScheduledPostsJob.JobName).RunAsync(World.Now, CancellationToken.None);

    public async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var conn = await World.Db.OpenConnectionAsync();
        return (await conn.ExecuteScalarAsync<T>(sql, args))!;
    }
}
