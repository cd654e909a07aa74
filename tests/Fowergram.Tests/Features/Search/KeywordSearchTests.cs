using System.Net;
using System.Text.Json;
using Fowergram.Platform.Moderation;
using Fowergram.Tests.Features.Media;
using Fowergram.Tests.Features.Moderation;
using Fowergram.Tests.Features.Posts;
using Fowergram.Tests.Features.Reels;
using Fowergram.Tests.Infrastructure;

namespace Fowergram.Tests.Features.Search;

/// <summary>
/// GET /search/posts and /search/reels (docs/posts.md "Keyword search"): captions holding every word searched for, newest
/// first, each result one the caller may see. Every test searches words of its own (a fresh token), so other tests' posts
/// never match.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class KeywordSearchTests(FowergramApp app)
{
    private readonly PostsClient _posts = new(app);
    private readonly ReelsClient _reels = new(app);

    private static string Word() => "kw" + Guid.NewGuid().ToString("N")[..10];

    private async Task<List<Guid>> SearchAsync(string kind, string q, TestUser? caller, string extra = "") =>
        (await (await _posts.GetAsync($"/api/v1/search/{kind}?q={Uri.EscapeDataString(q)}{extra}", caller)).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();

    [Fact]
    public async Task Posts_holding_every_word_are_found_newest_first_a_page_at_a_time()
    {
        var (sunset, beach) = (Word(), Word());
        var author = await _posts.NewUserAsync();
        var both = await _posts.PostIdAsync(author, $"Golden {sunset.ToUpperInvariant()} on the {beach}!");
        var onlySunset = await _posts.PostIdAsync(author, $"another #{sunset}");
        var later = await _posts.PostIdAsync(author, $"{beach} {sunset} again");
        var reader = await _posts.NewUserAsync();

        Assert.Equal(await _posts.NewestFirstAsync(both, onlySunset, later), await SearchAsync("posts", sunset, reader));
        Assert.Equal(await _posts.NewestFirstAsync(both, later), await SearchAsync("posts", $"{sunset} {beach}", reader));
        Assert.Equal([onlySunset], await SearchAsync("posts", $"{sunset} -{beach}", reader));
        Assert.Equal([onlySunset], await SearchAsync("posts", $"#{sunset} another", null)); // anyone may search public posts
        Assert.Equal([both], await SearchAsync("posts", $"\"{sunset} on the {beach}\"", reader));

        var first = await (await _posts.GetAsync($"/api/v1/search/posts?q={sunset}&limit=2", reader)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();
        var rest = await SearchAsync("posts", sunset, reader, $"&limit=2&cursor={Uri.EscapeDataString(cursor!)}");
        Assert.Equal(await _posts.NewestFirstAsync(both, onlySunset, later),
            first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Concat(rest));
    }

    [Fact]
    public async Task Deleted_archived_private_blocked_and_limited_posts_are_found_only_by_who_may_see_them()
    {
        var word = Word();
        var (author, privateAuthor, follower, stranger, blocked) = (await _posts.NewUserAsync(), await _posts.NewUserAsync(isPrivate: true),
            await _posts.NewUserAsync(), await _posts.NewUserAsync(), await _posts.NewUserAsync());
        var shown = await _posts.PostIdAsync(author, $"{word} shown");
        var deleted = await _posts.PostIdAsync(author, $"{word} deleted");
        var archived = await _posts.PostIdAsync(author, $"{word} archived");
        var limited = await _posts.PostIdAsync(author, $"{word} limited");
        var hidden = await _posts.PostIdAsync(privateAuthor, $"{word} private");
        (await _posts.SendAsync(HttpMethod.Delete, $"/api/v1/posts/{deleted}", author)).EnsureSuccessStatusCode();
        (await _posts.SendAsync(HttpMethod.Post, $"/api/v1/posts/{archived}/archive", author)).EnsureSuccessStatusCode();
        await ReviewLimitTests.ReportAsync(_posts, "post", limited, ReviewLimit.Reports);
        await _posts.FollowAsync(follower, privateAuthor);
        await _posts.BlockAsync(author, blocked);

        Assert.Equal([shown], await SearchAsync("posts", word, stranger));
        Assert.Equal(await _posts.NewestFirstAsync(shown, hidden), await SearchAsync("posts", word, follower));
        Assert.Equal(await _posts.NewestFirstAsync(shown, limited), await SearchAsync("posts", word, author)); // its own, though limited
        Assert.Empty(await SearchAsync("posts", word, blocked));
    }

    [Fact]
    public async Task Reels_are_searched_by_their_captions_as_posts_are()
    {
        var word = Word();
        var (author, privateAuthor, reader) = (await _reels.NewUserAsync(), await _reels.NewUserAsync(isPrivate: true), await _reels.NewUserAsync());
        var reel = await _reels.ReelIdAsync(author, $"dance {word}");
        await _reels.ReelIdAsync(privateAuthor, $"{word} private");
        await _reels.ReelIdAsync(author, "nothing to see");
        var post = await _posts.PostIdAsync(author, $"{word} post");

        Assert.Equal([reel], await SearchAsync("reels", word, reader));
        Assert.Equal([reel], await SearchAsync("reels", $"DANCE {word}", null));
        Assert.Equal([post], await SearchAsync("posts", word, reader));
    }

    [Fact]
    public async Task Sorted_by_relevance_a_closer_match_with_more_engagement_comes_first_and_pages_walk_the_ranking()
    {
        var (sunset, beach) = (Word(), Word());
        var author = await _posts.NewUserAsync();
        var close = await _posts.PostIdAsync(author, $"{sunset} {beach}");
        var apart = await _posts.PostIdAsync(author, $"{sunset} far far far far far far far far far far far away from the {beach}");
        var liked = await _posts.PostIdAsync(author, $"{beach} far far far far far far far far far far far away from the {sunset}");
        await _posts.ExecuteAsync("UPDATE post_stats SET like_count = 500 WHERE post_id = @liked", new { liked });
        var blocked = await _posts.NewUserAsync();
        var hidden = await _posts.PostIdAsync(blocked, $"{sunset} {beach} {sunset} {beach}");
        var reader = await _posts.NewUserAsync();
        await _posts.BlockAsync(reader, blocked);

        var q = $"{sunset} {beach}";
        Assert.Equal([close, liked, apart], await SearchAsync("posts", q, reader, "&sort=relevant"));
        Assert.Equal(await _posts.NewestFirstAsync(close, apart, liked), await SearchAsync("posts", q, reader, "&sort=recent"));
        Assert.DoesNotContain(hidden, await SearchAsync("posts", q, reader, "&sort=relevant"));

        var first = await (await _posts.GetAsync($"/api/v1/search/posts?q={Uri.EscapeDataString(q)}&sort=relevant&limit=2", reader)).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var rest = await SearchAsync("posts", q, reader, $"&sort=relevant&limit=2&cursor={Uri.EscapeDataString(cursor)}");
        Assert.Equal([close, liked, apart], first.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Concat(rest));
        // A cursor of one order means nothing in the other.
        await (await _posts.GetAsync($"/api/v1/search/posts?q={Uri.EscapeDataString(q)}&cursor={Uri.EscapeDataString(cursor)}", reader))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        var reel = await _reels.ReelIdAsync(author, $"{sunset} {beach}");
        var weaker = await _reels.ReelIdAsync(author, $"{sunset} and then much later on, the {beach}");
        Assert.Equal([reel, weaker], await SearchAsync("reels", q, null, "&sort=relevant"));
    }

    /// <summary>
    /// Words that are only excluded hold nothing to find: such a q matched every caption, read by a scan of the whole table
    /// (no index serves "not this word"), for anyone, guests included.
    /// </summary>
    [Theory]
    [InlineData("posts", "-sunset")]
    [InlineData("posts", "-sunset -beach")]
    [InlineData("reels", "sunset or -beach")]
    [InlineData("videos", "-\"golden hour\"")]
    [InlineData("products", "-lamp")]
    [InlineData("channels", "-drops")]
    public async Task A_search_of_excluded_words_only_is_a_400_naming_q(string kind, string q)
    {
        var author = await _posts.NewUserAsync();
        await _posts.PostIdAsync(author, $"nothing to do with {Word()}");
        foreach (var sort in new[] { "recent", "relevant" })
            await (await _posts.GetAsync($"/api/v1/search/{kind}?q={Uri.EscapeDataString(q)}&sort={sort}", author))
                .AssertValidationErrorAsync("q");
    }

    [Theory]
    [InlineData("posts", "?q=sunset&sort=best")]
    [InlineData("reels", "?q=sunset&sort=relevant&limit=51")]
    [InlineData("posts", "?q=sunset&sort=relevant&cursor=nope")]
    [InlineData("posts", "")]
    [InlineData("posts", "?q=")]
    [InlineData("posts", "?q=%21%21%21")]
    [InlineData("reels", "?q=-")]
    [InlineData("reels", "?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("posts", "?q=sunset&limit=0")]
    [InlineData("reels", "?q=sunset&cursor=nope")]
    [InlineData("videos", "")]
    [InlineData("videos", "?q=%21%21%21")]
    [InlineData("videos", "?q=cooking&sort=best")]
    [InlineData("videos", "?q=cooking&cursor=nope")]
    [InlineData("products", "?q=")]
    [InlineData("channels", "?q=")]
    [InlineData("channels", "?q=%21%21%21")]
    [InlineData("channels", "?q=drops&sort=best")]
    [InlineData("products", "?q=-")]
    [InlineData("products", "?q=lamp&sort=relevant&limit=51")]
    [InlineData("products", "?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_search_without_words_or_with_bad_paging_is_a_400(string kind, string query)
    {
        var problem = await (await _posts.GetAsync($"/api/v1/search/{kind}{query}", await _posts.NewUserAsync()))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out _));
    }
}
