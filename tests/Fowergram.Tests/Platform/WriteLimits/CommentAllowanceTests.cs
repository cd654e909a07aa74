using System.Net;
using Fowergram.Tests.Features.Live;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Features.Videos;
using Fowergram.Tests.Infrastructure;
using static Fowergram.Tests.Platform.WriteLimits.WriteAllowanceHost;

namespace Fowergram.Tests.Platform.WriteLimits;

/// <summary>
/// An account's comments, on every surface together, have an hour's and a day's allowance (docs/reliability.md "Write
/// allowances"): the comment past it is a 429 naming the kind, with Retry-After, and writes nothing. Moves its own clock.
/// </summary>
public sealed class CommentAllowanceTests : IAsyncLifetime
{
    private const string OwnComments = "SELECT count(*) FROM comments WHERE user_id = @userId";
    private readonly FowergramApp _app = Create();
    private PostsClient _posts = null!;

    public async Task InitializeAsync()
    {
        await _app.InitializeAsync();
        _posts = new PostsClient(_app);
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_comment_past_the_hours_allowance_is_429_with_Retry_After_and_writes_nothing()
    {
        var (author, commenter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        for (var i = 0; i < PerHour; i++) Assert.Equal(HttpStatusCode.Created, (await CommentAsync(_posts, commenter, "posts", post)).StatusCode);

        var retryAfter = await AssertSpentAsync(await CommentAsync(_posts, commenter, "posts", post, "one too many"), "comment");

        Assert.Equal(TimeSpan.FromHours(1), retryAfter);
        Assert.Equal(PerHour, await CountAsync(_posts, OwnComments, commenter.Id));
        Assert.Equal(0, await _posts.ScalarAsync<long>("SELECT count(*) FROM comments WHERE content = 'one too many' AND post_id = @post", new { post }));
    }

    [Fact]
    public async Task Comments_on_posts_reels_videos_and_live_broadcasts_spend_one_allowance()
    {
        var (author, commenter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        var reel = await new ReelsClient(_app).ReelIdAsync(author);
        var video = await new VideosClient(_app).VideoIdAsync(author);
        var live = await new LiveClient(_app).LiveStreamIdAsync(author);
        Assert.Equal(HttpStatusCode.Created, (await CommentAsync(_posts, commenter, "posts", post)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CommentAsync(_posts, commenter, "reels", reel)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await CommentAsync(_posts, commenter, "videos", video)).StatusCode);

        // Each surface refuses once the shared allowance is spent, and writes nothing.
        await AssertSpentAsync(await CommentAsync(_posts, commenter, "live", live), "comment");
        await AssertSpentAsync(await CommentAsync(_posts, commenter, "reels", reel), "comment");
        await AssertSpentAsync(await CommentAsync(_posts, commenter, "videos", video), "comment");
        await AssertSpentAsync(await CommentAsync(_posts, commenter, "posts", post), "comment");
        Assert.Equal(0, await CountAsync(_posts, "SELECT count(*) FROM live_comments WHERE user_id = @userId", commenter.Id));
        Assert.Equal(1, await CountAsync(_posts, "SELECT count(*) FROM reel_comments WHERE user_id = @userId", commenter.Id));
        Assert.Equal(1, await CountAsync(_posts, "SELECT count(*) FROM igtv_comments WHERE user_id = @userId", commenter.Id));
        Assert.Equal(1, await CountAsync(_posts, OwnComments, commenter.Id));
    }

    [Fact]
    public async Task A_refused_or_failed_comment_spends_nothing()
    {
        var (author, commenter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        var closed = (await _posts.CreatePostAsync(author, commentsDisabled: true)).GetProperty("id").GetGuid();
        for (var i = 0; i < PerHour + 2; i++)
        {
            Assert.Equal(HttpStatusCode.Conflict, (await CommentAsync(_posts, commenter, "posts", closed)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await CommentAsync(_posts, commenter, "posts", Guid.NewGuid())).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await CommentAsync(_posts, commenter, "posts", post, "")).StatusCode);
        }

        for (var i = 0; i < PerHour; i++) Assert.Equal(HttpStatusCode.Created, (await CommentAsync(_posts, commenter, "posts", post)).StatusCode);
    }

    [Fact]
    public async Task Refused_comments_do_not_spend_the_days_allowance_and_the_windows_free_in_turn()
    {
        var (author, commenter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        for (var i = 0; i < PerHour; i++) await CommentAsync(_posts, commenter, "posts", post);
        for (var i = 0; i < 5; i++) await AssertSpentAsync(await CommentAsync(_posts, commenter, "posts", post), "comment");
        _app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(TimeSpan.FromMinutes(1), await AssertSpentAsync(await CommentAsync(_posts, commenter, "posts", post), "comment"));

        _app.Clock.Advance(TimeSpan.FromMinutes(1));

        // The day's allowance took the hour's three and nothing for the refusals: two more fit, then the day is full.
        for (var i = 0; i < PerDay - PerHour; i++) Assert.Equal(HttpStatusCode.Created, (await CommentAsync(_posts, commenter, "posts", post)).StatusCode);
        var untilTomorrow = await AssertSpentAsync(await CommentAsync(_posts, commenter, "posts", post), "comment");
        Assert.Equal(TimeSpan.FromHours(23), untilTomorrow);
        _app.Clock.Advance(untilTomorrow);
        Assert.Equal(HttpStatusCode.Created, (await CommentAsync(_posts, commenter, "posts", post)).StatusCode);
        Assert.Equal(PerDay + 1, await CountAsync(_posts, OwnComments, commenter.Id));
    }

    [Fact]
    public async Task Another_account_is_not_held_by_a_spent_allowance()
    {
        var (author, spammer, other) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        for (var i = 0; i < PerHour; i++) await CommentAsync(_posts, spammer, "posts", post);
        await AssertSpentAsync(await CommentAsync(_posts, spammer, "posts", post), "comment");

        for (var i = 0; i < PerHour; i++) Assert.Equal(HttpStatusCode.Created, (await CommentAsync(_posts, other, "posts", post)).StatusCode);
    }

    [Fact]
    public async Task Concurrent_comments_at_the_edge_never_exceed_the_allowance()
    {
        var (author, commenter) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        var reel = await new ReelsClient(_app).ReelIdAsync(author);
        await CommentAsync(_posts, commenter, "posts", post);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => CommentAsync(_posts, commenter, i % 2 == 0 ? "posts" : "reels", i % 2 == 0 ? post : reel)));

        Assert.Equal(PerHour - 1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        var written = await CountAsync(_posts, OwnComments, commenter.Id)
            + await CountAsync(_posts, "SELECT count(*) FROM reel_comments WHERE user_id = @userId", commenter.Id);
        Assert.Equal(PerHour, written);
    }
}
