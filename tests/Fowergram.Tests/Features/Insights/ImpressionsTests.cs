using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Insights;

/// <summary>
/// Reach and impressions (docs/insights.md "Reach and impressions"): the app reports the posts it showed; each account the
/// post may be shown to counts once towards reach, split by whether it followed the author then, and a look at most once a
/// minute towards impressions; what the caller may not see is passed over; only the author reads the figures.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ImpressionsTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private async Task SeenAsync(TestUser viewer, params Guid[] posts) =>
        Assert.Equal(HttpStatusCode.NoContent, (await _posts.SendAsync(HttpMethod.Post, "/api/v1/impressions", viewer, new { posts })).StatusCode);

    private async Task<(long Accounts, long Followers, long NonFollowers, long Impressions)> FiguresAsync(TestUser author, Guid post)
    {
        var insights = await (await _posts.GetAsync($"/api/v1/posts/{post}/insights", author)).ReadJsonAsync();
        var reach = insights.GetProperty("reach");
        return (reach.GetProperty("accounts").GetInt64(), reach.GetProperty("followers").GetInt64(), reach.GetProperty("nonFollowers").GetInt64(),
            insights.GetProperty("impressions").GetInt64());
    }

    private Task<long> RowsAsync(Guid post) => _posts.ScalarAsync<long>("SELECT count(*) FROM post_impressions WHERE post_id = @post", new { post });

    [Fact]
    public async Task Each_account_is_reached_once_and_a_look_counts_once_a_minute()
    {
        var (author, fan, stranger) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        await _posts.FollowAsync(fan, author);
        var post = await _posts.PostIdAsync(author, "seen");
        Assert.Equal((0L, 0L, 0L, 0L), await FiguresAsync(author, post));

        await SeenAsync(fan, post);
        await SeenAsync(fan, post); // a retry, a scroll back: the same look
        await SeenAsync(stranger, post, post);
        Assert.Equal((2L, 1L, 1L, 2L), await FiguresAsync(author, post));

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await SeenAsync(fan, post);
        await SeenAsync(author, post); // the author's own looks are not reach
        Assert.Equal((2L, 1L, 1L, 3L), await FiguresAsync(author, post));

        // Who followed at the time of the first look: the fan leaving changes nothing, the stranger following neither.
        (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/users/{author.Username}/follow", fan)).EnsureSuccessStatusCode();
        await _posts.FollowAsync(stranger, author);
        Assert.Equal((2L, 1L, 1L, 3L), await FiguresAsync(author, post));

        // The figures are the author's: anyone else, or a guest, finds no such post.
        Assert.Equal(HttpStatusCode.NotFound, (await _posts.GetAsync($"/api/v1/posts/{post}/insights", fan)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _posts.GetAsync($"/api/v1/posts/{post}/insights", null)).StatusCode);

        // The viewer's export lists what was reported about them.
        var exported = (await (await _posts.GetAsync("/api/v1/users/me/export", fan)).ReadJsonAsync()).GetProperty("postImpressions");
        var row = Assert.Single(exported.EnumerateArray());
        Assert.Equal((post, 2), (row.GetProperty("postId").GetGuid(), row.GetProperty("impressions").GetInt32()));
    }

    [Fact]
    public async Task Posts_the_viewer_may_not_see_are_passed_over_and_the_rest_of_the_report_counts()
    {
        var viewer = await _posts.NewUserAsync();
        var hidden = await _posts.NewUserAsync(isPrivate: true);
        var blocker = await _posts.NewUserAsync();
        var open = await _posts.NewUserAsync();
        var privatePost = await _posts.PostIdAsync(hidden);
        var blockedPost = await _posts.PostIdAsync(blocker);
        await _posts.BlockAsync(blocker, viewer);
        var archived = await _posts.PostIdAsync(open);
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{archived}/archive", open)).EnsureSuccessStatusCode();
        var deleted = await _posts.PostIdAsync(open);
        (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", open)).EnsureSuccessStatusCode();
        // Past its first 90 days a post's figures are final (settled by insights-retention).
        var old = Guid.CreateVersion7();
        await _posts.ExecuteAsync("INSERT INTO posts (id, user_id, caption, created_at) VALUES (@old, @open, 'last season', @at)",
            new { old, open = open.Id, at = app.Clock.GetUtcNow().AddDays(-91) });
        var seen = await _posts.PostIdAsync(open);

        await SeenAsync(viewer, privatePost, blockedPost, archived, deleted, old, Guid.NewGuid(), seen);
        foreach (var post in new[] { privatePost, blockedPost, archived, deleted, old }) Assert.Equal(0, await RowsAsync(post));
        Assert.Equal(1, await RowsAsync(seen));
        Assert.Equal((1L, 0L, 1L, 1L), await FiguresAsync(open, seen));
        // What insights-retention settled is added to the rows still kept.
        await _posts.ExecuteAsync("INSERT INTO post_reach (post_id, accounts, follower_accounts, impressions, settled_at) VALUES (@seen, 5, 2, 9, now())", new { seen });
        Assert.Equal((6L, 2L, 4L, 10L), await FiguresAsync(open, seen));
    }

    [Fact]
    public async Task A_bad_report_is_a_400_naming_posts_and_records_nothing()
    {
        var (author, viewer) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var post = await _posts.PostIdAsync(author);
        var tooMany = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).Append(post).ToArray();
        foreach (var body in new object[] { new { }, new { posts = Array.Empty<Guid>() }, new { posts = tooMany } })
        {
            var response = await _posts.SendAsync(HttpMethod.Post, "/api/v1/impressions", viewer, body);
            await response.AssertValidationErrorAsync("posts");
        }
        foreach (var raw in new[] { $$"""{"posts": ["{{post}}", "not-an-id"]}""", """{"posts": "x"}""", "[1]", "not json" })
            await (await _posts.SendRawAsync(HttpMethod.Post, "/api/v1/impressions", viewer, raw)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _posts.SendAsync(HttpMethod.Post, "/api/v1/impressions", null, new { posts = new[] { post } })).StatusCode);
        Assert.Equal(0, await RowsAsync(post));
    }
}
