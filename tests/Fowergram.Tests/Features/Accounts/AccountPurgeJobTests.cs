using System.Net;
using Fowergram.Features.Accounts;
using Fowergram.Features.Reels;
using Fowergram.Features.Videos;
using Fowergram.Platform.Jobs;
using Fowergram.Server.Events;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Fowergram.Tests.Features.Accounts;

/// <summary>
/// account-purge on a database and host of its own (it takes apart every due account it finds, and its clock
/// moves a month): what a deleted account leaves in other accounts' counters is taken off through events.
/// </summary>
public sealed class AccountPurgeJobTests : IAsyncLifetime
{
    private readonly ScratchDatabaseApp _host = new();
    private FowergramApp _app = null!;
    private PostsClient _posts = null!;
    private ReelsClient _reels = null!;

    public async Task InitializeAsync()
    {
        await _host.InitializeAsync();
        _app = _host.App;
        _posts = new PostsClient(_app);
        _reels = new ReelsClient(_app);
    }

    public Task DisposeAsync() => _host.DisposeAsync();

    private Task RunAsync(string job) =>
        _app.Services.GetServices<IScheduledJob>().Single(j => j.Name == job).RunAsync(_app.Clock.GetUtcNow(), CancellationToken.None);

    private Task DrainAsync() => _app.Services.GetRequiredService<EventPipeline>().DrainAsync();

    [Fact]
    public async Task A_purged_account_leaves_every_other_counter_exact_and_then_goes_with_its_media()
    {
        var author = await _posts.NewUserAsync();
        var friend = await _posts.NewUserAsync();
        var leaving = await _posts.NewUserAsync();
        var tag = "purge" + Guid.NewGuid().ToString("N")[..8];
        var post = await _posts.PostIdAsync(author, $"sunset #{tag}");
        var leavingPost = await _posts.PostIdAsync(leaving, $"mine #{tag}");
        var recentlyDeleted = await _posts.PostIdAsync(leaving, "deleted before leaving");
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{recentlyDeleted}", leaving)).EnsureNoContentAsync();
        // A post and a reel a moderator took down, both appealed: their objects are held for the appeal, but not past the account.
        var moderator = await _posts.ModeratorAsync();
        var removedPost = await _posts.PostIdAsync(leaving, "removed");
        foreach (var (kind, id) in new[] { ("post", removedPost), ("reel", await _reels.ReelIdAsync(leaving)) })
        {
            var report = (await (await _posts.SendAsync(HttpMethod.Post, "/api/v1/reports", author, new { targetType = kind, targetId = id, reason = "spam" }))
                .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
            (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/moderation/reports/{report}/resolve", moderator, new { outcome = "actioned", remove = true }))
                .EnsureSuccessStatusCode();
            (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/users/me/removals/{report}/appeal", leaving, new { message = "mine" })).EnsureSuccessStatusCode();
        }
        foreach (var (follower, followed) in new[] { (leaving, author), (author, leaving), (friend, leaving) })
            Assert.True((await _posts.SendAsync(HttpMethod.Put, $"/api/v1/users/{followed.Username}/follow", follower)).IsSuccessStatusCode);
        foreach (var liker in new[] { leaving, friend })
            await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/like", liker)).EnsureNoContentAsync();
        var friendComment = await CommentAsync(friend, post, "lovely", null);
        var leavingComment = await CommentAsync(leaving, post, "wow", null);
        await CommentAsync(friend, post, "right?", leavingComment);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/comments/{friendComment}/like", leaving)).EnsureNoContentAsync();
        var reel = await _reels.ReelIdAsync(author);
        foreach (var liker in new[] { leaving, friend })
            await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/like", liker)).EnsureNoContentAsync();
        await _reels.CommentAsync(leaving, reel, "great cut");
        var friendReelComment = await _reels.CommentAsync(friend, reel, "agreed");
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/comments/{friendReelComment}/like", leaving)).EnsureNoContentAsync();
        await (await _reels.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/save", leaving)).EnsureNoContentAsync();
        var videos = new VideosClient(_app);
        var leavingVideo = await videos.VideoIdAsync(leaving, seriesId: await videos.SeriesIdAsync(leaving));
        var deletedReel = await _reels.ReelIdAsync(leaving);
        var deletedVideo = await videos.VideoIdAsync(leaving);
        await (await videos.SendAsync(HttpMethod.Delete, $"/api/v1/videos/{deletedVideo}", leaving)).EnsureNoContentAsync();
        await (await _reels.SendAsync(HttpMethod.Delete, $"/api/v1/reels/{deletedReel}", leaving)).EnsureNoContentAsync();
        var authorVideo = await videos.VideoIdAsync(author);
        await (await videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{authorVideo}/views", leaving)).EnsureNoContentAsync();
        foreach (var liker in new[] { leaving, friend })
            await (await videos.SendAsync(HttpMethod.Put, $"/api/v1/videos/{authorVideo}/like", liker)).EnsureNoContentAsync();
        foreach (var commenter in new[] { leaving, friend })
            Assert.Equal(HttpStatusCode.Created, (await videos.SendAsync(HttpMethod.Post, $"/api/v1/videos/{authorVideo}/comments", commenter,
                new { content = "nice" })).StatusCode);
        var dm = new Messages.DmClient(_app);
        var thread = await dm.DirectAsync(leaving, friend);
        await dm.SendMessageAsync(leaving, thread, new { sharedReelId = reel });
        await dm.SendMessageAsync(leaving, thread, new { sharedVideoId = authorVideo });
        await dm.SendMessageAsync(friend, thread, new { sharedReelId = reel }); // stays
        var friendVideoComment = await _posts.ScalarAsync<Guid>("SELECT id FROM igtv_comments WHERE user_id = @id", new { id = friend.Id });
        await (await videos.SendAsync(HttpMethod.Put, $"/api/v1/videos/{authorVideo}/comments/{friendVideoComment}/like", leaving)).EnsureNoContentAsync();
        await DrainAsync();
        Assert.Equal((1L, 1L), await CommentLikeCountsAsync(friendReelComment, friendVideoComment));
        Assert.Equal((2L, 1L), (await _reels.StatAsync(reel, "share_count"), await VideoSharesAsync(authorVideo)));
        Assert.Equal(1L, await _reels.StatAsync(reel, "save_count"));
        Assert.Equal((2L, 2L), (await VideoLikesAsync(authorVideo), await VideoCommentsAsync(authorVideo)));
        Assert.Equal((2L, 2L), (await _reels.StatAsync(reel, "like_count"), await _reels.StatAsync(reel, "comment_count")));
        const string LikeNotices = "SELECT count(*) FROM notifications WHERE actor_id = @id AND type IN ('like', 'comment_like', 'reel_like', 'video_like')";
        Assert.Equal(6L, await _posts.ScalarAsync<long>(LikeNotices, new { id = leaving.Id }));
        Assert.Equal((1L, 1L), await FollowCountsAsync(author));
        Assert.Equal(2L, await _posts.ScalarAsync<long>("SELECT post_count FROM hashtag_stats s JOIN hashtags h ON h.id = s.hashtag_id WHERE h.name = @tag", new { tag }));

        await _posts.ExecuteAsync("UPDATE users SET deleted_at = @at WHERE id = @id", new { at = _app.Clock.GetUtcNow(), id = leaving.Id });
        await RunAsync(AccountPurgeJob.JobName); // within the grace: nothing happens
        Assert.Equal(3L, await _posts.ScalarAsync<long>("SELECT count(*) FROM follows WHERE @id IN (follower_id, following_id)", new { id = leaving.Id }));

        _app.Clock.Advance(TimeSpan.FromDays(31));
        await Task.WhenAll(RunAsync(AccountPurgeJob.JobName), RunAsync(AccountPurgeJob.JobName)); // twice at once: each row once
        await DrainAsync();

        Assert.Equal((1L, 1L), (await _posts.LikeCountAsync(post), await _posts.LikeRowsAsync(post)));
        Assert.Equal(1L, await _posts.CommentCountAsync(post));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT like_count FROM comment_stats WHERE comment_id = @friendComment", new { friendComment }));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT post_count FROM hashtag_stats s JOIN hashtags h ON h.id = s.hashtag_id WHERE h.name = @tag", new { tag }));
        Assert.Equal((0L, 0L), await FollowCountsAsync(author));
        Assert.Equal((0L, 0L), await FollowCountsAsync(friend));
        Assert.Equal((1L, 1L), (await _reels.StatAsync(reel, "like_count"), await _reels.StatAsync(reel, "comment_count")));
        Assert.Equal((0L, 0L), await CommentLikeCountsAsync(friendReelComment, friendVideoComment)); // its comment likes taken back
        Assert.Equal((1L, 0L), (await _reels.StatAsync(reel, "share_count"), await VideoSharesAsync(authorVideo))); // its shares unsent
        Assert.Equal(0L, await _reels.StatAsync(reel, "save_count")); // its save taken back
        Assert.Equal(0L, await _posts.ScalarAsync<long>(LikeNotices, new { id = leaving.Id })); // taken back, as an unlike takes them
        Assert.True(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM posts WHERE id = @leavingPost", new { leavingPost }));
        // A post in Recently deleted is made final with its account, and raised no second post.deleted.
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>("SELECT restorable_until FROM posts WHERE id = @recentlyDeleted", new { recentlyDeleted }));
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM outbox WHERE type = 'post.deleted' AND payload->>'postId' = @key",
            new { key = recentlyDeleted.ToString() }));
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>("SELECT media_held_until FROM posts WHERE id = @removedPost", new { removedPost }));
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>("SELECT restorable_until FROM reels WHERE id = @deletedReel", new { deletedReel }));
        Assert.Single(await _reels.EventsAsync(deletedReel), e => e.Type == ReelEvents.Deleted);
        Assert.Null(await _posts.ScalarAsync<DateTimeOffset?>("SELECT restorable_until FROM igtv_videos WHERE id = @deletedVideo", new { deletedVideo }));
        Assert.Single(await videos.EventsAsync(deletedVideo), e => e.Type == VideoEvents.Deleted);
        // The account's videos are soft-deleted with one event each (two runs at once); its view of another's video stays counted.
        Assert.True(await _posts.ScalarAsync<bool>("SELECT deleted_at IS NOT NULL FROM igtv_videos WHERE id = @leavingVideo", new { leavingVideo }));
        Assert.Single(await videos.EventsAsync(leavingVideo), e => e.Type == VideoEvents.Deleted);
        Assert.Equal(1L, await videos.ViewCountAsync(authorVideo));
        Assert.Equal(1L, await VideoLikesAsync(authorVideo)); // its like is taken back, as an unlike would
        Assert.Equal(1L, await VideoCommentsAsync(authorVideo)); // its comment deleted, as its author deleting it would
        Assert.Equal(1L, await _posts.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @id", new { id = leaving.Id })); // not yet: objects remain

        var uploads = (await _posts.QueryAsync<Guid>("SELECT id FROM uploads WHERE user_id = @id", new { id = leaving.Id })).ToList();
        _app.Clock.Advance(TimeSpan.FromHours(2));
        await RunAsync("media-cleanup");
        await RunAsync(AccountPurgeJob.JobName);

        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = @id", new { id = leaving.Id }));
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM content_removals WHERE owner_id = @id", new { id = leaving.Id }));
        foreach (var upload in uploads) Assert.False(await _posts.Media.ObjectExistsAsync(leaving, upload));
        Assert.Equal((1L, 1L), (await _posts.LikeCountAsync(post), await _posts.LikeRowsAsync(post)));
        Assert.Equal(HttpStatusCode.OK, (await _posts.GetAsync($"/api/v1/posts/{post}", _posts.Media.WithFreshToken(friend))).StatusCode);
    }

    [Fact]
    public async Task One_run_takes_every_due_account_not_only_the_first_page()
    {
        // More accounts than a page, deleted a month ago with nothing to take apart: one run empties them all, and one run
        // after the settle deletes them all. Until 2026-12-07 a run took the 20 oldest and stopped, so the next run found the
        // same 20 first and the rest waited, a page an hour at best.
        var leaving = new List<Guid>();
        for (var i = 0; i < AccountPurgeJob.AccountsPerPage + 5; i++) leaving.Add((await _posts.NewUserAsync()).Id);
        await _posts.ExecuteAsync("UPDATE users SET deleted_at = @at WHERE id = ANY(@ids)", new { at = _app.Clock.GetUtcNow(), ids = leaving.ToArray() });
        _app.Clock.Advance(TimeSpan.FromDays(31));

        await RunAsync(AccountPurgeJob.JobName);
        Assert.Equal((long)leaving.Count, await _posts.ScalarAsync<long>(
            "SELECT count(*) FROM users WHERE id = ANY(@ids) AND purge_quiet_at IS NOT NULL", new { ids = leaving.ToArray() }));

        _app.Clock.Advance(TimeSpan.FromHours(2));
        await RunAsync("media-cleanup");
        await RunAsync(AccountPurgeJob.JobName);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("SELECT count(*) FROM users WHERE id = ANY(@ids)", new { ids = leaving.ToArray() }));
    }

    private async Task<(long Reel, long Video)> CommentLikeCountsAsync(Guid reelComment, Guid videoComment) =>
        (await _posts.QueryAsync<(long, long)>("""
            SELECT (SELECT like_count FROM reel_comments WHERE id = @reelComment), (SELECT like_count FROM igtv_comments WHERE id = @videoComment)
            """, new { reelComment, videoComment })).Single();

    private Task<long> VideoSharesAsync(Guid videoId) =>
        _posts.ScalarAsync<long>("SELECT share_count FROM igtv_stats WHERE video_id = @videoId", new { videoId });

    private Task<long> VideoCommentsAsync(Guid videoId) =>
        _posts.ScalarAsync<long>("SELECT comment_count FROM igtv_stats WHERE video_id = @videoId", new { videoId });

    private Task<long> VideoLikesAsync(Guid videoId) =>
        _posts.ScalarAsync<long>("SELECT like_count FROM igtv_stats WHERE video_id = @videoId", new { videoId });

    private async Task<(long Followers, long Following)> FollowCountsAsync(TestUser user) =>
        (await _posts.QueryAsync<(long, long)>("SELECT follower_count, following_count FROM user_stats WHERE user_id = @id", new { id = user.Id })).Single();

    private async Task<Guid> CommentAsync(TestUser user, Guid post, string content, Guid? parentId) =>
        (await (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{post}/comments", user, new { content, parentId }))
            .ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
}
