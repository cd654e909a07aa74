using System.Net;
using System.Text.Json;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Hashtags;

/// <summary>
/// GET /users/me/followed-hashtags: the hashtags the caller follows, newest follow first, keyset-paged, each with the counts
/// its page shows and when it was followed. Until session 53 only the export listed them.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class FollowedHashtagsTests(FowergramApp app)
{
    private readonly ReelsClient _reels = new(app);
    private PostsClient Posts => _reels.Posts;

    private static string NewTag() => "followed" + Guid.NewGuid().ToString("N")[..12];

    private static List<string> Names(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();

    [Fact]
    public async Task The_list_pages_the_callers_follows_newest_first_with_the_counts_of_each_tags_page()
    {
        var (user, author) = (await Posts.NewUserAsync(), await Posts.NewUserAsync());
        var (first, second, third) = (NewTag(), NewTag(), NewTag());
        var post = await Posts.PostIdAsync(author, $"#{first} #{second} #{third}");
        var reel = await _reels.ReelIdAsync(author, $"#{second}");
        await Posts.SettleAsync(post);
        await _reels.SettleAsync(reel);
        var followedAt = new Dictionary<string, DateTimeOffset>();
        foreach (var tag in new[] { first, "%23" + second.ToUpperInvariant(), third })
        {
            var now = app.Clock.GetUtcNow();
            followedAt[tag.Replace("%23", "").ToLowerInvariant()] = now.AddTicks(-(now.UtcTicks % 10)); // PostgreSQL keeps microseconds
            await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{tag}/follow", user)).EnsureNoContentAsync();
            app.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        // Someone else's follow is not the caller's.
        await (await Posts.SendAsync(HttpMethod.Put, $"/api/v1/hashtags/{first}/follow", author)).EnsureNoContentAsync();

        var page = await (await Posts.GetAsync("/api/v1/users/me/followed-hashtags?limit=2", user)).ReadJsonAsync();
        var cursor = page.GetProperty("nextCursor").GetString();
        var rest = await (await Posts.GetAsync($"/api/v1/users/me/followed-hashtags?limit=2&cursor={cursor}", user)).ReadJsonAsync();

        Assert.Equal([third, second, first], Names(page).Concat(Names(rest)));
        Assert.False(rest.TryGetProperty("nextCursor", out var more) && more.ValueKind != JsonValueKind.Null); // the last page
        foreach (var item in page.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()))
        {
            var name = item.GetProperty("name").GetString()!;
            var tagPage = await (await Posts.GetAsync($"/api/v1/hashtags/{name}", user)).ReadJsonAsync();
            Assert.Equal((tagPage.GetProperty("postCount").GetInt64(), tagPage.GetProperty("reelCount").GetInt64()),
                (item.GetProperty("postCount").GetInt64(), item.GetProperty("reelCount").GetInt64()));
            Assert.Equal(followedAt[name], item.GetProperty("followedAt").GetDateTimeOffset());
        }
        Assert.Equal(1, page.GetProperty("items")[1].GetProperty("reelCount").GetInt64()); // #second, the reel's
        Assert.Equal(1, page.GetProperty("items")[1].GetProperty("postCount").GetInt64());

        await (await Posts.SendAsync(HttpMethod.Delete, $"/api/v1/hashtags/{second}/follow", user)).EnsureNoContentAsync();
        var after = await (await Posts.GetAsync("/api/v1/users/me/followed-hashtags", user)).ReadJsonAsync();
        Assert.Equal([third, first], Names(after));
    }

    [Fact]
    public async Task Nobody_followed_is_an_empty_page_and_a_bad_cursor_or_limit_is_a_400()
    {
        var user = await Posts.NewUserAsync();
        var empty = await (await Posts.GetAsync("/api/v1/users/me/followed-hashtags", user)).ReadJsonAsync();
        Assert.Empty(Names(empty));
        await (await Posts.GetAsync("/api/v1/users/me/followed-hashtags?cursor=nonsense", user)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await Posts.GetAsync("/api/v1/users/me/followed-hashtags?limit=51", user)).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await Posts.GetAsync("/api/v1/users/me/followed-hashtags", null)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
