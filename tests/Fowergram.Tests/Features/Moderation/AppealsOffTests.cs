using System.Net;
using System.Text.Json;
using Fowergram.Features.Posts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>A host with appeals of removed content turned off (<c>Moderation:AppealWindow</c> zero), on a database of its own: the clock moves.</summary>
public sealed class AppealsOffApp : IAsyncLifetime
{
    private readonly ScratchDatabaseApp _scratch = new() { Configure = b => b.Configuration["Moderation:AppealWindow"] = "00:00:00" };

    public FowergramApp App => _scratch.App;

    public Task InitializeAsync() => _scratch.InitializeAsync();

    public Task DisposeAsync() => _scratch.DisposeAsync();
}

/// <summary>
/// Appeals off (docs/moderation.md "Removed content and appeals": a window of 0): a takedown still leaves its owner the
/// record and the notice, but the removal is not appealable (appealableUntil null, canAppeal false, an appeal a 409 that
/// changes nothing, nothing for moderators to decide), and nothing is held for an appeal: a removed post's, reel's or
/// message's objects go with the clean-ups' ordinary grace, and what a message's takedown kept aside is forgotten.
/// </summary>
public sealed class AppealsOffTests(AppealsOffApp host) : IClassFixture<AppealsOffApp>
{
    private static readonly TimeSpan PostGrace = new PostsOptions().DeletedMediaGrace;
    private static readonly TimeSpan UploadGrace = TimeSpan.FromMinutes(5);
    private readonly DmClient _dm = new(host.App);

    private PostsClient Posts => _dm.Posts;

    private TestUser Fresh(TestUser user) => Posts.Media.WithFreshToken(user);

    private Task RunAsync(string job) => host.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == job)
        .RunAsync(host.App.Clock.GetUtcNow(), CancellationToken.None);

    private async Task<Guid> TakeDownAsync(TestUser reporter, string kind, Guid id)
    {
        var report = (await (await Posts.SendAsync(HttpMethod.Post, "/api/v1/reports", Fresh(reporter),
            new { targetType = kind, targetId = id, reason = "spam" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", Fresh(await Posts.ModeratorAsync()),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        return report;
    }

    private async Task<JsonElement> RemovalAsync(TestUser owner, Guid removal) =>
        await (await Posts.GetAsync($"/api/v1/users/me/removals/{removal}", Fresh(owner))).ReadJsonAsync(HttpStatusCode.OK);

    /// <summary>Listed, not appealable, and an appeal refused with nothing written; moderators have nothing to decide.</summary>
    private async Task AssertNotAppealableAsync(TestUser owner, Guid removal)
    {
        var view = await RemovalAsync(owner, removal);
        Assert.False(view.TryGetProperty("appealableUntil", out _)); // null, left out as every null is
        Assert.False(view.GetProperty("canAppeal").GetBoolean());
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", Fresh(owner), new { message = "It was fine." }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.False((await RemovalAsync(owner, removal)).TryGetProperty("appeal", out _));
        var moderator = Fresh(await Posts.ModeratorAsync());
        await (await Posts.GetAsync($"/api/v1/moderation/removal-appeals/{removal}", moderator)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", moderator, new { outcome = "reversed" }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await Posts.WholeQueueAsync("/api/v1/moderation/removal-appeals", moderator));
    }

    [Fact]
    public async Task A_removed_post_cannot_be_appealed_and_its_media_go_after_the_deletions_grace()
    {
        var (author, reporter) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var post = await Posts.PostIdAsync(author);
        var upload = await Posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE post_id = @post", new { post });
        var removedAt = host.App.Clock.GetUtcNow();
        var removal = await TakeDownAsync(reporter, "post", post);

        await AssertNotAppealableAsync(author, removal);
        Assert.Null(await Posts.ScalarAsync<DateTimeOffset?>("SELECT media_held_until FROM posts WHERE id = @post", new { post }));
        var cleanup = host.App.Services.GetRequiredService<PostMediaCleanupJob>();
        Assert.Equal(1, await cleanup.PurgeAsync(removedAt + PostGrace + TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await Posts.Media.ObjectExistsAsync(author, upload));
    }

    [Fact]
    public async Task A_removed_reel_and_message_cannot_be_appealed_and_their_objects_and_kept_content_go_at_once()
    {
        var (author, reader) = (await _dm.NewUserAsync(), await _dm.NewUserAsync());
        var reel = await new ReelsClient(host.App).ReelIdAsync(author);
        var video = await Posts.ScalarAsync<Guid>("SELECT upload_id FROM reels WHERE id = @reel", new { reel });
        var photo = await Posts.UploadAsync(author, MediaSamples.Jpeg(), purpose: "message");
        var message = (await _dm.SendMessageAsync(author, await _dm.DirectAsync(author, reader), new { uploadId = photo.UploadId }))
            .GetProperty("id").GetGuid();
        var (reelRemoval, messageRemoval) = (await TakeDownAsync(reader, "reel", reel), await TakeDownAsync(reader, "message", message));

        await AssertNotAppealableAsync(author, reelRemoval);
        await AssertNotAppealableAsync(author, messageRemoval);
        host.App.Clock.Advance(UploadGrace + TimeSpan.FromMinutes(1));
        await RunAsync("message-vanish");
        await RunAsync("media-cleanup");
        Assert.Equal(0L, await Posts.ScalarAsync<long>("SELECT count(*) FROM removed_messages WHERE message_id = @message", new { message }));
        Assert.False(await Posts.Media.ObjectExistsAsync(author, video, "reel"));
        Assert.False(await Posts.Media.ObjectExistsAsync(author, photo.UploadId, "message"));
    }
}
