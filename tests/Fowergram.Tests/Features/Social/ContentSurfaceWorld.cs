using System.Collections.Concurrent;
using System.Net;
using Fowergram.Features.Feed;
using Fowergram.Platform.Jobs;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Feed;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Messages;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Social;

/// <summary>
/// What one row of <see cref="ContentSurfaceMatrixTests"/> reads: the owner's things, the viewer, the words that find them,
/// and the thread in which a third account shared the owner's posts with the viewer.
/// </summary>
public sealed record ContentRow(TestUser Owner, TestUser? Viewer, string Word, string Tag, Guid ShareThread,
    OwnersPost Live, OwnersPost Archived, Guid Story, Guid Thread, Guid Message);

/// <summary>A post of the owner, the owner's comment on it, and the message that shared it with the viewer.</summary>
public sealed record OwnersPost(Guid Id, Guid Comment, Guid Share);

/// <summary>
/// The arrangements of <see cref="ContentSurfaceMatrixTests"/>, one per (relationship, account kind), made lazily and
/// shared by the read-only cells of that row. A database of its own: explore ranks every recent post of every account,
/// and on the shared database other tests' much-liked posts would push these out of its 1,000.
/// </summary>
public sealed class ContentSurfaceWorld : IAsyncLifetime
{
    private readonly ScratchDatabaseApp _scratch = new();
    private readonly ConcurrentDictionary<(ContentSurfaceMatrixTests.Relation, bool), Lazy<Task<ContentRow>>> _rows = new();

    public FowergramApp App => _scratch.App;

    public Task InitializeAsync() => _scratch.InitializeAsync();

    public Task DisposeAsync() => _scratch.DisposeAsync();

    public Task<ContentRow> RowAsync(ContentSurfaceMatrixTests.Relation relation, bool isPrivate) =>
        _rows.GetOrAdd((relation, isPrivate), key => new Lazy<Task<ContentRow>>(() => ArrangeAsync(key.Item1, key.Item2))).Value;

    public Task<HttpResponseMessage> GetAsync(string path, TestUser? viewer) => new PostsClient(App).GetAsync(path, viewer);

    /// <summary>The explore ranking as the job makes it now (the host's scheduler is off on a scratch database).</summary>
    public Task RefreshExploreAsync() =>
        App.Services.GetServices<IScheduledJob>().Single(j => j.Name == ExploreRefreshJob.JobName).RunAsync(App.Clock.GetUtcNow(), CancellationToken.None);

    /// <summary>
    /// The relationship first, so that fan-out, mentions and notices meet it as they would in use — but a block comes
    /// last, after the owner's things were fanned out and their notices written to the then follower, and an archive
    /// after its post's notices: then only the read-time rules can hide them (docs/visibility.md "Read time, not write
    /// time"). The owner posts (a caption naming the viewer, liked and commented on by the owner so likers and comments
    /// have an entry), posts again and archives that post; a follower of the owner shares each post with the viewer in a
    /// direct thread before the archive. On a public account the owner also shares a close-friends story mentioning the
    /// viewer and writes to a third account in a direct thread.
    /// </summary>
    private async Task<ContentRow> ArrangeAsync(ContentSurfaceMatrixTests.Relation relation, bool isPrivate)
    {
        var posts = new PostsClient(App);
        var feed = new FeedWorld(App);
        var owner = await posts.NewUserAsync(isPrivate);
        var viewer = await ViewerAsync(relation, owner, isPrivate, posts, feed);
        var word = "w" + Guid.NewGuid().ToString("N")[..14];
        var tag = "t" + Guid.NewGuid().ToString("N")[..14];
        var caption = $"{word} #{tag}" + (viewer is null || viewer == owner ? "" : $" @{viewer.Username}");

        var dms = new DmClient(App);
        var sharer = await posts.NewUserAsync(); // follows the owner, so may share even a private account's posts
        await feed.FollowAsync(sharer, owner);
        var shareThread = viewer is null ? Guid.Empty : await dms.DirectAsync(sharer, viewer);
        var live = await EngagedPostAsync(posts, dms, owner, caption, sharer, shareThread);
        var archived = await EngagedPostAsync(posts, dms, owner, caption, sharer, shareThread);
        await DrainAsync();
        await (await posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{archived.Id}/archive", owner)).EnsureNoContentAsync();
        if (isPrivate)
        {
            await BlockLastAsync(relation, owner, viewer, feed, live.Id, archived.Id);
            return new ContentRow(owner, viewer, word, tag, shareThread, live, archived, Guid.Empty, Guid.Empty, Guid.Empty);
        }

        var mentionable = viewer is not null && viewer != owner;
        var story = await (await posts.SendAsync(HttpMethod.Post, "/api/v1/stories", owner, new
        {
            uploadId = (await posts.UploadAsync(owner, purpose: "story")).UploadId,
            audience = "close_friends",
            mentions = mentionable ? new[] { viewer!.Username } : [],
        })).ReadJsonAsync(HttpStatusCode.Created);

        var thread = await dms.DirectAsync(owner, await posts.NewUserAsync());
        var message = await dms.SayAsync(owner, thread, $"{word} between two");
        await DrainAsync();
        await BlockLastAsync(relation, owner, viewer, feed, live.Id, archived.Id); // a close-friends story told no mere follower
        return new ContentRow(owner, viewer, word, tag, shareThread, live, archived, story.GetProperty("id").GetGuid(), thread, message);
    }

    private static async Task<TestUser?> ViewerAsync(ContentSurfaceMatrixTests.Relation relation, TestUser owner, bool isPrivate,
        PostsClient posts, FeedWorld feed)
    {
        if (relation == ContentSurfaceMatrixTests.Relation.Anonymous) return null;
        if (relation == ContentSurfaceMatrixTests.Relation.Owner) return owner;
        var viewer = await posts.NewUserAsync();
        switch (relation)
        {
            case ContentSurfaceMatrixTests.Relation.PendingRequester when isPrivate:
                Assert.Equal("requested", await feed.RequestFollowAsync(viewer, owner));
                break;
            case ContentSurfaceMatrixTests.Relation.PendingRequester: // a public account takes no new requests: one left from when it was private
                await posts.ExecuteAsync("INSERT INTO follow_requests (requester_id, target_id) VALUES (@v, @o)", new { v = viewer.Id, o = owner.Id });
                break;
            case ContentSurfaceMatrixTests.Relation.Follower:
                await feed.FollowAsync(viewer, owner);
                break;
            case ContentSurfaceMatrixTests.Relation.CloseFriend:
                await feed.FollowAsync(viewer, owner);
                await (await posts.SendAsync(HttpMethod.Put, $"/api/v1/users/me/close-friends/{viewer.Username}", owner)).EnsureNoContentAsync();
                break;
            case ContentSurfaceMatrixTests.Relation.Blocked or ContentSurfaceMatrixTests.Relation.Blocker: // a follower until BlockLastAsync
                await feed.FollowAsync(viewer, owner);
                break;
            case ContentSurfaceMatrixTests.Relation.Moderator: // granted as the Server's `moderator grant` verb does
                await posts.ExecuteAsync("INSERT INTO moderators (user_id) VALUES (@id)", new { id = viewer.Id });
                break;
        }
        return viewer;
    }

    /// <summary>The block ends the follow and must hide what the follower was shown and told (a notice of each mention) before.</summary>
    private async Task BlockLastAsync(ContentSurfaceMatrixTests.Relation relation, TestUser owner, TestUser? viewer, FeedWorld feed,
        params Guid[] mentionedIn)
    {
        if (relation is not (ContentSurfaceMatrixTests.Relation.Blocked or ContentSurfaceMatrixTests.Relation.Blocker)) return;
        var told = await new PostsClient(App).ScalarAsync<long>(
            "SELECT count(DISTINCT entity_id) FROM notifications WHERE user_id = @viewer AND entity_id = ANY(@mentionedIn)",
            new { viewer = viewer!.Id, mentionedIn });
        Assert.Equal(mentionedIn.Length, told);
        if (relation == ContentSurfaceMatrixTests.Relation.Blocked) await feed.BlockAsync(owner, viewer);
        else await feed.BlockAsync(viewer, owner);
        await DrainAsync();
    }

    private static async Task<OwnersPost> EngagedPostAsync(PostsClient posts, DmClient dms, TestUser owner, string caption,
        TestUser sharer, Guid shareThread)
    {
        var id = await posts.PostIdAsync(owner, caption);
        await (await posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{id}/like", owner)).EnsureNoContentAsync();
        var comment = await (await posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{id}/comments", owner, new { content = "first" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        var share = shareThread == Guid.Empty ? Guid.Empty
            : (await dms.SendMessageAsync(sharer, shareThread, new { sharedPostId = id })).GetProperty("id").GetGuid();
        return new OwnersPost(id, comment.GetProperty("id").GetGuid(), share);
    }

    private Task DrainAsync() => App.Services.GetRequiredService<EventPipeline>().DrainAsync(TimeSpan.FromSeconds(60));
}
