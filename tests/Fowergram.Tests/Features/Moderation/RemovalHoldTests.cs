using System.Net;
using Fowergram.Features.Moderation;
using Fowergram.Features.Posts;
using Fowergram.Platform.Jobs;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Stories;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Moderation;

/// <summary>
/// The objects of removed content against both clean-ups (docs/moderation.md "Removed content and appeals"), on a database
/// of its own since the clock moves: held to the appeal window's end, then gone; held past it while an appeal is open;
/// let go when it is upheld; an appeal after the window is refused.
/// </summary>
public sealed class RemovalHoldTests(ScratchDatabaseApp scratch) : IClassFixture<ScratchDatabaseApp>
{
    private static readonly TimeSpan Window = new ModerationOptions().AppealWindow;
    private static readonly TimeSpan PostGrace = new PostsOptions().DeletedMediaGrace;
    private static readonly TimeSpan UploadGrace = TimeSpan.FromMinutes(5);
    private readonly PostsClient _posts = new(scratch.App);
    private TestUser? _moderator;

    private PostMediaCleanupJob PostCleanup => scratch.App.Services.GetRequiredService<PostMediaCleanupJob>();

    private Task RunMediaCleanupAsync() => scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "media-cleanup")
        .RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);

    private TestUser Fresh(TestUser user) => _posts.Media.WithFreshToken(user);

    /// <summary>This test's moderator, with a token valid at the moved clock.</summary>
    private async Task<TestUser> ModeratorAsync() => Fresh(_moderator ??= await _posts.ModeratorAsync());

    private async Task<Guid> TakeDownAsync(string kind, Guid id)
    {
        var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", await _posts.NewUserAsync(),
            new { targetType = kind, targetId = id, reason = "nudity" })).ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", await ModeratorAsync(),
            new { outcome = "actioned", remove = true })).EnsureSuccessStatusCode();
        return report;
    }

    private async Task<bool> PostObjectAsync(TestUser author, Guid postId) => await _posts.Media.ObjectExistsAsync(author,
        await _posts.ScalarAsync<Guid>("SELECT upload_id FROM post_media WHERE post_id = @postId", new { postId }));

    [Fact]
    public async Task A_removed_posts_objects_outlast_the_grace_until_the_window_ends_and_an_appeal_then_is_refused()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author);
        var removedAt = scratch.App.Clock.GetUtcNow();
        var removal = await TakeDownAsync("post", post);

        Assert.Equal(0, await PostCleanup.PurgeAsync(removedAt + PostGrace + TimeSpan.FromHours(1), CancellationToken.None));
        Assert.Equal(0, await PostCleanup.PurgeAsync(removedAt + Window - TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.True(await PostObjectAsync(author, post));
        Assert.Equal(1, await PostCleanup.PurgeAsync(removedAt + Window + TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.False(await PostObjectAsync(author, post));

        scratch.App.Clock.Advance(Window + TimeSpan.FromMinutes(1));
        author = Fresh(author);
        var listed = await (await _posts.GetAsync($"/api/v1/users/me/removals/{removal}", author)).ReadJsonAsync();
        Assert.False(listed.GetProperty("canAppeal").GetBoolean());
        await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", author, new { message = "art" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_appealed_posts_objects_stay_past_the_window_until_the_removal_is_upheld()
    {
        var author = await _posts.NewUserAsync();
        var (appealed, reversed) = (await _posts.PostIdAsync(author), await _posts.PostIdAsync(author));
        var (removal, other) = (await TakeDownAsync("post", appealed), await TakeDownAsync("post", reversed));
        foreach (var id in new[] { removal, other })
            (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{id}/appeal", author, new { message = "art" })).EnsureSuccessStatusCode();

        scratch.App.Clock.Advance(Window + TimeSpan.FromDays(10));
        Assert.Equal(0, await PostCleanup.PurgeAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None));
        Assert.True(await PostObjectAsync(author, appealed));

        // Decided long after the window: reversed still finds the post whole, upheld lets the other's objects go.
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{other}/decide", await ModeratorAsync(), new { outcome = "reversed" }))
            .EnsureSuccessStatusCode();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", await ModeratorAsync(), new { outcome = "upheld" }))
            .EnsureSuccessStatusCode();
        Assert.Equal(1, await PostCleanup.PurgeAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None));
        Assert.False(await PostObjectAsync(author, appealed));
        Assert.True(await PostObjectAsync(author, reversed));
        Assert.Equal(HttpStatusCode.OK, (await _posts.GetAsync($"/api/v1/posts/{reversed}", Fresh(author))).StatusCode);
    }

    [Fact]
    public async Task A_removed_reels_video_is_kept_by_its_uploads_release_until_the_window_or_the_decision()
    {
        var reels = new ReelsClient(scratch.App);
        var author = await _posts.NewUserAsync();
        var (unappealed, appealed) = (await reels.ReelIdAsync(author), await reels.ReelIdAsync(author));
        await TakeDownAsync("reel", unappealed);
        var removal = await TakeDownAsync("reel", appealed);
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{removal}/appeal", author, new { message = "my dance" })).EnsureSuccessStatusCode();

        scratch.App.Clock.Advance(UploadGrace + TimeSpan.FromMinutes(1));
        await RunMediaCleanupAsync();
        Assert.True(await VideoExistsAsync(author, unappealed)); // a takedown alone would have let it go by now

        scratch.App.Clock.Advance(Window + UploadGrace);
        await RunMediaCleanupAsync();
        Assert.False(await VideoExistsAsync(author, unappealed));
        Assert.True(await VideoExistsAsync(author, appealed));

        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/removal-appeals/{removal}/decide", await ModeratorAsync(), new { outcome = "upheld" }))
            .EnsureSuccessStatusCode();
        scratch.App.Clock.Advance(UploadGrace + TimeSpan.FromMinutes(1));
        await RunMediaCleanupAsync();
        Assert.False(await VideoExistsAsync(author, appealed));
    }

    [Fact]
    public async Task A_removed_storys_media_outlast_story_expirys_next_run_until_the_window_ends()
    {
        var stories = new StoryClient(scratch.App);
        var owner = await stories.NewUserAsync();
        var (story, _) = await stories.CreateStoryAsync(owner);
        await TakeDownAsync("story", story);
        var job = scratch.App.Services.GetServices<IScheduledJob>().Single(j => j.Name == "story-expiry");

        await job.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.True(await StoryMediaAsync(stories, story)); // a final deletion's media would be gone now

        scratch.App.Clock.Advance(Window + TimeSpan.FromMinutes(1));
        await job.RunAsync(scratch.App.Clock.GetUtcNow(), CancellationToken.None);
        Assert.False(await StoryMediaAsync(stories, story));
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>("SELECT media_held_until FROM stories WHERE id = @story", new { story }));
    }

    private static async Task<bool> StoryMediaAsync(StoryClient stories, Guid story) => await stories.Media.Store.InspectAsync(
        await stories.ScalarAsync<string>("SELECT blob_name FROM stories WHERE id = @story", new { story }), 1, CancellationToken.None) is not null;

    private async Task<bool> VideoExistsAsync(TestUser author, Guid reelId) => await _posts.Media.ObjectExistsAsync(author,
        await _posts.ScalarAsync<Guid>("SELECT upload_id FROM reels WHERE id = @reelId", new { reelId }), "reel");
}
