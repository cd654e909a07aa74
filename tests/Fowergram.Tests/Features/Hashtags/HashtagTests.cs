using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Hashtags;

/// <summary>Hashtag pages, follows and trending.</summary>
[Collection(ApiCollection.Name)]
public sealed class HashtagTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);

    private static string NewTag(string prefix = "tag") => prefix + Guid.NewGuid().ToString("N")[..12];

    private static List<Guid> Ids(JsonElement page) =>
        page.GetProperty("posts").GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Page_shows_the_count_and_recent_posts_newest_first_whatever_the_case_or_hash()
    {
        var author = await _posts.NewUserAsync();
        var tag = NewTag();
        var first = await _posts.PostIdAsync(author, $"#{tag}");
        app.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await _posts.PostIdAsync(author, $"#{tag.ToUpperInvariant()}");
        await _posts.SettleAsync(first, second);

        var page = await (await _posts.GetAsync($"/api/v1/hashtags/%23{tag.ToUpperInvariant()}?limit=1", null)).ReadJsonAsync();
        var next = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}?limit=1&cursor={page.GetProperty("posts").GetProperty("nextCursor").GetString()}", null))
            .ReadJsonAsync();

        Assert.Equal((tag, 2, false), (page.GetProperty("name").GetString(), page.GetProperty("postCount").GetInt32(), page.GetProperty("isFollowing").GetBoolean()));
        Assert.Equal([second, first], Ids(page).Concat(Ids(next)));
    }

    /// <summary>
    /// /hashtags/trending and /hashtags/search are routes; a tag spelled like them is reached with its "#" (the {name}
    /// parameter refuses the bare words on both hosts: docs/functions-host.md "Route matching").
    /// </summary>
    [Fact]
    public async Task A_tag_named_like_a_route_is_reached_with_its_hash()
    {
        var author = await _posts.NewUserAsync();
        var post = await _posts.PostIdAsync(author, "what is #trending today, and what do people #search");
        await _posts.SettleAsync(post);

        var trendingTag = await (await _posts.GetAsync("/api/v1/hashtags/%23trending?limit=50", null)).ReadJsonAsync();
        var searchTag = await (await _posts.GetAsync("/api/v1/hashtags/%23search?limit=50", null)).ReadJsonAsync();
        var trending = await (await _posts.GetAsync("/api/v1/hashtags/trending", null)).ReadJsonAsync();

        Assert.Equal("trending", trendingTag.GetProperty("name").GetString());
        Assert.Contains(post, Ids(trendingTag));
        Assert.Equal("search", searchTag.GetProperty("name").GetString());
        Assert.Contains(post, Ids(searchTag));
        Assert.Equal(JsonValueKind.Array, trending.GetProperty("items").ValueKind); // the trending list, not a tag page
        Assert.False(trending.TryGetProperty("posts", out _));
        await (await _posts.GetAsync("/api/v1/hashtags/search", null)).AssertProblemAsync(HttpStatusCode.BadRequest); // q is required
    }

    [Fact]
    public async Task Page_leaves_out_private_blocked_and_archived_posts()
    {
        var tag = NewTag();
        var viewer = await _posts.NewUserAsync();
        var open = await _posts.NewUserAsync();
        var closed = await _posts.NewUserAsync(isPrivate: true);
        var followed = await _posts.NewUserAsync(isPrivate: true);
        var blocker = await _posts.NewUserAsync();
        await _posts.FollowAsync(viewer, followed);
        await _posts.BlockAsync(blocker, viewer);
        var visible = await _posts.PostIdAsync(open, $"#{tag}");
        var fromFollowed = await _posts.PostIdAsync(followed, $"#{tag}");
        await _posts.PostIdAsync(closed, $"#{tag}");
        var fromBlocker = await _posts.PostIdAsync(blocker, $"#{tag}");
        var archived = await _posts.PostIdAsync(open, $"#{tag}");
        await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{archived}/archive", open);

        var page = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", viewer)).ReadJsonAsync();
        var anonymous = await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", null)).ReadJsonAsync();

        Assert.Equal(new[] { visible, fromFollowed }.Order(), Ids(page).Order());
        Assert.Equal(new[] { visible, fromBlocker }.Order(), Ids(anonymous).Order()); // a block hides only between the two
    }

    [Theory]
    [InlineData("UPDATE users SET deleted_at = now() WHERE id = @id")]
    [InlineData("UPDATE users SET is_active = false WHERE id = @id")]
    public async Task A_token_whose_account_is_gone_follows_no_hashtag_and_dismisses_no_post_or_reel(string change)
    {
        // Tokens outlive accounts: the follow answered 204 having written nothing; "not interested" wrote a row for the gone account.
        var (author, gone) = (await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var tag = NewTag();
        var post = await _posts.PostIdAsync(author, $"#{tag}");
        var reel = await new Reels.ReelsClient(app).ReelIdAsync(author);
        await _posts.ExecuteAsync(change, new { id = gone.Id });

        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", gone)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/posts/{post}/not-interested", gone)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/reels/{reel}/not-interested", gone)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(0L, await _posts.ScalarAsync<long>("""
            SELECT (SELECT count(*) FROM hashtag_follows WHERE user_id = @id) + (SELECT count(*) FROM explore_dismissals WHERE user_id = @id)
                 + (SELECT count(*) FROM reel_dismissals WHERE user_id = @id)
            """, new { id = gone.Id }));
    }

    [Fact]
    public async Task Following_a_hashtag_is_idempotent_and_unknown_hashtags_are_404()
    {
        var user = await _posts.NewUserAsync();
        var tag = NewTag();
        await _posts.PostIdAsync(user, $"#{tag}");

        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", user)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", user)).EnsureNoContentAsync();
        var following = (await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", user)).ReadJsonAsync()).GetProperty("isFollowing").GetBoolean();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/hashtags/{tag}/follow", user)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/hashtags/{tag}/follow", user)).EnsureNoContentAsync();
        var unknown = await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{NewTag()}/follow", user);

        Assert.True(following);
        Assert.False((await (await _posts.GetAsync($"/api/v1/hashtags/{tag}", user)).ReadJsonAsync()).GetProperty("isFollowing").GetBoolean());
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _posts.GetAsync($"/api/v1/hashtags/{NewTag()}", user)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Trending_ranks_recent_public_posts_and_ignores_private_ones()
    {
        var open = await _posts.NewUserAsync();
        var closed = await _posts.NewUserAsync(isPrivate: true);
        var (hot, secret) = (NewTag("hot"), NewTag("secret"));
        for (var i = 0; i < 30; i++) await _posts.PostIdAsync(open, $"#{hot}");
        for (var i = 0; i < 40; i++) await _posts.PostIdAsync(closed, $"#{secret}");

        var trending = await (await _posts.GetAsync("/api/v1/hashtags/trending?limit=50", null)).ReadJsonAsync();

        var names = trending.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.Contains(hot, names);
        Assert.DoesNotContain(secret, names);
        var entry = trending.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("name").GetString() == hot);
        Assert.Equal(30, entry.GetProperty("recentPostCount").GetInt32());
    }

    private const int MaxFollowed = 1_000; // HashtagsApi.MaxFollowed

    /// <summary>Follows of hashtags were unbounded (a script could follow every tag there is); now at most MaxFollowed.</summary>
    [Fact]
    public async Task Following_more_hashtags_than_the_cap_is_a_409_that_writes_nothing_and_an_unfollow_makes_room()
    {
        var follower = await _posts.NewUserAsync();
        var stem = NewTag("capped");
        await _posts.ExecuteAsync("""
            INSERT INTO hashtags (id, name, created_at) SELECT gen_random_uuid(), @stem || n, now() FROM generate_series(0, @max) n;
            INSERT INTO hashtag_follows (user_id, hashtag_id, created_at)
            SELECT @user, id, now() FROM hashtags WHERE name LIKE @stem || '%' AND name <> @stem || @max
            """, new { stem, max = MaxFollowed, user = follower.Id });
        var (spare, followed) = ($"{stem}{MaxFollowed}", $"{stem}0");
        await _posts.CreatePostAsync(await _posts.NewUserAsync(), $"#{spare} #{followed}"); // a tag nobody used is followed as an unknown one

        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{spare}/follow", follower)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{followed}/follow", follower)).EnsureNoContentAsync(); // already followed
        Assert.Equal((long)MaxFollowed,
            await _posts.ScalarAsync<long>("SELECT count(*) FROM hashtag_follows WHERE user_id = @id", new { id = follower.Id }));

        await (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/hashtags/{followed}/follow", follower)).EnsureNoContentAsync();
        await (await _posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{spare}/follow", follower)).EnsureNoContentAsync();
        Assert.True((await (await _posts.GetAsync($"/api/v1/hashtags/{spare}", follower)).ReadJsonAsync()).GetProperty("isFollowing").GetBoolean());
    }
}
